"""The world the full-cycle test runs in: feeds, an AI server, GitHub, and the workflows' git steps.

Everything is real except the three servers, which are local doubles on 127.0.0.1:
a feed server (``collect/collect_support.FeedServer``) serving the sample feeds of
``examples/feeds/`` and, in the second week, newer versions of them; the
OpenAI-compatible server (``triage/fake_openai.FakeOpenAI``); and the GitHub REST
double, whose repository is the bare git repository the checkout pushes to.

A :class:`World` plays the parts around the commands: the Actions runner (a clone
that is reset to ``origin/main`` before each workflow and commits what the
workflow commits), members (who push their reviews to their branches), the
validate check (a PR-head checkout) and the maintainer (who approves).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "feeds"
MAINTAINER = "boss"
MEMBERS = ("ara", "bora", "chan")
CHECK_NAME = "validate changed files"

# The sample feeds, each at a path of the feed server, with the kind commons.yml gives it.
FEEDS = {
    "lab-blog": ("lab-blog.rss.xml", "feed"),
    "ai-news-ko": ("ai-news-ko.rss.xml", "feed"),
    "devs-ko": ("dev-community-ko.atom.xml", "feed"),
    "arxiv-cs-cl": ("arxiv-cs-cl.rss.xml", "arxiv"),
    "hf-papers": ("hf-daily-papers.json", "hf-papers"),
    "vllm-releases": ("vllm-releases.atom", "github-releases"),
    "hn-llm": ("hn-llm.rss.xml", "hn"),
}

# What week two adds to the feeds: new posts above the ones already collected.
WEEK_TWO_RSS = {
    "lab-blog": [
        ("Nimbus-2-Instruct: tool use and a 2x faster tokenizer", "https://lab.example.com/blog/nimbus-2-instruct",
         "Wed, 25 Nov 2026 08:00:00 GMT", "The instruction-tuned Nimbus-2 model calls tools reliably and its new tokenizer halves Korean token counts."),
        ("Our office plants, ranked", "https://lab.example.com/blog/office-plants",
         "Thu, 26 Nov 2026 08:00:00 GMT", "A light post about the ferns in our Seoul office."),
    ],
    "ai-news-ko": [
        ("국내 스타트업, RAG 평가 자동화 라이브러리 오픈소스로 공개", "https://news.example.kr/article/10301",
         "Fri, 27 Nov 2026 10:00:00 +0900", "검색 증강 생성(RAG) 파이프라인의 답변 품질을 자동으로 평가하는 라이브러리가 공개됐다. LLM 심판 모델과 사람 평가의 일치도를 함께 보고한다."),
    ],
}
WEEK_TWO_ATOM = {
    "vllm-releases": [("v0.14.1", "tag:github.com,2008:Repository/599547518/v0.14.1",
                       "https://github.com/vllm-project/vllm/releases/tag/v0.14.1", "2026-11-26T10:00:00Z",
                       "Fixes for FP8 KV cache on older GPUs; faster model loading.")],
}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def week_two_feed(name: str) -> bytes:
    """The sample feed with week two's new entries on top (feeds list newest first)."""
    text = (EXAMPLES / FEEDS[name][0]).read_text(encoding="utf-8")
    if name in WEEK_TWO_RSS:
        new = "".join(
            f"    <item>\n      <title>{_escape(t)}</title>\n      <link>{_escape(u)}</link>\n      <guid>{_escape(u)}</guid>\n"
            f"      <pubDate>{d}</pubDate>\n      <description>{_escape(s)}</description>\n    </item>\n"
            for t, u, d, s in WEEK_TWO_RSS[name]
        )
        text = text.replace("    <item>", new + "    <item>", 1)
    if name in WEEK_TWO_ATOM:
        new = "".join(
            f"  <entry>\n    <id>{i}</id>\n    <updated>{d}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{u}\"/>\n"
            f"    <title>{t}</title>\n    <content type=\"html\">{_escape(s)}</content>\n  </entry>\n"
            for t, i, u, d, s in WEEK_TWO_ATOM[name]
        )
        text = text.replace("  <entry>", new + "  <entry>", 1)
    return text.encode("utf-8")


def commons_yml(feed_base: str) -> str:
    """The project's own commons.yml, reading the feed server, maintainer @boss, one reviewer per item:
    with two, an item one member leaves unreviewed is still reviewed by the other and nothing is carried over."""
    text = (ROOT / "commons.yml").read_text(encoding="utf-8")
    sources = "\n".join(
        f'  - {{id: {sid}, title: "{sid} (sample)", url: "{feed_base}/{file}"'
        + (f", kind: {kind}" if kind != "feed" else "") + (", language: ko" if sid.endswith("-ko") else "") + "}"
        for sid, (file, kind) in FEEDS.items()
    )
    text, count = re.subn(r"\nsources:\n.*?\n\ncategories:", f"\nsources:\n{sources}\n\ncategories:", text, flags=re.S)
    assert count == 1, "commons.yml no longer has the sources: … categories: shape this test rewrites"
    text = re.sub(r"reviewers_per_item: \d+", "reviewers_per_item: 1", text)
    text = re.sub(r"max_items_per_member: \d+", "max_items_per_member: 4", text)
    text = re.sub(r"maintainers: \[[^\]]*\]", f"maintainers: [{MAINTAINER}]", text)
    return text


MEMBERS_YML = "members:\n" + "".join(
    f"  - github: {handle}\n    name: {name}\n    interests: [{interests}]\n    capacity: 4\n"
    for handle, name, interests in (
        ("ara", "김아라", "papers, usage"), ("bora", "이보라", "frameworks, model-updates"), ("chan", "박찬", "business, productivity"),
    )
)


def git(cwd: Path, *args: str, when: str | None = None, check: bool = True) -> str:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


@dataclass
class Ran:
    code: int
    out: str
    err: str


class World:
    def __init__(self, tmp: Path, gh, feeds, ai, monkeypatch):
        self.tmp, self.gh, self.feeds, self.ai, self.mp = tmp, gh, feeds, ai, monkeypatch
        self.runner = gh.clone(tmp / "runner")  # the Actions checkout
        self.member = gh.clone(tmp / "member")  # where members edit their review branches
        self.ci = gh.clone(tmp / "ci")  # the validate workflow's checkout of a PR head
        self.log: list[str] = []
        for key, value in {**gh.env(), "OPENAI_BASE_URL": ai.base_url, "OPENAI_API_KEY": "test-key",
                           "COMMONS_SECONDS_BETWEEN_WRITES": "0", "COMMONS_AI_BACKOFF": "0"}.items():
            monkeypatch.setenv(key, value)
        for key in ("GITHUB_TOKEN", "GITHUB_STEP_SUMMARY", "GITHUB_HEAD_REF", "GITHUB_BASE_REF", "GITHUB_ACTIONS"):
            monkeypatch.delenv(key, raising=False)

    # -- the feeds --------------------------------------------------------------------------------
    def serve_week(self, week: int) -> None:
        for name, (file, _) in FEEDS.items():
            body = (EXAMPLES / file).read_bytes() if week == 1 or name not in {**WEEK_TWO_RSS, **WEEK_TWO_ATOM} else week_two_feed(name)
            self.feeds.serve(f"/{file}", body)

    # -- the repository ---------------------------------------------------------------------------
    def seed(self, when: str) -> None:
        (self.runner / "commons.yml").write_text(commons_yml(self.feeds.base), encoding="utf-8")
        (self.runner / "members.yml").write_text(MEMBERS_YML, encoding="utf-8")
        shutil.copytree(ROOT / "schemas", self.runner / "schemas")
        shutil.copytree(ROOT / "handbook", self.runner / "handbook")
        git(self.runner, "add", "-A")
        git(self.runner, "commit", "-qm", "a commons repository", when=when)
        git(self.runner, "push", "-q", "origin", "HEAD:main")

    # -- commands and the workflows around them -------------------------------------------------------
    def commons(self, now: str, *args: str, cwd: Path | None = None) -> Ran:
        from commons.cli import main

        self.mp.setenv("COMMONS_NOW", now)
        out, err = StringIO(), StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--repo", str(cwd or self.runner), *args])
        self.log.append(f"$ commons {' '.join(args)} → {code}\n{out.getvalue()}{err.getvalue()}")
        return Ran(code, out.getvalue(), err.getvalue())

    def fresh_checkout(self) -> None:
        """Each workflow run starts from main as it is on GitHub."""
        git(self.runner, "fetch", "-q", "origin")
        git(self.runner, "checkout", "-q", "main")
        git(self.runner, "reset", "-q", "--hard", "origin/main")

    def commit_and_push(self, message: str, when: str) -> bool:
        """The workflows' last step: commit news/ and .commons/ when they changed, push to main."""
        paths = [p for p in ("news", ".commons") if (self.runner / p).exists()]
        if not paths:
            return False
        git(self.runner, "add", "--all", "--", *paths)
        if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=self.runner).returncode == 0:
            return False  # nothing new to commit
        git(self.runner, "commit", "-qm", message, when=when)
        git(self.runner, "push", "-q", "origin", "HEAD:main")
        return True

    def collect_workflow(self, now: str) -> tuple[Ran, Ran]:
        self.fresh_checkout()
        collected = self.commons(now, "collect")
        triaged = self.commons(now, "triage")
        self.commit_and_push("collect: news", now)
        return collected, triaged

    def assign_workflow(self, now: str) -> tuple[Ran, Ran]:
        self.fresh_checkout()
        first = self.commons(now, "assign", "--no-pull-requests")
        assert first.code <= 1, first.err
        self.commit_and_push("assign: record this cycle's review assignments", now)
        return first, self.commons(now, "assign")

    def publish_workflow(self, now: str, *args: str) -> Ran:
        self.fresh_checkout()
        ran = self.commons(now, "publish", *args)
        self.fresh_checkout()
        return ran

    # -- people --------------------------------------------------------------------------------------------
    def write_reviews(self, cycle: str, handle: str, judgements: dict[str, dict], when: str) -> str:
        """A member fills in review files on their branch and pushes; returns the new head."""
        branch = f"commons/review/{cycle}/{handle}"
        git(self.member, "fetch", "-q", "origin")
        git(self.member, "checkout", "-q", "-B", branch, f"origin/{branch}")
        for item_id, fields in judgements.items():
            path = self.member / "news" / cycle / "reviews" / handle / f"{item_id}.md"
            text = path.read_text(encoding="utf-8")
            for key, value in fields.items():
                text, n = re.subn(rf"^{key}:[^\n]*$", f"{key}: {json.dumps(value, ensure_ascii=False)}", text, count=1, flags=re.M)
                if n == 0:  # chapter: a key the template does not have
                    text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
            path.write_text(text, encoding="utf-8")
        git(self.member, "commit", "-qam", f"reviews by {handle}", when=when)
        git(self.member, "push", "-q", "origin", branch)
        return git(self.member, "rev-parse", "HEAD").strip()

    def validate_pull(self, cycle: str, handle: str, now: str) -> Ran:
        """The validate workflow on a review PR. On ``pull_request`` events actions/checkout checks out
        GitHub's merge of the head into main (``refs/pull/N/merge``), so the assignment record, which
        the assign workflow commits to main after pushing the branches, is there."""
        branch = f"commons/review/{cycle}/{handle}"
        git(self.ci, "fetch", "-q", "origin")
        git(self.ci, "checkout", "-q", "--detach", "origin/main")
        git(self.ci, "merge", "-q", "--no-edit", f"origin/{branch}", when=now)
        return self.commons(now, "validate", "--changed-since", "origin/main", "--review-branch", branch, cwd=self.ci)

    def pull_of(self, cycle: str, handle: str) -> int:
        return next(n for n, p in self.gh.pulls.items() if p["head"] == f"commons/review/{cycle}/{handle}")

    # -- what can be observed ---------------------------------------------------------------------------
    def items(self) -> dict[str, dict]:
        """"<cycle>/<id>" → front matter of every item, a file or a pool record (an item keeps its key when promoted)."""
        from commons.content import items as content_items

        found, problems = content_items.read_items(self.runner)
        assert problems == []
        return {f"{f.meta['cycle']}/{f.item_id}": f.meta for f in found}

    def tree(self) -> dict[str, str]:
        """Every file of the checkout (not .git) → a hash of its bytes: any write shows, by name."""
        return {
            path.relative_to(self.runner).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            for path in sorted(self.runner.rglob("*"))
            if path.is_file() and ".git" not in path.relative_to(self.runner).parts
        }

    def remote_state(self) -> dict:
        """Everything the GitHub double holds: refs, pull requests, issues, labels, comments, reviews."""
        refs = git(self.gh.bare, "for-each-ref", "--format=%(refname) %(objectname)")
        return json.loads(json.dumps({
            "refs": refs, "pulls": self.gh.pulls, "issues": self.gh.issues, "labels": self.gh.labels,
            "comments": self.gh.comments, "reviews": self.gh.reviews,
        }, sort_keys=True, default=str))
