"""Handbook references: inside the news region only, created where resources end, never twice."""

from __future__ import annotations

import pytest

from commons.content import regions
from commons.content.frontmatter import ContentError, parse
from commons.publish.references import Reference, add
from publish.sample import CHAPTER

PATH = "handbook/02-rag/rag.md"
REF = Reference("A survey of RAG", "https://example.com/rag-survey", "좋은 출발점", "2026-W48", ("jiyoon-nlp",))


def outside(text: str) -> str:
    """The text with the news region cut out: what people own."""
    found = regions.regions(text).get("news")
    if not found:
        return text
    lines = text.split("\n")
    return "\n".join(lines[: found.start_line - 1] + lines[found.end_line :])


def test_region_created_at_the_end_of_the_resources_section():
    after = add(CHAPTER, PATH, [REF])
    body = parse(after).body
    assert regions.read(body, "news") == (
        "### 이주의 소식에서\n\n"
        "- **news** · [A survey of RAG](https://example.com/rag-survey) — 좋은 출발점 "
        "([11월 넷째 주](../../news/2026-W48/README.md), @jiyoon-nlp)\n"
    )
    assert body.index("손으로 쓴 맺음말.") < body.index("<!-- commons:news start -->")
    assert after.startswith(CHAPTER.split("# Retrieval")[0])  # front matter byte for byte


def test_inserted_before_the_next_section_and_before_nav():
    chapter = CHAPTER.replace("손으로 쓴 맺음말.\n", "손으로 쓴 맺음말.\n\n## 부록\n\n부록 본문.\n")
    body = parse(add(chapter, PATH, [REF])).body
    assert body.index("<!-- commons:news end -->") < body.index("## 부록")
    with_nav = CHAPTER + "\n<!-- commons:nav start -->\n[목차](../README.md)\n<!-- commons:nav end -->\n"
    body = parse(add(with_nav, PATH, [REF])).body
    assert body.index("<!-- commons:news end -->") < body.index("<!-- commons:nav start -->")


def test_no_resources_section_appends_at_the_end():
    chapter = CHAPTER.split("## 자료")[0]
    body = parse(add(chapter, PATH, [REF])).body
    assert body.rstrip().endswith("<!-- commons:news end -->")


def test_no_duplicates_across_runs_and_nothing_outside_the_markers_changes():
    once = add(CHAPTER, PATH, [REF])
    assert add(once, PATH, [REF]) == once  # second run: byte-identical
    other = Reference("Next week's paper", "https://example.com/next", "", "2026-W49", ("hyeonwoo-dev",))
    twice = add(once, PATH, [other, REF])
    assert outside(twice) == outside(once)
    content = regions.read(parse(twice).body, "news")
    assert content.count("https://example.com/rag-survey") == 1
    assert content.index("rag-survey") < content.index("example.com/next")  # earlier lines kept first


def test_hand_edits_around_an_existing_region_are_kept():
    base = add(CHAPTER, PATH, [REF])
    edited = base.replace("손으로 쓴 서문입니다.", "사람이 고친 서문.").replace("원 논문.", "원 논문 (고침).")
    other = Reference("Another", "https://example.com/another", "이유", "2026-W49", ("x",))
    after = add(edited, PATH, [other])
    assert "사람이 고친 서문." in after and "원 논문 (고침)." in after
    assert outside(after) == outside(edited)


def test_hostile_title_cannot_close_the_region():
    evil = Reference("<!-- commons:news end -->\n# x", "https://e.com/x", "<b>", "2026-W48", ("x",))
    after = add(CHAPTER, PATH, [evil])
    assert set(regions.regions(parse(after).body)) == {"news"}
    assert "\n# x" not in after


def test_unpaired_markers_are_an_error_not_a_guess():
    broken = CHAPTER + "\n<!-- commons:news start -->\n"
    with pytest.raises(ContentError):
        add(broken, PATH, [REF])


def test_the_region_stays_bounded_newest_and_best_kept_with_a_link_to_the_rest():
    from commons.publish.references import MAX_REFERENCES

    text = CHAPTER
    for week, cycle in enumerate(("2026-W46", "2026-W47", "2026-W48")):
        refs = [Reference(f"Story {cycle} {n}", f"https://example.com/{cycle}/{n}", "why", cycle, ("jiyoon-nlp",), impact=n)
                for n in (2, 5, 3, 4)]
        text = add(text, PATH, refs)
    body = regions.read(parse(text).body, "news")
    lines = [ln for ln in body.split("\n") if ln.startswith("- **news**")]
    assert len(lines) == MAX_REFERENCES == 8
    titles = [ln.split("[", 1)[1].split("]", 1)[0] for ln in lines]
    # W46's four are gone; W47 and W48 each best first
    assert titles == [f"Story 2026-W47 {n}" for n in (5, 4, 3, 2)] + [f"Story 2026-W48 {n}" for n in (5, 4, 3, 2)]
    # one more cycle of two: W47's two weakest give way, its best stay
    text = add(text, PATH, [Reference(f"Story 2026-W49 {n}", f"https://example.com/2026-W49/{n}", "why", "2026-W49", (), impact=n)
                            for n in (1, 5)])
    lines = [ln for ln in regions.read(parse(text).body, "news").split("\n") if ln.startswith("- **news**")]
    assert [ln.split("[", 1)[1].split("]", 1)[0] for ln in lines] == (
        [f"Story 2026-W47 {n}" for n in (5, 4)] + [f"Story 2026-W48 {n}" for n in (5, 4, 3, 2)] + ["Story 2026-W49 5", "Story 2026-W49 1"])
    assert body.rstrip().endswith("이전 소식은 [이주의 소식 전체 목록](../../news/README.md)에 있습니다.")
    assert body.count("이전 소식은") == 1
    assert add(text, PATH, [Reference("Story 2026-W48 5", "https://example.com/2026-W48/5", "why", "2026-W48", ())]) == text


def test_a_cycle_with_more_references_than_the_bound_keeps_its_best():
    refs = [Reference(f"S{n}", f"https://example.com/{n}", "why", "2026-W48", (), impact=n % 5 + 1) for n in range(12)]
    body = regions.read(parse(add(CHAPTER, PATH, refs)).body, "news")
    lines = [ln for ln in body.split("\n") if ln.startswith("- **news**")]
    assert len(lines) == 8 and all("[S" in ln for ln in lines)
    kept = {ln.split("[", 1)[1].split("]", 1)[0] for ln in lines}
    assert {f"S{n}" for n in range(12) if n % 5 + 1 >= 4} <= kept and "이전 소식은" in body
