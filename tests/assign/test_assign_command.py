"""`commons assign` against the GitHub double: same plan dry and real, reruns are no-ops, faults, resume."""

from __future__ import annotations

import json

import pytest

from commons_repo import CYCLE, commit_and_push, git, member_yaml, run_command, write_repo

ASSIGN = "commons.assign.command"
MEMBERS = [
    member_yaml("alice", interests=["papers"]),
    member_yaml("bob", capacity=4),
    member_yaml("carol", away=("2026-11-24", "2026-11-30")),
    member_yaml("dave", capacity=2, interests=["usage"]),
]
ITEMS = {f"item-{i}": {"score": 3 + i % 3, "category": ["papers", "usage"][i % 2]} for i in range(5)} | {
    "low": {"score": 2}, "dropped-one": {"status": "dropped", "score": 5},
}


@pytest.fixture
def checkout(double, tmp_path, fast_writes):
    work = double.clone(tmp_path / "work")
    write_repo(work, MEMBERS, ITEMS)
    commit_and_push(work)
    return work


def dry_plan(work, capsys) -> dict:
    capsys.readouterr()
    assert run_command(ASSIGN, work, "--dry-run", "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_dry_run_prints_the_plan_and_changes_nothing(checkout, double, capsys):
    plan = dry_plan(checkout, capsys)
    assert set(plan) == {"cycle", "assignments", "uncovered", "selection"}
    assert plan["cycle"] == CYCLE
    assert "carol" not in plan["assignments"] and "low" not in str(plan) and "dropped-one" not in str(plan)
    assert all(len([h for h, ids in plan["assignments"].items() if i in ids]) == 2 for i in (f"item-{k}" for k in range(5)))
    assert run_command(ASSIGN, checkout, "--dry-run") == 0
    text = capsys.readouterr().out
    assert "@carol: away 2026-11-24..2026-11-30" in text and "due 2026-11-25" in text
    assert double.requests == [] and git(checkout, "status", "--porcelain") == ""


def test_real_run_matches_the_dry_run_and_a_rerun_changes_nothing(checkout, double, capsys):
    plan = dry_plan(checkout, capsys)
    assert run_command(ASSIGN, checkout) == 0
    state = json.loads((checkout / ".commons/assign" / f"{CYCLE}.json").read_text())
    assert state == plan
    # one branch and one PR per member, files exactly the member's items
    for handle, ids in plan["assignments"].items():
        branch = f"commons/review/{CYCLE}/{handle}"
        files = git(checkout, "ls-tree", "-r", "--name-only", f"origin/{branch}", f"news/{CYCLE}/reviews/").split()
        assert files == sorted(f"news/{CYCLE}/reviews/{handle}/{i}.md" for i in ids)
        review = double.file_on(branch, f"news/{CYCLE}/reviews/{handle}/{ids[0]}.md")
        assert f"item: {ids[0]}" in review and f"reviewer: {handle}" in review and "impact:" in review
        assert "## 원문 발췌" in review and "AI" not in review and f"요약 of {ids[0]}" in review
    pulls = {p["head"]: n for n, p in double.pulls.items()}
    assert len(pulls) == len(plan["assignments"])
    for handle, ids in plan["assignments"].items():
        issue = double.issues[pulls[f"commons/review/{CYCLE}/{handle}"]]
        assert issue["assignees"] == [handle]
        assert issue["labels"] == ["리뷰", CYCLE]
        assert f"{CYCLE}" in issue["title"] and f"{len(ids)}" in issue["title"] and "2026-11-25" in issue["title"]
        assert "| # | 제목 |" in issue["body"] and "### 리뷰 방법" in issue["body"] and "How to review" not in issue["body"]
    # the API only did what git cannot: 2 content-creating calls per member, plus 2 labels
    members = len(plan["assignments"])
    assert double.count(writes_only=True) == 2 * members + 2
    assert double.count("POST", r"/git/") == 0 and double.count("PUT", r"/contents/") == 0
    # items on main become assigned (the workflow commits these files)
    for i in range(5):
        assert "status: assigned" in (checkout / f"news/{CYCLE}/items/item-{i}.md").read_text()
    assert "status: triaged" in (checkout / f"news/{CYCLE}/items/low.md").read_text()
    before = len(double.requests)
    refs = git(checkout, "ls-remote", "origin")
    assert run_command(ASSIGN, checkout) == 0
    assert double.count(writes_only=True) == 2 * members + 2  # no write at all on the rerun
    assert len(double.requests) - before <= 4  # one of them: GET /user, who the token is (the bot)
    assert git(checkout, "ls-remote", "origin") == refs
    assert dry_plan(checkout, capsys) == plan  # after the run, the dry run still shows the same plan


def test_rerun_after_the_workflow_committed_is_a_no_op(checkout, double, capsys):
    assert run_command(ASSIGN, checkout) == 0
    commit_and_push(checkout, "assign")
    writes = double.count(writes_only=True)
    assert run_command(ASSIGN, checkout) == 0
    assert double.count(writes_only=True) == writes


def test_a_new_item_extends_the_plan_keeps_edits_and_updates_only_that_pr(checkout, double, capsys):
    assert run_command(ASSIGN, checkout) == 0
    commit_and_push(checkout, "assign")
    first = json.loads((checkout / ".commons/assign" / f"{CYCLE}.json").read_text())
    # dave edits one of his reviews on his branch
    handle = "dave"
    branch = f"commons/review/{CYCLE}/{handle}"
    git(checkout, "fetch", "-q", "origin")
    git(checkout, "switch", "-q", "-c", "dave-local", f"origin/{branch}")
    edited = checkout / f"news/{CYCLE}/reviews/{handle}/{first['assignments'][handle][0]}.md"
    edited.write_text(edited.read_text().replace("impact:     #", "impact: 4 #"))
    git(checkout, "commit", "-qam", "my review")
    git(checkout, "push", "-q", "origin", f"HEAD:{branch}")
    git(checkout, "switch", "-q", "main")
    roomier = [m.replace("capacity: 4", "capacity: 6") for m in MEMBERS]  # room for the late item's two reviews
    write_repo(checkout, roomier, {"late-item": {"score": 5, "category": "usage"}})
    commit_and_push(checkout, "late triage")
    writes = double.count(writes_only=True)
    assert run_command(ASSIGN, checkout) == 0
    second = json.loads((checkout / ".commons/assign" / f"{CYCLE}.json").read_text())
    for h, ids in first["assignments"].items():
        assert second["assignments"][h][: len(ids)] == ids or set(ids) <= set(second["assignments"][h])
    gained = [h for h in second["assignments"] if len(second["assignments"][h]) > len(first["assignments"].get(h, []))]
    assert len(gained) == 2
    assert double.count(writes_only=True) - writes <= 2 * len(gained)  # only their PR bodies/titles change
    assert "impact: 4" in double.file_on(branch, f"news/{CYCLE}/reviews/{handle}/{first['assignments'][handle][0]}.md")


def test_secondary_limit_and_retry_after_are_honoured(checkout, double, fast_writes):
    double.fail("POST", r"/pulls$", 403, secondary=True, retry_after=30, times=1)
    double.fail("PATCH", r"/issues/\d+$", 429, retry_after=7, times=1)
    double.fail("POST", r"/labels$", 403, secondary=True, times=1)  # no Retry-After: wait a minute
    assert run_command(ASSIGN, checkout) == 0
    assert fast_writes.now() >= 30 + 7 + 60
    assert len(double.pulls) == 3 and all(i["labels"] == ["리뷰", CYCLE] for i in double.issues.values())


def test_a_5xx_after_the_pull_was_opened_does_not_duplicate_it(checkout, double):
    double.fail("POST", r"/pulls$", 502, times=1, after_applying=True)
    double.fail("PATCH", r"/issues/\d+$", 500, times=2)
    assert run_command(ASSIGN, checkout) == 0
    heads = [p["head"] for p in double.pulls.values()]
    assert len(heads) == len(set(heads)) == 3


def test_a_run_cut_off_half_way_resumes_without_duplicates(checkout, double, capsys):
    double.fail("PATCH", r"/issues/2$", 422, times=99, message="Validation Failed")  # the second member's labels fail
    assert run_command(ASSIGN, checkout) == 1
    assert "set labels and assignees of #2" in capsys.readouterr().err
    double.faults.clear()
    assert run_command(ASSIGN, checkout) == 0
    assert len(double.pulls) == 3 and double.count("POST", r"/pulls$") == 3
    assert all(i["labels"] == ["리뷰", CYCLE] and i["assignees"] for i in double.issues.values())
    assert sorted(double.labels) == sorted(["리뷰", CYCLE.lower()])


def test_a_merged_pull_is_not_reopened(checkout, double):
    assert run_command(ASSIGN, checkout) == 0
    double.pulls[1]["merged_at"] = "2026-11-25T00:00:00Z"
    double.issues[1]["state"] = "closed"
    assert run_command(ASSIGN, checkout) == 0
    assert len(double.pulls) == 3


def test_token_falls_back_to_github_token_with_a_warning(checkout, double, monkeypatch, capsys):
    monkeypatch.delenv("COMMONS_TOKEN")
    monkeypatch.setenv("GITHUB_TOKEN", double.token)
    assert run_command(ASSIGN, checkout) == 0
    assert "trigger no workflows" in capsys.readouterr().err


def test_missing_repository_or_token_is_a_usage_error(checkout, monkeypatch, capsys):
    monkeypatch.delenv("COMMONS_TOKEN")
    assert run_command(ASSIGN, checkout) == 2
    assert "COMMONS_TOKEN" in capsys.readouterr().err
    monkeypatch.delenv("GITHUB_REPOSITORY")
    assert run_command(ASSIGN, checkout) == 2


def test_uncovered_items_are_named_and_exit_1(double, tmp_path, fast_writes, capsys):
    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("solo", capacity=1)], {"a": {"score": 5}, "b": {"score": 4}})
    commit_and_push(work)
    assert run_command(ASSIGN, work, "--dry-run", "--format", "json") == 1
    plan = json.loads(capsys.readouterr().out)
    assert plan["assignments"] == {"solo": ["a"]}
    assert [u["item"] for u in plan["uncovered"]] == ["a"]  # what the crew could take; b is not selected
    assert "only 1 member is available" in plan["uncovered"][0]["reason"]
    assert plan["selection"] == {"slots": 1, "selected": 1, "not_selected": 1, "audits": 0}


def test_carry_over_brings_last_cycles_unreviewed_items(double, tmp_path, fast_writes, capsys):
    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("x"), member_yaml("y")], {
        "old-reviewed": {"score": 5, "cycle": "2026-W47", "status": "assigned"},
        "old-missed": {"score": 4, "cycle": "2026-W47", "status": "assigned"},
        "old-low": {"score": 1, "cycle": "2026-W47"},
        "new": {"score": 3},
    })
    (work / ".commons/assign").mkdir(parents=True)
    (work / ".commons/assign/2026-W47.json").write_text(json.dumps(
        {"cycle": "2026-W47", "assignments": {"x": ["old-reviewed", "old-missed"], "y": ["old-reviewed"]}, "uncovered": []}))
    review = work / "news/2026-W47/reviews/x/old-reviewed.md"
    review.parent.mkdir(parents=True)
    review.write_text("---\nitem: old-reviewed\nreviewer: x\nimpact: 3\nverdict: skip\nsummary: s\nwhy: w\n---\n")
    commit_and_push(work)
    assert run_command(ASSIGN, work, "--dry-run", "--format", "json") == 0
    plan = json.loads(capsys.readouterr().out)
    assigned = {i for ids in plan["assignments"].values() for i in ids}
    assert assigned == {"old-missed", "new"}
    assert run_command(ASSIGN, work) == 0
    assert "status: assigned" in (work / "news/2026-W47/items/old-missed.md").read_text()
    assert "(이월)" in next(i["body"] for i in double.issues.values())


def test_an_item_unreviewed_after_its_carry_over_is_named_not_silently_dropped_and_not_red(double, tmp_path, fast_writes, capsys):
    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("x"), member_yaml("y")], {
        "twice-missed": {"score": 5, "cycle": "2026-W46", "status": "assigned"},  # carried into W47
        "reviewed-late": {"score": 4, "cycle": "2026-W46", "status": "assigned"},  # carried, then reviewed
        "new": {"score": 3},
    })
    (work / ".commons/assign").mkdir(parents=True)
    (work / ".commons/assign/2026-W47.json").write_text(json.dumps(
        {"cycle": "2026-W47", "assignments": {"x": ["twice-missed", "reviewed-late"]}, "uncovered": []}))
    review = work / "news/2026-W47/reviews/x/reviewed-late.md"
    review.parent.mkdir(parents=True)
    review.write_text("---\nitem: reviewed-late\nreviewer: x\nimpact: 3\nverdict: skip\nsummary: s\nwhy: w\n---\n")
    commit_and_push(work)
    # Said once, in the plan and the record; not red: the selected set is covered (issue 13)
    assert run_command(ASSIGN, work, "--dry-run", "--format", "json") == 0
    plan = json.loads(capsys.readouterr().out)
    assert {i for ids in plan["assignments"].values() for i in ids} == {"new"}
    assert plan["uncovered"] == [] and plan["expired"] == ["twice-missed"]
    assert run_command(ASSIGN, work, "--dry-run") == 0
    assert "No longer handed out (carried over once and still unreviewed): twice-missed" in capsys.readouterr().out


def test_an_item_too_old_for_this_weeks_newsletter_is_not_handed_out_and_keeps_the_reason(double, tmp_path, fast_writes, capsys):
    """Measured on the day this cycle's newsletter comes out (2026-11-25), not when it was collected:
    last cycle's items passed triage at 10 days old for 2026-11-18; a week later they are 17."""
    from commons.content import frontmatter

    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("x"), member_yaml("y")], {
        "waited-too-long": {"score": 5, "cycle": "2026-W47", "published": "2026-11-08T09:00:00Z"},
        "missed-too-old": {"score": 5, "cycle": "2026-W47", "status": "assigned", "published": "2026-11-08T09:00:00Z"},
        "carried-still-news": {"score": 4, "cycle": "2026-W47", "published": "2026-11-14T09:00:00Z"},
        "old-in-its-own-week": {"score": 5, "published": "2026-11-01T09:00:00Z"},  # triaged before the rule
        "fresh": {"score": 3},
    })
    (work / ".commons/assign").mkdir(parents=True)
    (work / ".commons/assign/2026-W47.json").write_text(json.dumps(
        {"cycle": "2026-W47", "assignments": {"x": ["missed-too-old"]}, "uncovered": []}))
    commit_and_push(work)
    assert run_command(ASSIGN, work, "--dry-run", "--format", "json") == 0
    plan = json.loads(capsys.readouterr().out)
    assert {i for ids in plan["assignments"].values() for i in ids} == {"fresh", "carried-still-news"}
    assert run_command(ASSIGN, work, "--dry-run") == 0
    assert ("Not handed out, older than triage.max_age_days on the day this cycle's newsletter comes out (3): "
            "missed-too-old, old-in-its-own-week, waited-too-long") in capsys.readouterr().out
    assert run_command(ASSIGN, work) == 0
    for item_id, cycle, status in (("waited-too-long", "2026-W47", "not-selected"), ("missed-too-old", "2026-W47", "assigned"),
                                   ("old-in-its-own-week", "2026-W48", "not-selected")):
        meta = frontmatter.read(work / f"news/{cycle}/items/{item_id}.md").meta  # kept, with the reason
        assert meta["status"] == status and meta["too_old"].startswith("published 2026-11-")
        assert "more than 14 days before the newsletter of 2026-11-25" in meta["too_old"]
    assert "too_old" not in frontmatter.read(work / "news/2026-W48/items/fresh.md").meta
    assert run_command("commons.validate.command", work, str(work / "news")) == 0


def test_bad_state_file_is_a_clear_usage_error(checkout, capsys):
    (checkout / ".commons/assign").mkdir(parents=True)
    (checkout / f".commons/assign/{CYCLE}.json").write_text("{not json")
    assert run_command(ASSIGN, checkout, "--dry-run") == 2
    assert f".commons/assign/{CYCLE}.json:1:1: assignments:" in capsys.readouterr().err


def test_branches_do_not_disturb_the_users_checkout(checkout, double):
    git(checkout, "switch", "-q", "-c", "my-work")
    (checkout / "scratch.txt").write_text("mine")
    git(checkout, "add", "scratch.txt")
    assert run_command(ASSIGN, checkout) == 0
    assert git(checkout, "branch", "--show-current").strip() == "my-work"
    assert "A  scratch.txt" in git(checkout, "status", "--porcelain")
    assert git(checkout, "branch", "--list", "commons/*") == ""


def test_branches_first_then_pull_requests_as_the_workflow_does(checkout, double, capsys):
    assert run_command(ASSIGN, checkout, "--no-pull-requests") == 0
    assert double.pulls == {} and double.requests == []
    assert (checkout / f".commons/assign/{CYCLE}.json").is_file()
    commit_and_push(checkout, "assign: record")
    branches = git(checkout, "ls-remote", "origin", "refs/heads/commons/*")
    assert run_command(ASSIGN, checkout) == 0
    assert len(double.pulls) == 3 and git(checkout, "ls-remote", "origin", "refs/heads/commons/*") == branches


def test_nothing_to_assign_and_a_bad_cycle(double, tmp_path, capsys):
    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("solo")], {"weak": {"score": 1}})
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    assert "0 items" in capsys.readouterr().out and double.requests == []
    assert run_command(ASSIGN, work, "--cycle", "2026-W99", "--dry-run") == 2
    assert "--cycle: '2026-W99': 2026 has no week 99" in capsys.readouterr().err


def test_an_unreadable_item_is_reported_and_skipped(checkout, capsys):
    (checkout / f"news/{CYCLE}/items/broken.md").write_text("---\nid: [unclosed\n---\n")
    assert run_command(ASSIGN, checkout, "--dry-run", "--format", "json") == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"news/{CYCLE}/items/broken.md:2:5: this '[' list is never closed") and "(skipped)" in captured.err
    assert json.loads(captured.out)["assignments"]


def test_a_rerun_after_publish_keeps_the_record_and_the_published_statuses(checkout, double):
    # `commons publish` merged one member's PR and marked those items published/reviewed; the
    # assign workflow run again by hand the same week must not shrink the record to the open PRs
    # nor move the items back to assigned.
    assert run_command(ASSIGN, checkout) == 0
    commit_and_push(checkout, "assign")
    record = (checkout / ".commons/assign" / f"{CYCLE}.json").read_text()
    plan = json.loads(record)["assignments"]
    handle = sorted(plan)[0]
    number = next(n for n, p in double.pulls.items() if p["head"].endswith(f"/{handle}"))
    double.pulls[number]["merged_at"] = "2026-11-25T13:00:00Z"
    double.issues[number]["state"] = "closed"
    for n, item_id in enumerate(plan[handle]):
        path = checkout / f"news/{CYCLE}/items/{item_id}.md"
        path.write_text(path.read_text().replace("status: assigned", f"status: {'published' if n == 0 else 'reviewed'}"))
    commit_and_push(checkout, "publish")
    writes = double.count(writes_only=True)
    assert run_command(ASSIGN, checkout) == 0
    assert (checkout / ".commons/assign" / f"{CYCLE}.json").read_text() == record
    assert git(checkout, "status", "--porcelain") == ""
    assert double.count(writes_only=True) == writes


def _last_cycle_assigned(double, tmp_path, away_next_week: bool):
    """2026-W47 assigned to x and y (one item each); y's review merged, x's PR still open."""
    work = double.clone(tmp_path / "w")
    away = ("2026-11-22", "2026-11-30") if away_next_week else None
    write_repo(work, [member_yaml("x", away=away), member_yaml("y")], {
        "old-a": {"score": 5, "cycle": "2026-W47"}, "old-b": {"score": 4, "cycle": "2026-W47"}, "new": {"score": 3},
    }, rpi=1)
    commit_and_push(work)
    assert run_command(ASSIGN, work, "--cycle", "2026-W47") == 0
    record = json.loads((work / ".commons/assign/2026-W47.json").read_text())["assignments"]
    assert sorted(record) == ["x", "y"]
    (done,) = record["y"]
    review = work / f"news/2026-W47/reviews/y/{done}.md"
    review.parent.mkdir(parents=True)
    review.write_text(f"---\nitem: {done}\nreviewer: y\nimpact: 3\nverdict: skip\nsummary: s\nwhy: w\n---\n")
    commit_and_push(work, "assign W47, y's review merged")
    pull = {h: next(n for n, p in double.pulls.items() if p["head"] == f"commons/review/2026-W47/{h}") for h in record}
    return work, record, pull


def _closing_comments(double, number):
    return [c["body"] for c in double.comments.values() if c["issue"] == number and "commons:carried-over" in c["body"]]


@pytest.mark.parametrize("away_next_week", [False, True], ids=["member-keeps-items", "items-go-to-others"])
def test_last_cycles_open_pr_is_closed_once_when_its_items_are_carried_over(double, tmp_path, fast_writes, capsys, away_next_week):
    work, record, pull = _last_cycle_assigned(double, tmp_path, away_next_week)
    (missed,) = record["x"]
    capsys.readouterr()
    assert run_command(ASSIGN, work, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "Close 2026-W47 review PRs still open (items carried over to 2026-W48):" in dry
    assert f"  @x (commons/review/2026-W47/x): {missed} → @" in dry and "@y (commons" not in dry
    assert double.issues[pull["x"]]["state"] == "open"

    writes = double.count(writes_only=True)
    assert run_command(ASSIGN, work) == 0
    err = capsys.readouterr().err
    assert f"closed #{pull['x']} (commons/review/2026-W47/x): its items were carried over to {CYCLE}" in err
    assert f"{double.count(writes_only=True) - writes} content-creating" in err  # the comment and close are paced
    assert double.issues[pull["x"]]["state"] == "closed" and double.issues[pull["y"]]["state"] == "open"
    (comment,) = _closing_comments(double, pull["x"])
    plan = json.loads((work / f".commons/assign/{CYCLE}.json").read_text())["assignments"]
    holder = next(h for h, ids in plan.items() if missed in ids)
    new_pull = next(n for n, p in double.pulls.items() if p["head"] == f"commons/review/{CYCLE}/{holder}")
    assert f"- `{missed}`: @{holder} (#{new_pull})" in comment
    assert "이 PR은 닫습니다" in comment and "Closing this PR" not in comment  # the community's language only
    if away_next_week:
        assert holder == "y" and "다른 멤버에게" in comment
    elif holder == "x":
        assert f"#{new_pull} 에서 이어서 리뷰합니다" in comment
    assert not _closing_comments(double, pull["y"])

    commit_and_push(work, "assign: record")
    writes = double.count(writes_only=True)
    assert run_command(ASSIGN, work) == 0  # a rerun: already closed, no second comment, no error
    assert double.count(writes_only=True) == writes and len(_closing_comments(double, pull["x"])) == 1


def test_a_run_cut_off_after_the_comment_only_closes_on_the_rerun(double, tmp_path, fast_writes, capsys):
    work, record, pull = _last_cycle_assigned(double, tmp_path, away_next_week=False)
    double.fail("PATCH", rf"/pulls/{pull['x']}$", 422, message="injected: could not close")
    assert run_command(ASSIGN, work) == 1
    assert "@x: could not close the 2026-W47 review PR: GitHub close pull request" in capsys.readouterr().err
    assert double.issues[pull["x"]]["state"] == "open" and len(_closing_comments(double, pull["x"])) == 1
    assert run_command(ASSIGN, work) == 0
    assert double.issues[pull["x"]]["state"] == "closed" and len(_closing_comments(double, pull["x"])) == 1


def test_a_normal_week_hands_out_what_the_crew_can_cover_and_is_green(double, tmp_path, fast_writes, capsys):
    """Far more kept items than places: the best, spread over sources, are given; the rest wait in the pool."""
    from commons.content import items as content_items

    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml(h, capacity=2) for h in ("ara", "bora", "chan")], {})
    metas = []
    for n in range(40):
        source = "arxiv" if n < 30 else f"blog{n % 5}"
        metas.append({"id": f"{source}-{n:02d}", "title": f"Story {n}", "url": f"https://example.com/{n}", "source": source,
                      "published": f"2026-11-{12 + n % 10:02d}T09:00:00Z", "collected": "2026-11-20T10:00:00Z",  # at most 13 days old on the 25th
                      "cycle": CYCLE, "status": "triaged", "score": 4, "category": "papers" if n < 30 else "usage",
                      "summary": "요약", "why": "이유", "triage": {"provider": "offline", "model": "offline", "prompt_version": "1"}})
    content_items.add_to_pool(work, CYCLE, "2026-11-20", metas)
    commit_and_push(work)
    assert run_command(ASSIGN, work, "--format", "json") == 0  # green: the selected set is covered
    plan = json.loads(capsys.readouterr().out)
    given = {i for ids in plan["assignments"].values() for i in ids}
    assert plan["uncovered"] == [] and len(given) == 3 and plan["selection"] == {"slots": 3, "selected": 3, "not_selected": 37, "audits": 0}
    assert sum(i.startswith("arxiv") for i in given) <= 2  # 30 of 40 items, at most 2 of 3 places
    assert sorted(p.stem for p in (work / f"news/{CYCLE}/items").glob("*.md")) == sorted(given)  # only these are files
    statuses = {f.item_id: f.meta["status"] for f in content_items.read_items(work, CYCLE)[0]}
    assert {statuses[i] for i in given} == {"assigned"}
    assert sum(s == "not-selected" for s in statuses.values()) == 37
    assert len((work / f".commons/assign/{CYCLE}.json").read_text()) < 400  # small whatever the week's inflow
    assert run_command(ASSIGN, work, "--not-selected") == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 37 and not set(given) & {line.split()[2] for line in listed}
    commit_and_push(work, "assign")
    before = {p: p.read_bytes() for p in (work / "news").rglob("*") if p.is_file()}
    assert run_command(ASSIGN, work) == 0  # a rerun changes nothing
    assert {p: p.read_bytes() for p in (work / "news").rglob("*") if p.is_file()} == before
