"""Issue 18 in assign: the audit sample of dropped items, and follow-ups to their earlier reviewers."""

from __future__ import annotations

import json

import pytest

from commons.assign.inputs import _with_earlier_reviewers
from commons.assign.plan import Candidate, Reviewer, make_plan
from commons_repo import CYCLE, commit_and_push, member_yaml, run_command, write_repo

ASSIGN = "commons.assign.command"
MEMBERS = [member_yaml(h, capacity=3) for h in ("alice", "bob", "carol", "dave")]
ITEMS = {f"item-{i}": {"score": 4} for i in range(8)} | {f"drop-{i}": {"status": "dropped", "score": 2} for i in range(5)}


@pytest.fixture
def checkout(double, tmp_path, fast_writes):
    work = double.clone(tmp_path / "work")
    write_repo(work, MEMBERS, ITEMS, audit=2)
    commit_and_push(work)
    return work


def plan_of(work, capsys) -> dict:
    capsys.readouterr()
    assert run_command(ASSIGN, work, "--dry-run", "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_two_dropped_items_are_audited_within_the_crews_capacity(checkout, double, capsys):
    plan = plan_of(checkout, capsys)
    handed = {i for ids in plan["assignments"].values() for i in ids}
    audits = sorted(i for i in handed if i.startswith("drop-"))
    assert len(audits) == 2 and plan["uncovered"] == []
    assert len(handed) == plan["selection"]["slots"] == 6  # 4 members × 3 / 2 reviewers: the audits took two slots
    assert plan_of(checkout, capsys)["assignments"] == plan["assignments"]  # the same draw every run
    assert run_command(ASSIGN, checkout) == 0
    bodies = "\n".join(i["body"] for i in double.issues.values())
    assert bodies.count("(점검: 걸러진 소식)") == 4  # two audits, two reviewers each
    assert plan_of(checkout, capsys)["assignments"] == plan["assignments"]  # after the run: the same audits


def test_a_follow_up_goes_to_who_reviewed_the_story_when_loads_are_equal():
    crew = [Reviewer(h, 2) for h in ("alice", "bob", "carol", "dave")]
    item = Candidate("vllm-0-8", "vllm v0.8.0", 4, follows="vllm-0-7", prefer=("dave",))
    plan = make_plan(CYCLE, [item], crew, reviewers_per_item=2)
    assert "dave" in plan.reviewers_of("vllm-0-8")
    busy = make_plan(CYCLE, [item], crew, reviewers_per_item=2, history={"dave": 9})
    assert "dave" not in busy.reviewers_of("vllm-0-8")  # fairness first: the preference only breaks ties


def test_earlier_reviewers_come_from_merged_reviews(tmp_path):
    for member in ("Dave", "erin"):
        path = tmp_path / "news" / "2026-W46" / "reviews" / member.lower() / "vllm-0-7.md"
        path.parent.mkdir(parents=True)
        path.write_text("---\n---\n")
    cand = _with_earlier_reviewers(tmp_path, Candidate("vllm-0-8", "t", 4, follows="vllm-0-7"))
    assert cand.prefer == ("dave", "erin")
    assert _with_earlier_reviewers(tmp_path, Candidate("x", "t", 4)).prefer == ()
