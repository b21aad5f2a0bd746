"""Attack 7 of issue 12: `$` accepted a trailing newline. Every identifier pattern matches the whole string."""

from __future__ import annotations

import subprocess

import pytest

from commons_repo import double, fast_writes  # noqa: F401 - fixtures

from commons.assign.render import parse_branch
from commons.content.cycles import parse_cycle
from commons.publish.policy import member_of_branch


def test_a_handle_with_a_trailing_newline_is_a_validation_error(cli, repo):
    members = repo / "members.yml"
    members.write_text(members.read_text(encoding="utf-8").replace(
        "  - github: jiyoon-nlp\n", '  - github: "jiyoon-nlp\\n"\n', 1), encoding="utf-8")
    result = cli("--repo", repo, "validate", str(members))
    assert result.code == 1
    assert "members[2].github: 'jiyoon-nlp\\n' is not in the expected form" in result.out, result.out
    # and every command that reads the roster stops on it with one line, exit 2
    status = cli("--repo", repo, "assign", "--dry-run")
    assert status.code == 2 and "members.yml" in status.err and status.err.count("\n") == 1


@pytest.mark.parametrize("name", ["2026-W48\n", "2026-W48\r", " 2026-W48", "2026-W48 ", "x2026-W48"])
def test_cycle_names_match_whole(name):
    with pytest.raises(ValueError):
        parse_cycle(name)
    assert parse_branch(f"commons/review/{name}/carol") is None


@pytest.mark.parametrize("handle", ["carol\n", "carol\r", "-carol", "carol-", "car--ol\n", "a" * 40])
def test_handles_in_branch_names_match_whole(handle):
    assert member_of_branch(f"commons/review/2026-W48/{handle}", "2026-W48") is None
    assert parse_branch(f"commons/review/2026-W48/{handle}") is None


def test_publish_refuses_a_cycle_with_a_newline(cli, repo):
    result = cli("--repo", repo, "publish", "--offline", "--cycle", "2026-W48\n")
    assert result.code == 2 and "'2026-W48\\n' is not a cycle name" in result.err


def test_assign_stops_on_a_handle_with_a_newline_and_pushes_nothing(double, tmp_path, fast_writes):
    """End to end: the roster error is one line, exit 2, and no branch or pull request is made."""
    from commons_repo import commit_and_push, member_yaml, run_command, write_repo

    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice"), '  - github: "carol\\n"\n    capacity: 5\n'], {"one": {"score": 5}})
    commit_and_push(work)
    before = double.branch_sha("main")
    assert run_command("commons.assign.command", work) == 2
    assert double.pulls == {} and double.count(writes_only=True) == 0
    refs = subprocess.run(["git", "for-each-ref", "--format=%(refname)"], cwd=double.bare, capture_output=True, text=True)
    assert refs.stdout.split() == ["refs/heads/main"] and double.branch_sha("main") == before
