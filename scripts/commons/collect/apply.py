"""The file adapter: write a plan. Items first, state last.

Every write is atomic (a finished temporary file linked or renamed into place), so
a run killed half-way leaves whole files only. State (index, validators) is written
after the items: a run killed before that fetches the same feeds again next time,
finds the items already on disk through the index reconciliation, and writes the rest.

New items skip the per-file fsync that the state files get: thousands of them would
wait seconds on the disk for protection against power loss, which a CI runner (whose
disk goes with it) never needs.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..content import frontmatter, layout
from ..content.files import atomic_write_text
from .index import seen_dir
from .items import render
from .plan import Plan
from .state import sources_file

WRITERS = 16


def write_item(repo: Path, item) -> bool:
    """Create the item file whole, or leave an existing one alone (a person or triage
    may have changed it since). Linking the finished temporary file into place is
    atomic and fails when the name is taken, so no reader ever sees half a file."""
    path = layout.item_path(repo, item.cycle, item.id)
    data = (item.text if item.text is not None else render(item.meta)).encode("utf-8")
    tmp = path.parent / f".commons-tmp-{item.id}-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: check, then rename
            if path.exists():
                return False
            os.replace(tmp, path)
            return True
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return True


class Writer:
    """Writes items in background threads as the plan grows, then the rest in order:
    notes on existing items, the index, and the source state last."""

    def __init__(self, repo: Path, threads: int | None = None):
        self.repo = Path(repo)
        self.pool = ThreadPoolExecutor(threads or WRITERS)  # file system calls release the GIL
        self.futures = []
        self.folders: set[Path] = set()
        self.failed = False

    def submit(self, items) -> None:
        for item in items:
            folder = layout.items_dir(self.repo, item.cycle)
            if folder not in self.folders:
                folder.mkdir(parents=True, exist_ok=True)
                self.folders.add(folder)
            self.futures.append(self.pool.submit(self._write, item))

    def _write(self, item) -> bool:
        if self.failed:
            return False  # stop at the first failure, as a killed run would
        try:
            return write_item(self.repo, item)
        except BaseException:
            self.failed = True
            raise

    def abandon(self) -> None:
        self.failed = True
        self.pool.shutdown(wait=True, cancel_futures=True)

    def finish(self, plan: Plan) -> dict:
        try:
            written = sum(future.result() for future in self.futures)
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        noted = sum(note_also_seen(self.repo, note) for note in plan.also_seen)
        for cycle, text in plan.shards.items():
            atomic_write_text(seen_dir(self.repo) / f"{cycle}.jsonl", text)
        atomic_write_text(sources_file(self.repo), plan.state_text)
        return {"items": written, "also_seen": noted}


def note_also_seen(repo: Path, note) -> bool:
    path = layout.item_path(repo, note.cycle, note.item_id)
    try:
        doc = frontmatter.read(path)
    except (FileNotFoundError, frontmatter.ContentError):
        return False  # moved or hand-edited beyond reading: the index still remembers it
    seen = doc.meta.get("also_seen")
    if not isinstance(seen, list):
        seen = []
    if any(isinstance(s, dict) and s.get("source") == note.source for s in seen):
        return False
    doc.meta["also_seen"] = [*seen, {"source": note.source, "url": note.url}]
    return frontmatter.write(path, doc)


def apply(repo: Path, plan: Plan) -> dict:
    writer = Writer(repo)
    writer.submit(plan.items)
    return writer.finish(plan)
