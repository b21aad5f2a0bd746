"""Reading a cycle's item and review files: every capability needs them the same way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from . import frontmatter, layout


@dataclass
class ContentFile:
    path: Path
    doc: frontmatter.Document

    @property
    def meta(self) -> dict:
        return self.doc.meta


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
    return (f"is {size // 1024} KB; a review file may be at most {MAX_REVIEW_BYTES // 1024} KB "
            "(keep the summary and the reason; link to anything longer)")


def whole_number(value) -> int | None:
    """``value`` when YAML gave a whole number (``true`` is not one), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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
    """Item files of one cycle, or of every cycle (oldest first)."""
    out: list[Path] = []
    for name in [cycle] if cycle else layout.cycles(repo):
        folder = layout.items_dir(repo, name)
        if folder.is_dir():
            out.extend(sorted(p for p in folder.glob("*.md") if p.is_file()))
    return out


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
            problems.append(Problem(shown, 1, 1, "", f"cannot be read: {exc.strerror or exc}"))
    return found, problems


def read_items(repo: Path, cycle: str | None = None) -> tuple[list[ContentFile], list[Problem]]:
    return read_files(repo, item_files(repo, cycle))


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
