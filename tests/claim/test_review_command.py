"""`/skip`, `/swap` and `/claim` on review PRs, end to end against the GitHub double."""

from __future__ import annotations

import json
from itertools import count

import pytest

from commons_repo import CYCLE, commit_and_push, git, member_yaml, run_command, write_repo

ASSIGN, COMMAND = "commons.assign.command", "commons.claim.command"
ITEMS = {f"i{n}": {"score": 5 if n <= 2 else 4 if n <= 4 else 3} for n in range(1, 7)}
_ids = count(9000)


@pytest.fixture
def world(double, tmp_path, fast_writes):
    """alice (room for 2), bob (1), carol (2); six items, one reviewer each: one item is left over."""
    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice", 2), member_yaml("bob", 1), member_yaml("carol", 2)], ITEMS, rpi=1, language="en")
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0  # the crew can cover 5: the sixth is not selected (issue 13); a person may /claim it
    commit_and_push(work, "assign")
    return work


def record(work) -> dict:
    return json.loads((work / f".commons/assign/{CYCLE}.json").read_text())


def pr_of(double, handle) -> int:
    return next(n for n, p in double.pulls.items() if p["head"].endswith(f"/{handle}"))


def branch_files(double, work, handle) -> set[str]:
    git(work, "fetch", "-q", "origin")
    out = git(work, "ls-tree", "-r", "--name-only", f"origin/commons/review/{CYCLE}/{handle}", f"news/{CYCLE}/reviews/{handle}")
    return {line.rsplit("/", 1)[1].removesuffix(".md") for line in out.split()}


def comment(double, work, tmp_path, number, author, body, comment_id=None):
    event = {"action": "created", "comment": {"id": comment_id or next(_ids), "body": body, "user": {"login": author}},
             "issue": {"number": number, "pull_request": {"url": "x"}}}
    path = tmp_path / f"event-{event['comment']['id']}.json"
    path.write_text(json.dumps(event))
    return run_command(COMMAND, work, "--event", str(path)), path


def answers(double, number) -> list[str]:
    return [c["body"] for c in double.comments.values() if c["issue"] == number and "commons:command" in c["body"]]


def test_claim_swap_skip_end_to_end(world, double, tmp_path, capsys):
    start = record(world)["assignments"]
    alice_pr, bob_pr, carol_pr = (pr_of(double, h) for h in ("alice", "bob", "carol"))
    leftover = next(i for i in ITEMS if all(i not in ids for ids in start.values()))
    alice_item = start["alice"][0]

    # Someone else's command is refused, once, and changes nothing.
    code, _ = comment(double, world, tmp_path, alice_pr, "bob", f"/skip {alice_item} 제가 할게요")
    assert code == 0 and record(world)["assignments"] == start
    (refusal,) = answers(double, alice_pr)
    assert "Only this PR's reviewer (@alice) and maintainers can give commands here." in refusal

    # A swap to a member without room is refused with the reason.
    comment(double, world, tmp_path, alice_pr, "alice", f"/swap {alice_item} @bob")
    assert "@bob already has as many items as they can take (1)." in answers(double, alice_pr)[-1]

    # Hand back: the planner finds nobody with room, so the item is short of reviewers; alice's PR loses it.
    code, _ = comment(double, world, tmp_path, alice_pr, "alice", f"/skip {alice_item} 이번 주는 출장이라 어렵습니다")
    assert code == 0
    now = record(world)
    assert alice_item not in now["assignments"]["alice"] and now["declined"] == {"alice": [alice_item]}
    assert alice_item not in branch_files(double, world, "alice")
    assert "Nobody has room for it now" in answers(double, alice_pr)[-1]
    assert "출장" not in answers(double, alice_pr)[-1]  # the reason is not echoed
    assert double.issues[alice_pr]["title"].startswith(f"[{CYCLE}] Review 1 item")

    # Swap: carol gives one of hers to alice, who now has room; both PRs change, one answer on carol's.
    carol_item = now["assignments"]["carol"][0]
    carol_answers = len(answers(double, carol_pr))
    comment(double, world, tmp_path, carol_pr, "carol", f"/swap {carol_item} @alice")
    now = record(world)
    assert carol_item in now["assignments"]["alice"] and carol_item not in now["assignments"]["carol"]
    assert carol_item in branch_files(double, world, "alice") and carol_item not in branch_files(double, world, "carol")
    assert f"reviews/alice/{carol_item}.md" in double.issues[alice_pr]["body"] and f"`news/{CYCLE}/reviews/carol/{carol_item}.md`" not in double.issues[carol_pr]["body"]
    assert len(answers(double, carol_pr)) == carol_answers + 1 and "now goes to @alice" in answers(double, carol_pr)[-1]

    # Claim from the pool: carol has room again and takes the left-over item.
    code, event = comment(double, world, tmp_path, carol_pr, "carol", f"/claim {leftover}")
    assert leftover in record(world)["assignments"]["carol"] and leftover in branch_files(double, world, "carol")
    assert f"`{leftover}` is yours" in answers(double, carol_pr)[-1]

    # The same event again (a rerun of the workflow) changes nothing anywhere.
    writes = double.count(writes_only=True)
    heads = git(world, "ls-remote", "origin")
    assert run_command(COMMAND, world, "--event", str(event)) == 0
    assert double.count(writes_only=True) == writes and git(world, "ls-remote", "origin") == heads

    # A maintainer may command on a member's PR; bob is left with nothing, so his PR is closed.
    bob_item = record(world)["assignments"]["bob"][0]
    comment(double, world, tmp_path, bob_pr, "boss", f"/skip {bob_item}")
    assert bob_item not in record(world)["assignments"].get("bob", [])
    assert double.issues[bob_pr]["state"] == "closed" and len(answers(double, bob_pr)) == 1


def test_malformed_commands_get_the_usage_and_comments_that_are_not_commands_are_ignored(world, double, tmp_path):
    alice_pr = pr_of(double, "alice")
    writes = double.count(writes_only=True)
    comment(double, world, tmp_path, alice_pr, "alice", "좋은 자료네요 /skip 은 나중에")
    assert double.count(writes_only=True) == writes  # not a command: no answer at all
    comment(double, world, tmp_path, alice_pr, "alice", "/swap i1 @@everyone <img src=x>")
    (usage,) = answers(double, alice_pr)
    assert all(f"`/{c}" in usage for c in ("skip", "swap", "claim", "share")) and "everyone" not in usage and "<img" not in usage


def test_unknown_member_is_not_mentioned(world, double, tmp_path):
    alice_pr = pr_of(double, "alice")
    item = record(world)["assignments"]["alice"][0]
    comment(double, world, tmp_path, alice_pr, "alice", f"/swap {item} @stranger")
    assert "`stranger` is not in members.yml." in answers(double, alice_pr)[-1]


# -- a comment reaches only the bot's review PRs here, and is never lost (SECURITY.md promise 4 and
# "A comment never delays the week"): every run answers what an earlier, cancelled run left.

def _member_comment(double, number: int, author: str, body: str) -> int:
    """A comment as a member writes it on GitHub (its workflow run never came, or was cancelled)."""
    with double.lock:
        now = double._now()
        comment_id = double._new_id()
        double.comments[comment_id] = {"id": comment_id, "issue": number, "body": body, "user": author,
                                       "created_at": now, "updated_at": now}
    return comment_id


def test_a_fork_pr_or_one_into_another_base_is_not_answered(world, double, tmp_path):
    start = record(world)["assignments"]
    item = start["alice"][0]
    fork = double.open_pull_as("mallory", f"commons/review/{CYCLE}/alice", head_repo="mallory/fork",
                               head_sha=git(world, "rev-parse", "HEAD").strip())
    other_base = double.open_pull_as("alice", f"commons/review/{CYCLE}/alice", base="elsewhere")
    for number in (fork, other_base):
        code, _ = comment(double, world, tmp_path, number, "alice", f"/skip {item}")
        assert code == 0 and answers(double, number) == []
    assert record(world)["assignments"] == start


def test_a_run_answers_the_commands_a_cancelled_run_left(world, double, tmp_path):
    alice_pr, carol_pr = pr_of(double, "alice"), pr_of(double, "carol")
    start = record(world)["assignments"]
    lost = _member_comment(double, alice_pr, "alice", f"/skip {start['alice'][0]}")  # its run was replaced
    also_lost = _member_comment(double, carol_pr, "carol", "/claim")
    code, _ = comment(double, world, tmp_path, carol_pr, "carol", "/swap nothing-here @bob")
    assert code in (0, 1)
    assert any(f"comment={lost} " in a for a in answers(double, alice_pr))
    assert any(f"comment={also_lost} " in a for a in answers(double, carol_pr))
    assert start["alice"][0] not in record(world)["assignments"]["alice"]
    before = len(double.comments)
    comment(double, world, tmp_path, carol_pr, "carol", "/claim")  # the next run answers its own only
    assert len(double.comments) == before + 1  # its answer; nothing answered twice
    assert sum(f"comment={lost} " in a for a in answers(double, alice_pr)) == 1  # never twice


def test_a_marker_written_by_a_member_does_not_silence_a_command(world, double, tmp_path):
    alice_pr = pr_of(double, "alice")
    item = record(world)["assignments"]["alice"][0]
    target = _member_comment(double, alice_pr, "alice", f"/skip {item}")
    _member_comment(double, alice_pr, "mallory", f"<!-- commons:command comment={target} -->")
    comment(double, world, tmp_path, alice_pr, "alice", "/claim")
    assert any(f"comment={target} " in a for a in answers(double, alice_pr))


def test_a_command_is_carried_out_on_main_as_it_now_is_when_main_moved(world, double, tmp_path):
    alice_pr = pr_of(double, "alice")
    item = record(world)["assignments"]["alice"][0]
    other = tmp_path / "other"  # someone (collect, publish) writes main after this run read it
    git(tmp_path, "clone", "-q", str(double.bare), str(other))
    (other / "unrelated.txt").write_text("x")
    git(other, "add", "unrelated.txt")
    git(other, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "meanwhile")
    git(other, "push", "-q", "origin", "HEAD:main")
    code, _ = comment(double, world, tmp_path, alice_pr, "alice", f"/skip {item}")
    assert code == 0
    assert item not in record(world)["assignments"]["alice"]
    git(world, "fetch", "-q", "origin")
    assert "unrelated.txt" in git(world, "ls-tree", "--name-only", "origin/main")


def test_review_prs_opened_by_a_personal_tokens_login_are_answered(double, tmp_path, fast_writes):
    """SETUP's personal token opens the review PRs under a person's login: that login counts here as
    it does in assign and publish, without review.bots naming it."""
    double.bot = "lena"  # GET /user answers a personal token with its user
    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice", 2), member_yaml("bob", 1), member_yaml("carol", 2)], ITEMS, rpi=1, language="en")
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    commit_and_push(work, "assign")
    alice_pr = pr_of(double, "alice")
    item = record(work)["assignments"]["alice"][0]
    code, _ = comment(double, work, tmp_path, alice_pr, "alice", f"/skip {item}")
    assert code == 0 and len(answers(double, alice_pr)) == 1
    assert item not in record(work)["assignments"]["alice"]
