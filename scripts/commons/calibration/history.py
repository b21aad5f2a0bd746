"""The members' judgements as the repository holds them: merged reviews on the branch.

Only a window of recent cycles is read, so the cost stays that of a few weeks however
long the community has run, and old taste fades out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content import items as content, layout
from ..triage.prompt import item_text
from .judgements import Judgement, build

WINDOW = 12  # cycles
REVIEW_FIELDS = ("item", "impact", "verdict", "why", "reviewer")  # what ``build`` takes from a review


@dataclass
class History:
    judgements: list[Judgement] = field(default_factory=list)
    scores: dict[str, list[int]] = field(default_factory=dict)   # cycle → triage scores of its items


@dataclass
class CycleRead:
    """What one cycle gives the history."""

    cycle: str
    scores: list[int]       # triage scores of all its items (files, then pool), in reading order
    files: list[list]       # item files: [id, score or None, source, category, title, text], reading order
    pool: list[str]         # ids of its pool records (items no person was given)
    reviews: list[list]     # reviews with a whole impact: [item, impact, verdict, why, reviewer]
    pool_metas: dict[str, dict] = field(default_factory=dict)  # every pool record (its text only if a review names it)


def _whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _record(item_id: str, meta: dict, body: str) -> list:
    """An item as ``build`` sees it (its strings as ``build`` would make them)."""
    return [item_id, _whole(meta.get("score")), str(meta.get("source") or ""), str(meta.get("category") or ""),
            str(meta.get("title") or ""), item_text(meta, body)]


def read_cycle(repo: Path, cycle: str) -> CycleRead:
    """Parse one cycle's items and reviews."""
    part = CycleRead(cycle, [], [], [], [])
    found, _ = content.read_items(repo, cycle)
    for f in found:
        meta = f.meta
        if not isinstance(meta.get("id"), str):
            continue
        score = _whole(meta.get("score"))
        if score is not None:
            part.scores.append(score)
        if f.pooled:
            part.pool.append(meta["id"])
            part.pool_metas[meta["id"]] = meta  # its text only when a review names it (~never)
        else:
            part.files.append(_record(meta["id"], meta, f.doc.body))
    found, _ = content.read_reviews(repo, cycle)
    for f in found:
        review = f.meta
        impact = review.get("impact")
        if _whole(impact) is None or not 1 <= impact <= 5:
            continue  # ``build`` counts only whole reviews
        part.reviews.append([str(review.get("item", "")), impact, str(review.get("verdict") or ""),
                             str(review.get("why") or ""), str(review.get("reviewer") or "")])
    return part


def read(repo: Path, window: int = WINDOW) -> History:
    """The judgements and triage scores of the last ``window`` cycles."""
    repo = Path(repo)
    cycles = layout.cycles(repo)[-window:]
    parts = [read_cycle(repo, cycle) for cycle in cycles]
    history = History()
    items: dict[str, tuple[CycleRead, list | None]] = {}  # id → where it was seen last (a later cycle wins)
    for part in parts:
        for record in part.files:
            items[record[0]] = (part, record)
        for item_id in part.pool:
            items[item_id] = (part, None)
        if part.scores:
            history.scores[part.cycle] = list(part.scores)
    reviews = [dict(zip(REVIEW_FIELDS, r)) for part in parts for r in part.reviews]
    # Only reviewed items need their text (a judgement's); ~96 % of a window's items are in no review.
    known: dict[str, dict] = {}
    for item_id in {r["item"] for r in reviews} & items.keys():
        part, record = items[item_id]
        if record is None:  # a pool record a review names (reviewed items have files: rare)
            record = _record(item_id, part.pool_metas[item_id], "")
        known[item_id] = {"meta": dict(zip(("id", "score", "source", "category", "title"), record[:5])),
                          "cycle": part.cycle, "text": record[5]}
    history.judgements = build(known, reviews)
    return history


def load(repo: Path, window: int = WINDOW) -> list[Judgement]:
    """Judgements of the last ``window`` cycles."""
    return read(repo, window).judgements
