"""`commons publish` end to end against the GitHub test double and real git.

One cycle with a mix of review pull requests: two approved and green, one not
approved, one with failing checks, one hostile (touches .github/ and another
member's folder), one that conflicts with main. Exactly the approved ones are
merged, the others get one comment each, main gets one commit, and a second run
changes nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import write
from github_double import GitHubDouble
from publish.sample import CHAPTER, CYCLE, item, review

NOW = "2026-11-25T13:00:00+00:00"  # Wednesday 22:00 in Seoul, when the workflow runs
BEFORE_DUE = "2026-11-24T10:00:00+00:00"
AFTER_DUE = "2026-11-26T03:00:00+00:00"
README = f"news/{CYCLE}/README.md"
ASSIGNED = {"jiyoon-nlp": ["vllm-0-7", "rag-survey"], "hyeonwoo-dev": ["vllm-0-7"], "minji-builder": ["gpt-x"],
            "seongwoo-ai": ["gpt-x"], "hana-hostile": ["gpt-x"], "taeho-mlops": ["gpt-x"]}


def git(cwd: Path, *args: str, when: str = BEFORE_DUE) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def commit_all(cwd: Path, message: str, when: str = BEFORE_DUE) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message, when=when)
    return git(cwd, "rev-parse", "HEAD").strip()


class World:
    """The double, a maintainer's clone that seeded main, and the review pull requests."""

    def __init__(self, double: GitHubDouble, seed: Path, runner: Path):
        self.gh, self.seed, self.runner = double, seed, runner
        self.pulls: dict[str, int] = {}
        self.heads: dict[str, str] = {}

    def review_pull(self, member: str, files: dict[str, str], *, when: str = BEFORE_DUE) -> int:
        from commons.github import GitHub

        branch = f"commons/review/{CYCLE}/{member}"
        git(self.seed, "checkout", "-q", "-B", branch, "origin/main")
        for path, text in files.items():
            write(self.seed / path, text)
        self.heads[member] = commit_all(self.seed, f"reviews by {member}", when)
        git(self.seed, "push", "-q", "origin", branch)
        git(self.seed, "checkout", "-q", "main")
        client = GitHub.from_env({**self.gh.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})
        pull = client.create_pull(head=branch, base="main", title=f"[{CYCLE}] {member}", body="reviews")
        client.set_labels_and_assignees(pull.number, labels=["review"], assignees=[member])  # as assign does
        self.pulls[member] = pull.number
        return pull.number

    def approve(self, member: str, by: str = "nlx-maintainer") -> None:
        self.gh.add_review(self.pulls[member], by, "APPROVED")

    def check(self, member: str, conclusion: str = "success", when: str = BEFORE_DUE) -> None:
        """The validate job's check run, started (as GitHub records it) when the head was pushed."""
        self.gh.add_check_run(self.heads[member], "validate changed files", "completed", conclusion,
                              started_at=when.replace("+00:00", "Z"))


def review_files(member: str, *ids_and_fields) -> dict[str, str]:
    return {f"news/{CYCLE}/reviews/{member}/{item_id}.md": review(item_id, member, *fields, **kw)
            for item_id, fields, kw in ids_and_fields}


@pytest.fixture
def world(tmp_path: Path, repo: Path):
    with GitHubDouble(tmp_path / "github") as double:
        seed = double.clone(tmp_path / "seed")
        for entry in repo.iterdir():
            target = seed / entry.name
            if entry.is_dir():
                subprocess.run(["cp", "-r", str(entry), str(target)], check=True)
            else:
                target.write_bytes(entry.read_bytes())
        with open(seed / "members.yml", "a", encoding="utf-8") as fh:
            fh.write("  - github: hana-hostile\n    name: 한아\n")
        write(seed / f"news/{CYCLE}/items/vllm-0-7.md", item("vllm-0-7", "vLLM 0.7 released", score=4))
        write(seed / f"news/{CYCLE}/items/rag-survey.md",
              item("rag-survey", "A survey of RAG", score=3, category="papers"))
        write(seed / f"news/{CYCLE}/items/gpt-x.md", item("gpt-x", "GPT-X launches", score=5, category="model-updates"))
        write(seed / f"news/{CYCLE}/reviews/taeho-mlops/gpt-x.md", review("gpt-x", "taeho-mlops", None, None))
        write(seed / "handbook/02-rag/rag.md", CHAPTER)
        write(seed / f".commons/assign/{CYCLE}.json", json.dumps({"cycle": CYCLE, "assignments": ASSIGNED}))
        commit_all(seed, "seed the commons")
        git(seed, "push", "-q", "origin", "HEAD:main")
        git(seed, "fetch", "-q", "origin")
        runner = double.clone(tmp_path / "runner")  # the workflow's checkout
        w = World(double, seed, runner)

        w.review_pull("jiyoon-nlp", review_files(
            "jiyoon-nlp", ("vllm-0-7", (4,), {}),
            ("rag-survey", (5, "handbook"), {"chapter": "rag", "why": "RAG 챕터의 좋은 출발점"})))
        w.approve("jiyoon-nlp")
        w.check("jiyoon-nlp")
        w.review_pull("hyeonwoo-dev", review_files("hyeonwoo-dev", ("vllm-0-7", (5,), {})), when=AFTER_DUE)
        w.approve("hyeonwoo-dev")
        w.check("hyeonwoo-dev", when=AFTER_DUE)
        w.review_pull("minji-builder", review_files("minji-builder", ("gpt-x", (3,), {})))  # nobody approved
        w.check("minji-builder")
        w.review_pull("seongwoo-ai", review_files("seongwoo-ai", ("gpt-x", (2,), {})))
        w.approve("seongwoo-ai")
        w.check("seongwoo-ai", "failure")
        hostile = review_files("hana-hostile", ("gpt-x", (5,), {}))
        hostile[".github/workflows/pwn.yml"] = "on: push\n"
        hostile[f"news/{CYCLE}/reviews/jiyoon-nlp/gpt-x.md"] = review("gpt-x", "jiyoon-nlp", 1, "skip")
        w.review_pull("hana-hostile", hostile)
        w.approve("hana-hostile")
        w.check("hana-hostile")
        w.review_pull("taeho-mlops", review_files("taeho-mlops", ("gpt-x", (4,), {})))
        w.approve("taeho-mlops")
        w.check("taeho-mlops")
        # Meanwhile someone fixes taeho's file on main: the pull request now conflicts (405).
        write(seed / f"news/{CYCLE}/reviews/taeho-mlops/gpt-x.md", review("gpt-x", "taeho-mlops", 1, "skip"))
        commit_all(seed, "a maintainer edits the file on main")
        git(seed, "push", "-q", "origin", "HEAD:main")
        yield w


def publish(cli, w: World, *extra: str):
    env = {**w.gh.env(), "COMMONS_NOW": NOW, "GITHUB_STEP_SUMMARY": "", "COMMONS_SECONDS_BETWEEN_WRITES": "0"}
    return cli("--repo", w.runner, "publish", *extra, env=env)


def pull_state(w: World, member: str) -> tuple[str, bool]:
    number = w.pulls[member]
    return w.gh.issues[number]["state"], bool(w.gh.pulls[number].get("merged_at"))


def comment_bodies(w: World, member: str) -> list[str]:
    from commons.github import GitHub

    return [c.body for c in GitHub.from_env(w.gh.env()).comments(w.pulls[member])]


def main_log(w: World) -> list[str]:
    out = subprocess.run(["git", "log", "--format=%s", "main"], cwd=w.gh.bare, capture_output=True, text=True)
    return out.stdout.splitlines()


def test_publishes_exactly_the_approved_reviews_and_a_second_run_changes_nothing(cli, world):
    w = world
    first = publish(cli, w)
    assert first.code == 0, first.err
    assert pull_state(w, "jiyoon-nlp") == ("closed", True)
    assert pull_state(w, "hyeonwoo-dev") == ("closed", True)
    for member in ("minji-builder", "seongwoo-ai", "hana-hostile", "taeho-mlops"):
        assert pull_state(w, member) == ("open", False), member

    why = {m: comment_bodies(w, m) for m in ("minji-builder", "seongwoo-ai", "hana-hostile", "taeho-mlops")}
    assert all(len(bodies) == 1 for bodies in why.values()), why
    assert "메인테이너(@hyeonwoo-dev, @nlx-maintainer)의 승인이 아직 없습니다." in why["minji-builder"][0]
    assert "검사가 실패했습니다: `validate changed files`" in why["seongwoo-ai"][0]
    assert "`.github/workflows/pwn.yml`" in why["hana-hostile"][0]
    assert "다른 멤버의 폴더를 바꿉니다" in why["hana-hostile"][0]
    assert "브랜치가 main과 충돌합니다" in why["taeho-mlops"][0]  # seen by git before any merge attempt
    assert "@minji-builder 님" in why["minji-builder"][0] and "approved" not in why["minji-builder"][0]  # the community's language only

    log = main_log(w)
    assert log[0].startswith(f"publish {CYCLE}: newsletter (2 items), 1 handbook reference")
    assert sum(1 for s in log if s.startswith("publish ")) == 1
    assert w.gh.file_on("main", ".github/workflows/pwn.yml") is None

    newsletter = w.gh.file_on("main", README)
    # two reviewers' 4.5 before one reviewer's 5
    assert newsletter.index("vLLM 0.7 released") < newsletter.index("A survey of RAG")
    assert "@jiyoon-nlp의 리뷰에서" in newsletter and "@hyeonwoo-dev" in newsletter
    assert "GPT-X" not in newsletter  # only unmerged reviews of it
    # 7 reviews assigned (jiyoon 2, five others 1 each; hana's write into jiyoon's folder is no assignment);
    # jiyoon's 2 were on time, hyeonwoo's came after the due time, the rest were not merged.
    assert '"on_time": "29% (2/7)"' in w.gh.file_on("main", f".commons/news/{CYCLE}.json")  # for maintainers
    assert "29%" not in newsletter
    assert w.gh.file_on("main", f"news/{CYCLE}/contributions.svg").startswith("<svg")
    assert w.gh.file_on("main", f"news/{CYCLE}/categories.svg").startswith("<svg")
    assert "[2026년 11월 25일 (수)](2026-W48/README.md)" in w.gh.file_on("main", "news/README.md")
    assert "Retrieval-Augmented Generation" in w.gh.file_on("main", "handbook/README.md")
    chapter = w.gh.file_on("main", "handbook/02-rag/rag.md")
    assert "<!-- commons:news start -->" in chapter and "https://example.com/rag-survey" in chapter
    assert chapter.startswith(CHAPTER)  # the hand-written text is untouched
    assert "status: published" in w.gh.file_on("main", f"news/{CYCLE}/items/rag-survey.md")
    assert "status: published" in w.gh.file_on("main", f"news/{CYCLE}/items/vllm-0-7.md")
    gpt = w.gh.file_on("main", f"news/{CYCLE}/items/gpt-x.md")
    assert "status: reviewed" in gpt  # the maintainer's own review said skip
    assert "published: 2026-11-20T09:30:00Z" in gpt  # only the status line changed
    assert "pulls:" in w.gh.file_on("main", f".commons/publish/{CYCLE}.yml")
    assert not w.gh.violations

    main_before = w.gh.branch_sha("main")
    writes_before = w.gh.count(writes_only=True)
    second = publish(cli, w)
    assert second.code == 0, second.err
    assert w.gh.branch_sha("main") == main_before  # no second commit
    assert w.gh.count(writes_only=True) == writes_before  # no merge, no comment
    assert "Nothing new to write" in second.err
    refs = subprocess.run(["git", "for-each-ref", "refs/commons-publish"], cwd=w.runner, capture_output=True, text=True)
    assert refs.stdout == ""  # fetched pull request heads leave no refs behind


def test_dry_run_changes_nothing_and_shows_the_would_be_newsletter(cli, world):
    w = world
    main_before = w.gh.branch_sha("main")
    writes_before = w.gh.count(writes_only=True)  # the fixture's own pull requests
    result = publish(cli, w, "--dry-run")
    assert result.code == 0, result.err
    assert w.gh.count(writes_only=True) == writes_before
    assert w.gh.branch_sha("main") == main_before
    assert f"#{w.pulls['jiyoon-nlp']} @jiyoon-nlp: would merge" in result.out
    assert f"would write {README} (new)" in result.out
    assert "+#### 2. [A survey of RAG](https://example.com/rag-survey)" in result.out


@pytest.mark.parametrize("status", [405, 409])
def test_merge_refused_by_github_is_not_merged_and_told_once(cli, world, status):
    w = world
    w.gh.fail("PUT", rf"/pulls/{w.pulls['jiyoon-nlp']}/merge$", status, times=1,
              message="Pull Request is not mergeable" if status == 405 else "Head branch was modified.")
    assert publish(cli, w).code == 0
    assert pull_state(w, "jiyoon-nlp") == ("open", False)
    bodies = comment_bodies(w, "jiyoon-nlp")
    assert len(bodies) == 1 and f"GitHub가 병합을 거절했습니다 ({status})" in bodies[0]
    assert pull_state(w, "hyeonwoo-dev") == ("closed", True)
    assert publish(cli, w).code == 0  # the fault is spent: now it merges
    assert pull_state(w, "jiyoon-nlp") == ("closed", True)
    assert len(comment_bodies(w, "jiyoon-nlp")) == 1


def test_pull_request_mode_opens_one_pull_request_and_reruns_leave_it(cli, world):
    w = world
    config = w.runner / "commons.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("mode: commit", "mode: pull-request"), encoding="utf-8")
    assert publish(cli, w).code == 0
    publish_pulls = [n for n, p in w.gh.pulls.items() if p["head"] == f"commons/publish/{CYCLE}"]
    assert len(publish_pulls) == 1
    assert w.gh.file_on(f"commons/publish/{CYCLE}", README)
    branch_sha = w.gh.branch_sha(f"commons/publish/{CYCLE}")
    writes = w.gh.count(writes_only=True)
    result = publish(cli, w)
    assert result.code == 0, result.err
    assert w.gh.branch_sha(f"commons/publish/{CYCLE}") == branch_sha
    assert w.gh.count(writes_only=True) == writes
    assert "unchanged" in result.err


def test_missing_environment_is_a_usage_error(cli, world, monkeypatch):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("COMMONS_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    result = cli("--repo", world.runner, "publish")
    assert result.code == 2 and "GITHUB_REPOSITORY" in result.err


def test_already_merged_by_a_person_counts_and_gets_no_comment(cli, world):
    from commons.github import GitHub

    w = world
    client = GitHub.from_env({**w.gh.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})
    client.merge(w.pulls["jiyoon-nlp"], method="squash")
    merges_before = w.gh.count("PUT", r"/merge$")
    result = publish(cli, w)
    assert result.code == 0, result.err
    assert f"#{w.pulls['jiyoon-nlp']} @jiyoon-nlp: merged earlier" in result.out
    assert w.gh.count("PUT", r"/merge$") == merges_before + 1  # only hyeonwoo's
    assert comment_bodies(w, "jiyoon-nlp") == []
    assert "A survey of RAG" in w.gh.file_on("main", README)
    record = w.gh.file_on("main", f".commons/publish/{CYCLE}.yml")
    assert f"number: {w.pulls['jiyoon-nlp']}\n  member: jiyoon-nlp\n  outcome: merged" in record


def test_a_cycle_with_no_items_and_no_reviews_writes_nothing(cli, world):
    w = world
    main_before, writes_before = w.gh.branch_sha("main"), w.gh.count(writes_only=True)
    result = publish(cli, w, "--cycle", "2026-W50")
    assert result.code == 0, result.err
    assert "Nothing to publish for 2026-W50: it has no items and no reviews; no newsletter written." in result.err
    assert w.gh.branch_sha("main") == main_before and w.gh.count(writes_only=True) == writes_before


def test_announces_the_issue_once_as_a_discussion_and_by_webhook(cli, world, monkeypatch):
    import json

    import yaml

    from publish.webhook_server import WebhookServer

    w = world
    w.gh.add_discussion_category("Announcements")
    config = yaml.safe_load((w.seed / "commons.yml").read_text(encoding="utf-8"))
    config["newsletter"] = {"discussion_category": "Announcements", "webhook": True}
    (w.seed / "commons.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    commit_all(w.seed, "announce the newsletter")
    git(w.seed, "push", "-q", "origin", "HEAD:main")
    git(w.runner, "pull", "-q", "origin", "main")  # the workflow's checkout reads commons.yml
    with WebhookServer("slack") as hook:
        monkeypatch.setenv("COMMONS_WEBHOOK_URL", hook.url)
        first = publish(cli, w)
        assert "Announced: discussion https://github.com/nlx/handbook/discussions/" in first.err, first.err
        assert len(w.gh.discussions) == 1 and len(hook.posts) == 1
        assert main_log(w)[0] == "announce 2026-W48: discussion, webhook"
        state = json.loads(w.gh.file_on("main", f".commons/announce/{CYCLE}.json"))
        assert state["webhook"] == "sent" and state["discussion"].startswith("https://github.com/nlx/handbook/")
        link = "https://github.com/nlx/handbook/blob/main/news/2026-W48/README.md"
        assert link in hook.posts[0]["text"] and link in w.gh.discussions[0]["body"]
        log = main_log(w)
        second = publish(cli, w)
        assert "Announced" not in second.err
        assert len(w.gh.discussions) == 1 and len(hook.posts) == 1 and main_log(w) == log
    assert w.gh.violations == []


def test_old_reviews_the_committed_cache_answers_for_are_not_materialized(cli, world, monkeypatch):
    """The workflow's publish builds main's tree in a scratch folder: old cycles' reviews the
    committed portfolio cache answers for by blob id are left out of it, and the portfolios and
    the 잔디 on main still count them."""
    from commons.publish import remote

    w = world
    old = "2026-W45"
    write(w.seed / f"news/{old}/reviews/jiyoon-nlp/old-find.md",
          review("old-find", "jiyoon-nlp", 4).replace(f"cycle: {CYCLE}", f"cycle: {old}"))
    assert cli("--repo", w.seed, "index", env={"COMMONS_NOW": NOW}).code == 0  # the cache, as a publish leaves it
    commit_all(w.seed, "an old cycle, indexed")
    git(w.seed, "push", "-q", "origin", "HEAD:main")
    asked = []
    real = remote.materialize

    def materialize(git_, commit, target, overlays=(), wanted=None):
        asked.append(wanted(f"news/{old}/reviews/jiyoon-nlp/old-find.md"))
        return real(git_, commit, target, overlays, wanted)

    monkeypatch.setattr(remote, "materialize", materialize)
    result = publish(cli, w)
    assert result.code == 0, result.err
    assert asked and set(asked) == {"skip"}
    page = w.gh.file_on("main", "portfolio/jiyoon-nlp.md")
    assert "old-find" in page and "vllm-0-7" in page  # the old review from the cache, this week's from the files
    assert "11/2" in w.gh.file_on("main", f"news/{CYCLE}/contributions.svg")  # the old cycle's column in the 잔디
