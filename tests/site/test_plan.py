"""`commons site`'s core: which files become which pages, and how a chapter reads on the site."""

from __future__ import annotations

from commons.handbook import book as book_module
from commons.site import markup
from commons.site.plan import SourceFile, docs_path, mkdocs_yaml, plan

CHAPTER = """---
title: Embeddings
title_ko: 임베딩
part: 2. RAG
order: 1
level: intro
updated: "2026-11-22"
tags: embedding, mteb
---
# Embeddings

## 요약

임베딩은 문장을 [벡터](javascript:alert(1))로 바꿉니다. <script>alert(1)</script> <img src="javascript:x" onerror="y" alt="a">

> [!TIP]
> 먼저 [RAG](rag.md)를 보세요.

## 연결

- [RAG](rag.md), [소식](../../news/2026-W48/README.md), [항목](../../news/2026-W48/items/x.md), [안내](../../CONTRIBUTING.md)

<!-- commons:nav start -->
[← 이전: RAG](rag.md)
<!-- commons:nav end -->
"""

RAG = CHAPTER.replace("title: Embeddings", "title: RAG").replace("title_ko: 임베딩", "title_ko: 검색 증강 생성").replace(
    "order: 1", "order: 0").replace("# Embeddings", "# RAG").replace("[RAG](rag.md)", "[임베딩](embeddings.md)")


def _site(repo_url: str = ""):
    book = book_module.build([
        ("02-rag/rag.md", {"title": "RAG", "title_ko": "검색 증강 생성", "part": "2. RAG", "order": 0}),
        ("02-rag/embeddings.md", {"title": "Embeddings", "title_ko": "임베딩", "part": "2. RAG", "order": 1,
                                  "level": "intro", "updated": "2026-11-22", "tags": "embedding, mteb",
                                  "related": ["02-rag/rag"]}),
        ("imported/old.md", {"title": "Old", "part": "1. Imported", "order": 0, "status": "draft"}),
    ])
    files = [
        SourceFile("handbook/README.md", "# 핸드북\n\n[임베딩](02-rag/embeddings.md)\n"),
        SourceFile("handbook/02-rag/embeddings.md", CHAPTER),
        SourceFile("handbook/02-rag/rag.md", RAG),
        SourceFile("handbook/imported/old.md", "---\ntitle: Old\n---\n# Old\n\ntext\n"),
        SourceFile("handbook/assets/old/picture 1.png", None),
        SourceFile("news/README.md", "# 이주의 소식\n\n[2026-W48](2026-W48/README.md)\n"),
        SourceFile("news/feed.xml", None),
        SourceFile("news/2026-W48/README.md", "# 이주의 소식 2026-W48\n\n![기여](contributions.svg)\n"),
        SourceFile("news/2026-W48/contributions.svg", None),
    ]
    return plan(book, files, name="핸드북", description="설명", language="ko", repo_url=repo_url)


def test_files_land_where_readers_expect_them():
    assert docs_path("handbook/README.md") == "index.md"
    assert docs_path("handbook/02-rag/rag.md") == "02-rag/rag.md"
    assert docs_path("news/README.md") == "news/index.md"
    assert docs_path("news/2026-W48/README.md") == "news/2026-W48/index.md"
    assert docs_path("news/2026-W48/contributions.svg") == "news/2026-W48/contributions.svg"
    assert docs_path("news/feed.xml") == "news/feed.xml"
    assert docs_path("news/2026-W48/items/x.md") is None  # items are not pages of the site
    assert docs_path("CONTRIBUTING.md") is None


def test_a_chapter_opens_with_its_korean_title_and_a_compact_header():
    page = _site().pages["02-rag/embeddings.md"]
    assert page.startswith('---\ntitle: "임베딩"\n---\n# 임베딩\n')
    assert "*Embeddings* · **입문** · 업데이트 2026-11-22 · `embedding` `mteb`  \n관련 챕터: [검색 증강 생성](rag.md)" in page
    assert "{ .commons-meta }" in page
    assert "[← 이전: RAG](rag.md)" not in page  # GitHub's nav is replaced (its empty markers: comments, which the HTML loses)
    assert "[← 이전: 검색 증강 생성](rag.md)" in page  # by the site's own, within curated chapters


def test_raw_html_is_left_for_the_sanitizer_and_alerts_become_admonitions():
    page = _site().pages["02-rag/embeddings.md"]
    assert "<script>alert(1)</script>" in page  # site/sanitize.py takes it out of the HTML (test_sanitize.py)
    assert "문장을 벡터로 바꿉니다" in page and "(javascript:" not in page  # a javascript: link is text here
    assert "!!! tip\n\n    먼저 [RAG](rag.md)를 보세요." in page


def test_links_outside_the_site_go_to_github_or_become_text():
    page = _site("https://github.com/o/r").pages["02-rag/embeddings.md"]
    assert "[소식](../news/2026-W48/)" in page or "[소식](../news/2026-W48/index.md)" in page
    assert "[항목](https://github.com/o/r/blob/HEAD/news/2026-W48/items/x.md)" in page
    assert "[안내](https://github.com/o/r/blob/HEAD/CONTRIBUTING.md)" in page
    offline = _site()
    assert "항목, 안내" in offline.pages["02-rag/embeddings.md"].replace("[RAG](rag.md), [소식](../news/2026-W48/index.md), ", "")
    assert offline.notes == [] and len(offline.unlinked) == 4  # two in each chapter


def test_nav_follows_the_reading_order_and_the_newsletters_newest_first():
    site = _site()
    nav = site.config["nav"]
    assert nav[0] == {"목차": "index.md"}
    assert nav[1] == {"2. RAG": [{"검색 증강 생성": "02-rag/rag.md"}, {"임베딩": "02-rag/embeddings.md"}]}
    assert nav[2] == {"1. Imported": [{"Old": "imported/old.md"}]}  # drafts after the curated order
    assert nav[3] == {"이주의 소식": ["news/index.md", {"11월 넷째 주": "news/2026-W48/index.md"}]}  # weeks as people name them
    news = site.pages["news/index.md"]
    assert "[Atom 피드로 구독하기](feed.xml){ .commons-feed }" in news
    assert news.endswith("![기여 현황](2026-W48/contributions.svg)\n")  # the list first, the chart after it
    assert site.copies["assets/old/picture 1.png"] == "handbook/assets/old/picture 1.png"
    assert site.copies["news/feed.xml"] == "news/feed.xml"


def test_search_is_korean_and_english_and_ids_follow_github():
    site = _site()
    assert site.config["plugins"] == [{"search": {"lang": ["en", "ko"], "separator": site.config["plugins"][0]["search"]["separator"]}}]
    assert site.config["theme"]["font"] is False  # no request to Google Fonts
    text = mkdocs_yaml(site.config)
    assert "slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}" in text


def test_github_escapes_and_hard_breaks_read_the_same_on_the_site():
    text = "### 1\\. Models \\& Prompting\n1. **[A](a.md)** · B\\\n   입문 `x\\&y`"
    assert markup.github_inline(text) == "### 1&#46; Models &amp; Prompting\n1. **[A](a.md)** · B  \n   입문 `x\\&y`"


def test_the_home_opens_on_the_latest_issue_and_the_way_into_the_handbook():
    from commons.site.plan import news_first

    words = {"to_contents": "핸드북 목차로 →"}
    home = ("# Handbook\n\nFirst paragraph.\n\nSecond paragraph.\n\n<!-- commons:news-latest start -->\n"
            "**최신 이주의 소식:** [이주의 소식](../news/2026-W48/README.md)\n<!-- commons:news-latest end -->\n\n"
            "## 목차 (Contents)\n\n<!-- commons:handbook-index start -->\n- chapters\n"
            "<!-- commons:handbook-index end -->\n")
    text = news_first(home, words)
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "# Handbook" and lines[2].startswith("**최신 이주의 소식:**")
    assert lines[4] == "[핸드북 목차로 →](#목차-contents){ .commons-contents }"
    assert lines[5] == "First paragraph." and text.count("최신 이주의 소식") == 1
    assert news_first("# Handbook\n\nNo news yet.\n", words) == "# Handbook\n\nNo news yet.\n"
