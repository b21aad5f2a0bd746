"""What a member sees: the review file's chapter hint and the review PR's body."""

from __future__ import annotations

import re

from conftest import ROOT
from fixtures_content import REVIEW
from commons.assign.inputs import chapters, review_context
from commons.assign.plan import Candidate, Plan
from commons.assign.render import ReviewContext, done_comment, chapter_choices, pull_body, review_file
from commons.config import load_config
from commons.content import frontmatter

CYCLE = "2026-W48"


def _context():
    return review_context(ROOT, load_config(ROOT))


def test_the_chapter_hint_lists_the_chapters_of_the_items_category_first():
    item = Candidate("awq-4bit", "AWQ 4-bit quantization lands in vLLM", 4, category="frameworks",
                     summary="GPTQ와 AWQ 양자화 모델을 바로 서빙합니다.")
    text = review_file(CYCLE, "alice", item, "ko", context=_context())
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("# chapter:"))
    hint = lines[at + 1]
    listed = hint.removeprefix("#   ").split("  (")[0].split(" | ")
    assert listed[0] == "quantization" and len(listed) == 6
    assert "handbook/README.md" in hint
    known = {c.name for c in chapters(ROOT)}
    assert set(listed) <= known
    # The hint is a comment: a file nobody touched is still valid YAML with no chapter key.
    assert "chapter" not in frontmatter.parse(text).meta


def test_chapter_choices_order_is_category_then_the_items_words_then_path():
    context = ReviewContext(chapters=tuple(_context().chapters))
    plain = chapter_choices(Candidate("x", "nothing in common", 3), context)
    assert plain == [c.name for c in context.chapters]  # no hint from the item: path order


def test_the_pr_body_names_source_titles_the_due_hour_in_the_timezone_and_the_one_way_to_say_done():
    item = Candidate("one", "vLLM 0.7", 4, url="https://e.com/1", source="vllm-releases", category="frameworks")
    plan = Plan(CYCLE, {"alice": ("one",)}, (), {"one": item})
    body = pull_body(plan, "alice", "ko", context=_context())
    assert "| vLLM releases |" in body
    assert "| vllm-releases |" not in body
    assert "마감은 **2026-11-25 (수) 23:59**(Asia/Seoul 기준)입니다." in body
    assert f"**{done_comment('ko')}**" in body
    english = pull_body(plan, "alice", "en", context=_context())  # one language per community (issue 16)
    assert "due **Wed 2026-11-25 23:59** (Asia/Seoul time)" in english and f"**{done_comment('en')}**" in english
    assert "ask for a review" not in english and "마감" not in english


def test_contributing_gives_the_same_way_to_say_done():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f'"{done_comment("ko")}" 댓글' in contributing
    assert f'comment "{done_comment("en")}" on the PR' in contributing


def test_chapter_written_as_a_file_name_gets_one_message_with_the_fix(repo, cli):
    from conftest import write

    write(repo / "handbook/07-inference-optimization/quantization.md",
          (ROOT / "handbook/07-inference-optimization/quantization.md").read_text(encoding="utf-8"))
    write(repo / "news/2026-W48/items/2026-11-20-vllm-0-7-released-3f2a1c.md",
          __import__("fixtures_content").ITEM)
    review = write(repo / "news/2026-W48/reviews/jiyoon-nlp/2026-11-20-vllm-0-7-released-3f2a1c.md",
                   REVIEW.replace("verdict: newsletter", "verdict: handbook\nchapter: quantization.md"))
    out = cli("--repo", repo, "validate", review).out.splitlines()
    assert out == [f"{review.relative_to(repo)}:10:1: chapter: write 'quantization', the chapter's file name without .md"]
    review.write_text(REVIEW.replace("verdict: newsletter", "verdict: handbook\nchapter: quantisation"), encoding="utf-8")
    out = cli("--repo", repo, "validate", review).out
    assert "there is no chapter 'quantisation' under handbook/; did you mean 'quantization'?" in out
    review.write_text(REVIEW.replace("verdict: newsletter", "verdict: handbook\nchapter: quantization"), encoding="utf-8")
    assert cli("--repo", repo, "validate", review).code == 0


def test_an_empty_verdict_says_fill_it_in_like_the_other_fields(repo, cli):
    from conftest import write

    review = write(repo / "news/2026-W48/reviews/jiyoon-nlp/x.md",
                   REVIEW.replace("verdict: newsletter", "verdict:").replace("2026-11-20-vllm-0-7-released-3f2a1c", "x"))
    out = cli("--repo", repo, "validate", review).out
    assert "verdict: is empty; fill it in: newsletter" in out and "found None" not in out
    assert not re.search(r"verdict: .*\(found", out)


def test_the_review_file_calls_triage_notes_an_ais_only_when_an_ai_wrote_them():
    common = dict(summary="첫 문장입니다.", why="[오프라인 자동 분류] 키워드 일치: rag")
    for language in ("ko", "en"):
        offline = review_file(CYCLE, "alice", Candidate("a", "A", 3, triaged_by="offline", **common), language)
        unknown = review_file(CYCLE, "alice", Candidate("a", "A", 3, **common), language)
        by_ai = review_file(CYCLE, "alice", Candidate("a", "A", 3, triaged_by="openai", **common), language)
        assert "AI" not in offline and "AI" not in unknown
        assert offline.count("(") == unknown.count("(") and "triage_score: 3" in offline
        assert ("AI 요약" if language == "ko" else "AI summary") in by_ai
    plan = Plan(cycle=CYCLE, assignments={"alice": ("a",)}, uncovered=(),
                items={"a": Candidate("a", "A", 3, triaged_by="offline")})
    assert "AI" not in pull_body(plan, "alice", "ko", context=ReviewContext()).split("| # |")[1].split("\n")[0]


def test_a_review_file_from_before_the_rename_still_validates():
    from commons.schemas import check  # noqa: PLC0415

    old = {"item": "a", "reviewer": "alice", "impact": 3, "verdict": "skip", "summary": "s", "why": "w", "ai_score": 4}
    new = {**{k: v for k, v in old.items() if k != "ai_score"}, "triage_score": 4}
    assert check(ROOT / "schemas", "review", old) == [] and check(ROOT / "schemas", "review", new) == []
