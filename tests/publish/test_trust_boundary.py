"""The trust boundary of `commons publish`, tried as an attacker would: a member (mallory), an outsider
with a fork, a stranger opening a pull request. End to end against the GitHub double and real git.

Each test is one attack from issue 12; each failed before the boundary was built.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import write
from github_double import GitHubDouble
from publish.sample import CYCLE, item, review
from publish.test_publish_github import AFTER_DUE, BEFORE_DUE, NOW, README, commit_all, git

WORKFLOW = ".github/workflows/collect.yml"
ASSIGNED = {"mallory": ["gpt-x", "vllm-0-7"], "jiyoon-nlp": ["vllm-0-7", "gpt-x"]}


class Attack:
    def __init__(self, double: GitHubDouble, seed: Path, runner: Path):
        self.gh, self.seed, self.runner = double, seed, runner

    def client(self):
        from commons.github import GitHub

        return GitHub.from_env({**self.gh.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})

    def branch(self, member: str, files: dict[str, str | bytes], *, start: str = "origin/main",
               when: str = BEFORE_DUE) -> str:
        """The member's review branch from ``start`` with ``files``, pushed; returns its head."""
        name = f"commons/review/{CYCLE}/{member}"
        git(self.seed, "checkout", "-q", "-B", name, start)
        for path, text in files.items():
            write(self.seed / path, text)
        head = commit_all(self.seed, f"reviews by {member}", when)
        return head

    def push_and_open(self, member: str, head: str, *, approve=True, check=True, check_when: str = BEFORE_DUE) -> int:
        """Push the branch, open its pull request as the bot does (assigned to the member), approve, check."""
        name = f"commons/review/{CYCLE}/{member}"
        git(self.seed, "push", "-q", "-f", "origin", f"{head}:refs/heads/{name}")
        git(self.seed, "checkout", "-q", "main")
        client = self.client()
        pull = client.create_pull(head=name, base="main", title=f"[{CYCLE}] {member}", body="reviews")
        client.set_labels_and_assignees(pull.number, labels=["review"], assignees=[member])
        if approve:
            self.gh.add_review(pull.number, "nlx-maintainer", "APPROVED", commit_id=head)
        if check:
            self.gh.add_check_run(head, "validate changed files", started_at=check_when.replace("+00:00", "Z"))
        return pull.number

    def publish(self, cli, *extra):
        env = {**self.gh.env(), "COMMONS_NOW": NOW, "GITHUB_STEP_SUMMARY": "", "COMMONS_SECONDS_BETWEEN_WRITES": "0"}
        return cli("--repo", self.runner, "publish", *extra, env=env)

    def merged(self, number: int) -> bool:
        return bool(self.gh.pulls[number].get("merged_at"))

    def comments(self, number: int) -> list[str]:
        return [c["body"] for c in self.gh.comments.values() if c["issue"] == number]


@pytest.fixture
def attack(tmp_path: Path, repo: Path):
    with GitHubDouble(tmp_path / "github") as double:
        seed = double.clone(tmp_path / "seed")
        subprocess.run(["cp", "-r", f"{repo}/.", str(seed)], check=True)
        with open(seed / "members.yml", "a", encoding="utf-8") as fh:
            fh.write("  - github: mallory\n    name: 말로리\n")
        write(seed / f"news/{CYCLE}/items/vllm-0-7.md", item("vllm-0-7", "vLLM 0.7 released", score=4))
        write(seed / f"news/{CYCLE}/items/gpt-x.md", item("gpt-x", "GPT-X launches", score=5, category="model-updates"))
        write(seed / f".commons/assign/{CYCLE}.json", json.dumps({"cycle": CYCLE, "assignments": ASSIGNED}))
        write(seed / WORKFLOW, "name: collect  # the old workflow\n")
        write(seed / "scripts/commons/tool.py", "OLD = True\n")
        commit_all(seed, "seed the commons")
        git(seed, "push", "-q", "origin", "HEAD:main")
        git(seed, "fetch", "-q", "origin")
        yield Attack(double, seed, double.clone(tmp_path / "runner"))
        assert double.violations == [], double.violations


def test_1_a_crafted_merge_history_cannot_hide_changes_from_the_policy(cli, attack):
    """mallory branches from an older first-parent commit and `merge -s ours` the side merged later:
    `git diff main...head` shows only her review, the squash merge would revert the workflow fix."""
    a, seed = attack, attack.seed
    git(seed, "checkout", "-q", "-b", "fix", "main")  # a side branch: the workflow and scripts fixed
    write(seed / WORKFLOW, "name: collect  # the fixed workflow\n")
    write(seed / "scripts/commons/tool.py", "OLD = False\n")
    for n in range(3):
        write(seed / f"tests/test_fix_{n}.py", f"def test_{n}(): pass\n")
    commit_all(seed, "fix the collect workflow", when="2026-11-23T10:00:00+00:00")
    git(seed, "checkout", "-q", "main")
    write(seed / "news/notes.txt", "notes\n")
    older = commit_all(seed, "an unrelated change on main")  # the first-parent commit mallory starts from
    git(seed, "merge", "-q", "--no-ff", "fix", "-m", "Merge the workflow fix")
    git(seed, "push", "-q", "origin", "HEAD:main")

    head = a.branch("mallory", {f"news/{CYCLE}/reviews/mallory/gpt-x.md": review("gpt-x", "mallory", 5)}, start=older)
    git(seed, "merge", "-q", "-s", "ours", "fix", "-m", "sync")  # keeps her tree: the fix is "merged", not applied
    head = git(seed, "rev-parse", "HEAD").strip()
    three_dot = git(seed, "diff", "--name-only", f"origin/main...{head}").split()
    assert three_dot == [f"news/{CYCLE}/reviews/mallory/gpt-x.md"]  # what a three-dot diff would judge
    number = a.push_and_open("mallory", head)

    result = a.publish(cli)
    assert result.code == 0, result.err
    assert not a.merged(number)
    assert a.gh.file_on("main", WORKFLOW) == "name: collect  # the fixed workflow\n"
    assert a.gh.file_on("main", "scripts/commons/tool.py") == "OLD = False\n"
    [comment] = a.comments(number)
    assert f"`{WORKFLOW}`" in comment and "`scripts/commons/tool.py`" in comment


def test_2_only_the_validate_check_from_github_actions_on_the_approved_head_passes(cli, attack):
    """`[skip ci]` in the head commit, then a success status of her own and a check run from her own app."""
    a = attack
    head = a.branch("mallory", {f"news/{CYCLE}/reviews/mallory/gpt-x.md": review("gpt-x", "mallory", 5)})
    number = a.push_and_open("mallory", head, check=False)
    a.gh.add_status(head, "validate changed files", "success")
    a.gh.add_check_run(head, "validate changed files", app="mallory-ci")
    a.gh.add_check_run(head, "tests and linters")  # green, from Actions, but not the required check
    result = a.publish(cli)
    assert result.code == 0, result.err
    assert not a.merged(number)
    [comment] = a.comments(number)
    assert "필수 검사(`validate changed files`)가 GitHub Actions로 실행되지 않았습니다" in comment  # the community's language

    a.gh.add_check_run(head, "validate changed files")  # the real one: now it merges
    assert a.publish(cli).code == 0 and a.merged(number)


def test_3_the_reviewer_is_the_folder_and_the_pull_requests_assignee(cli, attack):
    """Reviews in mallory's folder saying `reviewer: jiyoon-nlp` are mallory's; a PR assigned to someone
    else than the member of its branch is held."""
    a = attack
    head = a.branch("mallory", {f"news/{CYCLE}/reviews/mallory/gpt-x.md": review("gpt-x", "jiyoon-nlp", 5)})
    number = a.push_and_open("mallory", head)
    client = a.client()
    client.set_labels_and_assignees(number, labels=["review"], assignees=["jiyoon-nlp"])
    a.gh.issues[number]["assignees"] = ["jiyoon-nlp"]  # the member was swapped out by hand
    assert a.publish(cli).code == 0
    assert not a.merged(number)
    assert any("이 PR의 담당자(assignee)가 @" in c for c in a.comments(number))

    a.gh.issues[number]["assignees"] = ["mallory"]
    assert a.publish(cli).code == 0 and a.merged(number)
    newsletter = a.gh.file_on("main", README)
    assert "@mallory" in newsletter and "@jiyoon-nlp" not in newsletter  # the folder's owner is credited

    # And `commons validate` names the mismatch on its line: the check would have failed first.
    git(a.runner, "pull", "-q", "origin", "main")
    result = cli("--repo", a.runner, "validate", str(a.runner / f"news/{CYCLE}/reviews/mallory/gpt-x.md"))
    assert result.code == 1
    assert f"news/{CYCLE}/reviews/mallory/gpt-x.md:3:1: reviewer: 'jiyoon-nlp' must be the same as the folder name 'mallory'" in result.out


def test_4_pull_requests_from_forks_or_not_opened_by_the_bot_do_not_count(cli, attack):
    """A fork's PR and a stranger's PR named like review branches: never merged, commented or counted
    (one with 40 files had moved "On time" to 2 %)."""
    a, seed = attack, attack.seed
    own = a.branch("mallory", {f"news/{CYCLE}/reviews/mallory/gpt-x.md": review("gpt-x", "mallory", 5)})
    mine = a.push_and_open("mallory", own)

    many = {f"news/{CYCLE}/reviews/jiyoon-nlp/x{n}.md": review(f"x{n}", "jiyoon-nlp", 5) for n in range(40)}
    stranger_head = a.branch("jiyoon-nlp", many)
    git(seed, "push", "-q", "origin", f"{stranger_head}:refs/heads/commons/review/{CYCLE}/jiyoon-nlp")
    git(seed, "checkout", "-q", "main")
    stranger = a.gh.open_pull_as("jiyoon-nlp", f"commons/review/{CYCLE}/jiyoon-nlp", title="mine")
    a.gh.add_review(stranger, "nlx-maintainer", "APPROVED", commit_id=stranger_head)
    a.gh.add_check_run(stranger_head, "validate changed files")

    fork_head = a.branch("taeho-mlops", {f"news/{CYCLE}/reviews/taeho-mlops/gpt-x.md": review("gpt-x", "taeho-mlops", 1)})
    git(seed, "push", "-q", "origin", f"{fork_head}:refs/forks/mallory")  # the fork's objects GitHub holds
    git(seed, "checkout", "-q", "main")
    fork = a.gh.open_pull_as("outsider", f"commons/review/{CYCLE}/taeho-mlops", title="from a fork",
                             head_repo="outsider/handbook", head_sha=fork_head)
    a.gh.add_review(fork, "nlx-maintainer", "APPROVED", commit_id=fork_head)
    a.gh.add_check_run(fork_head, "validate changed files")

    result = a.publish(cli)
    assert result.code == 0, result.err
    assert a.merged(mine) and not a.merged(stranger) and not a.merged(fork)
    assert a.comments(stranger) == [] and a.comments(fork) == []
    assert f"#{stranger} @?: ignored" in result.out and f"#{fork} @?: ignored" in result.out
    record = a.gh.file_on("main", f".commons/publish/{CYCLE}.yml")
    assert f"number: {stranger}" not in record and f"number: {fork}" not in record
    assert '"on_time": "100% (1/1)"' in a.gh.file_on("main", f".commons/news/{CYCLE}.json")


def test_6_file_names_never_become_workflow_commands(cli, attack, monkeypatch):
    """A review file named with a newline then `::error …` or `::stop-commands::` in the member's folder,
    published on an Actions runner, where a line starting with ``::`` is a command."""
    a = attack
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    hostile = {
        f"news/{CYCLE}/reviews/mallory/a\n::error title=pwned::owned.md": "x\n",
        f"news/{CYCLE}/reviews/mallory/b\n::stop-commands::token.md": "x\n",
        f"news/{CYCLE}/reviews/mallory/gpt-x.md": review("gpt-x", "mallory", 5),
    }
    number = a.push_and_open("mallory", a.branch("mallory", hostile))
    result = a.publish(cli)
    assert result.code == 0, result.err
    assert not a.merged(number)
    commands = [line.strip() for line in (result.out + result.err).splitlines() if line.strip().startswith("::")]
    assert commands and all(c == "::endgroup::" or c.startswith("::group::") for c in commands), commands  # our own only
    assert "mallory/a :\\:error title=pwned:\\:owned.md" in result.out  # shown, inert
    [comment] = a.comments(number)
    assert "\n::" not in comment


def test_9_on_time_is_the_time_github_recorded_and_reviews_are_size_capped(cli, attack):
    """The committer date is the member's to write; the validate run's start is GitHub's."""
    a = attack
    late = a.branch("mallory", {f"news/{CYCLE}/reviews/mallory/gpt-x.md": review("gpt-x", "mallory", 5)},
                    when=BEFORE_DUE)  # a back-dated commit, pushed after the due time
    mallory = a.push_and_open("mallory", late, check_when=AFTER_DUE)
    big = review("vllm-0-7", "jiyoon-nlp", 4) + "x" * (100 * 1024)
    jiyoon = a.push_and_open("jiyoon-nlp", a.branch("jiyoon-nlp", {f"news/{CYCLE}/reviews/jiyoon-nlp/vllm-0-7.md": big}))
    assert a.publish(cli).code == 0
    assert a.merged(mallory) and not a.merged(jiyoon)
    assert any("리뷰 파일은 64 KB를 넘을 수 없습니다" in c for c in a.comments(jiyoon))
    assert '"on_time": "0% (0/2)"' in a.gh.file_on("main", f".commons/news/{CYCLE}.json")

    write(a.runner / f"news/{CYCLE}/reviews/jiyoon-nlp/vllm-0-7.md", big)
    result = cli("--repo", a.runner, "validate", str(a.runner / f"news/{CYCLE}/reviews/jiyoon-nlp/vllm-0-7.md"))
    assert result.code == 1 and "a review file may be at most 64 KB" in result.out
