"""What one triage run learns from the members' judgements: the offline triager's
corrections and the AI prompt's examples."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fewshot
from .judgements import Judgement
from .model import Calibration, fit
from .stories import Stories


@dataclass(frozen=True)
class Learned:
    model: Calibration = field(default_factory=Calibration)
    examples: tuple[dict, ...] = ()
    judgements: int = 0
    stories: Stories = field(default_factory=lambda: Stories([]))


def learn(config, judgements: list[Judgement]) -> Learned:
    from ..triage.offline import OfflineTriager

    keywords = OfflineTriager(config)  # the uncalibrated starting point
    rows = []
    for j in judgements:
        score, category, _ = keywords.judge({"id": j.item_id, "title": j.title, "source": j.source, "text": j.text})
        rows.append((j, score, category))
    return Learned(fit(rows), tuple(fewshot.choose(judgements)), len(judgements), Stories(judgements))
