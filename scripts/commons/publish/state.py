"""What publishing learned about each review pull request, kept in the repository.

``.commons/publish/<cycle>.yml`` records, per pull request, whose it was, how
many reviews it held, when GitHub recorded its head (the required check started on it) and whether it was merged.
The newsletter's "on time" number is computed from it, so a second run (after
GitHub has deleted merged branches) writes the same newsletter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from ..content import yamlsafe
from ..content.cycles import due_time
from ..content.layout import PUBLISHED
from .newsletter import Timeliness


@dataclass(frozen=True)
class PullRecord:
    number: int
    member: str
    outcome: str  # merged | open (not merged) | closed
    reviews: int  # review files the pull request holds
    submitted: str | None  # ISO time GitHub started the required check on its head; None when unknown


def path(cycle: str) -> str:
    return f"{PUBLISHED}/{cycle}.yml"


def read(root: Path, cycle: str) -> dict[int, PullRecord]:
    file = Path(root) / path(cycle)
    if not file.is_file():
        return {}
    try:
        data = yamlsafe.load(file.read_text(encoding="utf-8")).data or {}
        return {int(p["number"]): PullRecord(**p) for p in data.get("pulls", [])}
    except (yamlsafe.YamlError, TypeError, KeyError, ValueError, AttributeError):
        return {}  # a broken state file is rebuilt from what GitHub says now


def merge(old: dict[int, PullRecord], new: list[PullRecord]) -> dict[int, PullRecord]:
    """New facts win, except that a merged record is final (its branch may be gone by now)."""
    out = dict(old)
    for record in new:
        if out.get(record.number) and out[record.number].outcome == "merged":
            continue
        out[record.number] = record
    return out


def render(cycle: str, records: dict[int, PullRecord]) -> str:
    data = {"cycle": cycle, "pulls": [asdict(records[n]) for n in sorted(records)]}
    return "# Written by `commons publish`: what it saw of each review pull request.\n" + yamlsafe.dump(data)


def timeliness(cycle: str, week, records: dict[int, PullRecord]) -> Timeliness | None:
    """Reviews merged whose head reached GitHub before the due time, out of all reviews assigned."""
    from datetime import datetime

    counted = [r for r in records.values() if r.outcome != "closed"]
    if not counted:
        return None
    due = due_time(cycle, week)
    on_time = 0
    for record in counted:
        if record.outcome != "merged" or not record.submitted:
            continue
        try:
            submitted = datetime.fromisoformat(record.submitted)
        except ValueError:
            continue
        if submitted.tzinfo and submitted < due:
            on_time += record.reviews
    return Timeliness(on_time, sum(r.reviews for r in counted))
