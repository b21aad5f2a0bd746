"""How well triage agrees with the members: for maintainers, not readers.

Quadratic weighted kappa (Cohen 1968) is the usual agreement figure for ordinal scales:
1 is perfect, 0 is chance, and a 1-vs-5 disagreement weighs 16 times a 1-vs-2 one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from .judgements import Judgement

SCALE = (1, 2, 3, 4, 5)
IMPORTANT = 4      # members' mean impact at or above this: an item the filter must not drop
TARGET_RECALL = 0.9


def member_score(j: Judgement) -> int:
    """The members' mean impact on the 1–5 scale (halves round up: 3.5 → 4)."""
    return min(5, max(1, int(j.impact + 0.5)))


def confusion(judgements: list[Judgement]) -> list[list[int]]:
    """rows: triage score 1–5; columns: members' score 1–5."""
    matrix = [[0] * 5 for _ in SCALE]
    for j in judgements:
        if j.ai_score in SCALE:
            matrix[j.ai_score - 1][member_score(j) - 1] += 1
    return matrix


def weighted_kappa(matrix: list[list[int]]) -> float | None:
    n = sum(map(sum, matrix))
    if n == 0:
        return None
    rows = [sum(r) for r in matrix]
    cols = [sum(matrix[i][k] for i in range(5)) for k in range(5)]
    observed = expected = 0.0
    for i in range(5):
        for k in range(5):
            weight = (i - k) ** 2 / 16
            observed += weight * matrix[i][k] / n
            expected += weight * rows[i] * cols[k] / (n * n)
    return None if expected == 0 else 1 - observed / expected


def mae(judgements: list[Judgement]) -> float | None:
    gaps = [abs(j.gap) for j in judgements if j.ai_score is not None]
    return mean(gaps) if gaps else None


def mean_gap_by(judgements: list[Judgement], key) -> dict[str, tuple[float, int]]:
    """key → (mean of members minus triage, how many items): positive = triage under-rates."""
    groups: dict[str, list[float]] = {}
    for j in judgements:
        if j.ai_score is not None:
            groups.setdefault(key(j), []).append(j.gap)
    return {k: (mean(v), len(v)) for k, v in sorted(groups.items())}


@dataclass
class ThresholdOption:
    threshold: int
    workload: float        # share of triaged items that would go to people
    recall: float | None   # share of the items members found important that would be kept


def thresholds(judgements: list[Judgement], scores: list[int]) -> list[ThresholdOption]:
    """For each threshold: the workload over all triaged ``scores`` and the recall over
    what members rated important (audits included: they are the only view below the line)."""
    important = [j for j in judgements if j.ai_score is not None and j.impact >= IMPORTANT]
    out = []
    for t in SCALE:
        workload = sum(s >= t for s in scores) / len(scores) if scores else 0.0
        recall = sum(j.ai_score >= t for j in important) / len(important) if important else None
        out.append(ThresholdOption(t, workload, recall))
    return out


def suggest(options: list[ThresholdOption]) -> ThresholdOption | None:
    """The highest threshold (least work) that still keeps TARGET_RECALL of the important items."""
    good = [o for o in options if o.recall is not None and o.recall >= TARGET_RECALL]
    return max(good, key=lambda o: o.threshold) if good else None


@dataclass
class Report:
    items: int
    mae: float | None
    kappa: float | None
    matrix: list[list[int]]
    by_source: dict[str, tuple[float, int]]
    by_category: dict[str, tuple[float, int]]
    audits: int
    audit_misses: int                  # dropped items the members rated at or above the threshold
    options: list[ThresholdOption] = field(default_factory=list)
    suggested: ThresholdOption | None = None


def report(judgements: list[Judgement], scores: list[int], threshold: int) -> Report:
    matrix = confusion(judgements)
    audits = [j for j in judgements if j.ai_score is not None and j.ai_score < threshold]  # below the line: an audit
    options = thresholds(judgements, scores)
    return Report(
        items=sum(j.ai_score is not None for j in judgements), mae=mae(judgements), kappa=weighted_kappa(matrix),
        matrix=matrix, by_source=mean_gap_by(judgements, lambda j: j.source),
        by_category=mean_gap_by(judgements, lambda j: j.category), audits=len(audits),
        audit_misses=sum(j.impact >= threshold for j in audits), options=options, suggested=suggest(options),
    )
