"""`commons migrate`: item files no person was given move into the pool; the repository then validates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from commons_repo import write_repo  # noqa: E402

from commons.content import items  # noqa: E402

CYCLE = "2026-W48"


def tree(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted((repo / "news").rglob("*")) if p.is_file()}


def old_layout(tmp_path: Path) -> Path:
    repo = write_repo(tmp_path / "repo", ["  - github: ara\n    capacity: 6\n"], {
        "kept": {"status": "triaged"}, "left-out": {"status": "triaged", "cycle": "2026-W47"},
        "dull": {"status": "dropped", "score": 1}, "given": {"status": "assigned"},
        "fresh": {"status": "triaged", "cycle": "2026-W49"},
    })
    for path in (repo / "news").rglob("*.md"):  # collect wrote front matter only; people write below it
        if path.stem != "kept":
            path.write_text(path.read_text().split("\n---\n")[0] + "\n---\n")
    (repo / ".commons/assign").mkdir(parents=True)
    (repo / ".commons/assign/2026-W47.json").write_text(json.dumps({"cycle": "2026-W47", "assignments": {}, "uncovered": []}))
    return repo


def test_migrate_moves_what_nobody_was_given_then_validates_and_a_second_run_changes_nothing(tmp_path, cli):
    repo = old_layout(tmp_path)
    before = {f.item_id: f.meta for f in items.read_items(repo)[0]}
    dry = cli("--repo", repo, "migrate", "--dry-run")
    assert dry.code == 0 and "would move 3 item files" in dry.out and "keep news/2026-W48/items/kept.md" in dry.out
    assert tree(repo) == tree(repo)
    result = cli("--repo", repo, "migrate")
    assert result.code == 0, result.out + result.err
    assert "moved 3 item files into 3 pool files; kept 1 as files" in result.out
    assert sorted(p.relative_to(repo).as_posix() for p in (repo / "news").rglob("*.md")) == [
        "news/2026-W48/items/given.md", "news/2026-W48/items/kept.md"]
    after = {f.item_id: f.meta for f in items.read_items(repo)[0]}
    assert set(after) == set(before)  # nothing lost
    assert after["left-out"]["status"] == "not-selected"  # its cycle was handed out without it
    assert after["fresh"]["status"] == "triaged" and after["dull"] == before["dull"]
    checked = cli("--repo", repo, "validate")
    assert checked.code == 0, checked.out + checked.err
    snapshot = tree(repo)
    again = cli("--repo", repo, "migrate")
    assert again.code == 0 and "moved 0 item files" in again.out and tree(repo) == snapshot


def test_a_bad_pool_line_is_named_by_file_line_and_field(tmp_path, cli):
    repo = old_layout(tmp_path)
    cli("--repo", repo, "migrate")
    pool = next((repo / "news/2026-W48/collected").glob("*.jsonl"))
    record = json.loads(pool.read_text().splitlines()[0])
    record["status"] = "finished"
    pool.write_text(pool.read_text() + json.dumps({**record, "id": "second"}) + "\nnot json\n")
    result = cli("--repo", repo, "validate")
    assert result.code == 1
    shown = pool.relative_to(repo).as_posix()
    assert f"{shown}:2:1: status: " in result.out
    assert f"{shown}:3:1: not a JSON object on one line" in result.out
