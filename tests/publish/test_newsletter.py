"""The newsletter: ranking, grouping, credits, the AI marking, the numbers, the pictures, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown_it import MarkdownIt

from commons.config import load_config, load_members
from commons.publish import editor, newsletter, plan
from commons.publish.newsletter import CategoryInfo, History, Item, Judgement, Page, Timeliness
from publish.sample import CYCLE, populate

CATS = (CategoryInfo("frameworks", "프레임워크", "Frameworks"), CategoryInfo("papers", "연구 논문", "Research papers"))


def page(**kw) -> Page:
    return Page(cycle=CYCLE, community="LLM Engineering Handbook", language="ko", categories=CATS, **kw)


def test_ranked_by_impact_weighed_by_how_many_reviewed():
    items = [Item("a", "Alpha", score=2, category="frameworks"), Item("b", "Beta", score=5, category="frameworks"),
             Item("c", "Gamma", score=3, category="papers"), Item("d", "Delta", score=5, category="papers"),
             Item("e", "Epsilon", score=5, category="papers")]
    judgements = [Judgement("a", "x", 4, "newsletter"), Judgement("a", "y", 5, "newsletter"),
                  Judgement("b", "x", 4, "newsletter"), Judgement("b", "y", 4, "skip"),
                  Judgement("c", "x", 4, "newsletter"), Judgement("d", "x", 5, "skip"),
                  Judgement("e", "x", 5, "newsletter")]
    entries = newsletter.rank(items, judgements)
    # two people agreeing on 4.5 outrank one enthusiastic 5; two 4s outrank one 4
    assert [e.item.id for e in entries] == ["a", "d", "e", "b", "c"]
    assert [e.impact for e in entries] == [4.5, 5, 5, 4, 4]
    chosen = [e for e in entries if e.in_newsletter]  # d: every reviewer said skip
    groups = newsletter.group(chosen, list(CATS))
    assert [(g, [e.item.id for e in es]) for g, es in groups] == [("frameworks", ["a", "b"]), ("papers", ["e", "c"])]



def test_an_item_triage_could_not_sort_is_listed_under_other_not_a_wrong_heading():
    from commons.triage.offline import UNSORTED

    items = [Item("a", "Alpha", score=3, category="frameworks"), Item("b", "KoReason", score=3, category=UNSORTED)]
    entries = newsletter.rank(items, [Judgement("a", "x", 4, "newsletter"), Judgement("b", "x", 5, "newsletter")])
    assert [(g, [e.item.id for e in es]) for g, es in newsletter.group(entries, list(CATS))] == [
        ("frameworks", ["a"]), (newsletter.OTHER, ["b"])]
    text = newsletter.render(page(), entries)
    assert text.index("KoReason", text.index("### 기타")) > text.index("### 프레임워크")


def test_an_audit_sample_is_reviewed_but_never_counted_as_kept(tmp_path):
    """assign hands out items triage dropped (the audit sample); publish read their status, "reviewed",
    and counted them as kept: "kept" and coverage overstated what triage kept and members covered."""
    from commons_repo import item_text

    folder = tmp_path / "news" / CYCLE / "items"
    folder.mkdir(parents=True)
    for item_id, score, status in (("kept", 4, "reviewed"), ("audited", 2, "reviewed"), ("left", 4, "not-selected"),
                                   ("dropped", 1, "dropped")):
        (folder / f"{item_id}.md").write_text(item_text(item_id, score=score, status=status, cycle=CYCLE), encoding="utf-8")
    items, _ = plan.load_items(tmp_path, CYCLE, [], threshold=3)
    assert {i.id for i in items if i.audit} == {"audited"}
    entries = newsletter.rank(items, [Judgement("kept", "x", 4, "newsletter"), Judgement("audited", "x", 5, "newsletter")])
    stats = newsletter.stats(items, entries, None)
    assert (stats.collected, stats.kept, stats.reviewed) == (4, 2, 2)
    assert stats.telemetry()["coverage"] == "50% (1/2)"  # of the 2 triage kept, 1 was reviewed

def test_half_stars_for_half_points():
    assert newsletter.stars(4.5) == "★★★★½"
    assert newsletter.stars(5) == "★★★★★"
    assert newsletter.stars(3) == "★★★☆☆"
    assert newsletter.stars(2.5) == "★★½☆☆"
    assert newsletter.stars(3.67) == "★★★½☆"


def test_telemetry_is_for_maintainers_and_the_page_has_no_pipeline_numbers():
    items = [Item("a", "A", score=5, status="assigned"), Item("b", "B", score=2, status="assigned"),
             Item("c", "C", score=4, status="triaged"), Item("z", "Z", score=1, status="dropped")]
    entries = newsletter.rank(items, [Judgement("a", "x", 3, "newsletter"), Judgement("a", "y", 4, "newsletter"),
                                      Judgement("b", "x", 1, "skip")])
    stats = newsletter.stats(items, entries, Timeliness(2, 3))
    assert (stats.collected, stats.kept, stats.reviewed, stats.published) == (4, 3, 2, 1)
    assert stats.mad == 1.25  # |5 - 3.5| and |2 - 1| → mean 1.25
    assert stats.skipped_kept == 1
    assert round(stats.coverage, 3) == round(2 / 3, 3)
    assert stats.telemetry() == {"collected": "4", "kept": "3", "reviewed": "2", "coverage": "67% (2/3)",
                                 "on_time": "67% (2/3)", "ai_member_gap": "1.25", "kept_then_skipped": "50% (1/2)"}
    text = newsletter.render(page(), entries)
    assert text.split("\n")[2] == "_LLM Engineering Handbook · 11월 넷째 주_"  # the week as people name it
    for internal in ("커버리지", "마감 준수", "점수 차", "skip", "67%", "1.25", "수집", "`commons", "2026-W48", "분류"):
        assert internal not in text


def test_one_summary_per_item_credited_and_the_draft_folded_away():
    items = [Item("a", "Alpha", url="https://e.com/a", score=4, category="frameworks",
                  summary="수집기가 뽑은 첫 문장입니다. 둘째 문장입니다.", why="키워드 일치: rag",
                  triaged_by="openai", model="gpt-4o-mini")]
    entries = newsletter.rank(items, [
        Judgement("a", "jiyoon-nlp", 5, "newsletter", "지윤이 쓴 요약입니다.", "지윤이 본 중요성입니다."),
        Judgement("a", "hyeonwoo-dev", 4, "handbook", "현우가 쓴 요약입니다.", "", "rag")])
    text = newsletter.render(page(chapter_links={"rag": ("RAG", "../../handbook/rag.md")}), entries)
    assert "#### 1. [Alpha](https://e.com/a)" in text
    assert "지윤이 쓴 요약입니다." in text and "현우가 쓴 요약입니다." not in text  # one voice per item
    assert "@jiyoon-nlp의 리뷰에서" in text and "@hyeonwoo-dev" in text  # both credited
    assert "<details>\n<summary>AI 초안 보기 (gpt-4o-mini, 멤버 리뷰 전에 작성)</summary>" in text
    assert "📚 핸드북: [RAG](../../handbook/rag.md)" in text
    assert "키워드 일치" not in text  # the triager's internals stay off the page
    assert "★★★★½ **4.5**" in text


def test_a_members_find_credits_the_member_in_place_of_a_feed():
    items = [Item("s", "Shared find", url="https://e.com/s", source="shared", score=2, category="papers", shared_by="alice")]
    entries = newsletter.rank(items, [Judgement("s", "alice", 5, "newsletter", "직접 써 본 결과입니다.")])
    text = newsletter.render(page(sources={"shared": "멤버 공유"}), entries)
    assert "@alice 님이 공유" in text and "멤버 공유" not in text


def test_offline_drafts_never_claim_to_be_ai():
    items = [Item("a", "Alpha", score=4, summary="원문에서 뽑은 문장입니다.", why="[오프라인 자동 분류] 키워드 일치: rag",
                  triaged_by="offline", model="keywords")]
    entries = newsletter.rank(items, [Judgement("a", "x", 4, "newsletter", "멤버가 쓴 요약입니다.", "멤버가 쓴 이유입니다.")])
    text = newsletter.render(page(), entries)
    assert "AI" not in text and "오프라인 자동 분류" not in text
    assert "<summary>원문 발췌</summary>" in text


def test_a_real_disagreement_is_one_line():
    """A skip beside a rating is a disagreement whatever the points (a 4 and a skipped 4 showed nothing)."""
    items = [Item("a", "Alpha", score=3), Item("b", "Beta", score=3), Item("c", "Gamma", score=3),
             Item("d", "Delta", score=3), Item("e", "Epsilon", score=3)]
    entries = newsletter.rank(items, [
        Judgement("a", "x", 5, "newsletter", "가 요약입니다."), Judgement("a", "y", 2, "skip", "나 요약입니다."),
        Judgement("b", "x", 5, "newsletter", "다 요약입니다."), Judgement("b", "y", 4, "skip", "라 요약입니다."),
        Judgement("c", "x", 4, "newsletter", "마 요약입니다."), Judgement("c", "y", 3, "newsletter", "바 요약입니다."),
        Judgement("d", "x", 4, "handbook", "사 요약입니다."), Judgement("d", "y", 4, "skip", "아 요약입니다."),
        Judgement("e", "x", 5, "newsletter", "자 요약입니다."), Judgement("e", "y", 3, "newsletter", "차 요약입니다.")])
    text = newsletter.render(page(), entries)
    splits = [line for line in text.splitlines() if "의견이 갈렸습니다" in line]
    assert sorted(splits) == ["> 싣자는 의견과 넘기자는 의견이 갈렸습니다: @x 4점, @y 4점(넘김).",
                              "> 싣자는 의견과 넘기자는 의견이 갈렸습니다: @x 5점, @y 2점(넘김).",
                              "> 싣자는 의견과 넘기자는 의견이 갈렸습니다: @x 5점, @y 4점(넘김).",
                              "> 의견이 갈렸습니다: @x 5점, @y 3점."]  # not c: 4 and 3 are close enough
    english = newsletter.render(Page(cycle=CYCLE, community="c", language="en", categories=CATS), entries)
    assert "> Reviewers disagreed on running it: @x 4, @y 4 (skip)." in english
    assert "> Reviewers disagreed: @x 5, @y 3." in english


def test_no_sentence_appears_twice_and_the_tldr_has_three_to_five_lines():
    from commons.publish.editor import sentences

    same = "같은 말을 되풀이합니다."
    items = [Item(str(n), f"Title {n}", score=4, summary=f"{same} 원문 {n}번 요약입니다.") for n in range(6)]
    judgements = [Judgement(str(n), r, 4, "newsletter", f"{same} 항목 {n}의 요약입니다.", f"{same} 항목 {n}이 중요한 이유입니다.")
                  for n in range(6) for r in ("x", "y")]
    entries = newsletter.rank(items, judgements)
    text = newsletter.render(page(), entries)
    # every line of prose of the items (headings, the facts line of stars and counts, links and markers are not
    # sentences); the TL;DR above is a digest of them and may quote their first sentences
    items_part = text.split("## 이번 주 소식")[1]
    body = [line for line in items_part.splitlines() if line and not line.startswith(("<", "#", "!", "[", "_", "★"))]
    said = [s for line in body for s in sentences(line.lstrip("-> "))]
    said = [s for s in said if len(s) > 12]
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]
    tldr = text.split("## 한눈에 보기")[1].split("##")[0]
    assert 3 <= sum(1 for line in tldr.splitlines() if line.startswith("- ")) <= 5


def test_hostile_text_stays_text():
    evil = "<script>alert(1)</script> ](javascript:x) <!-- commons:news end --> # heading\n\n- list"
    items = [Item("a", evil, url="javascript:alert(1)", score=4, summary=evil)]
    entries = newsletter.rank(items, [Judgement("a", "x", 5, "newsletter", evil, evil)])
    text = newsletter.render(page(), entries)
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "javascript:" not in html.replace("javascript:x", "")
    assert 'href="javascript' not in html
    markers = [line for line in text.splitlines() if line.startswith("<!-- commons")]
    assert markers == ["<!-- commons:news-nav start -->", "<!-- commons:news-nav end -->",
                       "<!-- commons:news-nav-bottom start -->", "<!-- commons:news-nav-bottom end -->"]


def test_title_has_the_publication_date_and_an_empty_cycle_says_so():
    text = newsletter.render(page(), [])
    assert text.startswith("# 이주의 소식 · 2026년 11월 25일 (수)\n")
    assert "아직 없습니다" in text and "## 한눈에 보기" not in text


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


def test_pictures_are_legible_on_a_phone_and_show_contributions_not_absences():
    from commons.content import svg

    history = History(("jiyoon-nlp", "idle-member", "hyeonwoo-dev"), ("2026-W46", "2026-W47", CYCLE),
                      {("jiyoon-nlp", CYCLE): 3, ("hyeonwoo-dev", "2026-W46"): 1, ("hyeonwoo-dev", CYCLE): 2})
    items = [Item("a", "A", category="frameworks"), Item("b", "B", category="frameworks")]
    entries = newsletter.rank(items, [Judgement("a", "x", 4, "newsletter")])
    pictures = newsletter.pictures(entries, items, list(CATS), history, "ko")
    for text in pictures.values():
        root = ET.fromstring(text)
        width = float(root.get("width"))
        scale = min(1.0, svg.PHONE_COLUMN / width)
        for node in root.iter("{http://www.w3.org/2000/svg}text"):
            size = float(node.get("font-size") or root.get("font-size"))
            assert size * scale >= 11, (node.text, size, width)
        assert "<title>" not in text.split("</title>", 1)[1]  # no counts hidden in tooltips
    heat = pictures["contributions.svg"]
    assert "idle-member" not in heat  # a member with nothing is not shown at all
    assert heat.count("<rect") == 1 + 3  # the background and one square per week with reviews
    assert ">3</text>" in heat and ">2</text>" in heat and ">1</text>" in heat  # counts on the picture
    bars = pictures["categories.svg"]
    assert "추린 소식 2건 중 1건 게재" in bars and "연구 논문" not in bars  # nothing kept, no empty row


def test_the_category_chart_says_what_it_counts_in_both_languages():
    """It counts what triage kept as on-topic, not what assign selected for review: "선별 29건" read as
    the selection, a different number. Its title fits the picture's width in both languages."""
    from commons.content import svg

    items = [Item("a", "A", category="frameworks"), Item("b", "B", category="frameworks")]
    entries = newsletter.rank(items, [Judgement("a", "x", 4, "newsletter")])
    history = History((), (), {})
    ko = newsletter.pictures(entries, items, list(CATS), history, "ko")["categories.svg"]
    en = newsletter.pictures(entries, items, list(CATS), history, "en")["categories.svg"]
    assert "선별" not in ko and "추린 소식 2건 중 1건 게재" in ko and ">추린 소식</text>" in ko
    assert "kept" not in en and "1 of 2 on-topic items published" in en and ">on-topic</text>" in en
    for language in ("ko", "en"):
        title = newsletter.labels(language)["categories"]
        assert 12 + svg._text_width(title, 16) <= svg.WIDTH_LIMIT, title


def test_whole_cycle_renders_to_html_that_reads_well(repo):
    populate(repo)
    config = load_config(repo)
    result = plan.build(repo, config, load_members(repo, config), CYCLE)
    text = next(c.after for c in result.changes if c.path == f"news/{CYCLE}/README.md")
    html = MarkdownIt("commonmark").enable("table").render(text)
    headings = re.findall(r"<h([234])>(.*?)</h\1>", html)
    assert [h for level, h in headings if level == "2"] == ["한눈에 보기", "이번 주 소식", "그림으로 보는 이번 주"]
    assert "Hugging Face Blog" in html  # the source's title from commons.yml
    assert "리뷰한 사람 수를 반영한 영향도 순" in html  # the order rule, named as it is
    # grouped by category in commons.yml's order, numbered down the page
    groups = [h for level, h in headings if level == "3"]
    order = [h for level, h in headings if level == "4"]
    assert groups == ["모델 업데이트", "프레임워크·라이브러리·도구", "연구 논문"]
    assert [re.sub(r"<[^>]+>", "", h) for h in order] == ["1. GPT-X launches", "2. vLLM 0.7 released",
                                                          "3. A survey of RAG [2026]"]
    # the TL;DR follows the rank: 4 and 5 from two reviewers above a single 5
    tldr = re.findall(r'<li><strong><a href="#([^"]+)">', html)
    assert tldr[0] == "2-vllm-07-released" and tldr[1] == "3-a-survey-of-rag-2026"
    assert "Meh tool" not in html  # every reviewer said skip
    assert '<img src="contributions.svg"' in html and '<img src="categories.svg"' in html
    assert "<details>" in html
    record = next(c.after for c in result.changes if c.path == f".commons/news/{CYCLE}.json")
    assert '"headline": "vLLM 0.7 released"' in record


def also_items() -> list[Item]:
    def one(item_id, source, score, published="2026-11-20T09:00:00Z", status="not-selected"):
        return Item(item_id, f"Title {item_id}", url=f"https://example.com/{item_id}", source=source, score=score,
                    status=status, triaged_by="offline", published=published)

    return [one("a1", "hn", 4), one("a2", "hn", 4, published="2026-11-21T09:00:00Z"), one("a3", "hn", 5),
            one("b1", "arxiv", 4), one("b2", "arxiv", 3), one("c1", "blog", 2), one("d1", "geek", 5, status="triaged"),
            one("e1", "kr", 5, status="dropped"), one("reviewed", "kr", 5)]


def test_also_this_week_is_the_best_scores_one_source_at_a_time():
    items = also_items()
    entries = newsletter.rank(items, [Judgement("reviewed", "x", 4, "newsletter")])
    picked = newsletter.also_this_week(items, entries, 4)
    # one a source, as the page promises: each source's best (hn's 5, arxiv's 4, blog's 2), best first
    assert [i.id for i in picked] == ["a3", "b1", "c1"]
    assert [i.id for i in newsletter.also_this_week(items, entries, 2)] == ["a3", "b1"]
    assert newsletter.also_this_week(items, entries, 0) == []
    assert len(newsletter.also_this_week(items, entries, 20)) == 3  # only items no person was given


def test_also_this_week_says_it_is_machine_picked_and_keeps_titles_inert():
    items = [Item("x", "<img src=x onerror=alert(1)> @everyone #1", url="javascript:alert(1)", source="hn", score=4,
                  status="not-selected", triaged_by="offline")]
    text = newsletter.render(page(sources={"hn": "Hacker News"}), [], also=items)
    assert "## 이번 주 더 볼 만한 소식" in text
    assert "<sub>멤버가 아직 읽지 않은 소식입니다. 출처마다 하나씩, 이 모임의 주제에 가까운 순으로 골랐습니다.</sub>" in text
    assert "AI" not in text.split("## 이번 주 더 볼 만한 소식")[1].split("## ")[0]  # no AI picked these
    html = MarkdownIt("commonmark").render(text)
    assert "<img src=x" not in html and "onerror" not in html.replace("onerror=alert", "") and 'href="javascript' not in html
    assert "Hacker News" in html
    ai = [Item("y", "Y", url="https://e.com/y", score=5, status="not-selected", triaged_by="openai", model="gpt-x")]
    assert "AI(gpt-x)가 이 모임의 주제에 가깝다고 본 순" in newsletter.render(page(), [], also=ai)
    assert "더 볼 만한" not in newsletter.render(page(), [])


def test_the_issue_lists_the_pool_s_best_under_the_reviewed_items(repo):
    import json

    populate(repo)
    pool = repo / "news" / CYCLE / "collected" / "2026-11-20.jsonl"
    pool.parent.mkdir(parents=True, exist_ok=True)
    lines = [{"id": f"pool-{n}", "title": f"Pool story {n}", "url": f"https://example.com/pool-{n}", "source": "hf-blog",
              "published": f"2026-11-2{n}T09:00:00Z", "collected": "2026-11-20T10:00:00Z", "cycle": CYCLE,
              "status": "not-selected", "score": 3 + n % 2, "category": "frameworks", "summary": "s", "why": "w",
              "triage": {"provider": "offline", "model": "keywords", "prompt_version": "1", "input_hash": "h"}}
             for n in range(4)]
    pool.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    config = load_config(repo)
    result = plan.build(repo, config, load_members(repo, config), CYCLE)
    text = next(c.after for c in result.changes if c.path == f"news/{CYCLE}/README.md")
    headings = re.findall(r"^## (.*)$", text, flags=re.M)
    assert headings == ["한눈에 보기", "이번 주 소식", "이번 주 더 볼 만한 소식", "그림으로 보는 이번 주"]
    listed = re.findall(r"^- \[(Pool story \d)\]", text, flags=re.M)
    assert listed == ["Pool story 3"]  # one a source: the newest of its best
    (repo / "commons.yml").write_text((repo / "commons.yml").read_text(encoding="utf-8").replace(
        "also_this_week: 5", "also_this_week: 0"), encoding="utf-8")
    config = load_config(repo)
    result = plan.build(repo, config, load_members(repo, config), CYCLE)
    assert "더 볼 만한" not in next(c.after for c in result.changes if c.path == f"news/{CYCLE}/README.md")


def test_a_long_issue_folds_the_rest_under_each_category_and_reads_in_a_few_screens():
    cats = list(CATS)
    items = [Item(f"i{n:02d}", f"Story {n}", url=f"https://e.com/{n}", category=cats[n % len(cats)].id, score=3)
             for n in range(40)]
    judgements = [Judgement(f"i{n:02d}", "x", 5 - n // 10, "newsletter", f"항목 {n}의 요약입니다. 둘째 문장입니다.")
                  for n in range(40)]
    entries = newsletter.rank(items, judgements)
    text = newsletter.render(page(), entries)
    full = re.findall(r"^#### \d+\. ", text, flags=re.M)
    folded = re.findall(r"^- \d+\. \[Story \d+\]\(https://e.com/\d+\) · [★½☆]+ · @x — 항목 \d+의 요약입니다\.$", text, flags=re.M)
    assert len(full) == newsletter.FULL and len(full) + len(folded) == 40
    assert text.count("<summary>이 분야 소식") >= 1 and "리뷰한 사람 수를 반영한 영향도 순" in text
    numbers = [int(n) for n in re.findall(r"^(?:#### |- )(\d+)\. ", text, flags=re.M)]
    assert sorted(numbers) == list(range(1, 41)) and len(text.splitlines()) < 40 * 8  # not 40 full entries
    lead = text.split("<!-- commons:news-nav end -->", 1)[1].split("## ", 1)[0].strip()
    assert lead == ("이번 주에는 프레임워크·연구 논문 소식이 20건씩으로 가장 많았습니다. "
                    "멤버 평가가 가장 높았던 소식은 프레임워크의 「Story 0」, 연구 논문의 「Story 1」입니다.")


def test_a_tldr_line_is_the_gist_and_the_item_below_does_not_say_it_again():
    """A TL;DR line is the first sentence of the members' summary; the item, a few lines down, goes on
    from there instead of opening with the same sentence; a one-sentence summary stays whole."""
    items = [Item("a", "Speculative retrieval", url="https://e.com/a", score=4, category="frameworks",
                  summary="Fetch before the question ends. Latency halves."),
             Item("b", "Tiny tool", url="https://e.com/b", score=4, category="frameworks"),
             Item("c", "Quoted", url="https://e.com/c", score=4, category="papers",
                  summary="The tool presents users with a 3D model.")]
    judgements = [
        Judgement("a", "x", 5, "newsletter", "질문을 다 입력하기 전에 후보 문단을 미리 가져옵니다. p50 지연이 820ms에서 390ms로 줄었습니다.",
                  "RAG가 느리다는 불만에 대한 답입니다."),
        Judgement("b", "x", 4, "newsletter", "200줄짜리 에이전트 평가 도구입니다.", "실습 자료로 좋습니다."),
        Judgement("c", "y", 3, "newsletter", "“The tool presents users with a 3D model.” 404 Media에서 가져온 소식입니다.", "볼 만합니다."),
    ]
    entries = newsletter.rank(items, judgements)
    text = newsletter.render(page(), entries)
    tldr = text.split("## 한눈에 보기")[1].split("\n## ")[0]
    assert "— 질문을 다 입력하기 전에 후보 문단을 미리 가져옵니다.\n" in tldr and "820ms" not in tldr
    assert "— “The tool presents users with a 3D model.”\n" in tldr and "404 Media에서" not in tldr
    body = text.split("## 이번 주 소식")[1]
    assert "질문을 다 입력하기 전에" not in body and "p50 지연이 820ms에서 390ms로 줄었습니다." in body
    assert body.count("The tool presents users with a 3D model") == 0  # nor in the excerpt, folded below
    assert "200줄짜리 에이전트 평가 도구입니다." in body  # one sentence: the item still says what it is
    long = editor.gist("아주 긴 문장입니다 " * 30)
    assert len(long) <= editor.GIST_LIMIT and long.endswith("…") and not long.endswith(" …")
    # a sentence too long for one line: the TL;DR shows its start, the item goes on after it
    sentence = "“" + "A newly released tool claims it can bypass age checks " * 4 + "in a browser.”"
    entries = newsletter.rank(items[:1], [Judgement("a", "x", 5, "newsletter", f"{sentence} 404 Media에서 가져온 소식입니다.")])
    text = newsletter.render(page(), entries)
    tldr, body = text.split("## 이번 주 소식")
    assert "— “A newly released tool" in tldr and tldr.count("…") == 1 and "404 Media에서" not in tldr
    assert "A newly released tool" not in body and "404 Media에서 가져온 소식입니다." in body
    assert editor.sentences("“A quote cut short…” 404 Media에서 가져온 소식입니다.") == [
        "“A quote cut short…”", "404 Media에서 가져온 소식입니다."]


def test_the_lead_says_which_fields_the_week_was_about_its_best_stories_and_the_chapters_in_both_languages():
    cats = (CategoryInfo("model-updates", "모델 업데이트", "Model updates"), *CATS)
    items = [Item("m1", "Nimbus-2: an open-weight 32B model with a 256K context window", category="model-updates", score=4),
             Item("m2", "Qwen 4 released", category="model-updates", score=4),
             Item("f1", "vLLM 0.14.0", category="frameworks", score=4),
             Item("p1", "KoReason: a Korean reasoning benchmark", category="papers", score=4),
             Item("z1", "Office plants", category="gardening", score=2)]
    judgements = [Judgement("m1", "x", 5, "newsletter", "32B 공개 모델입니다."), Judgement("m2", "x", 4, "newsletter", "큐웬 4입니다."),
                  Judgement("f1", "y", 5, "handbook", "vLLM 새 버전입니다.", chapter="serving"),
                  Judgement("p1", "y", 4, "handbook", "한국어 벤치마크입니다.", chapter="evaluation"),
                  Judgement("z1", "y", 3, "newsletter", "화분 이야기입니다.")]
    entries = [e for e in newsletter.rank(items, judgements) if e.in_newsletter]
    chapters = {"serving": "서빙과 추론", "evaluation": "평가"}
    ko = editor.lead(entries, cats, "ko", chapters)
    assert ko == ("이번 주에는 모델 업데이트 소식이 2건으로 가장 많았고, 프레임워크 1건, 연구 논문 1건, 기타 1건도 실었습니다. "
                  "멤버 평가가 가장 높았던 소식은 모델 업데이트의 「Nimbus-2: an open-weight 32B model with a 256K context…」, "
                  "프레임워크의 「vLLM 0.14.0」입니다. 이번 주 소식 가운데 2건은 핸드북 「서빙과 추론」 장, 「평가」 장에도 더하자는 리뷰를 받았습니다.")
    en = editor.lead(entries, [CategoryInfo(c.id, c.title_en) for c in cats], "en", chapters)
    assert en.startswith("This week leans towards Model updates (2), with Frameworks (1), Research papers (1), Other (1) as well. "
                         "The members rated “Nimbus-2: an open-weight 32B model with a 256K context…” in Model updates")
    assert en.endswith("Reviewers want 2 of this week's stories added to the handbook: “서빙과 추론”, “평가”.")
    three = {**chapters, "prompting": "프롬프트"}
    with_more = [*entries, newsletter.Entry(Item("q1", "Prompt caching", category="papers"),
                                            (Judgement("q1", "y", 4, "handbook", "캐싱입니다.", chapter="prompting"),))]
    assert editor.lead(with_more, cats, "ko", three).endswith("「서빙과 추론」 장, 「평가」 장 등에도 더하자는 리뷰를 받았습니다.")
    for text in (ko, en):
        assert "AI" not in text and text.endswith(".") and 2 <= text.count(". ") + 1 <= 3  # two or three sentences
    assert editor.lead(entries[:1], cats, "ko") == ("이번 주 소식 1건은 모두 모델 업데이트 소식입니다. "
                                                     "멤버 평가가 가장 높았던 소식은 「Nimbus-2: an open-weight 32B model with a 256K context…」입니다.")
    # what the lead says, the TL;DR does not repeat: the lead names stories, the TL;DR gives their gist
    edition = editor.from_members(entries, cats, "ko", chapters)
    assert edition.lead == ko and not any(line in ko for _, line in edition.tldr)
