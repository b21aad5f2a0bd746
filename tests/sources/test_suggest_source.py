"""A source suggested with the issue form becomes, on a maintainer's label, one PR that adds it to
commons.yml with the test fetch's result; end to end against the GitHub double and a local feed."""

from __future__ import annotations

import json
import re
import sys
from itertools import count
from pathlib import Path

import pytest

from commons import i18n

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "collect"))

from collect_support import FeedServer  # noqa: E402
from commons_repo import commit_and_push, double, fast_writes, git, member_yaml, run_command, write_repo  # noqa: E402,F401

COMMAND = "commons.sources.command"
_ids = count(1)
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>
<item><title>Older post</title><link>https://example.org/a</link><pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate></item>
<item><title>Newest: @everyone see #12 &lt;img src=x&gt;</title><link>https://example.org/b</link><pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""


def speak(repo: Path, language: str) -> None:
    path = repo / "commons.yml"
    path.write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", path.read_text(encoding="utf-8")), encoding="utf-8")


def form(url: str, name="Example AI Blog", kind="feed (RSS/Atom/RDF)") -> str:
    return (f"### 피드 주소 · Feed URL\n\n{url}\n\n### 이름 · Name\n\n{name}\n\n### 종류 · Kind\n\n{kind}\n\n"
            "### 언어 · Language\n\n영어 · English\n\n### 왜 따라갈 만한가요 · Why is it worth following?\n\n"
            "@everyone 좋은 글이 많아요 <script>x</script>\n")


@pytest.fixture
def feeds():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def repo(double, tmp_path, fast_writes, monkeypatch):
    from commons.sources import command

    monkeypatch.setattr(command, "ALLOW_PRIVATE_HOSTS", True)  # the feed server listens on 127.0.0.1
    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice", 2)], {}, rpi=1)
    text = (work / "commons.yml").read_text().replace("sources:\n", "sources:\n  # Feeds we read\n")
    (work / "commons.yml").write_text(text + "# the end of the file stays as it is\n")
    commit_and_push(work)
    return work


def label(double, work, tmp_path, body: str, sender="boss", name="source-approved", number=None):
    number = number or double._new_issue("[source] Example", body)
    event = {"action": "labeled", "label": {"name": name}, "sender": {"login": sender},
             "issue": {"number": number, "body": body, "created_at": "2026-11-20T01:02:03Z"}}
    path = tmp_path / f"issue-event-{next(_ids)}.json"
    path.write_text(json.dumps(event))
    return run_command(COMMAND, work, "--event", str(path)), number, path


def comments_on(double, number) -> list[str]:
    return [c["body"] for c in double.comments.values() if c["issue"] == number]


def test_an_approved_suggestion_becomes_one_pull_request_with_the_test_fetch(repo, double, feeds, tmp_path):
    url = feeds.serve("/feed.xml", FEED, headers={"Content-Type": "application/rss+xml"})
    before = (repo / "commons.yml").read_text()
    code, number, event = label(double, repo, tmp_path, form(url))
    assert code == 0
    (pull_number,) = [n for n, p in double.pulls.items() if p["head"].endswith(f"commons/source/{number}")]
    body = double.issues[pull_number]["body"]
    assert "**시험 수집에서 찾은 글:** 2건" in body and "**가장 최근 글의 날짜:** 2026-11-19" in body and f"Closes #{number}" in body
    assert "@everyone" not in body and "#12" not in body and "<img" not in body  # the newest title, inert
    assert double.issues[pull_number]["title"] == "출처 추가: Example AI Blog"
    text = double.file_on(f"commons/source/{number}", "commons.yml")
    added = f'  # Suggested in issue {number}\n  - {{id: example-ai-blog, title: "Example AI Blog", url: "{url}", language: en}}\n'
    assert added in text and text.replace(added, "") == before  # one entry added, every comment kept
    (answer,) = comments_on(double, number)
    assert f"#{pull_number}" in answer and "시험 수집에 성공" in answer

    # The branch's commons.yml passes `commons validate`.
    git(repo, "fetch", "-q", "origin", f"commons/source/{number}")
    git(repo, "checkout", "-q", "FETCH_HEAD")
    assert run_command("commons.validate.command", repo, "commons.yml") == 0
    git(repo, "checkout", "-q", "-")

    # The label again (a rerun): nothing changes, nothing more is said.
    writes = double.count(writes_only=True)
    assert run_command(COMMAND, repo, "--event", str(event)) == 0
    assert double.count(writes_only=True) == writes


def test_only_a_maintainers_label_acts(repo, double, feeds, tmp_path):
    url = feeds.serve("/feed.xml", FEED, headers={"Content-Type": "application/rss+xml"})
    writes = double.count(writes_only=True)
    code, number, _ = label(double, repo, tmp_path, form(url), sender="alice")
    assert code == 0 and feeds.log == [] and double.pulls == {}
    assert double.count(writes_only=True) == writes and comments_on(double, number) == []  # not a request: nothing written


@pytest.mark.parametrize("language, words, other_words", [
    ("ko", ["HTML 페이지가 돌아왔습니다", "PR은 열지 않았습니다"], ["HTML page", "No pull request"]),
    ("en", ["HTML page, not a feed", "No pull request was opened"], ["HTML 페이지", "PR은"]),
])
def test_a_failing_feed_gets_one_clear_comment_and_no_pull_request(repo, double, feeds, tmp_path, language, words, other_words):
    speak(repo, language)  # the answer, the failure's words included, in the community's language only
    feeds.serve("/page", "<html><head><title>x</title></head><body>not a feed</body></html>", headers={"Content-Type": "text/html"})
    code, number, event = label(double, repo, tmp_path, form(feeds.url("/page")))
    (said,) = comments_on(double, number)
    assert all(w in said for w in words) and not any(w in said for w in other_words) and double.pulls == {}
    assert run_command(COMMAND, repo, "--event", str(event)) == 0 and len(comments_on(double, number)) == 1


@pytest.mark.parametrize("body, field", [
    ("just some words, no form", "url"),
    (form("javascript:alert(1)"), "url"),
    (form("http://169.254.169.254/latest/meta-data/"), "url"),
    (form("https://example.org/feed.xml", name="_No response_"), "title"),
    (form("https://example.org/feed.xml", kind="rss-but-fancy"), "kind"),
])
def test_a_bad_issue_form_is_answered_once_with_the_field(repo, double, feeds, tmp_path, monkeypatch, body, field):
    from commons.sources import command

    monkeypatch.setattr(command, "ALLOW_PRIVATE_HOSTS", False)
    code, number, event = label(double, repo, tmp_path, body)
    (said,) = comments_on(double, number)
    korean = i18n.catalog("ko")  # the example community's language, and only it
    assert code == 0 and f"이슈의 {korean(f'sources.field.{field}')} 항목을 쓸 수 없습니다" in said and double.pulls == {}
    assert "cannot be used" not in said
    label(double, repo, tmp_path, body, number=number)
    assert len(comments_on(double, number)) == 1


def test_an_address_already_in_commons_yml_is_not_added_twice(repo, double, tmp_path):
    code, number, _ = label(double, repo, tmp_path, form("https://example.com/feed.xml?utm_source=x"))
    (said,) = comments_on(double, number)
    assert "이미 `commons.yml`의 출처(`src`)입니다" in said and "already" not in said and double.pulls == {}


def test_the_form_label_makes_sure_the_approval_label_exists(repo, double, tmp_path):
    label(double, repo, tmp_path, form("https://example.org/feed.xml"), sender="someone", name="source")
    assert "source-approved" in double.labels
