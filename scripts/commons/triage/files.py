"""Items on disk: find and read them, write triage results back (atomically, validated)."""

from __future__ import annotations

from pathlib import Path

from .. import schemas
from ..content import frontmatter, items, layout
from ..problems import Problem
from .plan import TRIAGED_STATUSES, UNTRIAGED, Item, make_item


def open_cycles(repo: Path) -> list[str]:
    """The cycles triage still serves: the newest one ``commons assign`` has handed out (a
    rerun there fills spare places) and every one after it. Older cycles are closed: what
    is still ``new`` there is left to ``--cycle``, so a run costs a week, not the history."""
    names = layout.cycles(repo)
    records = Path(repo) / layout.STATE / "assign"
    assigned = sorted(p.stem for p in records.glob("*.json")) if records.is_dir() else []
    return [c for c in names if c >= assigned[-1]] if assigned else names


def load_items(repo: Path, cycle: str | None = None, retriage: bool = False) -> tuple[list[Item], list[Problem]]:
    """The items triage may act on (status ``new``; with ``retriage`` also triaged and dropped),
    and one problem per file that cannot be read. Other items are not even parsed."""
    statuses = (UNTRIAGED, *TRIAGED_STATUSES) if retriage else (UNTRIAGED,)
    found, problems = [], []
    for name in [cycle] if cycle else open_cycles(repo):
        more, unreadable = items.read_items(repo, name, statuses=statuses)
        found += more
        problems += unreadable
    loaded = []
    for f in found:
        item = make_item(f.path, f.meta, f.doc.body)
        item.stored = f
        loaded.append(item)
    return loaded, problems


class ItemWriter:
    """Writes new front matter only when it still validates and reads back identically."""

    def __init__(self, repo: Path):
        self.repo = Path(repo)
        self.schema_dir = self.repo / layout.SCHEMAS
        self.staged: list[items.ContentFile] = []  # pool records, written together by flush()

    def check(self, meta: dict) -> list[str]:
        return [f"{field or 'item'}: {message}" for _, field, message in schemas.check(self.schema_dir, "item", meta)]

    def write(self, item: Item, meta: dict) -> bool:
        """True when the file changed. Raises ValueError (with the reason) when ``meta`` is not safe to write."""
        problems = self.check(meta)
        if problems:
            raise ValueError("; ".join(problems[:3]))
        stored = getattr(item, "stored", None)
        if stored is not None and stored.pooled:
            changed = meta != item.meta
            stored.doc.meta = meta
            item.meta = meta
            if changed:
                self.staged.append(stored)
            return changed
        doc = frontmatter.read(item.path)
        doc.meta = meta
        rendered = doc.render()
        again = frontmatter.parse(rendered)  # what the next reader will see
        if again.meta != meta or again.body != doc.body:
            raise ValueError("the triage result would not read back unchanged")  # a bug, not bad input
        changed = frontmatter.write(item.path, doc)
        item.meta = meta
        return changed


    def flush(self) -> int:
        """Write the staged pool records (one rewrite per pool file); called after every batch."""
        staged, self.staged = self.staged, []
        return items.save(self.repo, staged)
