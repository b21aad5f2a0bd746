"""Members' works on the site (`commons site build`): where their pages land, how a post reads,
and the nav section that holds them."""

from __future__ import annotations

from commons.handbook import book as book_module
from commons.site.plan import SourceFile, docs_path, plan

POST = """---
layout: post
title: "킥오프 후기"
subtitle: "AI 중심의 오픈 스터디"
template: evil.html
hide: [navigation]
---
## 시작

![image](../../../../assets/img/Pasted image 1.png)
![chart](assets/chart.png)
[노트](../../notes/jiyoon-nlp/gen.md) · [챕터](../../handbook/02-rag/rag.md)
"""


def test_where_works_land():
    assert docs_path("notes/README.md") == "notes/index.md"
    assert docs_path("notes/jiyoon-nlp/gen.md") == "notes/jiyoon-nlp/gen.md"
    assert docs_path("posts/jiyoon-nlp/2026-11-23-kickoff.md") == "posts/jiyoon-nlp/2026-11-23-kickoff.md"
    assert docs_path("posts/jiyoon-nlp/assets/chart.png") == "posts/jiyoon-nlp/assets/chart.png"
    assert docs_path("logs/llm-study/2024-W28-minutes.md") == "logs/llm-study/2024-W28-minutes.md"
    assert docs_path("portfolio/jiyoon-nlp.md") == "portfolio/jiyoon-nlp.md"
    assert docs_path("portfolio/jiyoon-nlp.svg") == "portfolio/jiyoon-nlp.svg"
    assert docs_path("posts/jiyoon-nlp/README.md") is None
    assert docs_path("notes/jiyoon-nlp/deeper/x.md") is None


def _site(exists):
    book = book_module.build([("02-rag/rag.md", {"title": "RAG", "part": "2. RAG", "order": 0})])
    files = [
        SourceFile("handbook/README.md", "# 핸드북\n"),
        SourceFile("handbook/02-rag/rag.md", "---\ntitle: RAG\n---\n# RAG\n"),
        SourceFile("notes/README.md", "# 스터디 노트\n"),
        SourceFile("notes/jiyoon-nlp/gen.md", "---\ntitle: 노트\nauthor: jiyoon-nlp\n---\n## 1강\n"),
        SourceFile("posts/README.md", "# 포스트\n"),
        SourceFile("posts/jiyoon-nlp/2026-11-23-kickoff.md", POST),
        SourceFile("posts/jiyoon-nlp/assets/chart.png", None),
        SourceFile("portfolio/jiyoon-nlp.md", "# 이지윤 (@jiyoon-nlp)\n\n![잔디](jiyoon-nlp.svg)\n"),
        SourceFile("portfolio/jiyoon-nlp.svg", None),
    ]
    return plan(book, files, name="핸드북", description="", language="ko", exists=exists)


def test_a_post_reads_as_on_github_with_only_its_title_reaching_mkdocs():
    site = _site(exists=lambda path: path == "posts/jiyoon-nlp/assets/chart.png")
    page = site.pages["posts/jiyoon-nlp/2026-11-23-kickoff.md"]
    assert page.startswith('---\ntitle: "킥오프 후기"\n---\n# 킥오프 후기\n\n*AI 중심의 오픈 스터디*\n')
    assert "template" not in page and "hide" not in page  # a member's keys never steer the site
    assert "&#33;&#91;image&#93;(../../../../assets/img/Pasted image 1.png)" in page  # missing: text, as GitHub shows it
    assert "![chart](assets/chart.png)" in page
    assert "[노트](../../notes/jiyoon-nlp/gen.md)" in page and "[챕터](../../02-rag/rag.md)" in page
    assert site.copies["posts/jiyoon-nlp/assets/chart.png"] == "posts/jiyoon-nlp/assets/chart.png"
    assert site.copies["portfolio/jiyoon-nlp.svg"] == "portfolio/jiyoon-nlp.svg"


def test_the_nav_has_a_section_for_members_works():
    site = _site(exists=lambda path: True)
    section = next(entry for entry in site.config["nav"] if "멤버들이 만든 것" in entry)["멤버들이 만든 것"]
    assert section == [
        {"스터디 노트": ["notes/index.md", "notes/jiyoon-nlp/gen.md"]},
        {"포스트": ["posts/index.md", "posts/jiyoon-nlp/2026-11-23-kickoff.md"]},
        {"포트폴리오": ["portfolio/jiyoon-nlp.md"]},
    ]
