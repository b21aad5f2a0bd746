"""Few-shot examples for the AI prompt: the members' own judgements, chosen for what
they teach (disagreements first, then the most recent), spread over categories, within a
token budget."""

from __future__ import annotations

import json

from ..triage import tokens
from .agreement import member_score
from .judgements import Judgement

TOKENS = 260           # the examples' share of the system prompt
TITLE_TOKENS = 24
WHY_TOKENS = 24


def _example(j: Judgement) -> dict:
    why = next((w for w in j.whys if w), "")
    out = {"id": j.item_id, "title": tokens.clip(j.title, TITLE_TOKENS), "source": j.source, "members": member_score(j)}
    if j.ai_score is not None:
        out["triage"] = j.ai_score
    if why:
        out["why"] = tokens.clip(why, WHY_TOKENS)
    return out


def choose(judgements: list[Judgement], budget: int = TOKENS) -> list[dict]:
    def disagreement(j: Judgement) -> int:
        return abs(round(j.gap)) if j.ai_score is not None else 0

    ranked = sorted(judgements, key=lambda j: j.item_id)
    ranked.sort(key=lambda j: j.cycle, reverse=True)       # then the most recent
    ranked.sort(key=disagreement, reverse=True)           # disagreements teach most
    queues: dict[str, list[Judgement]] = {}
    for j in ranked:
        queues.setdefault(j.category, []).append(j)
    chosen, used = [], 0
    while any(queues.values()):
        for category in sorted(queues, key=lambda c: (-len(queues[c]), c)):
            if not queues[category]:
                continue
            example = _example(queues[category].pop(0))
            cost = tokens.estimate(json.dumps(example, ensure_ascii=False)) + 1
            if used + cost > budget:
                return chosen
            chosen.append(example)
            used += cost
    return chosen
