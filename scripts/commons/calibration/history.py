"""The members' judgements as the repository holds them: merged reviews on the branch.

Only a window of recent cycles is read, so the cost stays that of a few weeks however
long the community has run, and old taste fades out.
"""

from __future__ import annotations

from pathlib import Path

from ..content import items as content, layout
from ..triage.prompt import item_text
from .judgements import Judgement, build

WINDOW = 12  # cycles


def load(repo: Path, window: int = WINDOW, before: str | None = None) -> list[Judgement]:
    """Judgements of the last ``window`` cycles (those before ``before`` when given)."""
    cycles = [c for c in layout.cycles(repo) if before is None or c < before][-window:]
    if not cycles:
        return []
    items: dict[str, dict] = {}
    reviews: list[dict] = []
    for cycle in cycles:
        found, _ = content.read_items(repo, cycle)
        for f in found:
            meta = f.meta
            if isinstance(meta.get("id"), str):
                items[meta["id"]] = {"meta": meta, "text": item_text(meta, f.doc.body), "cycle": cycle}
        found, _ = content.read_reviews(repo, cycle)
        reviews.extend(f.meta for f in found)
    return build(items, reviews)
