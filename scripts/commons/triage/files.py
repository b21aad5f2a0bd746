"""Items on disk: find and read them, write triage results back (atomically, validated)."""

from __future__ import annotations

from pathlib import Path

from .. import schemas
from ..content import frontmatter, items, layout
from ..problems import Problem
from .plan import Item, make_item


def load_items(repo: Path, cycle: str | None = None) -> tuple[list[Item], list[Problem]]:
    """Every readable item, and one problem per file that cannot be read."""
    found, problems = items.read_items(repo, cycle)
    return [make_item(f.path, f.meta, f.doc.body) for f in found], problems


class ItemWriter:
    """Writes new front matter only when it still validates and reads back identically."""

    def __init__(self, repo: Path):
        self.repo = Path(repo)
        self.schema_dir = self.repo / layout.SCHEMAS

    def check(self, meta: dict) -> list[str]:
        return [f"{field or 'item'}: {message}" for _, field, message in schemas.check(self.schema_dir, "item", meta)]

    def write(self, item: Item, meta: dict) -> bool:
        """True when the file changed. Raises ValueError (with the reason) when ``meta`` is not safe to write."""
        problems = self.check(meta)
        if problems:
            raise ValueError("; ".join(problems[:3]))
        doc = frontmatter.read(item.path)
        doc.meta = meta
        rendered = doc.render()
        again = frontmatter.parse(rendered)  # what the next reader will see
        if again.meta != meta or again.body != doc.body:
            raise ValueError("the triage result would not read back unchanged")
        changed = frontmatter.write(item.path, doc)
        item.meta = meta
        return changed

