"""A commons repository with a roster, two chapters and a way to write works into it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_NOTES = SEEDS / "002_26ad16078955f306.txt"
SEED_POST = SEEDS / "003_88c1b869c667c2a0.txt"
SEED_MINUTES = SEEDS / "004_cbc1c68fa3d3d4da.txt"

MEMBERS = """members:
  - github: jiyoon-nlp
    name: 이지윤
  - github: seongwoo-ai
    name: 신성우
  - github: minji-builder
    name: 최민지
    portfolio: false
"""

NOTE = """---
title: Generation for NLP 요약
author: jiyoon-nlp
date: "2026-11-24"
chapters: [long-context, embeddings]
source: Generation for NLP 강의
---
# Generation for NLP

## 7. Long Context

RoPE와 ALiBi를 정리했습니다.
"""

POST = """---
layout: post
title: "LLMOps 스터디 킥오프 후기"
subtitle: "AI 중심의 오픈 스터디"
date:   2026-11-23 20:52:24 +0530
categories: Devocean
author: "Jiyoon Lee"
header-img: img/bg.jpg
---
킥오프 후기입니다.
"""

LOG = """---
title: 빌더 로그
type: log
cycle: 2026-W48
authors: [seongwoo-ai]
team: 챗봇 팀
chapters: [embeddings]
---
## 진행 상황

- 임베딩 모델 비교

## 다음 주 계획

- 평가 셋 만들기
"""

MINUTES = """---
title: 스터디 회의록
type: minutes
cycle: 2026-W48
date: "2026-11-23"
authors: [seongwoo-ai]
---
# Agenda

- 체크인

| 이름 | 기분 | 체크인 |
|---|---|---|
| 성우 | Good | 좋아요 |

## 한 주간 진행한 것

- 크롤러

## 다음주 계획

- DB 고르기
"""


def make_repo(tmp_path: Path, full_handbook: bool = False) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    shutil.copy(ROOT / "commons.yml", repo / "commons.yml")
    (repo / "members.yml").write_text(MEMBERS, encoding="utf-8")
    if full_handbook:
        shutil.copytree(ROOT / "handbook", repo / "handbook")
    else:
        for name in ("long-context", "embeddings"):
            source = next((ROOT / "handbook").glob(f"*/{name}.md"))
            target = repo / "handbook" / source.parent.name / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_without_related(source.read_text(encoding="utf-8")), encoding="utf-8")
    return repo


def _without_related(text: str) -> str:
    """A real chapter with its links to chapters this small repository does not have taken out."""
    import re

    text = re.sub(r"^related: .*$", "related: []", text, count=1, flags=re.M)
    return re.sub(r"\[([^\]]+)\]\((?:\.\./)?[^)#:]*\.md\)", r"\1", text)


def put(repo: Path, relative: str, text: str) -> Path:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
