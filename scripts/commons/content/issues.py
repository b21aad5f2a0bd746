"""The record of each published issue (``.commons/news/<cycle>.json``): what the news index, the feed,
the latest-issue regions, announcements and `commons status` read, and the editor's cache.

Plain JSON, sorted keys, one file per issue, written by ``commons publish`` in the same commit as the
newsletter, so every reader of an issue sees the same headline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import layout
from .cycles import due_date

FOLDER = f"{layout.STATE}/news"


def path(cycle: str) -> str:
    return f"{FOLDER}/{cycle}.json"


def render(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read(root: Path, cycle: str) -> dict | None:
    file = Path(root) / path(cycle)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _lines(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8").splitlines()[:20]
    except (OSError, UnicodeDecodeError):
        return []


@dataclass(frozen=True)
class Issue:
    cycle: str
    date: str  # ISO date of publication
    title: str
    headline: str
    count: int
    tldr: tuple[str, ...]
    lead: str = ""
    items: tuple[dict, ...] = ()  # every item as the feed shows it: title, url, summary, why, reviewers, …


def published(root: Path) -> list[Issue]:
    """Every issue whose newsletter and record exist, oldest first."""
    out = []
    for cycle in layout.cycles(root):
        letter = layout.newsletter_path(root, cycle)
        if not letter.is_file():
            continue
        record = read(root, cycle)
        if record is None:  # an issue written before records were kept: its own first heading
            first = next((line[2:].strip() for line in _lines(letter) if line.startswith("# ")), cycle)
            out.append(Issue(cycle, due_date(cycle).isoformat(), first, "", 0, ()))
            continue
        try:
            out.append(Issue(cycle, str(record["date"]), str(record["title"]), str(record.get("headline", "")),
                             int(record.get("count", 0)),
                             tuple(f"{t['title']} — {t['line']}" for t in record.get("tldr", [])),
                             str(record.get("lead", "")),
                             tuple(i for i in record.get("items", []) if isinstance(i, dict))))
        except (KeyError, TypeError, ValueError):
            continue
    return out
