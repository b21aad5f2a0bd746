"""A community that moves its week (hand out Monday 09:00, due Thursday 18:00): status, the review PR's due
line and remind's overdue all count from commons.yml's `schedule`, not from the default Wednesday."""

from __future__ import annotations

import re

from commons.assign.render import ReviewContext, due_with_hour, pull_body
from commons.config import load_config
from commons.content import cycles
from commons.progress import status


def move_the_week(repo) -> None:
    path = repo / "commons.yml"
    text = re.sub(r"(?m)^schedule:\n(?:  .*\n)*", "", path.read_text(encoding="utf-8"))
    path.write_text(text + "schedule:\n  distribute: monday 09:00\n  due: thursday 18:00\n  remind: wednesday 09:00\n"
                           "  publish: thursday 20:00\n", encoding="utf-8")


def test_status_counts_to_thursday_18_00(repo, cli):
    move_the_week(repo)
    week = load_config(repo).week
    cycle = cycles.distributing_cycle(cycles.datetime.fromisoformat("2026-11-24T12:00:00+09:00"), week)
    assert cycles.due_time(cycle, week).isoformat() == "2026-11-26T18:01:00+09:00"  # Thursday, the end of 18:00
    before = cli("--repo", repo, "status", env={"COMMONS_NOW": "2026-11-26T17:00:00+09:00"})
    assert before.out.splitlines()[0] == f"Cycle {cycle}: due Thu 2026-11-26 18:00 (Asia/Seoul), 1 hour 1 minute left"
    # Wednesday night, when the default week would already be overdue, this one is still open
    wednesday = cli("--repo", repo, "status", env={"COMMONS_NOW": "2026-11-26T00:30:00+09:00"})
    assert "left" in wednesday.out.splitlines()[0] and "overdue" not in wednesday.out
    after = cli("--repo", repo, "status", env={"COMMONS_NOW": "2026-11-26T18:05:00+09:00"})
    assert after.out.splitlines()[0] == f"Cycle {cycle}: due Thu 2026-11-26 18:00 (Asia/Seoul), overdue by 4 minutes"
    monday = cli("--repo", repo, "status", "--cycle", cycles.next_cycle(cycle), env={"COMMONS_NOW": "2026-11-26T18:05:00+09:00"})
    assert "handed out Mon 2026-11-30 09:00" in monday.out


def test_the_review_pull_request_says_thursday_18_00(repo):
    move_the_week(repo)
    week = load_config(repo).week
    assert (due_with_hour("2026-W48", week, "ko"), due_with_hour("2026-W48", week, "en")) == ("2026-11-26 (목) 18:00", "Thu 2026-11-26 18:00")
    from commons.assign.plan import Plan

    plan = Plan(cycle="2026-W48", assignments={"ara": ()}, uncovered=())
    body = pull_body(plan, "ara", "ko", week, ReviewContext(week=week))
    assert "2026-11-26 (목) 18:00" in body and "(수)" not in body


def test_progress_is_overdue_only_after_thursday_18_00(repo):
    from commons.progress.core import cycle_progress
    import json

    move_the_week(repo)
    week = load_config(repo).week
    record = repo / ".commons" / "assign" / "2026-W48.json"
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"cycle": "2026-W48", "assignments": {"ara": ["x"]}}), encoding="utf-8")
    on_time = cycle_progress(repo, "2026-W48", cycles.datetime.fromisoformat("2026-11-26T17:59:00+09:00"), week)
    late = cycle_progress(repo, "2026-W48", cycles.datetime.fromisoformat("2026-11-26T18:01:00+09:00"), week)
    assert (on_time.overdue, late.overdue, on_time.due) == (False, True, "2026-11-26")
    assert status.phase("2026-W48", cycles.datetime.fromisoformat("2026-11-26T12:00:00+09:00"), week, False).name == "open"
