"""A dead, slow, failing, malformed, HTML, redirect-looping or oversized source never
stops the others; three failing runs in a row or fourteen silent days need a person."""

from __future__ import annotations

import json
import socket

import pytest

from collect.collect_support import NOW, example, items, set_sources, feeds  # noqa: F401 - the fixture

from commons import i18n
from commons.collect import failure
from commons.collect.fetch import Collector, Limits
from commons.config import Source


def dead_url() -> str:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed"


def faulty_sources(feeds) -> list[dict]:
    feeds.serve("/loop-a", status=302, headers={"Location": "/loop-b"})
    feeds.serve("/loop-b", status=302, headers={"Location": "/loop-a"})
    return [
        {"id": "dead", "url": dead_url()},
        {"id": "slow", "url": feeds.serve("/slow", example("lab-blog.rss.xml"), delay=5)},
        {"id": "broken", "url": feeds.serve("/500", b"oops", status=500)},
        {"id": "malformed", "url": feeds.serve("/bad", b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti", headers={"Content-Type": "application/xml"})},
        {"id": "html-page", "url": feeds.serve("/html", b"<!doctype html><html><body><h1>Blog</h1></body></html>", headers={"Content-Type": "text/html; charset=utf-8"})},
        {"id": "loop", "url": feeds.url("/loop-a")},
        {"id": "huge", "url": feeds.serve("/huge", b"<rss>" + b" " * 2_100_000 + b"</rss>")},
        {"id": "good", "url": feeds.serve("/good", example("lab-blog.rss.xml"))},
    ]


def run(cli, repo, now=NOW):
    return cli("--repo", repo, "collect", "--timeout", "2", "--max-mb", "2", env={"COMMONS_NOW": now})


def test_each_fault_is_that_source_alone(repo, feeds, cli):
    set_sources(repo, faulty_sources(feeds))
    result = run(cli, repo)
    assert result.code == 0, result.out + result.err  # one failed run is not yet a person's problem
    assert {m["source"] for m in items(repo).values()} == {"good"}, result.out
    assert len(items(repo)) == 3
    state = json.loads((repo / ".commons/collect/sources.json").read_text())["sources"]
    stored = {k: v.get("last_error", "") for k, v in state.items()}
    assert stored["dead"].startswith("no_connection") and stored["huge"].startswith("declared_too_large {")  # codes, not words
    errors = {k: failure.describe(v, i18n.catalog("en")) for k, v in stored.items()}
    assert "cannot connect" in errors["dead"]
    assert "timed out" in errors["slow"]
    assert errors["broken"] == "HTTP 500 Internal Server Error"
    assert "not a feed" in errors["malformed"]
    assert "HTML page" in errors["html-page"]
    assert "redirect loop" in errors["loop"]
    assert "larger than the 2 MB limit" in errors["huge"]
    assert errors["good"] == "" and state["good"]["consecutive_failures"] == 0
    for source in ("dead", "slow", "broken", "malformed", "html-page", "loop", "huge"):
        assert f"{source}: failed this run" in result.out


def test_three_failing_runs_need_a_person_and_say_so_in_the_summary(repo, feeds, cli, tmp_path, monkeypatch):
    set_sources(repo, [{"id": "broken", "url": feeds.serve("/500", b"", status=500)}, {"id": "good", "url": feeds.serve("/good", example("lab-blog.rss.xml"))}])
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run(cli, repo, "2026-11-18T08:00:00+09:00").code == 0
    assert run(cli, repo, "2026-11-19T08:00:00+09:00").code == 0
    summary.write_text("")
    third = run(cli, repo, "2026-11-20T08:00:00+09:00")
    assert third.code == 1
    assert "broken: needs attention: failed 3 runs in a row: HTTP 500" in third.out
    text = summary.read_text()
    assert "Sources that need a person" in text and "| broken | failed 3 runs in a row" in text
    assert "| good |" not in text.split("<details>")[0]


def test_a_source_silent_for_fourteen_days_is_reported_but_is_not_a_failed_run(repo, feeds, cli):
    set_sources(repo, [{"id": "quiet", "url": feeds.serve("/quiet", example("lab-blog.rss.xml"), etag='"v1"')}])
    assert run(cli, repo, "2026-11-06T08:00:00+09:00").code == 0
    assert run(cli, repo, "2026-11-19T08:00:00+09:00").code == 0  # 13 days: still fine
    later = run(cli, repo, "2026-11-20T08:00:00+09:00")
    assert later.code == 0 and "quiet: needs attention: no new item for 14 days (since 2026-11-06)" in later.out


def test_a_rare_poster_gets_its_own_quiet_days(repo, feeds, cli):
    set_sources(repo, [{"id": "rare", "url": feeds.serve("/rare", example("lab-blog.rss.xml"), etag='"v1"'), "quiet_days": 60}])
    assert run(cli, repo, "2026-11-06T08:00:00+09:00").code == 0
    assert "needs attention" not in run(cli, repo, "2026-12-20T08:00:00+09:00").out  # 44 days
    assert "rare: needs attention: no new item for 60 days" in run(cli, repo, "2027-01-05T08:00:00+09:00").out


def test_a_gzip_bomb_is_stopped_at_the_cap(feeds, tmp_path):
    import gzip

    bomb = gzip.compress(b"<rss>" + b" " * 30_000_000 + b"</rss>")
    assert len(bomb) < 100_000
    url = feeds.serve("/bomb", bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"})
    (outcome,) = Collector(tmp_path, Limits(max_bytes=1_000_000)).run([Source(id="bomb", url=url)], {})
    assert "larger than the 1 MB limit" in failure.describe(outcome.error, i18n.catalog("en"))


def test_file_sources_read_relative_to_the_repository(repo, cli):
    feeds_dir = repo / "examples" / "feeds"
    feeds_dir.mkdir(parents=True)
    (feeds_dir / "lab.xml").write_bytes(example("lab-blog.rss.xml"))
    set_sources(
        repo,
        [
            {"id": "relative", "url": "file:examples/feeds/lab.xml"},
            {"id": "absolute", "url": (feeds_dir / "lab.xml").as_uri()},
            {"id": "missing", "url": "file:examples/feeds/nope.xml"},
        ],
    )
    result = run(cli, repo)
    assert result.code == 1  # a missing local file does not come back by itself: a person must act now
    assert "missing: needs attention: no such file" in result.out and "fix its url in commons.yml" in result.out
    assert {m["source"] for m in items(repo).values()} == {"relative"}  # absolute: the same items


def test_the_same_broken_bytes_are_not_parsed_again(repo, feeds, cli, monkeypatch):
    from commons.collect import parse

    set_sources(repo, [{"id": "malformed", "url": feeds.serve("/bad", b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti")}])
    first = run(cli, repo)
    monkeypatch.setattr(parse, "parse_source", lambda *a: pytest.fail("parsed the same broken body again"))
    second = run(cli, repo)
    assert first.code == second.code == 0
    state = json.loads((repo / ".commons/collect/sources.json").read_text())["sources"]["malformed"]
    assert state["consecutive_failures"] == 2 and state["last_error"].startswith("malformed_feed")
    assert "malformed: failed this run: not a feed" in second.out
