"""The dedup history read from its shards: what was seen matches however old, titles only within
the window, a duplicate of an old item rewrites only its cycle's shard, a broken line is said."""

from __future__ import annotations

import json
from pathlib import Path

from commons.collect.index import SeenIndex, title_window
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


def test_the_shards_answer_as_the_records_added_in_memory_do(tmp_path):
    repo = tmp_path / "repo"
    records = history(repo)
    in_memory = SeenIndex()
    for r in records:
        in_memory.add(dict(r))
    stored, problems = SeenIndex.load(repo)
    assert problems == [] and len(stored) == 1200
    since = title_window(CYCLES[-1])
    for query in queries(records):
        expected, got = in_memory.find(query, since), stored.find(query, since)
        assert (got and (got.item_id, got.rule)) == (expected and (expected.item_id, expected.rule)), query
    # the oldest address, arXiv id and DOI still match; titles only within the window
    assert stored.find({"url": "https://example.com/0", "title": "q"}, since).item_id == "item-00000"
    assert stored.find({"url": "https://q.org", "arxiv": "2601.00010", "title": "q"}, since).item_id == "item-00010"
    assert stored.find({"url": "https://q.org", "doi": "10.1000/15", "title": "q"}, since).item_id == "item-00015"
    assert stored.find({"url": "https://mirror.example.org/20", "title": "q"}, since).item_id == "item-00020"
    assert stored.record("item-00020") == records[20]
    assert stored.find({"url": "https://q.org", "title": records[0]["title"]}, since) is None


def test_a_duplicate_of_an_old_item_rewrites_only_its_cycle(tmp_path):
    repo = tmp_path / "repo"
    history(repo)
    index, _ = SeenIndex.load(repo)
    assert index.find({"url": "https://nothing.example/3", "title": "story about something else"}, title_window(CYCLES[-1])) is None
    index.note_also_seen("item-00003", "other", {"url": "https://other.example/3", "title": "t"})
    shards = index.shards()
    assert list(shards) == ["2026-W01"]
    assert '"sources":["other"]' in shards["2026-W01"] and shards["2026-W01"].count("\n") == 40
    assert index.find({"url": "https://other.example/3", "title": "q"}).item_id == "item-00003"


def test_a_broken_line_is_reported_every_run_until_the_shard_is_rewritten(tmp_path):
    repo = tmp_path / "repo"
    history(repo, per_cycle=3)
    shard = repo / ".commons/collect/seen/2026-W05.jsonl"
    shard.write_text(shard.read_text() + "{broken\n")
    for _ in range(2):
        index, problems = SeenIndex.load(repo)
        assert len(problems) == 1 and "2026-W05.jsonl:4: not an index record" in problems[0]
        assert "2026-W05" in index.dirty and index.shards()["2026-W05"].count("\n") == 3
