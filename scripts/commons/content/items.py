"""Reading and writing a cycle's items and reviews: every capability does it the same way.

An item lives in one of two places (DESIGN.md, "Layout"):

- ``news/<cycle>/items/<id>.md``: a file, for the items put in front of people
  (``commons assign`` promotes them) and for anything a person added by hand;
- ``news/<cycle>/collected/<YYYY-MM-DD>.jsonl``: the *pool*, one JSON line per
  item collected that day (UTC) and not (yet) given to anyone: new, triaged,
  dropped, not selected. A cycle collects ~1,800 items and people read ~90, so
  the pool keeps every browsable folder small (7 day files, ≤ ~100 item files)
  while each item keeps all of its fields (provenance) and its id (dedup).
  JSON lines because a line is a record: validation names it by line, git diffs
  it by line, and reading 250 of them is one ``json.loads`` each.

When both places hold an id (a promotion cut off half-way), the file wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from . import frontmatter, layout
from .files import atomic_write_text
from ..i18n import say

NOT_SELECTED = "not-selected"  # triaged, kept, but not among the items put before people this cycle


@dataclass
class ContentFile:
    path: Path  # the item's file, or the pool file that holds it
    doc: frontmatter.Document
    line: int = 0  # > 0: the item is the record on this line of the pool file ``path``

    @property
    def meta(self) -> dict:
        return self.doc.meta

    @property
    def pooled(self) -> bool:
        return self.line > 0

    @property
    def item_id(self) -> str:
        return str(self.meta.get("id") or ("" if self.pooled else self.path.stem))


VERDICTS = ("newsletter", "handbook", "skip")  # what a reviewer decides about an item
MAX_REVIEW_BYTES = 64 * 1024  # a review is a few paragraphs; a bigger file is a mistake or an attack


def oversized_review(path: Path) -> str:
    """Why a review file is refused for its size, or ""."""
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    if size <= MAX_REVIEW_BYTES:
        return ""
    return say("items.review_too_big", size=size // 1024, limit=MAX_REVIEW_BYTES // 1024)


def whole_number(value) -> int | None:
    """``value`` when YAML gave a whole number (``true`` is not one), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def audit_sample(meta: dict, threshold: int) -> bool:
    """Scored under triage's threshold (dropped) yet put before people: the audit sample that measures
    what the filter misses. A member's ``/share`` is none, whatever triage scored it."""
    score = whole_number(meta.get("score")) or 0
    shared = isinstance(meta.get("shared"), dict) and bool(meta["shared"])
    return bool(threshold) and 0 < score < threshold and not shared and meta.get("status") != "dropped"


def unfinished_fields(meta: dict) -> list[str]:
    """The member's fields still empty or not yet valid, in the order a person fills them in."""
    missing = []
    impact = meta.get("impact")
    if not (whole_number(impact) is not None and 1 <= impact <= 5):
        missing.append("impact")
    if meta.get("verdict") not in VERDICTS:
        missing.append("verdict")
    for key in ("summary", "why"):
        if not (isinstance(meta.get(key), str) and meta[key].strip()):
            missing.append(key)
    if meta.get("verdict") == "handbook" and not (isinstance(meta.get("chapter"), str) and meta["chapter"].strip()):
        missing.append("chapter")
    return missing


def item_files(repo: Path, cycle: str | None = None) -> list[Path]:
    """Item *files* (not the pool) of one cycle, or of every cycle (oldest first)."""
    out: list[Path] = []
    for name in [cycle] if cycle else layout.cycles(repo):
        folder = layout.items_dir(repo, name)
        if folder.is_dir():
            out.extend(sorted(p for p in folder.glob("*.md") if p.is_file()))
    return out


def pool_files(repo: Path, cycle: str | None = None) -> list[Path]:
    """Pool files of one cycle, or of every cycle (oldest first)."""
    out: list[Path] = []
    for name in [cycle] if cycle else layout.cycles(repo):
        folder = layout.pool_dir(repo, name)
        if folder.is_dir():
            out.extend(sorted(p for p in folder.glob("*.jsonl") if p.is_file()))
    return out


def pool_line(meta: dict) -> str:
    """One pool record: the item's front matter as a JSON object on one line, keys in their order."""
    return json.dumps(meta, ensure_ascii=False, separators=(", ", ": "))


def parse_pool_line(text: str) -> dict:
    """The record on one pool line; ValueError naming what is wrong."""
    try:
        meta = json.loads(text)
    except ValueError as exc:
        raise ValueError(say("items.not_json_line", column=getattr(exc, "colno", 1))) from None
    if not isinstance(meta, dict):
        raise ValueError(say("items.not_an_object"))
    if not isinstance(meta.get("id"), str) or not meta["id"]:
        raise ValueError("id: " + say("items.no_id"))
    return meta


def read_pool(repo: Path, path: Path, statuses: tuple[str, ...] | None = None) -> tuple[list[ContentFile], list[Problem]]:
    """The records of one pool file (only those with one of ``statuses``, when given)."""
    found, problems = [], []
    shown = _shown(repo, path)
    try:
        text = frontmatter.read_text(path, max_bytes=1 << 30)
    except (frontmatter.ContentError, OSError) as exc:
        return [], [Problem(shown, 1, 1, "", say("validate.unreadable", error=getattr(exc, 'message', None) or exc))]
    wanted = tuple(f'"{s}"' for s in statuses) if statuses else ()
    where = Path(path)  # one Path for every record of the file: a year's window holds ~20k of them
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip() or (wanted and not any(w in raw for w in wanted)):
            continue  # a cheap test before parsing: a line without the status text cannot have it
        try:
            meta = parse_pool_line(raw)
        except ValueError as exc:
            field, _, message = str(exc).partition(": ") if str(exc).startswith("id: ") else ("", "", str(exc))
            problems.append(Problem(shown, number, 1, field, message))
            continue
        if statuses and meta.get("status", "new") not in statuses:
            continue
        found.append(ContentFile(where, frontmatter.new(meta), number))
    return found, problems


def review_files(repo: Path, cycle: str) -> list[Path]:
    base = layout.reviews_dir(repo, cycle)
    return sorted(p for p in base.glob("*/*.md") if p.is_file()) if base.is_dir() else []


def read_files(repo: Path, paths: list[Path]) -> tuple[list[ContentFile], list[Problem]]:
    """Every readable file, and one problem for each one that cannot be read (nothing raises)."""
    found, problems = [], []
    for path in paths:
        shown = _shown(repo, path)
        try:
            found.append(ContentFile(path, frontmatter.read(path)))
        except frontmatter.ContentError as exc:
            problems.append(Problem(shown, exc.line, exc.column, exc.field, exc.message))
        except OSError as exc:
            problems.append(Problem(shown, 1, 1, "", say("validate.unreadable", error=exc.strerror or exc)))
    return found, problems


def read_items(repo: Path, cycle: str | None = None, *, statuses: tuple[str, ...] | None = None,
               pool: bool = True) -> tuple[list[ContentFile], list[Problem]]:
    """Every item of one cycle (or of all): files first, then pool records, each id once.

    ``statuses``: only items with one of these statuses (pool lines are filtered before
    parsing, so asking for the few ``new`` ones of a week does not parse the rest).
    ``pool`` False: only the item files (the items given to people).
    """
    found, problems = read_files(repo, item_files(repo, cycle))
    if statuses:
        found = [f for f in found if f.meta.get("status", "new") in statuses]
    if pool:
        have = {f.item_id for f in found}
        for path in pool_files(repo, cycle):
            records, unreadable = read_pool(repo, path, statuses)
            problems.extend(unreadable)
            for record in records:
                if record.item_id not in have:
                    have.add(record.item_id)
                    found.append(record)
    return found, problems


def find(repo: Path, cycle: str, item_id: str) -> ContentFile | None:
    """The item ``item_id`` of ``cycle``, wherever it lives; None when absent or unreadable."""
    path = layout.item_path(repo, cycle, item_id)
    if path.is_file():
        try:
            return ContentFile(path, frontmatter.read(path))
        except (frontmatter.ContentError, OSError):
            return None
    for pool_file in pool_files(repo, cycle):
        records, _ = read_pool(repo, pool_file)
        for record in records:
            if record.item_id == item_id:
                return record
    return None


def save(repo: Path, entries: list[ContentFile]) -> int:
    """Write changed items back where they live; each pool file is rewritten once. Returns files changed."""
    changed = 0
    by_pool: dict[Path, dict[str, dict]] = {}
    for entry in entries:
        if entry.pooled:
            by_pool.setdefault(entry.path, {})[entry.item_id] = entry.meta
        else:
            changed += frontmatter.write(entry.path, entry.doc)
    for path, metas in by_pool.items():
        changed += _rewrite_pool(path, replace=metas)
    return changed


def add_to_pool(repo: Path, cycle: str, day: str, metas: list[dict]) -> int:
    """Append new items to the cycle's pool file for ``day``; ids the cycle already holds are left alone."""
    if not metas:
        return 0
    path = layout.pool_path(repo, cycle, day)
    present = {p.stem for p in item_files(repo, cycle)}
    present |= {r.item_id for r in read_pool(repo, path)[0]} if path.is_file() else set()
    new = [m for m in metas if m["id"] not in present and not present.add(m["id"])]
    if new:
        _rewrite_pool(path, add=new)
    return len(new)


def append_to_pool(path: Path, metas: list[dict]) -> bool:
    """Add records to a pool file as they are (the caller has checked their ids are new there)."""
    return _rewrite_pool(Path(path), add=metas) if metas else False


def promote(repo: Path, entries: list[ContentFile]) -> list[ContentFile]:
    """Give pooled items their own file (the items put before people); returns them as files.

    The file is written before the pool line goes, so a run cut off in between leaves
    the item twice, never nowhere (and readers take the file)."""
    out, leaving = [], {}
    for entry in entries:
        if not entry.pooled:
            out.append(entry)
            continue
        meta = entry.meta
        path = layout.item_path(repo, str(meta.get("cycle") or entry.path.parent.parent.name), entry.item_id)
        doc = frontmatter.new(meta, entry.doc.body)
        frontmatter.write(path, doc)
        leaving.setdefault(entry.path, set()).add(entry.item_id)
        out.append(ContentFile(path, frontmatter.read(path)))
    for pool_file, ids in leaving.items():
        _rewrite_pool(pool_file, remove=ids)
    return out


def not_selected(repo: Path, cycle: str) -> list[ContentFile]:
    """The cycle's items kept by triage but not put before people, best first (for "also this week").

    Best: the order ``commons assign`` ranked them in (its finer score, then the newest).
    """
    found, _ = read_items(repo, cycle, statuses=(NOT_SELECTED,), pool=True)
    return sorted(found, key=lambda f: (-(whole_number(f.meta.get("score")) or 0), -_rank(f.meta), str(f.meta.get("published") or ""), f.item_id))


def _rank(meta: dict) -> float:
    selection = meta.get("selection")
    value = selection.get("rank") if isinstance(selection, dict) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _rewrite_pool(path: Path, *, replace: dict[str, dict] | None = None, add: list[dict] | None = None,
                  remove: set[str] | None = None) -> bool:
    """Rewrite one pool file whole (atomically), keeping unparsable lines as they are (nothing lost)."""
    lines = []
    if path.is_file():
        for raw in frontmatter.read_text(path, max_bytes=1 << 30).split("\n"):
            if not raw.strip():
                continue
            try:
                item_id = parse_pool_line(raw)["id"]
            except ValueError:
                lines.append(raw)
                continue
            if remove and item_id in remove:
                continue
            lines.append(pool_line(replace[item_id]) if replace and item_id in replace else raw)
    lines += [pool_line(m) for m in add or []]
    if not lines:
        if path.is_file():
            path.unlink()
            return True
        return False
    return atomic_write_text(path, "\n".join(lines) + "\n")


def read_reviews(repo: Path, cycle: str) -> tuple[list[ContentFile], list[Problem]]:
    """Readable review files of a cycle; oversized ones are problems, never read."""
    paths, problems = [], []
    for path in review_files(repo, cycle):
        too_big = oversized_review(path)
        if too_big:
            problems.append(Problem(_shown(repo, path), 1, 1, "", too_big))
        else:
            paths.append(path)
    found, unreadable = read_files(repo, paths)
    return found, problems + unreadable


def _shown(repo: Path, path: Path) -> str:
    try:
        return path.relative_to(repo).as_posix()
    except ValueError:
        return str(path)
