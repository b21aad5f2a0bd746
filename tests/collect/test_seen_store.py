"""The dedup history on disk (SeenStore): what was seen matches however old, memory holds only the
cycles a run needs, and the store always says what the shards say (changed, gone, lost, broken)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from commons.collect.index import SeenIndex, SeenStore, title_window
from commons.content import cycles

CYCLES = ["2026-W01"]
for _ in range(29):
    CYCLES.append(cycles.next_cycle(CYCLES[-1]))


def record(n: int, cycle: str, **extra) -> dict:
    return {"id": f"item-{n:05d}", "cycle": cycle, "source": f"s{n % 3}", "url": f"example.com/{n}",
            "title": f"story {n} about models number {n * 7}", **extra}


def history(repo: Path, per_cycle: int = 40) -> list[dict]:
    """30 cycles of shards; every 10th item has an arXiv id, every 15th a DOI, every 20th a second address."""
    folder = repo / ".commons/collect/seen"
    folder.mkdir(parents=True, exist_ok=True)
    everything = []
    for c, cycle in enumerate(CYCLES):
        rows = []
        for k in range(per_cycle):
            n = c * per_cycle + k
            extra = {}
            if n % 10 == 0:
                extra["arxiv"] = f"2601.{n:05d}"
            if n % 15 == 0:
                extra["doi"] = f"10.1000/{n}"
            if n % 20 == 0:
                extra["also_url"] = [f"mirror.example.org/{n}"]
                extra["sources"] = ["hn-llm"]
            rows.append(record(n, cycle, **extra))
        (folder / f"{cycle}.jsonl").write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
        everything += rows
    return everything


def git_init(repo: Path) -> None:
    subprocess.run(["git", "init", "-q", str(repo)], check=True)


def queries(records: list[dict]) -> list[dict]:
    out = []
    for r in records[::7]:
        n = int(r["id"].split("-")[1])
        out.append({"url": f"https://{r['url']}/", "title": "unrelated words entirely", "source": "other"})
        if r.get("arxiv"):
            out.append({"url": f"https://x.org/{n}", "arxiv": r["arxiv"], "title": "x", "source": "other"})
        if r.get("doi"):
            out.append({"url": f"https://y.org/{n}", "doi": r["doi"].upper(), "title": "y", "source": "other"})
        for also in r.get("also_url", []):
            out.append({"url": f"https://{also}", "title": "z", "source": "other"})
        out.append({"url": f"https://new.example.net/{n}", "title": r["title"].title(), "source": "other"})
    return out


def test_the_store_answers_as_all_history_in_memory_did(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git_init(repo)
    records = history(repo)
    in_memory = SeenIndex()
    for r in records:
        in_memory.add(dict(r))
    stored, problems = SeenIndex.load(repo)
    assert problems == [] and stored.store is not None
    since = title_window(CYCLES[-1])
    for query in queries(records):
        expected, got = in_memory.find(query, since), stored.find(query, since)
        assert (got and (got.item_id, got.rule)) == (expected and (expected.item_id, expected.rule)), query
    # the oldest address, arXiv id and DOI still match; titles only within the window
    assert stored.find({"url": "https://example.com/0", "title": "q"}, since).item_id == "item-00000"
    assert stored.find({"url": "https://q.org", "arxiv": "2601.00010", "title": "q"}, since).item_id == "item-00010"
    assert stored.find({"url": "https://q.org", "doi": "10.1000/15", "title": "q"}, since).item_id == "item-00015"
    assert stored.find({"url": "https://mirror.example.org/20", "title": "q"}, since).item_id == "item-00020"
    assert stored.record("item-00020") == {"id": "item-00020", "cycle": "2026-W01", "source": "s2", "sources": ["hn-llm"]}
    assert stored.find({"url": "https://q.org", "title": records[0]["title"]}, since) is None


def test_memory_holds_only_the_cycles_a_run_needs(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git_init(repo)
    history(repo)
    index, _ = SeenIndex.load(repo)
    since = title_window(CYCLES[-1])
    assert index.find({"url": "https://nothing.example/3", "title": "story about something else"}, since) is None
    assert len(index) == 1200
    assert {r["cycle"] for r in index.records.values()} == {c for c in CYCLES if c >= since}
    assert len(index.records) == 160  # four cycles of forty, not thirty
    # a duplicate from another source of an old item: its cycle is read, noted, and rewritten
    index.note_also_seen("item-00003", "other", {"url": "https://other.example/3", "title": "t"})
    shards = index.shards()
    assert list(shards) == ["2026-W01"]
    assert '"sources":["other"]' in shards["2026-W01"] and shards["2026-W01"].count("\n") == 40


def test_the_store_follows_the_shards(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git_init(repo)
    history(repo, per_cycle=5)
    folder = repo / ".commons/collect/seen"
    SeenIndex.load(repo)
    store_file = repo / ".git/commons/collect-seen.sqlite3"
    assert store_file.is_file() and not list(repo.glob(".commons/**/*.sqlite3"))
    # a changed shard is read again, a removed one forgotten
    (folder / "2026-W01.jsonl").write_text(json.dumps(record(9999, "2026-W01", url="changed.example/1")) + "\n")
    (folder / "2026-W02.jsonl").unlink()
    index, _ = SeenIndex.load(repo)
    assert index.find({"url": "https://changed.example/1", "title": "q"}, CYCLES[-1]).item_id == "item-09999"
    assert index.find({"url": "https://example.com/0", "title": "q"}, CYCLES[-1]) is None
    assert index.find({"url": "https://example.com/5", "title": "q"}, CYCLES[-1]) is None
    assert len(index) == 1 + 28 * 5
    # a lost store is built again; so is one that is not a database, or of another version
    for damage in (lambda: store_file.unlink(), lambda: store_file.write_bytes(b"not a database" * 100),
                   lambda: _set_version(store_file, "0")):
        damage()
        index, problems = SeenIndex.load(repo)
        assert problems == [] and len(index) == 141
        assert index.find({"url": "https://example.com/149", "title": "q"}, CYCLES[-1]).item_id == "item-00149"


def _set_version(path: Path, version: str) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE name = 'version'", (version,))


def test_a_broken_line_is_reported_every_run_until_the_shard_is_rewritten(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git_init(repo)
    history(repo, per_cycle=3)
    shard = repo / ".commons/collect/seen/2026-W05.jsonl"
    shard.write_text(shard.read_text() + "{broken\n")
    for _ in range(2):
        index, problems = SeenIndex.load(repo)
        assert len(problems) == 1 and "2026-W05.jsonl:4: not an index record" in problems[0]
        assert "2026-W05" in index.dirty and index.shards()["2026-W05"].count("\n") == 3


def test_outside_git_the_store_is_in_memory(tmp_path):
    history(tmp_path, per_cycle=2)
    index, problems = SeenIndex.load(tmp_path)
    assert problems == [] and len(index) == 60
    assert not list(tmp_path.rglob("*.sqlite3"))
    assert isinstance(index.store, SeenStore)
