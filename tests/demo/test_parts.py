"""The demo's pure parts: its week, its sample configuration and its simulated members."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from commons.content import cycles, frontmatter
from commons.content.yamlsafe import load
from commons.demo import clock, members, sample
from commons.problems import UsageError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("today, cycle", [
    ("2026-11-22T09:00:00+09:00", "2026-W48"),  # Sunday: distributed today
    ("2026-11-21T23:59:00+09:00", "2026-W47"),  # Saturday night: still last week's cycle
    ("2026-11-25T23:00:00+00:00", "2026-W48"),  # Thursday 08:00 in Seoul
    ("2027-01-01T12:00:00+09:00", "2026-W53"),  # across the new year
])
def test_the_week_is_the_current_cycle_with_its_moments(today, cycle):
    week = clock.week_of(datetime.fromisoformat(today), "Asia/Seoul")
    assert week.cycle == cycle
    assert [m.strftime("%a %H:%M") for m in (week.collect, week.distribute, week.review, week.publish)] == [
        "Thu 09:00", "Sun 00:00", "Tue 20:00", "Wed 22:00"]
    assert week.start < week.collect < week.distribute < week.review < week.publish
    tz = cycles.Week(timezone="Asia/Seoul")
    assert cycles.cycle_of_collection(week.collect, tz) == cycle  # collected items land in this cycle
    assert cycles.distributing_cycle(week.distribute, tz) == cycle  # assign hands this cycle out
    assert cycles.distributing_cycle(week.publish, tz) == cycle  # publish publishes it
    assert week.publish < cycles.due_time(cycle, tz)


def test_the_week_follows_the_community_timezone():
    week = clock.week_of(datetime(2026, 11, 22, 9, tzinfo=timezone.utc), "America/New_York")
    assert str(week.distribute.tzinfo) == "America/New_York" and week.distribute.hour == 0


def test_sample_config_collects_the_example_feeds_and_keeps_everything_else():
    text = (ROOT / "commons.yml").read_text(encoding="utf-8")
    sources = (ROOT / sample.SOURCES_FILE).read_text(encoding="utf-8")
    merged = sample.with_sources(text, sources)
    data, original = load(merged).data, load(text).data
    assert [s["url"] for s in data["sources"]] == [s["url"] for s in load(sources).data["sources"]]
    assert all(s["url"].startswith("file:examples/") for s in data["sources"])
    assert {k: v for k, v in data.items() if k != "sources"} == {k: v for k, v in original.items() if k != "sources"}
    assert list(data) == list(original)  # key order kept
    assert "# Knowledge Commons configuration" in merged  # comments kept


def test_sample_config_without_sources_gets_them_appended():
    merged = sample.with_sources("name: X\nlanguage: en\n", "sources:\n  - {id: a, url: 'file:a.xml'}\n")
    assert load(merged).data == {"name": "X", "language": "en", "sources": [{"id": "a", "url": "file:a.xml"}]}


def test_missing_sample_data_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(sample, "__file__", str(tmp_path / "a" / "b" / "c" / "sample.py"))
    with pytest.raises(UsageError, match="examples/feeds/commons.sources.yml: not found"):
        sample.find_root(tmp_path)
    assert sample.find_root(ROOT) == ROOT


CHAPTERS = [
    members.ChapterInfo("02-vector-db-rag/advanced-rag", "고급 RAG", ("rag", "reranking")),
    members.ChapterInfo("02-vector-db-rag/retrieval-augmented-generation", "RAG", ("rag", "retrieval")),
    members.ChapterInfo("07-inference-optimization/speculative-decoding", "SD", ("speculative-decoding",)),
]


def test_the_chapter_with_most_matching_tags_wins_ties_by_path():
    assert members.best_chapter("Speculative retrieval for RAG", CHAPTERS).name.endswith("retrieval-augmented-generation")
    assert members.best_chapter("RAG 도입 사례", CHAPTERS).name.endswith("advanced-rag")
    assert members.best_chapter("speculative decoding on by default", CHAPTERS).name.endswith("speculative-decoding")
    assert members.best_chapter("ragged tensors", CHAPTERS) is None


ITEM = {"id": "rag-case", "title": "How we cut RAG latency", "summary": "Retrieval starts early. Then re-rank.",
        "score": 4, "category": "frameworks"}


def test_judgements_are_deterministic_and_in_range():
    first = members.judge("octocat", ("frameworks",), ITEM, CHAPTERS, {"frameworks": "프레임워크"}, "en")
    assert first == members.judge("octocat", ("frameworks",), ITEM, CHAPTERS, {"frameworks": "프레임워크"}, "en")
    assert 1 <= first.impact <= 5
    assert first.summary == "Retrieval starts early."
    verdicts = {members.judge(f"m{n}", (), ITEM, CHAPTERS, {}).verdict for n in range(30)}
    assert verdicts <= {"handbook", "newsletter", "skip"} and "handbook" in verdicts
    for n in range(30):
        review = members.judge(f"m{n}", (), ITEM, CHAPTERS, {})
        assert (review.verdict == "handbook") == bool(review.chapter)


TEMPLATE = """---
item: rag-case
reviewer: octocat
# Fill in the four fields below / 아래 네 칸을 채워 주세요
impact:     # 1 (noise) .. 5
verdict:    # newsletter | handbook | skip
summary:    # what it is
why:        # why it matters
---

## AI 요약
"""


def test_fill_writes_the_four_fields_and_keeps_the_rest():
    review = members.Review("rag-case", 4, "handbook", "요약: 콜론과 '따옴표'", "이유", "02-vector-db-rag/advanced-rag")
    text = members.fill(TEMPLATE, review)
    doc = frontmatter.parse(text)
    assert doc.meta == {"item": "rag-case", "reviewer": "octocat", "impact": 4, "verdict": "handbook",
                        "chapter": "02-vector-db-rag/advanced-rag", "summary": "요약: 콜론과 '따옴표'", "why": "이유"}
    assert "# Fill in the four fields below" in text and doc.body == "\n## AI 요약\n"
    assert members.fill(text, review) == text  # filling a filled file changes nothing


def test_the_member_who_falls_behind_is_not_a_maintainer():
    assignments = {"boss": ["a", "b"], "ann": ["a", "b"], "zed": ["c"], "kim": ["b", "c"]}
    assert members.behind(assignments, ("boss",)) == "kim"
    assert members.behind({"boss": ["a", "b"]}, ("boss",)) is None


def test_korean_members_write_their_own_korean_words_and_differ():
    from commons.publish.editor import korean_share

    sample = {"id": "nimbus", "url": "https://lab.example.com/blog/nimbus-2", "title": "Introducing Nimbus-2",
              "summary": "Nimbus-2 is our new open-weight model.", "score": 4, "category": "model-updates"}
    reviews = [members.judge(f"member{n}", (), sample, CHAPTERS, {}, "ko", "Example AI Lab Blog") for n in range(6)]
    assert all(korean_share(r.summary) > 0.5 and korean_share(r.why) > 0.5 for r in reviews)
    assert len({r.summary for r in reviews}) >= 2  # not everyone says the same thing
    other = members.judge("octocat", (), ITEM, CHAPTERS, {}, "ko", "Example AI Lab Blog")
    # an English source is quoted, never mixed into a Korean sentence
    outside_quotes = other.summary.split("”", 1)[-1]
    assert other.summary.startswith("“Retrieval starts early.”") and korean_share(outside_quotes) > 0.3  # the source is named as it calls itself
