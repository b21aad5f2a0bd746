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


@dataclass
class History:
    judgements: list[Judgement] = field(default_factory=list)
    scores: dict[str, list[int]] = field(default_factory=dict)   # cycle → triage scores of its items


def read(repo: Path, window: int = WINDOW) -> History:
    """The judgements and triage scores of the last ``window`` cycles."""
    history = History()
    items: dict[str, dict] = {}
    bodies: dict[str, str] = {}
    reviews: list[dict] = []
    for cycle in layout.cycles(repo)[-window:]:
        found, _ = content.read_items(repo, cycle)
        for f in found:
            meta = f.meta
            if isinstance(meta.get("id"), str):
                items[meta["id"]] = {"meta": meta, "cycle": cycle}
                bodies[meta["id"]] = f.doc.body
                score = meta.get("score")
                if isinstance(score, int) and not isinstance(score, bool):
                    history.scores.setdefault(cycle, []).append(score)
        found, _ = content.read_reviews(repo, cycle)
        reviews.extend(f.meta for f in found)
    # Only reviewed items need their text (a judgement's); ~96 % of a window's items are in no review.
    for item_id in {str(r.get("item", "")) for r in reviews} & items.keys():
        items[item_id]["text"] = item_text(items[item_id]["meta"], bodies[item_id])
    history.judgements = build(items, reviews)
    return history


def load(repo: Path, window: int = WINDOW) -> list[Judgement]:
    """Judgements of the last ``window`` cycles."""
    return read(repo, window).judgements
