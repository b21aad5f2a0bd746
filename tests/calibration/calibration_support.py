"""Judgements and reviewed cycles for the calibration tests."""

from __future__ import annotations

from pathlib import Path

from commons.calibration.judgements import Judgement
from commons.content import frontmatter
from triage.triage_fixtures import make_item


def judgement(item_id, ai, impacts, *, source="hn-llm", category="frameworks", title="", cycle="2026-W40", why="좋아요"):
    return Judgement(item_id, cycle, source, category, title or item_id, "", ai, list(impacts),
                     ["newsletter"] * len(impacts), [why] * len(impacts), [f"m{i}" for i in range(len(impacts))])


def reviewed_item(repo: Path, cycle: str, item_id: str, title: str, source: str, score: int, impacts: list[int],
                  category: str = "frameworks", text: str = "") -> None:
    """An item triaged with ``score`` and reviewed (merged) by one member per impact."""
    make_item(repo, item_id, title, text or title, source=source, cycle=cycle, status="published", score=score,
              category=category, summary="요약", why="이유",
              triage={"provider": "offline", "model": "keywords", "prompt_version": "x", "input_hash": "y"})
    for n, impact in enumerate(impacts):
        member = f"member{n}"
        path = Path(repo) / "news" / cycle / "reviews" / member / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        frontmatter.write(path, frontmatter.new({
            "item": item_id, "reviewer": member, "impact": impact,
            "verdict": "skip" if impact <= 2 else "newsletter", "summary": "멤버 요약", "why": f"{member}의 판단 {impact}",
        }, ""))
