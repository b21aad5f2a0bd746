"""The book as readers walk it: chapters grouped into parts, in reading order.

Pure: turns (path, front matter) pairs into an ordered :class:`Book`. Parts are
ordered by the number their title starts with ("2. Vector DBs & RAG"), then by
title, and parts made only of drafts come after all the others; chapters within a
part by ``order``, then title. Files that cannot be
read as chapters are left to ``commons validate`` and only noted here.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.frontmatter import ContentError, read
from .sections import read_sections
from .sections import related as related_in_body
from .sections import split_tags
from .sections import summary as summary_in_body
from ..validate.kinds import classify

HANDBOOK = "handbook"
_PART_NUMBER = re.compile(r"^\s*(\d+)(?:[.)]|\s|$)")


@dataclass(frozen=True)
class Chapter:
    path: str  # relative to handbook/, e.g. "02-vector-db-rag/rag.md"
    title: str
    part: str
    order: int
    level: str = "intro"
    summary: str = ""
    updated: str = ""
    related: tuple[str, ...] = ()
    status: str = "ready"
    authors: tuple[str, ...] = ()  # names or GitHub handles, credited on their portfolio pages
    title_ko: str = ""
    tags: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The chapter's name as ``related`` lists use it: its path without .md."""
        return self.path[: -len(".md")] if self.path.endswith(".md") else self.path

    @property
    def slug(self) -> str:
        return self.name.rsplit("/", 1)[-1]

    def shown_title(self, language: str) -> str:
        """The title a reader of ``language`` sees first (the Korean one in a Korean book)."""
        return self.title_ko if language == "ko" and self.title_ko else self.title

    def other_title(self, language: str) -> str:
        """The title in the other language, when there is one that differs."""
        shown = self.shown_title(language)
        other = self.title if shown != self.title else self.title_ko
        return other if other and other != shown else ""

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    def link_to(self, other: "Chapter") -> str:
        """A relative link from this chapter's file to ``other``'s."""
        return posixpath.relpath(other.path, posixpath.dirname(self.path) or ".")


def part_key(part: str) -> tuple:
    match = _PART_NUMBER.match(part)
    return (0, int(match.group(1)), part) if match else (1, 0, part)


@dataclass(frozen=True)
class Book:
    parts: tuple[tuple[str, tuple[Chapter, ...]], ...]
    notes: tuple[str, ...] = ()
    _by_name: dict = field(default_factory=dict, compare=False, repr=False)
    # Worked out once in build(), so indexing a big book stays linear.
    _ordered: tuple = field(default=(), compare=False, repr=False)
    _position: dict = field(default_factory=dict, compare=False, repr=False)
    _backlinks: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        return self._ordered

    def resolve(self, name: str) -> Chapter | None:
        """A chapter by full name (``part/slug``) or by bare slug when that is unique."""
        return self._by_name.get(name)

    def neighbours(self, chapter: Chapter) -> tuple[Chapter | None, Chapter | None]:
        """The chapters before and after, never crossing between curated chapters and drafts:
        a reader following "next" through the curated order does not walk into raw imports."""
        ordered = self._ordered
        index = self._position[chapter.path]
        before = ordered[index - 1] if index > 0 else None
        after = ordered[index + 1] if index + 1 < len(ordered) else None
        if before is not None and before.draft != chapter.draft:
            before = None
        if after is not None and after.draft != chapter.draft:
            after = None
        return before, after

    def related(self, chapter: Chapter) -> tuple[Chapter, ...]:
        """What the chapter lists in ``related``, then the chapters that list it (book order)."""
        found: list[Chapter] = []
        for name in chapter.related:
            other = self.resolve(name)
            if other is not None and other != chapter and other not in found:
                found.append(other)
        for other in self._backlinks.get(chapter.path, ()):
            if other != chapter and other not in found:
                found.append(other)
        return tuple(found)


def _names(value) -> tuple[str, ...]:
    """``a, b`` (one short line) or a list, as people write authors."""
    if isinstance(value, str):
        return tuple(n.strip() for n in value.split(",") if n.strip())
    if isinstance(value, list):
        return tuple(str(n).strip() for n in value if isinstance(n, str) and n.strip())
    return ()


def build(entries: list[tuple[str, dict]], notes: tuple[str, ...] = ()) -> Book:
    """A Book from (path relative to handbook/, front matter) pairs."""
    chapters = []
    for path, meta in entries:
        order = meta.get("order")
        related = meta.get("related")
        chapters.append(
            Chapter(
                path=path,
                title=str(meta.get("title") or Path(path).stem),
                part=str(meta.get("part") or "").strip() or "—",
                order=order if isinstance(order, int) and not isinstance(order, bool) else 10**6,
                level=str(meta.get("level") or "intro"),
                summary=str(meta.get("summary") or ""),
                updated=str(meta.get("updated") or ""),
                related=tuple(r for r in related if isinstance(r, str)) if isinstance(related, list) else (),
                status=str(meta.get("status") or "ready"),
                authors=_names(meta.get("authors")),
                title_ko=str(meta.get("title_ko") or ""),
                tags=split_tags(meta.get("tags")),
            )
        )
    grouped: dict[str, list[Chapter]] = {}
    for chapter in chapters:
        grouped.setdefault(chapter.part, []).append(chapter)
    # Parts made only of drafts (e.g. a whole book brought in by `commons import`) come
    # after the curated learning order, whatever numbers their titles carry.
    parts = tuple(
        (part, tuple(sorted(grouped[part], key=lambda c: (c.order, c.title, c.path))))
        for part in sorted(grouped, key=lambda p: (all(c.draft for c in grouped[p]), part_key(p)))
    )
    by_name: dict[str, Chapter] = {}
    slugs: dict[str, list[Chapter]] = {}
    for chapter in chapters:
        by_name[chapter.name] = chapter
        slugs.setdefault(chapter.slug, []).append(chapter)
    for slug, same in slugs.items():
        if len(same) == 1 and slug not in by_name:
            by_name[slug] = same[0]
    ordered = tuple(c for _, members in parts for c in members)
    backlinks: dict[str, list[Chapter]] = {}
    for other in ordered:  # book order, so backlinks read in the order of the book
        for name in other.related:
            target = by_name.get(name)
            if target is not None and other not in backlinks.setdefault(target.path, []):
                backlinks[target.path].append(other)
    position = {c.path: i for i, c in enumerate(ordered)}
    return Book(parts, tuple(notes), by_name, ordered, position, backlinks)


def chapter_files(repo: Path) -> list[Path]:
    """Every chapter file under handbook/, in a stable order."""
    base = Path(repo) / HANDBOOK
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.rglob("*.md")):
        relative = path.relative_to(repo).as_posix()
        if classify(tuple(relative.split("/"))) == "chapter":
            found.append(path)
    return found


def _sections(repo: Path) -> tuple:
    from ..config import DEFAULT_SECTIONS, load_config

    try:
        return tuple(load_config(repo).handbook.sections)
    except Exception:  # a broken commons.yml is validate's to report; the defaults read the book
        return DEFAULT_SECTIONS


def load(repo: Path) -> Book:
    """Read every chapter: front matter, and the summary and connections from its body.

    Unreadable files become notes, not errors.
    """
    repo = Path(repo)
    sections = _sections(repo)
    entries, notes = [], []
    for path in chapter_files(repo):
        relative = path.relative_to(repo / HANDBOOK).as_posix()
        try:
            doc = read(path)
        except (ContentError, OSError) as exc:
            notes.append(f"{HANDBOOK}/{relative}: left out of the index ({getattr(exc, 'message', exc)})")
            continue
        meta = dict(doc.meta)
        found = read_sections(doc.body, sections)
        meta["summary"] = summary_in_body(doc.body, sections, found)
        meta["related"] = list(related_in_body(doc.body, relative, sections, found))
        entries.append((relative, meta))
    return build(entries, tuple(notes))
