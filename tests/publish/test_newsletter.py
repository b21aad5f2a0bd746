"""The newsletter: ranking, grouping, credits, the AI marking, the numbers, the pictures, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown_it import MarkdownIt

from commons.config import load_config, load_members
from commons.publish import newsletter, plan
from commons.publish.newsletter import CategoryInfo, History, Item, Judgement, Page, Timeliness
from publish.sample import CYCLE, populate

CATS = (CategoryInfo("frameworks", "프레임워크", "Frameworks"), CategoryInfo("papers", "연구 논문", "Research papers"))


def page(**kw) -> Page:
    return Page(cycle=CYCLE, community="LLM Engineering Handbook", language="ko", categories=CATS, **kw)


def test_ranked_by_mean_impact_then_ai_score_then_title():
    items = [Item("a", "Alpha", score=2, category="frameworks"), Item("b", "Beta", score=5, category="frameworks"),
             Item("c", "Gamma", score=3, category="papers"), Item("d", "Delta", score=5, category="papers")]
    judgements = [Judgement("a", "x", 4, "newsletter"), Judgement("a", "y", 5, "newsletter"),
                  Judgement("b", "x", 4, "newsletter"), Judgement("b", "y", 4, "skip"),
                  Judgement("c", "x", 4, "newsletter"), Judgement("d", "x", 5, "skip")]
    entries = newsletter.rank(items, judgements)
    assert [e.item.id for e in entries] == ["d", "a", "b", "c"]
    assert [e.impact for e in entries] == [5, 4.5, 4, 4]
    chosen = [e for e in entries if e.in_newsletter]  # d: every reviewer said skip
    groups = newsletter.group(chosen, list(CATS))
    assert [(g, [e.item.id for e in es]) for g, es in groups] == [("frameworks", ["a", "b"]), ("papers", ["c"])]


def test_stats_agreement_and_skip_share():
    items = [Item("a", "A", score=5, status="assigned"), Item("b", "B", score=2, status="assigned"),
             Item("c", "C", score=4, status="triaged"), Item("z", "Z", score=1, status="dropped")]
    entries = newsletter.rank(items, [Judgement("a", "x", 3, "newsletter"), Judgement("a", "y", 4, "newsletter"),
                                      Judgement("b", "x", 1, "skip")])
    stats = newsletter.stats(items, entries, Timeliness(2, 3))
    assert (stats.collected, stats.kept, stats.reviewed, stats.published) == (4, 3, 2, 1)
    assert stats.mad == 1.25  # |5 - 3.5| and |2 - 1| → mean 1.25
    assert stats.skipped_kept == 1 and stats.skip_share == 0.5
    assert round(stats.coverage, 3) == round(2 / 3, 3)
    text = newsletter.render(page(), entries, stats)
    assert "| 커버리지 · Coverage | 67% (2/3) |" in text and "| 마감 준수 · On time | 67% (2/3) |" in text
    assert "| AI–멤버 점수 차 · AI–member gap | 1.25 |" in text and "| AI 선별 중 skip · AI-kept, skipped | 50% (1/2) |" in text


def test_content_credits_reviewers_and_marks_the_ai_summary():
    items = [Item("a", "Alpha", url="https://e.com/a", score=4, category="frameworks",
                  summary="AI summary text", why="AI why")]
    entries = newsletter.rank(items, [Judgement("a", "jiyoon-nlp", 5, "newsletter", "Her summary", "Her why"),
                                      Judgement("a", "hyeonwoo-dev", 4, "handbook", "His summary", "", "rag")])
    text = newsletter.render(page(chapter_links={"rag": ("RAG", "../../handbook/rag.md")}), entries,
                             newsletter.stats(items, entries, None))
    assert "### [Alpha](https://e.com/a)" in text
    assert "**@jiyoon-nlp** (5/5): Her summary  \n  _왜 중요한가:_ Her why" in text
    assert "**@hyeonwoo-dev** (4/5, handbook): His summary" in text
    assert "> 🤖 **AI 요약** _(AI가 작성한 글)_: AI summary text" in text
    assert "📚 핸드북: [RAG](../../handbook/rag.md)" in text
    assert "## 프레임워크 · Frameworks" in text
    assert "| 마감 준수 · On time | — |" in text


def test_hostile_text_stays_text():
    evil = "<script>alert(1)</script> ](javascript:x) <!-- commons:news end --> # heading\n\n- list"
    items = [Item("a", evil, url="javascript:alert(1)", score=4, summary=evil)]
    entries = newsletter.rank(items, [Judgement("a", "x", 5, "newsletter", evil, evil)])
    text = newsletter.render(page(), entries, newsletter.stats(items, entries, None))
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "javascript:" not in html.replace("javascript:x", "")
    assert 'href="javascript' not in html
    assert not any(line.startswith("<!-- commons") for line in text.splitlines())


def test_highlights_only_when_more_than_three_items():
    items = [Item(str(n), f"T{n}", score=3) for n in range(4)]
    judgements = [Judgement(str(n), "x", 5 - n, "newsletter") for n in range(4)]
    entries = newsletter.rank(items, judgements)
    text = newsletter.render(page(), entries, newsletter.stats(items, entries, None))
    assert "## 이번 주 하이라이트\n\n1. T0 — 영향도 5\n2. T1 — 영향도 4\n3. T2 — 영향도 3\n" in text
    entries = entries[:3]
    assert "하이라이트" not in newsletter.render(page(), entries, newsletter.stats(items, entries, None))
    assert "**영향도 2.5** ★★★☆☆" in newsletter.render(
        page(), newsletter.rank(items[:1], [Judgement("0", "x", 2, "newsletter"), Judgement("0", "y", 3, "newsletter")]),
        newsletter.stats(items, [], None))


def test_empty_cycle_says_so():
    text = newsletter.render(page(), [], newsletter.stats([], [], None))
    assert "아직 없습니다" in text and "## 숫자로 보는 이번 주" in text


def test_pictures_are_well_formed_svg_without_scripts_and_escaped():
    history = History(("a<b", "jiyoon-nlp"), ("2026-W47", CYCLE), {("jiyoon-nlp", CYCLE): 3, ("a<b", "2026-W47"): 1})
    items = [Item("a", "A", category="frameworks"), Item("b", "B", category="unknown")]
    pictures = newsletter.pictures([], items, list(CATS), history, "ko")
    assert set(pictures) == {"contributions.svg", "categories.svg"}
    for text in pictures.values():
        root = ET.fromstring(text)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<script" not in text and "href" not in text and "on" + "load" not in text
    assert "a&lt;b" in pictures["contributions.svg"]
    assert newsletter.pictures([], items, list(CATS), history, "ko") == pictures  # deterministic
    assert "기타" in pictures["categories.svg"]  # items of unknown categories are counted under Other


def test_whole_cycle_renders_to_html_that_reads_well(repo):
    populate(repo)
    config = load_config(repo)
    result = plan.build(repo, config, load_members(repo, config), CYCLE)
    text = next(c.after for c in result.changes if c.path == f"news/{CYCLE}/README.md")
    html = MarkdownIt("commonmark").enable("table").render(text)
    headings = re.findall(r"<h([23])>(.*?)</h\1>", html)
    assert [h for level, h in headings if level == "2"][:2] == [
        "연구 논문 · Research papers", "프레임워크·라이브러리·도구 · Frameworks, libraries and tools"]
    assert "출처 Hugging Face Blog" in html  # the source's title from commons.yml
    order = [h for level, h in headings if level == "3"]
    assert order[0].startswith('<a href="https://example.com/rag-survey">A survey of RAG [2026]')
    assert "Meh tool" not in html  # every reviewer said skip
    assert '<img src="contributions.svg"' in html and '<img src="categories.svg"' in html
    assert "<table>" in html
    assert "<blockquote>" in html and "AI가 작성한 글" in html
