"""Where things live in a commons repository (DESIGN.md, "Layout")."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

NEWS = "news"
HANDBOOK = "handbook"
SCHEMAS = "schemas"
STATE = ".commons"
# Every cycle's review files, as a git pathspec: what git lists for the portfolios and publish's 잔디.
REVIEW_FILES = f":(glob){NEWS}/*/reviews/**"
REVIEW_BRANCHES = "commons/review/"  # a review PR's branch: commons/review/<cycle>/<handle> (assign opens them)
PUBLISHED = f"{STATE}/publish"  # <cycle>.yml: what publish learned of each review PR (publish/state.py)
POOL = "collected"  # news/<cycle>/collected/<YYYY-MM-DD>.jsonl  # machine state committed with the content (feed validators, health)


def items_dir(repo: Path, cycle: str) -> Path:
    return Path(repo) / NEWS / cycle / "items"


def item_path(repo: Path, cycle: str, item_id: str) -> Path:
    return items_dir(repo, cycle) / f"{item_id}.md"


def pool_dir(repo: Path, cycle: str) -> Path:
    """Items no person was given: one JSON line each, a file per collection day (see items.py)."""
    return Path(repo) / NEWS / cycle / POOL


def pool_path(repo: Path, cycle: str, day: str) -> Path:
    return pool_dir(repo, cycle) / f"{day}.jsonl"


def reviews_dir(repo: Path, cycle: str, member: str | None = None) -> Path:
    base = Path(repo) / NEWS / cycle / "reviews"
    return base / member.lower() if member else base


def review_path(repo: Path, cycle: str, member: str, item_id: str) -> Path:
    return reviews_dir(repo, cycle, member) / f"{item_id}.md"


def newsletter_path(repo: Path, cycle: str) -> Path:
    return Path(repo) / NEWS / cycle / "README.md"


CYCLE_FOLDER = re.compile(r"\d{4}-W\d{2}")


def cycles(repo: Path) -> list[str]:
    """Cycle folders present under news/, oldest first."""
    base = Path(repo) / NEWS
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and CYCLE_FOLDER.fullmatch(p.name))


def slugify(text: str, max_length: int = 80) -> str:
    """An ASCII, lowercase, hyphenated name; empty when the text has no ASCII letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
