"""The file adapter: write a plan. Items first, state last.

New items go to the cycle's pool (``news/<cycle>/collected/<day>.jsonl``, one JSON
line each; see content/items.py), one atomic rewrite per pool file, so a run
killed half-way leaves whole files only. State (index, validators) is written
after the items: a run killed before that fetches the same feeds again next time,
finds the items already on disk through the index reconciliation, and writes the rest.
"""

from __future__ import annotations

from pathlib import Path

from ..content import items as content_items
from ..content.files import atomic_write_text
from .index import seen_dir
from .plan import Plan
from .state import sources_file


class Writer:
    """Gathers new items as the plan grows, then writes them (one rewrite per pool file),
    the notes on existing items, the index, and the source state last."""

    def __init__(self, repo: Path, threads: int | None = None):
        self.repo = Path(repo)
        self.waiting: dict[tuple[str, str], list[dict]] = {}

    def submit(self, items) -> None:
        for item in items:
            self.waiting.setdefault((item.cycle, item.day), []).append(item.meta)

    def abandon(self) -> None:
        self.flush()  # what was collected so far is kept; state is not, so the next run redoes the rest

    def flush(self) -> int:
        written = 0
        for (cycle, day), metas in sorted(self.waiting.items()):
            written += content_items.add_to_pool(self.repo, cycle, day, metas)
        self.waiting = {}
        return written

    def finish(self, plan: Plan) -> dict:
        written = self.flush()
        noted = note_also_seen(self.repo, plan.also_seen)
        for cycle, text in plan.shards.items():
            atomic_write_text(seen_dir(self.repo) / f"{cycle}.jsonl", text)
        atomic_write_text(sources_file(self.repo), plan.state_text)
        return {"items": written, "also_seen": noted}


def note_also_seen(repo: Path, notes) -> int:
    """Add each note's source to its item's ``also_seen``; each cycle is read once."""
    by_cycle: dict[str, list] = {}
    for note in notes:
        by_cycle.setdefault(note.cycle, []).append(note)
    noted = 0
    for cycle, cycle_notes in sorted(by_cycle.items()):
        wanted = {n.item_id for n in cycle_notes}
        found, _ = content_items.read_items(repo, cycle)  # moved or hand-edited beyond reading: the index remembers it
        entries = {f.item_id: f for f in found if f.item_id in wanted}
        changed = []
        for note in cycle_notes:
            entry = entries.get(note.item_id)
            if entry is None:
                continue
            seen = entry.meta.get("also_seen")
            if not isinstance(seen, list):
                seen = []
            if any(isinstance(s, dict) and s.get("source") == note.source for s in seen):
                continue
            entry.meta["also_seen"] = [*seen, {"source": note.source, "url": note.url}]
            changed.append(entry)
            noted += 1
        content_items.save(repo, changed)
    return noted


def apply(repo: Path, plan: Plan) -> dict:
    writer = Writer(repo)
    writer.submit(plan.items)
    return writer.finish(plan)
