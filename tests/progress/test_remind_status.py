"""`commons remind` and `commons status` on review PRs made by `commons assign`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commons_repo import CYCLE, commit_and_push, git, member_yaml, run_command, write_repo

REMIND, STATUS, ASSIGN = "commons.progress.remind", "commons.progress.status", "commons.assign.command"


@pytest.fixture
def assigned(double, tmp_path, fast_writes):
    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice"), member_yaml("bob")], {"one": {"score": 5}, "two": {"score": 4}})
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    commit_and_push(work, "assign")
    return work


def finish_review(work, handle, item, fill=True):
    branch = f"commons/review/{CYCLE}/{handle}"
    git(work, "fetch", "-q", "origin")
    git(work, "switch", "-q", "-c", f"local-{handle}-{item}", f"origin/{branch}")
    path = work / f"news/{CYCLE}/reviews/{handle}/{item}.md"
    text = path.read_text()
    fields = (("impact", "4"), ("verdict", "newsletter"), ("summary", "요약"), ("why", "이유"))
    for key, value in fields if fill else fields[:1]:  # unfinished: only the impact
        text = text.replace(f"\n{key}:", f"\n{key}: {value}", 1)
    path.write_text(text)
    git(work, "commit", "-qam", f"review {item}")
    git(work, "push", "-q", "origin", f"HEAD:{branch}")
    git(work, "switch", "-q", "main")


def test_remind_comments_once_a_day_with_progress(assigned, double, monkeypatch, capsys):
    finish_review(assigned, "alice", "one")
    monkeypatch.setenv("COMMONS_NOW", "2026-11-24T10:00:00+09:00")  # Tuesday
    assert run_command(REMIND, assigned) == 0
    bodies = {c["issue"]: c["body"] for c in double.comments.values()}
    assert len(bodies) == 2
    alice_pr = next(n for n, p in double.pulls.items() if p["head"].endswith("/alice"))
    assert "@alice" in bodies[alice_pr] and "**1/2**" in bodies[alice_pr] and "2026-11-25" in bodies[alice_pr]
    assert "`two`: impact, verdict, summary, why" in bodies[alice_pr]
    assert run_command(REMIND, assigned) == 0  # same day: nothing new
    assert len(double.comments) == 2
    monkeypatch.setenv("COMMONS_NOW", "2026-11-25T09:00:00+09:00")  # next day: one more each
    assert run_command(REMIND, assigned) == 0
    assert len(double.comments) == 4
    assert not any("마감 지남" in i["labels"] for i in double.issues.values())


def test_remind_labels_overdue_after_the_due_date_and_skips_finished_reviews(assigned, double, monkeypatch):
    finish_review(assigned, "bob", "one")
    finish_review(assigned, "bob", "two")
    monkeypatch.setenv("COMMONS_NOW", "2026-11-26T09:00:00+09:00")  # Thursday
    assert run_command(REMIND, assigned) == 0
    labels = {double.pulls[n]["head"].rsplit("/", 1)[1]: i["labels"] for n, i in double.issues.items()}
    assert "마감 지남" in labels["alice"] and "마감 지남" in labels["bob"]
    commented = {double.pulls[c["issue"]]["head"].rsplit("/", 1)[1] for c in double.comments.values()}
    assert commented == {"alice"}
    assert "마감" in next(iter(double.comments.values()))["body"]
    writes = double.count(writes_only=True)
    assert run_command(REMIND, assigned) == 0
    assert double.count(writes_only=True) == writes  # no duplicate label or comment


def test_remind_dry_run_writes_nothing(assigned, double, monkeypatch, capsys):
    monkeypatch.setenv("COMMONS_NOW", "2026-11-26T09:00:00+09:00")
    writes = double.count(writes_only=True)
    assert run_command(REMIND, assigned, "--dry-run") == 0
    assert "comment, label 마감 지남" in capsys.readouterr().out
    assert double.count(writes_only=True) == writes


def test_status_shows_items_coverage_progress_and_overdue(assigned, double, monkeypatch, capsys):
    finish_review(assigned, "alice", "one")
    finish_review(assigned, "alice", "two", fill=False)
    capsys.readouterr()
    assert run_command(STATUS, assigned, "--fetch", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cycle"] == CYCLE and data["items"] == {"assigned": 2} and data["under_covered"] == []
    assert data["members"]["alice"] == {"done": 1, "total": 2, "late": False, "unfinished": ["two"],
                                        "unfinished_fields": {"two": ["verdict", "summary", "why"]}}
    assert data["phase"] == "open" and data["due_local"] == "Wed 2026-11-25 23:59" and data["timezone"] == "Asia/Seoul"
    assert data["coverage"] == {"items": 2, "fully_reviewed": 0, "reviews_given": 4, "reviews_finished": 1}
    assert data["members"]["bob"]["done"] == 0
    monkeypatch.setenv("COMMONS_NOW", "2026-11-26T09:00:00+09:00")
    assert run_command(STATUS, assigned) == 1  # overdue members need a person
    out = capsys.readouterr().out
    assert "overdue" in out and "@alice" in out and "1/2  OVERDUE" in out
    assert out.splitlines()[0] == f"Cycle {CYCLE}: due Wed 2026-11-25 23:59 (Asia/Seoul), overdue by 9 hours"
    assert "      two: verdict, summary, why" in out.splitlines()
    assert "Coverage: 0 of 2 items fully reviewed (2 reviewers each); 1 of 4 reviews finished" in out


def test_status_time_left_is_counted_in_the_communitys_timezone(assigned, monkeypatch, capsys):
    monkeypatch.setenv("COMMONS_NOW", "2026-11-24T12:30:00+00:00")  # Tuesday 21:30 in Seoul
    assert run_command(STATUS, assigned) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Cycle {CYCLE}: due Wed 2026-11-25 23:59 (Asia/Seoul), 1 day 2 hours left")


def test_status_after_publish_is_published_not_overdue_nor_days_left(assigned, monkeypatch, capsys):
    (assigned / ".commons/publish").mkdir(parents=True, exist_ok=True)
    (assigned / f".commons/publish/{CYCLE}.yml").write_text(f"cycle: {CYCLE}\npulls: []\n")
    for now in ("2026-11-25T23:00:00+09:00", "2026-12-20T09:00:00+09:00"):
        monkeypatch.setenv("COMMONS_NOW", now)
        assert run_command(STATUS, assigned, "--cycle", CYCLE) == 0  # nobody is late once it is published
        out = capsys.readouterr().out
        assert out.splitlines()[0] == f"Cycle {CYCLE}: due Wed 2026-11-25 23:59 (Asia/Seoul), published"
        assert "left" not in out and "OVERDUE" not in out and "(published without 2)" in out


def test_status_of_a_cycle_not_yet_handed_out(assigned, monkeypatch, capsys):
    monkeypatch.setenv("COMMONS_NOW", "2026-11-20T09:00:00+09:00")
    assert run_command(STATUS, assigned, "--cycle", CYCLE) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Cycle {CYCLE}: handed out Sun 2026-11-22 00:00, due Wed 2026-11-25 23:59 (Asia/Seoul); starts in 1 day 15 hours")


def test_duration_words():
    from commons.progress.status import duration

    assert [duration(s) for s in (59, 60, 3600, 3660, 86400, 90000, 2 * 86400 + 7200)] == [
        "0 minutes", "1 minute", "1 hour", "1 hour 1 minute", "1 day", "1 day 1 hour", "2 days 2 hours"]


def test_status_before_any_assignment(double, tmp_path, capsys):
    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("alice")], {"one": {"score": 5}})
    assert run_command(STATUS, work) == 0
    assert "No assignment yet" in capsys.readouterr().out


def test_remind_leaves_the_pull_requests_of_an_earlier_cycle_alone(assigned, double, monkeypatch, capsys):
    # The next Sunday distributes 2026-W49 and carries the unreviewed items over: the W48 PRs,
    # still open, are not reminded or labelled every day from then on.
    monkeypatch.setenv("COMMONS_NOW", "2026-11-30T09:00:00+09:00")  # Monday of 2026-W49
    assert run_command(REMIND, assigned) == 0
    assert double.comments == {} and not any("마감 지남" in i["labels"] for i in double.issues.values())
    assert "2 open review PRs: 0 reminded" in capsys.readouterr().out


def test_remind_leaves_pull_requests_it_did_not_open_alone(assigned, double, monkeypatch):
    """Attack 4 of issue 12 for remind: a fork's or a stranger's PR named like a review branch gets no
    reminder (which would ping the member it names)."""
    head = double.branch_sha(f"commons/review/{CYCLE}/alice")
    for number in list(double.pulls):  # the bot's own PRs closed: only the impostors stay open
        double.issues[number]["state"] = "closed"
    fork = double.open_pull_as("outsider", f"commons/review/{CYCLE}/alice", head_repo="outsider/handbook",
                               head_sha=head)
    stranger = double.open_pull_as("bob", f"commons/review/{CYCLE}/alice")
    monkeypatch.setenv("COMMONS_NOW", "2026-11-24T10:00:00+09:00")
    assert run_command(REMIND, assigned) == 0
    assert not [c for c in double.comments.values() if c["issue"] in (fork, stranger)]


def test_status_shows_the_maintainers_figures_of_a_published_issue(double, tmp_path, capsys, monkeypatch):
    import json

    from commons.cli import main

    repo = double.clone(tmp_path / "work")
    for name in ("commons.yml", "members.yml"):
        (repo / name).write_text((Path(__file__).resolve().parents[2] / name).read_text(encoding="utf-8"),
                                 encoding="utf-8")
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[2] / "schemas", repo / "schemas")
    record = {"cycle": "2026-W48", "date": "2026-11-25", "title": "이주의 소식 · 2026년 11월 25일 (수)",
              "headline": "vLLM 0.7", "count": 3, "editor": {"by": "members"},
              "telemetry": {"coverage": "67% (2/3)", "on_time": "29% (2/7)", "ai_member_gap": "1.25"}}
    (repo / ".commons" / "news").mkdir(parents=True)
    (repo / ".commons" / "news" / "2026-W48.json").write_text(json.dumps(record), encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("COMMONS_NOW", "2026-11-26T00:00:00Z")
    assert main(["--repo", str(repo), "status", "--cycle", "2026-W48"]) == 0
    out = capsys.readouterr().out
    assert "Published 2026-11-25: 3 items, headline: vLLM 0.7" in out and "on_time 29% (2/7)" in out
    assert "| on_time | 29% (2/7) |" in summary.read_text(encoding="utf-8")
    assert main(["--repo", str(repo), "status", "--cycle", "2026-W48", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["newsletter"]["telemetry"]["coverage"] == "67% (2/3)"


def test_a_newsletter_with_finished_reviews_left_off_main_is_not_a_published_cycle():
    from collections import Counter
    from datetime import datetime, timezone

    from commons.content.cycles import Week
    from commons.progress.core import CycleProgress, MemberProgress
    from commons.progress.status import render, view

    week = Week()
    progress = CycleProgress("2026-W48", "2026-11-25", True, {
        "ara": MemberProgress("ara", 2, done=["a", "b"], unmerged=["a", "b"]),  # publish counted none of them
        "bora": MemberProgress("bora", 1, done=["c"], merged=True),
    })
    now = datetime(2026, 11, 26, 12, tzinfo=timezone.utc)
    data = view("2026-W48", now, week, 1, Counter(), {"ara": ["a", "b"], "bora": ["c"]}, progress, True)
    assert (data["published"], data["phase"], data["unmerged_reviews"]) == (False, "overdue", 2)
    assert "Not published yet: a newsletter is on main, but 2 reviews finished on review branches" in render(data, True)
    merged = CycleProgress("2026-W48", "2026-11-25", True, {"bora": MemberProgress("bora", 1, done=["c"], merged=True)})
    assert view("2026-W48", now, week, 1, Counter(), {"bora": ["c"]}, merged, True)["phase"] == "published"
