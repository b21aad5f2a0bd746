"""A small cycle for publish tests: items, merged reviews and one handbook chapter."""

from __future__ import annotations

from pathlib import Path

import fixtures_content
from conftest import write

CYCLE = "2026-W48"

# The shared example chapter, with hand-written text before and after the generated parts
# (publish must keep it).
CHAPTER = (
    fixtures_content.CHAPTER.replace(
        "# Retrieval-Augmented Generation\n\n", "# Retrieval-Augmented Generation\n\n손으로 쓴 서문입니다.\n\n", 1
    ).replace(" [자료](#자료)를 보세요.", "")
    + "\n손으로 쓴 맺음말.\n"
)


def item(item_id: str, title: str, *, score: int = 4, category: str = "frameworks", status: str = "assigned",
         url: str | None = None, summary: str = "AI가 쓴 요약입니다.", why: str = "AI가 본 중요성.",
         published: str = "2026-11-20T09:30:00Z") -> str:
    url = url or f"https://example.com/{item_id}"
    return f"""---
id: {item_id}
title: {title!r}
url: {url}
source: hf-blog
published: {published}
collected: 2026-11-20T10:00:00Z
cycle: {CYCLE}
status: {status}
score: {score}
category: {category}
summary: {summary!r}
why: {why!r}
triage:
  provider: offline
  model: keywords-v1
  prompt_version: '1'
  input_hash: abc123
---
Excerpt.
"""


def review(item_id: str, reviewer: str, impact: int | None, verdict: str | None = "newsletter", *,
           chapter: str | None = None, summary: str = "멤버 요약", why: str = "멤버가 본 중요성") -> str:
    lines = ["---", f"item: {item_id}", f"reviewer: {reviewer}", f"cycle: {CYCLE}", "triage_score: 4"]
    lines.append(f"impact: {impact if impact is not None else ''}")
    lines.append(f"verdict: {verdict or ''}")
    if chapter:
        lines.append(f"chapter: {chapter}")
    lines += [f"summary: {summary!r}", f"why: {why!r}", "---", "", "## AI 요약 / AI summary", ""]
    return "\n".join(lines) + "\n"


def items_path(root: Path, item_id: str) -> Path:
    return root / "news" / CYCLE / "items" / f"{item_id}.md"


def review_path(root: Path, reviewer: str, item_id: str) -> Path:
    return root / "news" / CYCLE / "reviews" / reviewer.lower() / f"{item_id}.md"


def populate(root: Path) -> Path:
    """Four items (one dropped, one skipped by its reviewers), reviews by two members, one chapter."""
    write(items_path(root, "vllm-0-7"), item("vllm-0-7", "vLLM 0.7 released", score=4, category="frameworks"))
    write(items_path(root, "rag-survey"), item("rag-survey", "A survey of RAG [2026]", score=3, category="papers"))
    write(items_path(root, "gpt-x"), item("gpt-x", "GPT-X launches", score=5, category="model-updates"))
    write(items_path(root, "noise"), item("noise", "Noise", score=1, category="business", status="dropped"))
    write(items_path(root, "meh"), item("meh", "Meh tool", score=4, category="productivity"))
    write(review_path(root, "jiyoon-nlp", "vllm-0-7"), review("vllm-0-7", "jiyoon-nlp", 4))
    write(review_path(root, "hyeonwoo-dev", "vllm-0-7"), review("vllm-0-7", "hyeonwoo-dev", 5))
    write(review_path(root, "jiyoon-nlp", "rag-survey"),
          review("rag-survey", "jiyoon-nlp", 5, "handbook", chapter="rag", why="RAG 챕터의 좋은 출발점"))
    write(review_path(root, "hyeonwoo-dev", "gpt-x"), review("gpt-x", "hyeonwoo-dev", 3))
    write(review_path(root, "hyeonwoo-dev", "meh"), review("meh", "hyeonwoo-dev", 1, "skip"))
    write(root / "handbook" / "02-rag" / "rag.md", CHAPTER)
    return root
