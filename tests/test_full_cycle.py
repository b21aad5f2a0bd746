"""Two weeks of the whole loop, with the real commands, then every command again: nothing moves.

Week one (2026-W48): collect the sample feeds from a local feed server → triage through the
OpenAI-compatible double → assign (branches pushed to the GitHub double's bare repository,
one PR per member) → members push their reviews, one leaves an item empty → the validate
check on each PR → the maintainer approves → remind → status → publish (approved PRs merged,
newsletter written, a handbook reference added).
Week two (2026-W49): new feed entries → collect → triage → assign, carrying over the item
nobody reviewed → reviews → validate → approvals → remind → status → publish.
Then each command runs again at the last moment of week two and must change nothing: no
commit, branch, PR, comment or label, no AI request, no file.
"""

from __future__ import annotations

import pytest

from collect.collect_support import FeedServer
from commons.content import cycles
from full_cycle_world import CHECK_NAME, MAINTAINER, World, git
from github_double import GitHubDouble
from triage.fake_openai import FakeOpenAI

W1, W2 = "2026-W48", "2026-W49"
SEEDED = "2026-11-15T10:00:00+09:00"
W1_COLLECT, W1_ASSIGN = "2026-11-21T20:00:00+09:00", "2026-11-22T00:30:00+09:00"  # Saturday evening, Sunday 00:30
W1_REVIEW, W1_REMIND = "2026-11-23T21:00:00+09:00", "2026-11-24T09:00:00+09:00"
W1_PUBLISH = "2026-11-25T22:00:00+09:00"  # Wednesday 22:00, when the publish workflow runs
W2_COLLECT, W2_ASSIGN = "2026-11-28T20:00:00+09:00", "2026-11-29T00:30:00+09:00"
W2_REVIEW, W2_REMIND = "2026-11-30T21:00:00+09:00", "2026-12-01T09:00:00+09:00"
W2_PUBLISH = "2026-12-02T22:00:00+09:00"

# Where an item's status may go next (DESIGN.md); staying put is always allowed.
NEXT = {"new": {"triaged", "dropped"}, "triaged": {"assigned", "not-selected"}, "not-selected": {"assigned"}, "dropped": {"assigned"},  # an audit (triage.audit_sample)
        "assigned": {"reviewed", "published"}, "reviewed": set(), "published": set()}


@pytest.fixture
def world(tmp_path, monkeypatch):
    feeds = FeedServer()
    try:
        with FakeOpenAI() as ai, GitHubDouble(tmp_path / "github") as gh:
            yield World(tmp_path, gh, feeds, ai, monkeypatch)
            assert gh.violations == [], gh.violations
    finally:
        feeds.close()


class Ledger:
    """Every item ever seen and its status history: none may vanish, statuses only move forward."""

    def __init__(self, world: World):
        self.world = world
        self.status: dict[str, str] = {}

    def check(self, step: str) -> dict[str, dict]:
        items = self.world.items()
        lost = set(self.status) - set(items)
        assert not lost, f"{step}: items deleted: {sorted(lost)}"
        for path, meta in items.items():
            before, after = self.status.get(path, "new"), meta["status"]
            assert after == before or after in NEXT[before], f"{step}: {path} went {before} → {after}"
            self.status[path] = after
        return items


def plan_of(world: World, cycle: str) -> dict[str, list[str]]:
    import json

    return json.loads((world.runner / ".commons" / "assign" / f"{cycle}.json").read_text(encoding="utf-8"))["assignments"]


def carried_over_comments(gh: GitHubDouble, number: int) -> list[str]:
    return [c["body"] for c in gh.comments.values() if c["issue"] == number and "commons:carried-over" in c["body"]]


def judgements(ids: list[str], leave_empty: str | None = None) -> dict[str, dict]:
    """A member's judgements: the first two for the newsletter, then skips; RAG work goes to the handbook."""
    out = {}
    for n, item_id in enumerate(ids):
        if item_id == leave_empty:
            continue
        fields = {"impact": 5 - n % 3, "verdict": "newsletter" if n < 2 else "skip",
                  "summary": f"{item_id} 요약: 읽어 볼 만한 소식.", "why": "팀의 LLM 애플리케이션 작업과 직접 관련됩니다."}
        if "rag" in item_id and "latency" in item_id:
            fields.update(verdict="handbook", chapter="retrieval-augmented-generation")
        out[item_id] = fields
    return out


def review_week(w: World, cycle: str, when: str, lazy: str | None, lazy_item: str | None) -> dict[str, int]:
    """Members push reviews, the validate check runs on each PR, the maintainer approves them all."""
    codes = {}
    for handle, ids in plan_of(w, cycle).items():
        head = w.write_reviews(cycle, handle, judgements(ids, lazy_item if handle == lazy else None), when)
        ran = w.validate_pull(cycle, handle, when)
        codes[handle] = ran.code
        w.gh.add_check_run(head, CHECK_NAME, "completed", "success" if ran.code == 0 else "failure")
        w.gh.add_review(w.pull_of(cycle, handle), MAINTAINER, "APPROVED")
    return codes


def rerun_changes_nothing(w: World, cycle: str, plan: dict, *, collect, assign, review, remind, publish) -> None:
    """Every workflow again, each at the time it last ran: no commit, ref, PR, comment, label,
    AI request or file changes (the feeds are asked again and simply hold nothing new)."""
    gh = w.gh
    tree, remote, calls, writes, feed_requests = w.tree(), w.remote_state(), w.ai.calls, gh.count(writes_only=True), len(w.feeds.log)
    start = len(gh.requests)
    ran = {
        "collect, triage": w.collect_workflow(collect),
        "assign": w.assign_workflow(assign),
        "validate open review PRs": tuple(w.validate_pull(cycle, h, review) for h in plan
                                          if gh.issues[w.pull_of(cycle, h)]["state"] == "open"),
        "validate": (w.commons(review, "validate"),),
        "remind": (w.commons(remind, "remind"),),
        "status": (w.commons(remind, "status", "--fetch"),),
        "publish": (w.publish_workflow(publish),),
        # week two: last week's newsletter published again by hand, after the carried-over items were
        "publish last week again": (w.publish_workflow(publish, "--cycle", cycles.previous_cycle(cycle)),) if cycle == W2 else (),
        "index": (w.commons(publish, "index"),),
    }
    log = "\n".join(w.log[-sum(len(r) for r in ran.values()):])
    codes = {step: tuple(r.code for r in runs) for step, runs in ran.items()}
    expected = {step: (0,) * len(runs) for step, runs in ran.items()}
    if cycle == "2026-W48":  # chan's unfinished PR is still open and still fails its check
        expected["validate open review PRs"] = (1,)
    assert codes == expected, log
    assert git(w.runner, "status", "--porcelain") == "", log
    assert w.tree() == tree, log
    assert w.remote_state() == remote, log
    assert gh.count(writes_only=True) == writes, gh.requests[start:]
    assert w.ai.calls == calls, log
    assert len(w.feeds.log) > feed_requests


def test_two_weeks_end_to_end_then_every_command_again_changes_nothing(world: World):
    w, gh, ai = world, world.gh, world.ai
    w.seed(SEEDED)
    ledger = Ledger(w)

    # -- week one ---------------------------------------------------------------------------------
    w.serve_week(1)
    collected, triaged = w.collect_workflow(W1_COLLECT)
    assert (collected.code, triaged.code) == (0, 0), w.log
    assert "wrote 13 new items into 2026-W48" in collected.out
    items = ledger.check("week 1 triage")
    assert len(items) == 13 and all(m["cycle"] == W1 for m in items.values())
    dropped = sorted(p for p, m in items.items() if m["status"] == "dropped")
    assert dropped and all(items[p]["score"] < 3 for p in dropped)  # kept on disk, marked dropped
    assert all(m["triage"]["provider"] == "openai-compatible" for m in items.values())
    week1_ai_calls = ai.calls
    assert week1_ai_calls >= 1

    _, assigned = w.assign_workflow(W1_ASSIGN)
    assert assigned.code == 0, assigned.err
    items = ledger.check("week 1 assign")
    plan1 = plan_of(w, W1)
    assert sorted(plan1) == ["ara", "bora", "chan"] and len(gh.pulls) == 3
    assert {m["status"] for p, m in items.items() if p not in dropped} == {"assigned"}
    assert {i for ids in plan1.values() for i in ids} == {m["id"] for p, m in items.items() if p not in dropped}

    # chan leaves the last item empty: that PR fails validation and is not merged
    lazy_item = plan1["chan"][-1]
    validated = review_week(w, W1, W1_REVIEW, "chan", lazy_item)
    assert validated == {"ara": 0, "bora": 0, "chan": 1}, "\n".join(w.log[-3:])
    chan_check = next(entry for entry in w.log if f"--review-branch commons/review/{W1}/chan" in entry)
    assert f"news/{W1}/reviews/chan/{lazy_item}.md:9:1: impact: review of '{lazy_item}' is unfinished" in chan_check

    reminded = w.commons(W1_REMIND, "remind")
    assert reminded.code == 0, reminded.err
    chan_pull = w.pull_of(W1, "chan")
    reminders = [c for c in gh.comments.values() if "commons:remind" in c["body"]]
    assert [c["issue"] for c in reminders] == [chan_pull] and "3/4" in reminders[0]["body"]
    status = w.commons(W1_REMIND, "status", "--fetch")
    assert "@ara" in status.out and "3/3" in status.out and "3/4" in status.out, status.out

    published = w.publish_workflow(W1_PUBLISH)
    assert published.code == 0, published.out + published.err
    merged = sorted(n for n, p in gh.pulls.items() if p.get("merged_at"))
    assert merged == sorted([w.pull_of(W1, "ara"), w.pull_of(W1, "bora")])
    assert gh.issues[chan_pull]["state"] == "open"
    assert any("validate changed files" in c["body"] for c in gh.comments.values() if c["issue"] == chan_pull)
    newsletter = (w.runner / "news" / W1 / "README.md").read_text(encoding="utf-8")
    items = ledger.check("week 1 publish")
    by_id = {m["id"]: m for m in items.values()}
    for handle in ("ara", "bora"):
        for n, item_id in enumerate(plan1[handle]):
            assert by_id[item_id]["status"] == ("published" if n < 2 or "latency" in item_id else "reviewed"), item_id
            assert (by_id[item_id]["title"] in newsletter) == (by_id[item_id]["status"] == "published")
    assert {by_id[i]["status"] for i in plan1["chan"]} == {"assigned"}
    rag_chapter = (w.runner / "handbook" / "02-vector-db-rag" / "retrieval-augmented-generation.md").read_text(encoding="utf-8")
    assert "lab.example.com/blog/speculative-retrieval" in rag_chapter and W1 in rag_chapter
    assert (w.runner / "news" / "README.md").is_file() and W1 in (w.runner / "news" / "README.md").read_text(encoding="utf-8")

    rerun_changes_nothing(w, W1, plan1, collect=W1_COLLECT, assign=W1_ASSIGN, review=W1_REVIEW,
                          remind=W1_REMIND, publish=W1_PUBLISH)
    items = ledger.check("week 1 rerun")

    # -- week two -----------------------------------------------------------------------------------
    w.serve_week(2)
    collected, triaged = w.collect_workflow(W2_COLLECT)
    assert (collected.code, triaged.code) == (0, 0), w.log[-2:]
    items = ledger.check("week 2 triage")
    new = {p: m for p, m in items.items() if m["cycle"] == W2}
    assert len(new) == 4, sorted(new)
    assert ai.calls > week1_ai_calls and all(m["status"] in ("triaged", "dropped") for m in new.values())

    _, assigned = w.assign_workflow(W2_ASSIGN)
    assert assigned.code == 0, assigned.err
    plan2 = plan_of(w, W2)
    given = {i for ids in plan2.values() for i in ids}
    # Carried over, unless older than triage.max_age_days on week two's newsletter (2026-12-02): a post of
    # 17 November was news on the 25th, not a week later.
    from commons.content.cycles import Week
    from commons.triage.filters import MaxAge

    aged = {i for i in plan1["chan"] if MaxAge(14, {}, Week()).rule_for(by_id[i], W2)}
    assert set(plan1["chan"]) - aged <= given, "the items nobody reviewed in week one are carried over"
    assert aged and not aged & given and lazy_item not in aged
    assert {m["id"] for m in new.values() if m["status"] != "dropped"} <= given
    carried_number = next(n for n, p in gh.pulls.items() if p["head"].startswith(f"commons/review/{W2}/")
                          and lazy_item in (gh.issues[n]["body"] or ""))
    assert "(이월)" in gh.issues[carried_number]["body"]
    # chan's week-one PR is closed with one comment naming where each carried-over item went
    assert gh.issues[chan_pull]["state"] == "closed" and not gh.pulls[chan_pull].get("merged_at")
    closing = carried_over_comments(gh, chan_pull)
    assert len(closing) == 1 and f"`{lazy_item}`: @" in closing[0] and f"(#{carried_number})" in closing[0]
    assert "이월" in closing[0] and "carried over" not in closing[0]  # in the community's language only
    items = ledger.check("week 2 assign")
    assert {m["id"] for m in items.values() if m.get("too_old")} == aged  # the reason kept on the item

    validated = review_week(w, W2, W2_REVIEW, None, None)
    assert set(validated.values()) == {0}, "\n".join(w.log[-4:])
    reminded = w.commons(W2_REMIND, "remind")
    assert reminded.code == 0, reminded.err
    status = w.commons(W2_REMIND, "status", "--fetch")
    assert status.code == 0, status.out

    published = w.publish_workflow(W2_PUBLISH)
    assert published.code == 0, published.out + published.err
    items = ledger.check("week 2 publish")
    by_id = {m["id"]: m for m in items.values()}
    assert all(by_id[i]["status"] in ("reviewed", "published") for i in given), {i: by_id[i]["status"] for i in given}
    newsletter2 = (w.runner / "news" / W2 / "README.md").read_text(encoding="utf-8")
    assert any(by_id[i]["title"] in newsletter2 for i in set(plan1["chan"]) - aged)  # a carried-over item made week two's newsletter
    assert not any(by_id[i]["title"] in newsletter2 for i in aged)

    # -- every command again, each at the moment it last ran: nothing moves ----------------------------
    # chan's week-one PR, closed by week two's assign: remind leaves it alone
    assert not [c for c in gh.comments.values() if c["issue"] == chan_pull and W2_REMIND[:10] in c["body"]]
    assert "overdue" not in gh.issues[chan_pull]["labels"]
    rerun_changes_nothing(w, W2, plan_of(w, W2), collect=W2_COLLECT, assign=W2_ASSIGN, review=W2_REVIEW,
                          remind=W2_REMIND, publish=W2_PUBLISH)
    ledger.check("week 2 rerun")
    assert gh.issues[chan_pull]["state"] == "closed" and len(carried_over_comments(gh, chan_pull)) == 1
