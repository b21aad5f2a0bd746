"""Review branches of closed cycles are deleted when the next cycle is handed out (against the GitHub double)."""

from __future__ import annotations

import json

import requests

from commons.assign import cleanup
from commons.github import Pull
from commons_repo import CYCLE, commit_and_push, git, member_yaml, run_command, write_repo

ASSIGN = "commons.assign.command"
OLD = "2026-W47"
REVIEW = "---\nitem: {item}\nreviewer: {who}\nimpact: 3\nverdict: skip\nsummary: s\nwhy: w\n---\n"


def review_branches(double) -> list[str]:
    out = git(double.bare, "for-each-ref", "--format=%(refname:short)", "refs/heads/commons/review/")
    return sorted(out.split())


def last_cycle(double, tmp_path):
    """2026-W47 to x, y, z: y's review PR merged, z's item reviewed on main with z's PR left open (held), x did nothing."""
    work = double.clone(tmp_path / "w")
    write_repo(work, [member_yaml("x"), member_yaml("y"), member_yaml("z")], {
        "old-a": {"score": 5, "cycle": OLD}, "old-b": {"score": 4, "cycle": OLD}, "old-c": {"score": 4, "cycle": OLD},
        "new": {"score": 3},
    }, rpi=1)
    commit_and_push(work)
    assert run_command(ASSIGN, work, "--cycle", OLD) == 0
    record = json.loads((work / f".commons/assign/{OLD}.json").read_text())["assignments"]
    assert sorted(record) == ["x", "y", "z"] and all(len(v) == 1 for v in record.values())
    pull = {h: next(n for n, p in double.pulls.items() if p["head"] == f"commons/review/{OLD}/{h}") for h in record}
    # y reviews on the branch and the PR is merged
    y_branch = f"commons/review/{OLD}/y"
    git(work, "fetch", "-q", "origin", f"{y_branch}:{y_branch}")
    git(work, "checkout", "-q", y_branch)
    (work / f"news/{OLD}/reviews/y/{record['y'][0]}.md").write_text(REVIEW.format(item=record["y"][0], who="y"))
    git(work, "commit", "-qam", "y reviews")
    git(work, "push", "-q", "origin", y_branch)
    answer = requests.put(f"{double.url}/repos/{double.full_name}/pulls/{pull['y']}/merge", json={"merge_method": "squash"},
                          headers={"Authorization": f"token {double.token}"}, timeout=10)
    assert answer.status_code == 200
    git(work, "checkout", "-q", "main")
    git(work, "pull", "-q", "origin", "main")
    # z's review reaches main another way; z's PR stays open
    z_review = work / f"news/{OLD}/reviews/z/{record['z'][0]}.md"
    z_review.parent.mkdir(parents=True)
    z_review.write_text(REVIEW.format(item=record["z"][0], who="z"))
    commit_and_push(work, "assign W47, reviews")
    return work, pull


def publish_record(work, cycle=OLD):
    target = work / f".commons/publish/{cycle}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("pulls: []\n")
    commit_and_push(work, f"publish {cycle}")


def test_closing_a_published_cycle_deletes_its_merged_held_and_superseded_branches_once(double, tmp_path, fast_writes, capsys):
    work, pull = last_cycle(double, tmp_path)
    assert run_command(ASSIGN, work) == 0  # W48, but W47 is not published yet: its branches stay
    assert [b for b in review_branches(double) if OLD in b] == [f"commons/review/{OLD}/{h}" for h in "xyz"]
    assert double.issues[pull["z"]]["state"] == "open"
    assert double.issues[pull["x"]]["state"] == "closed"  # superseded: its item was carried over

    publish_record(work)
    commit_and_push(work, "assign: record")
    capsys.readouterr()
    writes = double.count(writes_only=True)
    assert run_command(ASSIGN, work, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert f"Close review PRs of closed cycles still open:\n  #{pull['z']} @z (commons/review/{OLD}/z)" in dry
    assert "Delete 3 review branches of closed cycles:" in dry and double.count(writes_only=True) == writes
    assert run_command(ASSIGN, work) == 0
    err = capsys.readouterr().err
    assert review_branches(double) == sorted(f"commons/review/{CYCLE}/{h}" for h in ("x", "y", "z") if double.branch_sha(f"commons/review/{CYCLE}/{h}"))
    assert not [b for b in review_branches(double) if OLD in b]
    assert f"closed #{pull['z']}: its cycle has closed" in err and "deleted 3 review branches of closed cycles" in err
    assert double.issues[pull["z"]]["state"] == "closed"
    (comment,) = [c["body"] for c in double.comments.values() if c["issue"] == pull["z"]]
    assert "2026-W47 주기가 끝났습니다" in comment and "Restore branch" in comment
    assert not [c for c in double.comments.values() if c["issue"] in (pull["x"], pull["y"]) and "cycle-closed" in c["body"]]
    assert double.file_on("main", f"news/{OLD}/reviews/y/" + next(iter(json.loads(
        (work / f".commons/assign/{OLD}.json").read_text())["assignments"]["y"])) + ".md")  # the merged review is on main

    writes = double.count(writes_only=True)
    commit_and_push(work, "assign: record")
    assert run_command(ASSIGN, work) == 0  # rerun: nothing left to close or delete
    assert double.count(writes_only=True) == writes


def test_a_branch_that_moved_since_it_was_looked_at_is_not_deleted():
    pulls = [Pull(5, f"commons/review/{OLD}/z", "main", "a" * 40, "t", "", "open", False, (), (), "bot", "", None)]
    refs = {f"refs/heads/commons/review/{OLD}/z": "a" * 40, f"refs/heads/commons/review/{OLD}/y": "b" * 40,
            "refs/heads/commons/review/2026-W40/q": "c" * 40, "refs/heads/commons/review/2026-W46/k": "d" * 40,
            f"refs/heads/commons/review/{CYCLE}/x": "e" * 40, "refs/heads/commons/review/not-a-cycle/x": "f" * 40,
            "refs/heads/feature": "0" * 40}
    plan = cleanup.plan(CYCLE, refs, pulls, published={OLD})
    # W47 published: both go (z's open PR closed first); W40 is four cycles back: abandoned, goes; W46 unpublished: kept
    assert sorted(plan.delete) == ["refs/heads/commons/review/2026-W40/q", f"refs/heads/commons/review/{OLD}/y",
                                   f"refs/heads/commons/review/{OLD}/z"]
    assert [(c.number, c.member) for c in plan.close] == [(5, "z")]
    assert plan.kept == {"commons/review/2026-W46/k": "2026-W46 is not published yet"}
    assert plan.delete[f"refs/heads/commons/review/{OLD}/z"] == "a" * 40  # deleted only if it still points there
    assert "Delete 3 review branches of closed cycles:" in plan.describe()


def test_git_deletes_many_remote_branches_in_one_push_but_never_one_that_moved(double, tmp_path):
    from commons.git import Git

    work = double.clone(tmp_path / "g")
    (work / "a.txt").write_text("a\n")
    commit_and_push(work)
    head = git(work, "rev-parse", "HEAD").strip()
    git(work, "push", "-q", "origin", "HEAD:refs/heads/one", "HEAD:refs/heads/two")
    outcome = Git(work).delete_remote_refs("origin", {"refs/heads/one": head, "refs/heads/two": "1" * 40,
                                                      "refs/heads/gone": head})
    assert outcome["refs/heads/one"] is None and outcome["refs/heads/gone"] is None  # already gone counts as done
    assert "stale" in outcome["refs/heads/two"]
    assert double.branch_sha("one") is None and double.branch_sha("two") == head
