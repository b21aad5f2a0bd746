"""A small cycle for publish tests: items, merged reviews and one handbook chapter."""

from __future__ import annotations

from pathlib import Path

from conftest import write

CYCLE = "2026-W48"

CHAPTER = """---
title: Retrieval-Augmented Generation
part: 2. Vector DB & RAG
order: 1
level: intro
summary: 검색으로 찾은 문서를 프롬프트에 넣어 답을 만드는 방법.
related: []
updated: 2026-11-20
---
# Retrieval-Augmented Generation

손으로 쓴 서문입니다.

## 요약

RAG는 검색과 생성을 잇습니다.

## 왜 중요한가

모델이 모르는 최신 지식을 쓸 수 있습니다.

## 연결

임베딩을 먼저 보세요.

## 자료

- **paper** · [RAG (Lewis et al., 2020)](https://arxiv.org/abs/2005.11401) — 원 논문.

손으로 쓴 맺음말.
"""


def item(item_id: str, title: str, *, score: int = 4, category: str = "frameworks", status: str = "assigned",
         url: str | None = None, summary: str = "AI가 쓴 요약입니다.", why: str = "AI가 본 중요성.") -> str:
    url = url or f"https://example.com/{item_id}"
    return f"""---
id: {item_id}
title: {title!r}
url: {url}
source: hf-blog
published: 2026-11-20T09:30:00Z
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
    lines = ["---", f"item: {item_id}", f"reviewer: {reviewer}", f"cycle: {CYCLE}", "ai_score: 4"]
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
