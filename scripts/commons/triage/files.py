"""Items on disk: find and read them, write triage results back (atomically, validated)."""

from __future__ import annotations

from pathlib import Path

from .. import schemas
from ..content import frontmatter, layout
from ..problems import Problem
from .plan import Item, make_item


def item_files(repo: Path, cycle: str | None = None) -> list[Path]:
    cycles = [cycle] if cycle else layout.cycles(repo)
    out: list[Path] = []
    for name in cycles:
        folder = layout.items_dir(repo, name)
        if folder.is_dir():
            out.extend(sorted(p for p in folder.glob("*.md") if p.is_file()))
    return out


def load_items(repo: Path, cycle: str | None = None) -> tuple[list[Item], list[Problem]]:
    """Every readable item, and one problem per file that cannot be read."""
    items, problems = [], []
    for path in item_files(repo, cycle):
        shown = _relative(repo, path)
        try:
            doc = frontmatter.read(path)
        except frontmatter.ContentError as exc:
            problems.append(Problem(shown, exc.line, exc.column, exc.field, exc.message))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 1, 1, "", f"cannot read: {exc.strerror}"))
            continue
        items.append(make_item(path, doc.meta, doc.body))
    return items, problems


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


def _relative(repo: Path, path: Path) -> str:
    try:
        return str(Path(path).relative_to(repo))
    except ValueError:
        return str(path)
