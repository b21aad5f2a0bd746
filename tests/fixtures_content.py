"""Valid example files of every kind, for tests to copy and break."""

ITEM = """---
id: 2026-11-20-vllm-0-7-released-3f2a1c
title: vLLM 0.7 released with faster prefix caching
url: https://github.com/vllm-project/vllm/releases/tag/v0.7.0
source: vllm-releases
published: 2026-11-20T09:30:00Z
collected: 2026-11-20T10:00:00Z
cycle: 2026-W48
status: triaged
score: 4
category: frameworks
summary: vLLM 0.7이 나왔습니다. 접두사 캐싱이 빨라졌습니다.
why: 우리가 쓰는 추론 서버의 성능이 바로 좋아집니다.
triage:
  provider: offline
  model: keywords-v1
  prompt_version: '1'
  input_hash: abc123
---
Release notes excerpt.
"""

REVIEW = """---
item: 2026-11-20-vllm-0-7-released-3f2a1c
reviewer: jiyoon-nlp
title: vLLM 0.7 released with faster prefix caching
url: https://github.com/vllm-project/vllm/releases/tag/v0.7.0
cycle: 2026-W48
triage_score: 4
impact: 4
verdict: newsletter
summary: 접두사 캐싱 속도 개선
why: 서빙 비용이 줄어듭니다
---
메모.
"""

CHAPTER = """---
title: Retrieval-Augmented Generation
part: 2. Vector DB & RAG
order: 1
level: intro
updated: 2026-11-20
---
# Retrieval-Augmented Generation

## 요약

RAG는 검색과 생성을 잇습니다. [자료](#자료)를 보세요.

## 왜 중요한가

모델이 모르는 최신 지식을 쓸 수 있습니다.

## 연결

임베딩을 먼저 보세요.

## 자료

- **paper** · [RAG (Lewis et al., 2020)](https://arxiv.org/abs/2005.11401) — 원 논문.
"""
