"""The pool: items no person was given, one JSON line each in news/<cycle>/collected/<day>.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

from commons.content import items, layout

CYCLE = "2026-W48"


def meta(item_id: str, status: str = "new", **extra) -> dict:
    out = {"id": item_id, "title": f"Title {item_id}", "url": f"https://example.com/{item_id}", "source": "src",
           "published": None, "collected": "2026-11-20T10:00:00Z", "cycle": CYCLE, "status": status}
    if status != "new":
        out.update(score=extra.pop("score", 4), category="papers", summary="요약", why="이유",
                   triage={"provider": "offline", "model": "offline", "prompt_version": "1"})
    out.update(extra)
    return out


def test_adding_is_idempotent_and_each_id_is_once_per_cycle(tmp_path: Path):
    assert items.add_to_pool(tmp_path, CYCLE, "2026-11-20", [meta("a"), meta("b")]) == 2
    assert items.add_to_pool(tmp_path, CYCLE, "2026-11-20", [meta("a"), meta("c")]) == 1
    path = layout.pool_path(tmp_path, CYCLE, "2026-11-20")
    assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == ["a", "b", "c"]
    before = path.read_bytes()
    items.add_to_pool(tmp_path, CYCLE, "2026-11-20", [meta("a")])
    assert path.read_bytes() == before


def test_reading_by_status_parses_only_those_lines_and_files_win_over_the_pool(tmp_path: Path):
    items.add_to_pool(tmp_path, CYCLE, "2026-11-20", [meta("a"), meta("b", "triaged"), meta("c", "dropped")])
    found, problems = items.read_items(tmp_path, CYCLE, statuses=("new",))
    assert problems == [] and [f.item_id for f in found] == ["a"] and found[0].pooled and found[0].line == 1
    promoted = items.promote(tmp_path, [f for f in items.read_items(tmp_path, CYCLE)[0] if f.item_id == "b"])
    assert promoted[0].path == layout.item_path(tmp_path, CYCLE, "b") and not promoted[0].pooled
    everything, _ = items.read_items(tmp_path, CYCLE)
    assert sorted(f.item_id for f in everything) == ["a", "b", "c"]
    assert [f.item_id for f in items.read_items(tmp_path, CYCLE, pool=False)[0]] == ["b"]
    assert items.find(tmp_path, CYCLE, "c").meta["status"] == "dropped"
    assert items.find(tmp_path, CYCLE, "nope") is None


def test_saving_rewrites_each_pool_file_once_and_keeps_unparsable_lines(tmp_path: Path):
    items.add_to_pool(tmp_path, CYCLE, "2026-11-20", [meta("a"), meta("b")])
    path = layout.pool_path(tmp_path, CYCLE, "2026-11-20")
    path.write_text(path.read_text() + "{broken\n")
    found, problems = items.read_items(tmp_path, CYCLE)
    assert [(p.path, p.line) for p in problems] == [(f"news/{CYCLE}/collected/2026-11-20.jsonl", 3)]
    for f in found:
        f.meta["status"] = "dropped"
    items.save(tmp_path, found)
    lines = path.read_text().splitlines()
    assert lines[2] == "{broken" and all(json.loads(line)["status"] == "dropped" for line in lines[:2])


def test_not_selected_lists_the_items_left_out_best_first(tmp_path: Path):
    items.add_to_pool(tmp_path, CYCLE, "2026-11-20", [
        meta("low", items.NOT_SELECTED, score=3), meta("high", items.NOT_SELECTED, score=5),
        meta("kept", "triaged"), meta("dropped", "dropped", score=1)])
    assert [f.item_id for f in items.not_selected(tmp_path, CYCLE)] == ["high", "low"]
