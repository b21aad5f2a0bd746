"""Conditional GET, dedup against all history, idempotence, resume, dry run."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from collect.collect_support import NOW, example, items, set_sources, snapshot, feeds  # noqa: F401 - the fixture

from commons.collect import apply as writer
from commons.collect import parse
from commons.collect.index import SeenIndex


def rss(*entries: tuple[str, str], extra: str = "") -> bytes:
    rows = "".join(f"<item><title>{t}</title><link>{u}</link>{extra}</item>" for t, u in entries)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{rows}</channel></rss>'.encode()


def collect(cli, repo, *extra, now=NOW):
    return cli("--repo", repo, "collect", *extra, env={"COMMONS_NOW": now})


def test_unchanged_feed_costs_one_request_and_no_parse(repo, feeds, cli, monkeypatch):
    url = feeds.serve("/feed", example("lab-blog.rss.xml"), etag='"abc"', headers={"Last-Modified": "Fri, 20 Nov 2026 00:00:00 GMT"})
    set_sources(repo, [{"id": "lab", "url": url}])
    assert collect(cli, repo).code == 0
    state = json.loads((repo / ".commons/collect/sources.json").read_text())["sources"]["lab"]
    assert state["etag"] == '"abc"' and state["last_modified"] == "Fri, 20 Nov 2026 00:00:00 GMT"
    before = snapshot(repo)

    parses = []
    real = parse.parse_source
    monkeypatch.setattr(parse, "parse_source", lambda *a: parses.append(a) or real(*a))
    second = collect(cli, repo)
    assert second.code == 0 and "1 not modified" in second.out
    requests = feeds.requests_to("/feed")
    assert len(requests) == 2 and requests[1]["If-None-Match"] == '"abc"'
    assert requests[1]["If-Modified-Since"] == "Fri, 20 Nov 2026 00:00:00 GMT"
    assert parses == [] and snapshot(repo) == before  # nothing parsed, nothing written


def test_same_bytes_without_validators_are_not_parsed_again(repo, feeds, cli, monkeypatch):
    set_sources(repo, [{"id": "lab", "url": feeds.serve("/feed", example("lab-blog.rss.xml"))}])
    collect(cli, repo)
    before = snapshot(repo)
    monkeypatch.setattr(parse, "parse_source", lambda *a: pytest.fail("parsed an unchanged body"))
    assert collect(cli, repo).code == 0 and snapshot(repo) == before


def test_duplicates_of_history_by_url_arxiv_id_doi_and_title(repo, feeds, cli):
    first = [
        ("Nimbus-2 released with a 256K context window", "https://lab.example.com/nimbus-2?utm_source=rss"),
        ("Speculative retrieval for RAG", "https://arxiv.org/abs/2611.04512v1"),
        ("A study of retrieval for code", "https://doi.org/10.1145/3597503.3639187"),
        ("OpenAI announces GPT-7 with native audio reasoning", "https://news.example.com/gpt-7"),
        ("langchain-core==0.3.1", "https://github.com/langchain-ai/langchain/releases/tag/langchain-core==0.3.1"),
    ]
    set_sources(repo, [{"id": "a", "url": feeds.serve("/a", rss(*first))}])
    assert collect(cli, repo, now="2026-11-10T12:00:00+09:00").code == 0
    assert len(items(repo)) == 5

    later = [
        ("Nimbus 2 is out", "http://www.LAB.example.com/nimbus-2/?fbclid=zzz"),  # URL
        ("Speculative Retrieval (v2)", "https://arxiv.org/pdf/2611.04512v2"),  # arXiv id
        ("Retrieval for code, the paper", "https://dl.acm.org/doi/10.1145/3597503.3639187"),  # DOI
        ("OpenAI Announces GPT-7 With Native Audio Reasoning!", "https://other.example.org/story/1"),  # title
        ("langchain-core==0.3.2", "https://github.com/langchain-ai/langchain/releases/tag/langchain-core==0.3.2"),
        ("Something else entirely", "https://other.example.org/story/2"),
    ]
    set_sources(repo, [{"id": "a", "url": feeds.url("/a")}, {"id": "b", "url": feeds.serve("/b", rss(*later))}])
    result = collect(cli, repo, now="2026-11-20T12:00:00+09:00")
    assert result.code == 0, result.out
    found = items(repo)
    new = {m["title"] for m in found.values() if m["source"] == "b"}
    assert new == {"langchain-core==0.3.2", "Something else entirely"}  # other numbers: another release
    noted = {m["title"]: m.get("also_seen") for m in found.values() if m["source"] == "a"}
    assert noted["Nimbus-2 released with a 256K context window"] == [{"source": "b", "url": "http://www.lab.example.com/nimbus-2/"}]
    for title in ("Speculative retrieval for RAG", "A study of retrieval for code", "OpenAI announces GPT-7 with native audio reasoning"):
        assert [s["source"] for s in noted[title]] == ["b"], title
    assert noted["langchain-core==0.3.1"] is None
    assert {m["cycle"] for m in found.values() if m["source"] == "a"} == {"2026-W47"}  # history stays put
    assert "4 duplicates of other sources" in result.out

    # the same again, parsed in full: nothing new, and the notes are not repeated
    before = snapshot(repo)
    feeds.answers["/b"].body += b" "
    assert collect(cli, repo, now="2026-11-20T12:00:00+09:00").code == 0
    after = snapshot(repo)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {".commons/collect/sources.json"}  # only the new body's hash


def test_idempotent_second_run_writes_nothing(repo, feeds, cli):
    set_sources(repo, [
        {"id": "lab", "url": feeds.serve("/lab", example("lab-blog.rss.xml"))},
        {"id": "ko", "url": feeds.serve("/ko", example("ai-news-ko.rss.xml"))},
    ])
    assert collect(cli, repo).code == 0
    before = snapshot(repo)
    again = collect(cli, repo)
    assert again.code == 0 and "wrote 0 new items" in again.out
    assert snapshot(repo) == before


def test_a_run_where_nothing_changed_never_loads_the_history(repo, feeds, cli, monkeypatch):
    # Loading the dedup index costs time in proportion to all history (100k items: seconds);
    # a run where every source is unchanged must not pay it.
    from commons.collect.index import SeenIndex

    set_sources(repo, [{"id": "lab", "url": feeds.serve("/lab", example("lab-blog.rss.xml"))}])
    assert collect(cli, repo).code == 0

    def refuse(cls, repo):
        raise AssertionError("the history index was loaded although no source brought entries")

    monkeypatch.setattr(SeenIndex, "load", classmethod(refuse))
    again = collect(cli, repo)
    assert again.code == 0 and "wrote 0 new items" in again.out


def test_dry_run_prints_the_plan_and_writes_nothing(repo, feeds, cli):
    set_sources(repo, [{"id": "lab", "url": feeds.serve("/lab", example("lab-blog.rss.xml"))}])
    result = collect(cli, repo, "--dry-run")
    assert result.code == 0
    assert "would write introducing-nimbus-2-" in result.out and "to news/2026-W48/collected/2026-11-" in result.out
    assert "would update .commons/collect/sources.json" in result.out
    assert "would write 3 new items" in result.out
    assert not (repo / "news").exists() and not (repo / ".commons").exists()


def test_a_run_killed_half_way_leaves_whole_files_and_the_next_run_finishes(repo, feeds, cli, monkeypatch):
    set_sources(repo, [
        {"id": "lab", "url": feeds.serve("/lab", example("lab-blog.rss.xml"))},
        {"id": "ko", "url": feeds.serve("/ko", example("ai-news-ko.rss.xml"))},
        {"id": "devs", "url": feeds.serve("/devs", example("dev-community-ko.atom.xml"))},
    ])
    real = writer.note_also_seen

    def dying(repo_path, notes):
        raise KeyboardInterrupt  # as if the runner were stopped after the items, before the state

    monkeypatch.setattr(writer, "note_also_seen", dying)
    assert collect(cli, repo).code == 130
    assert len(items(repo)) == 8
    assert not list(repo.rglob(".commons-tmp-*"))  # no half-written file anywhere
    assert not (repo / ".commons/collect/sources.json").exists()  # state only after the items

    monkeypatch.setattr(writer, "note_also_seen", real)
    result = collect(cli, repo)
    assert result.code == 0, result.out
    assert len(items(repo)) == 8  # 9 entries, the Korean Nimbus story is the lab's: also_seen
    assert "wrote 0 new items" in result.out  # found in the pool by the index's reconciliation
    index, problems = SeenIndex.load(repo)
    assert problems == [] and len(index) == 8


def test_the_index_answers_without_reading_item_files(repo, feeds, cli, monkeypatch):
    set_sources(repo, [{"id": "lab", "url": feeds.serve("/lab", example("lab-blog.rss.xml"))}])
    collect(cli, repo)
    from commons.content import frontmatter

    monkeypatch.setattr(frontmatter, "read", lambda *a, **k: pytest.fail("read an item file"))
    index, problems = SeenIndex.load(repo)
    assert len(index) == 3 and problems == []


def test_history_of_100k_items_loads_and_matches(tmp_path):
    """No timing assertion: this shows the index shape holds 100k records and finds
    each kind of duplicate among them (bench/collect measures speed)."""
    shard = tmp_path / ".commons/collect/seen"
    shard.mkdir(parents=True)
    lines = []
    for n in range(100_000):
        record = {"id": f"item-{n:06d}", "cycle": "2026-W01", "source": "s", "url": f"example.com/{n}",
                  "title": f"story number {n} about language models and {n % 97} agents"}
        lines.append(json.dumps(record))
    (shard / "2026-W01.jsonl").write_text("\n".join(lines) + "\n")
    index, problems = SeenIndex.load(tmp_path)
    assert len(index) == 100_000 and problems == []
    near = index.find({"title": "Story number 99123 about language model and 86 agents", "url": "https://x.org/1"})
    assert near is not None and near.item_id == "item-099123" and near.rule == "title"
    assert index.find({"title": "unrelated", "url": "https://www.example.com/5/"}).item_id == "item-000005"
    assert index.find({"title": "Story number 99123 about language models and 87 agents", "url": "https://x.org/2"}) is None


def process_group_ends(pgid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_run_killed_by_sigkill_resumes_to_the_same_result(repo, feeds, tmp_path):

    def feed(n: int) -> bytes:
        return rss(*[(f"Story {n}-{k} about models", f"https://site{n}.example.com/{k}") for k in range(5)])

    sources = [{"id": f"s{n}", "url": feeds.serve(f"/{n}", feed(n), delay=0.025 * n)} for n in range(30)]
    set_sources(repo, sources)
    env = {**os.environ, "COMMONS_NOW": NOW}
    env.pop("GITHUB_STEP_SUMMARY", None)
    command = [sys.executable, "-m", "commons.cli", "--repo", str(repo), "collect"]
    # Its own process group, so that whatever happens the test ends the run and its pool.
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            if any((repo / "news").glob("*/collected/*.jsonl")):
                process.send_signal(signal.SIGKILL)  # the run only, as a cancelled job would
                break
            time.sleep(0.005)
        process.wait()
        assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
        assert process_group_ends(process.pid), "the killed run left parse workers behind"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    for path in (repo / "news").glob("*/collected/*.jsonl"):
        assert all(json.loads(line)["status"] == "new" for line in path.read_text().splitlines())  # whole files only
    # The pool is written at the end, just before the state, so the kill may land before or after
    # the state: either way the next run must reach the same result.

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(items(repo)) == 150
    assert subprocess.run(command, env=env, capture_output=True, text=True, timeout=60).stdout.startswith("collect: wrote 0 new items")


def test_titles_are_compared_within_a_window_of_recent_cycles():
    """URLs match against all history; titles only against the last TITLE_WINDOW_CYCLES cycles."""
    from commons.collect.index import TITLE_WINDOW_CYCLES, title_window

    assert TITLE_WINDOW_CYCLES == 4 and title_window("2026-W48") == "2026-W45"
    assert title_window("2027-W02") == "2026-W52"
    index = SeenIndex()
    index.add({"id": "old", "cycle": "2026-W40", "source": "s", "url": "example.com/old",
               "title": "open weights model tops the leaderboard for agents"})
    index.add({"id": "recent", "cycle": "2026-W46", "source": "s", "url": "example.com/recent",
               "title": "a new tokenizer halves the cost of korean text"})
    since = title_window("2026-W48")
    # the same story under another address, weeks apart
    assert index.find({"title": "Open-weights model tops the leaderboard for agents", "url": "https://b.org/1"}, since) is None
    assert index.find({"title": "Open-weights model tops the leaderboard for agents", "url": "https://b.org/1"}).item_id == "old"
    near = index.find({"title": "A new tokenizer halves the cost of Korean texts", "url": "https://b.org/2"}, since)
    assert near is not None and (near.item_id, near.rule) == ("recent", "title")
    # a known address matches however old
    assert index.find({"title": "something else entirely", "url": "https://example.com/old"}, since).item_id == "old"


def test_collect_dedups_titles_only_within_the_window(repo, feeds, cli):
    """The same title under a new address is a duplicate a week later and news five weeks later."""
    title = "Nimbus-2 released with a 256K context window"
    set_sources(repo, [{"id": "lab", "url": feeds.serve("/lab", rss((title, "https://lab.example.com/nimbus-2")))},
                       {"id": "wire", "url": feeds.serve("/wire", rss())}])
    assert collect(cli, repo).code == 0  # 2026-11-20: cycle 2026-W48
    feeds.serve("/wire", rss((title + "!", "https://wire.example.com/a")))
    assert collect(cli, repo, now="2026-11-27T12:00:00+09:00").code == 0
    assert len(items(repo)) == 1  # one cycle later: the same story, noted as also seen
    feeds.serve("/wire", rss((title, "https://wire.example.com/b")))
    collect(cli, repo, now="2026-12-25T12:00:00+09:00")  # (the lab is quiet by then: that is not this test's subject)
    found = items(repo)
    assert len(found) == 2 and sorted(m["cycle"] for m in found.values()) == ["2026-W48", "2026-W53"]
