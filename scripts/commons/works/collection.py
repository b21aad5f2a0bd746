"""Every note, post and log in a repository as plain records, for indexes, chapters and portfolios.

Files that cannot be read are left to ``commons validate`` and only noted here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.frontmatter import ContentError, read
from . import layout


@dataclass(frozen=True)
class Work:
    kind: str  # note | post | log
    path: str  # repository-relative, POSIX
    owner: str  # the folder: the member (notes, posts) or the team (logs)
    title: str
    day: date | None
    cycle: str  # the cycle it belongs to ('' when its date is unknown)
    credited: tuple[str, ...]  # lowercase handles whose portfolio lists it
    chapters: tuple[str, ...] = ()
    subtitle: str = ""
    log_type: str = ""  # log | minutes, for logs
    team: str = ""  # a log's team as people say it
    listed: bool = True  # a post with ``published: false`` stays out of indexes

    def link_from(self, page: str) -> str:
        """A relative link from the repository file ``page`` to this work."""
        return posixpath.relpath(self.path, posixpath.dirname(page) or ".")

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path (deterministic)."""
        return (-(self.day.toordinal() if self.day else 0), self.path)


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _chapters(meta: dict) -> tuple[str, ...]:
    return tuple(c.removesuffix(".md") for c in _strings(meta.get("chapters")))


def files(repo: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every work file, in a stable order."""
    repo = Path(repo)
    found = []
    for folder, kind in layout.KIND_OF_FOLDER.items():
        base = repo / folder
        if not base.is_dir():
            continue
        for path in sorted(base.glob("*/*.md")):
            if path.is_file() and not path.parent.name.startswith((".", "_")):
                found.append((kind, path))
    return found


def work_of(kind: str, relative: str, meta: dict, week=None) -> Work:
    parts = relative.split("/")
    owner, name = parts[1].lower(), parts[-1]
    title = str(meta.get("title") or name.removesuffix(".md"))
    if kind == "log":
        cycle = str(meta.get("cycle") or "")
        match = layout.LOG_NAME.match(name)
        if not cycle and match:
            cycle = match.group(1)
        day = layout.day_of(meta.get("date"))
        credited = tuple(dict.fromkeys(a.lower() for a in _strings(meta.get("authors"))))
        return Work(kind, relative, owner, title, day, cycle, credited, _chapters(meta),
                    log_type=str(meta.get("type") or "log"), team=str(meta.get("team") or owner))
    day = layout.day_of(meta.get("date"))
    if day is None and kind == "post":
        day = layout.day_of(name)  # Jekyll takes the date from the file name
    cycle = layout.cycle_of_day(day, week) if day else ""
    subtitle = str(meta.get("subtitle") or "") if kind == "post" else str(meta.get("source") or "")
    listed = meta.get("published") is not False
    return Work(kind, relative, owner, title, day, cycle, (owner,), _chapters(meta), subtitle=subtitle, listed=listed)


def load(repo: Path, week=None) -> tuple[list[Work], list[str]]:
    """Every readable work, newest first; and a note for each file that could not be read."""
    repo = Path(repo)
    works, notes = [], []
    for kind, path in files(repo):
        relative = path.relative_to(repo).as_posix()
        try:
            doc = read(path)
        except (ContentError, OSError) as exc:
            notes.append(f"{relative}: left out of the indexes ({getattr(exc, 'message', exc)})")
            continue
        works.append(work_of(kind, relative, doc.meta, week))
    return sorted(works, key=lambda w: w.sort_key), notes


def contributions(works: list[Work]) -> dict[tuple[str, str], int]:
    """Works per (member, cycle), for the 잔디."""
    counts: dict[tuple[str, str], int] = {}
    for work in works:
        if not work.cycle:
            continue
        for member in work.credited:
            counts[(member, work.cycle)] = counts.get((member, work.cycle), 0) + 1
    return counts
