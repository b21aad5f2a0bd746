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


def selection_lines(work, capsys) -> list[str]:
    capsys.readouterr()
    assert run_command(ASSIGN, work, "--dry-run") == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith(("Selected", "Also"))]


def test_the_audit_sample_is_counted_as_what_it_is_on_a_run_and_its_rerun(checkout, capsys, tmp_path, monkeypatch):
    """8 kept, 5 dropped, room for 6: 4 kept items and 2 audits. Sources count the 4 kept items,
    "of N" counts only what triage kept, and a rerun (the audits now promised) says the same."""
    expected = ["Selected 4 of 8 candidates (room for 6); 4 not selected this cycle (commons assign --not-selected "
                "lists them). By source: src 4",
                "Also 2 audit samples: items triage dropped, handed out to measure what the filter misses "
                "(not counted above)."]
    assert selection_lines(checkout, capsys) == expected
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run_command(ASSIGN, checkout) == 0
    assert ("Selected 4 of 8 kept items (room for 6); the rest are *not selected this cycle* (`commons assign "
            "--not-selected`). Also 2 audit samples") in summary.read_text(encoding="utf-8")
    assert selection_lines(checkout, capsys) == expected  # the rerun counts alike
