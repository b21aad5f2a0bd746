"""The file adapter: write a plan. Items first, state last.

Every write is atomic (temporary file + rename), so a run killed half-way leaves
whole files only. State (validators, index) is written after the items: a run
killed before that fetches the same feeds again next time, finds the items
already on disk through the index reconciliation, and writes the rest.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..content import frontmatter, layout
from ..content.files import atomic_write_text
from .index import seen_dir
from .plan import Plan
from .state import sources_file

WRITERS = 16


def write_item(repo: Path, item) -> bool:
    """Create the item file whole, or leave an existing one alone (a person or triage
    may have changed it since). Linking the finished temporary file into place is
    atomic and fails when the name is taken, so no reader ever sees half a file."""
    path = layout.item_path(repo, item.cycle, item.id)
    if path.exists():
        return False
    data = frontmatter.new(item.meta, "").render().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".commons-tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
    finally:
        os.unlink(tmp)
    return True


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
    repo = Path(repo)
    with ThreadPoolExecutor(WRITERS) as pool:  # file system calls release the GIL
        written = sum(pool.map(lambda item: write_item(repo, item), plan.items))
    noted = sum(note_also_seen(repo, note) for note in plan.also_seen)
    if written or noted:
        os.sync()  # one flush for all items (not one fsync each) before state says they exist
    for cycle, text in plan.shards.items():
        atomic_write_text(seen_dir(repo) / f"{cycle}.jsonl", text)
    atomic_write_text(sources_file(repo), plan.state_text)
    return {"items": written, "also_seen": noted}
