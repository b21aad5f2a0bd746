"""The review-PR rule: exactly the member's allocated files, under their folder, every field filled."""

from __future__ import annotations

import json

import pytest

from commons.assign.review_pr import check_review_pr, review_pr_problems, unfinished_fields
from commons_repo import CYCLE, git, member_yaml, write_repo
from commons.assign.plan import Candidate
from commons.assign.render import review_file

BRANCH = f"commons/review/{CYCLE}/alice"


@pytest.fixture
def pr(tmp_path):
    """A checkout of alice's review branch: main with the record, then the generated files."""
    work = write_repo(tmp_path / "w", [member_yaml("alice"), member_yaml("bob")], {"one": {}, "two": {}})
    (work / ".commons/assign").mkdir(parents=True)
    (work / f".commons/assign/{CYCLE}.json").write_text(json.dumps(
        {"cycle": CYCLE, "assignments": {"alice": ["one", "two"], "bob": ["one"]}, "uncovered": []}))
    git(work, "init", "-q", "-b", "main")
    git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "main", "--allow-empty")
    git(work, "add", "-A")
    git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "content")
    git(work, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(work, "switch", "-q", "-c", BRANCH)
    for item in ("one", "two"):
        path = work / f"news/{CYCLE}/reviews/alice/{item}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(review_file(CYCLE, "alice", Candidate(item, f"Title {item}", 4, url=f"https://e.com/{item}")))
    git(work, "add", "-A")
    git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "assign")
    return work


def fill(work, item, **fields):
    path = work / f"news/{CYCLE}/reviews/alice/{item}.md"
    text = path.read_text()
    for key, value in fields.items():
        text = text.replace(f"\n{key}:", f"\n{key}: {value}", 1)
    path.write_text(text)


def messages(problems):
    return [str(p) for p in problems]


def test_a_fresh_review_pr_names_every_unfinished_field_of_every_item(pr):
    problems = review_pr_problems(pr, BRANCH, env={})
    text = messages(problems)
    assert len(problems) == 8
    assert any(f"news/{CYCLE}/reviews/alice/one.md:9:1: impact: review of 'one' is unfinished" in t for t in text)
    assert any("why: review of 'two' is unfinished" in t for t in text)


def test_a_finished_review_pr_passes(pr):
    for item in ("one", "two"):
        fill(pr, item, impact=4, verdict="newsletter", summary="무엇", why="왜")
    assert review_pr_problems(pr, BRANCH, env={}) == []
    (pr / f"news/{CYCLE}/reviews/alice/two.md").write_text(
        (pr / f"news/{CYCLE}/reviews/alice/two.md").read_text().replace("verdict: newsletter", "verdict: handbook"))
    [only] = messages(review_pr_problems(pr, BRANCH, env={}))
    assert only.startswith(f"news/{CYCLE}/reviews/alice/two.md:") and "chapter: review of 'two' is unfinished" in only


def test_missing_extra_and_foreign_files_are_named(pr):
    for item in ("one", "two"):
        fill(pr, item, impact=4, verdict="skip", summary="s", why="w")
    (pr / f"news/{CYCLE}/reviews/alice/two.md").unlink()
    (pr / f"news/{CYCLE}/reviews/alice/three.md").write_text("---\nitem: three\n---\n")
    (pr / f"news/{CYCLE}/reviews/bob").mkdir()
    (pr / f"news/{CYCLE}/reviews/bob/one.md").write_text("---\nitem: one\n---\n")
    (pr / "handbook.md").write_text("sneaky")
    text = "\n".join(messages(review_pr_problems(pr, BRANCH, env={})))
    assert "your review of 'two' is missing" in text
    assert "'three' is not one of your items for 2026-W48 (one, two)" in text
    assert f"news/{CYCLE}/reviews/bob/one.md:1:1: only your review files under news/{CYCLE}/reviews/alice/ may change" in text
    assert "handbook.md:1:1: only your review files" in text


def test_identity_fields_must_stay(pr):
    fill(pr, "one", impact=4, verdict="skip", summary="s", why="w")
    path = pr / f"news/{CYCLE}/reviews/alice/one.md"
    path.write_text(path.read_text().replace("reviewer: alice", "reviewer: mallory").replace("item: one", "item: two"))
    text = "\n".join(messages(check_review_pr(pr, BRANCH, [])))
    assert "reviewer: must be 'alice'" in text and "item: must stay 'one'" in text


def test_other_branches_are_not_review_prs_and_the_branch_comes_from_the_environment(pr):
    assert review_pr_problems(pr, "feature/x", env={}) == []
    assert review_pr_problems(pr, None, env={}) == []
    assert len(review_pr_problems(pr, None, env={"GITHUB_HEAD_REF": BRANCH, "GITHUB_BASE_REF": "main"})) == 8


def test_no_record_or_no_base_is_explained(pr):
    assert "no items in 2026-W48" in messages(check_review_pr(pr, f"commons/review/{CYCLE}/zed", []))[0]
    assert "no assignment record for 2026-W47" in messages(check_review_pr(pr, "commons/review/2026-W47/alice", []))[0]
    assert "is not in the checkout" in messages(review_pr_problems(pr, BRANCH, changed_since="nope", env={}))[0]


def test_unfinished_fields():
    assert unfinished_fields({}) == ["impact", "verdict", "summary", "why"]
    assert unfinished_fields({"impact": 6, "verdict": "skip", "summary": " ", "why": "w"}) == ["impact", "summary"]
    assert unfinished_fields({"impact": True, "verdict": "handbook", "summary": "s", "why": "w"}) == ["impact", "chapter"]
    assert unfinished_fields({"impact": 5, "verdict": "handbook", "chapter": "rag", "summary": "s", "why": "w"}) == []


def test_commons_validate_applies_the_rule_in_a_review_pr(pr, capsys, monkeypatch):
    from commons.cli import main

    monkeypatch.delenv("GITHUB_HEAD_REF", raising=False)
    assert main(["--repo", str(pr), "validate", "--changed-since", "origin/main", "--review-branch", BRANCH]) == 1
    out = capsys.readouterr().out
    assert f"news/{CYCLE}/reviews/alice/one.md:9:1: impact: review of 'one' is unfinished" in out
    for item in ("one", "two"):
        fill(pr, item, impact=3, verdict="skip", summary="요약", why="이유")
    (pr / "stray.md").write_text("x\n")
    assert main(["--repo", str(pr), "validate", "--changed-since", "origin/main", "--review-branch", BRANCH]) == 1
    assert "stray.md:1:1: only your review files under news/2026-W48/reviews/alice/ may change" in capsys.readouterr().out
    (pr / "stray.md").unlink()
    monkeypatch.setenv("GITHUB_HEAD_REF", BRANCH)  # as on a pull_request event
    assert main(["--repo", str(pr), "validate", "--changed-since", "origin/main"]) == 0
    monkeypatch.setenv("GITHUB_HEAD_REF", "feature/other")
    assert main(["--repo", str(pr), "validate", "--changed-since", "origin/main"]) == 0


def test_cli_registers_assign_remind_and_status():
    from commons.cli import build_parser

    parser = build_parser()
    for argv in (["assign", "--dry-run", "--format", "json"], ["remind", "--dry-run"], ["status", "--format", "json"]):
        assert parser.parse_args(argv).command == argv[0]


def test_a_review_branch_checked_locally_from_main_reads_the_branch_and_mains_record(pr):
    """`commons validate --review-branch B` run on main: the branch's files, not the checkout's."""
    fill(pr, "one", impact="4", verdict="newsletter", summary="요약", why="이유")
    git(pr, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "one done")
    git(pr, "switch", "-q", "main")
    text = messages(review_pr_problems(pr, BRANCH, env={}))
    assert len(text) == 4 and all("review of 'two' is unfinished" in t for t in text)  # nothing 'missing'


def test_the_record_can_be_read_from_the_base_ref(pr):
    """A branch cut before its record reached main reads the record from the base ref."""
    from commons.assign.review_pr import _state_at
    from commons.git import Git

    assert _state_at(Git(pr), "origin/main", CYCLE) == {"alice": ["one", "two"], "bob": ["one"]}
    assert _state_at(Git(pr), "origin/main", "2026-W47") is None
