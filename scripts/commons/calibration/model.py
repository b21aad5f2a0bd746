"""A small model the offline triager learns from the members' merged reviews.

The keyword score is the starting point; on top of it, additive corrections learned as
shrunken mean residuals (an empirical-Bayes average: a group seen n times with residuals r
gets sum(r) / (n + PRIOR), so a single review moves little): one for the community as a
whole, one per source, one per category, and one per title word. Each correction is a
number a maintainer can read, and every score says which corrections made it.
No ML dependency: a few hundred reviews fit in milliseconds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .judgements import Judgement

PRIOR = 3.0          # pseudo-reviews of "no correction" behind every learned number
MIN_JUDGEMENTS = 8   # fewer merged reviews than this: no corrections at all
MIN_TERM_COUNT = 2   # a title word must appear in this many judged items to carry weight
ROUNDS = 4           # backfitting passes
SHOWN = 0.25         # corrections smaller than this are not worth naming

_WORD = re.compile(r"[a-z][a-z0-9.+#-]*[a-z0-9+#]|[가-힣]{2,}")
_STOP = {
    "and", "for", "the", "with", "from", "into", "about", "your", "you", "this", "that", "are", "was", "how",
    "what", "why", "new", "now", "its", "our", "can", "via", "using", "use", "a", "an", "of", "to", "in", "on",
}


def title_terms(title: str) -> list[str]:
    out = []
    for word in _WORD.findall(title.lower()):
        if len(word) >= 3 and word not in _STOP and word not in out:
            out.append(word[:-1] if word.endswith("s") and len(word) > 4 and not word.endswith("ss") else word)
    return out


@dataclass
class Calibration:
    bias: float = 0.0
    source: dict[str, float] = field(default_factory=dict)
    category: dict[str, float] = field(default_factory=dict)
    term: dict[str, float] = field(default_factory=dict)
    trained_on: int = 0

    def corrections(self, source: str, category: str, title: str) -> list[tuple[str, float]]:
        """(what, how much) for one item, largest first."""
        parts = [("bias", self.bias), (f"source:{source}", self.source.get(source, 0.0)),
                 (f"category:{category}", self.category.get(category, 0.0))]
        terms = [t for t in title_terms(title) if t in self.term]
        if terms:  # the mean of the item's known words: a long title is not worth more
            parts.extend((f"term:{t}", self.term[t] / len(terms)) for t in terms)
        return sorted(((n, w) for n, w in parts if w), key=lambda p: (-abs(p[1]), p[0]))

    def adjust(self, base: int, source: str, category: str, title: str) -> tuple[int, list[tuple[str, float]]]:
        parts = self.corrections(source, category, title)
        value = base + sum(w for _, w in parts)
        return min(5, max(1, int(value + 0.5))), [p for p in parts if abs(p[1]) >= SHOWN]

    def fingerprint(self) -> str:
        """Changes when what the model would say changes (weights to 0.01)."""
        if not self.trained_on:
            return "none"
        rows = [f"b{self.bias:.2f}"] + [f"{k}{n}{v:.2f}" for k, table in (("s", self.source), ("c", self.category), ("t", self.term))
                                        for n, v in sorted(table.items())]
        return hashlib.sha256("|".join(rows).encode("utf-8")).hexdigest()[:8]


def fit(examples: list[tuple[Judgement, int, str]]) -> Calibration:
    """``examples``: (judgement, keyword score, keyword category) for each judged item."""
    model = Calibration(trained_on=len(examples))
    if len(examples) < MIN_JUDGEMENTS:
        return Calibration()
    rows = [(j.impact - base, j.source, category, title_terms(j.title)) for j, base, category in examples]
    counts: dict[str, int] = {}
    for *_, terms in rows:
        for t in terms:
            counts[t] = counts.get(t, 0) + 1
    rows = [(r, s, c, [t for t in terms if counts[t] >= MIN_TERM_COUNT]) for r, s, c, terms in rows]

    def predicted(s, c, terms, skip):
        out = model.bias if skip != "bias" else 0.0
        out += model.source.get(s, 0.0) if skip != "source" else 0.0
        out += model.category.get(c, 0.0) if skip != "category" else 0.0
        if skip != "term" and terms:
            out += sum(model.term.get(t, 0.0) for t in terms) / len(terms)
        return out

    for _ in range(ROUNDS):
        model.bias = sum(r - predicted(s, c, t, "bias") for r, s, c, t in rows) / (len(rows) + PRIOR)
        for name, key in (("source", 1), ("category", 2)):
            sums: dict[str, list[float]] = {}
            for row in rows:
                r, s, c, t = row
                sums.setdefault(row[key], []).append(r - predicted(s, c, t, name))
            setattr(model, name, {g: sum(v) / (len(v) + PRIOR) for g, v in sums.items()})
        sums = {}
        for r, s, c, terms in rows:
            if terms:
                residual = r - predicted(s, c, terms, "term")
                for t in terms:
                    sums.setdefault(t, []).append(residual)
        model.term = {t: sum(v) / (len(v) + PRIOR) for t, v in sums.items()}
    model.source = {k: round(v, 3) for k, v in model.source.items() if abs(v) >= 0.005}
    model.category = {k: round(v, 3) for k, v in model.category.items() if abs(v) >= 0.005}
    model.term = {k: round(v, 3) for k, v in model.term.items() if abs(v) >= 0.005}
    model.bias = round(model.bias, 3)
    return model
