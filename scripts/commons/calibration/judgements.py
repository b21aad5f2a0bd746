"""What the members decided about an item, gathered from its merged reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean


@dataclass
class Judgement:
    item_id: str
    cycle: str
    source: str
    category: str
    title: str
    text: str
    ai_score: int | None          # the triage score the members saw (None: never triaged)
    impacts: list[int] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    whys: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)

    @property
    def impact(self) -> float:
        """The members' mean impact, as ``statistics.mean`` gives it (a whole mean stays an int), without
        its exact fractions for whole impacts: the agreement report asks ~5 times per item of the window."""
        impacts = self.impacts
        if impacts and all(type(i) is int for i in impacts):
            total, count = sum(impacts), len(impacts)
            return total // count if total % count == 0 else total / count  # int / int is correctly rounded
        return mean(impacts)

    @property
    def gap(self) -> float:
        """Members minus triage: positive when triage under-rated the item."""
        return self.impact - (self.ai_score or 0)


def build(items: dict[str, dict], reviews: list[dict]) -> list[Judgement]:
    """``items``: id → {meta, text, cycle}; ``reviews``: finished reviews' front matter.

    Only whole reviews count (an impact 1–5 and a verdict); a review of an unknown item is
    ignored. Ordered by cycle, then item id, so every consumer is deterministic.
    """
    out: dict[str, Judgement] = {}
    for review in reviews:
        impact = review.get("impact")
        item = items.get(str(review.get("item", "")))
        if item is None or isinstance(impact, bool) or not isinstance(impact, int) or not 1 <= impact <= 5:
            continue
        meta = item["meta"]
        score = meta.get("score")
        judgement = out.get(meta["id"])
        if judgement is None:
            judgement = out[meta["id"]] = Judgement(
                item_id=meta["id"], cycle=item["cycle"], source=str(meta.get("source") or ""),
                category=str(meta.get("category") or ""), title=str(meta.get("title") or ""),
                text=item.get("text", ""), ai_score=score if isinstance(score, int) and not isinstance(score, bool) else None,
            )
        judgement.impacts.append(impact)
        judgement.verdicts.append(str(review.get("verdict") or ""))
        judgement.whys.append(str(review.get("why") or "").strip())
        judgement.reviewers.append(str(review.get("reviewer") or ""))
    return sorted(out.values(), key=lambda j: (j.cycle, j.item_id))
