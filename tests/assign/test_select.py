"""Selection: the best N the crew can cover, spread over sources, ties by something that means something."""

from __future__ import annotations

from commons.assign.plan import Candidate, Reviewer
from commons.assign.select import select, slots

CYCLE = "2026-W48"


def crew(n: int, capacity: int = 6) -> list[Reviewer]:
    return [Reviewer(f"m{i:02d}", capacity) for i in range(n)]


def item(item_id: str, source: str = "src", score: int = 4, category: str = "papers", **extra) -> Candidate:
    return Candidate(id=item_id, title=item_id, score=score, source=source, category=category, **extra)


def test_n_is_what_the_available_crew_can_cover_with_distinct_reviewers():
    assert slots(crew(30), 2) == 90  # 30 members × 6 ÷ 2 reviewers
    assert slots(crew(3, 2), 2) == 3
    assert slots([Reviewer("big", 10), Reviewer("small", 1)], 2) == 1  # one member cannot review an item twice
    assert slots([Reviewer("a", 6), Reviewer("b", 6, unavailable="away")], 2) == 0
    assert slots(crew(1), 1) == 6


def test_a_prolific_source_cannot_fill_the_week():
    arxiv = [item(f"arxiv-{i:03d}", "arxiv", category="papers") for i in range(300)]
    others = [item(f"{s}-{i}", s, category=c) for s, c in (("hn", "usage"), ("geeknews", "frameworks"),
                                                           ("aitimes", "business"), ("blog", "model-updates"))
              for i in range(10)]
    chosen = select(CYCLE, arxiv + others, crew(10), reviewers_per_item=2)
    assert chosen.slots == 30 and len(chosen.selected) == 30
    assert chosen.by_source["arxiv"] <= 8, chosen.by_source
    assert set(chosen.by_source) == {"arxiv", "hn", "geeknews", "aitimes", "blog"}
    assert len(chosen.not_selected) == 340 - 30 and not set(chosen.selected) & set(chosen.not_selected)


def test_a_clearly_better_item_still_beats_diversity():
    pool = [item(f"a-{i}", "arxiv", score=5) for i in range(3)] + [item(f"b-{i}", "blog", score=3) for i in range(3)]
    chosen = select(CYCLE, pool, crew(2, 2), reviewers_per_item=2)  # room for 2
    assert len(chosen.selected) == 2 and all(i.startswith("a-") for i in chosen.selected)  # 5 − 0.625 still beats 3


def test_ties_go_to_corroborated_then_newest_never_the_alphabet():
    pool = [
        item("aaa-old", "s1", published="2026-11-16T00:00:00Z"),
        item("zzz-new", "s2", published="2026-11-21T00:00:00Z"),
        item("mmm-seen-twice", "s3", published="2026-11-15T00:00:00Z", corroboration=2),
    ]
    chosen = select(CYCLE, pool, crew(2, 1), reviewers_per_item=2)  # room for one
    assert chosen.selected == ("mmm-seen-twice",)
    chosen = select(CYCLE, pool[:2], crew(2, 1), reviewers_per_item=2)
    assert chosen.selected == ("zzz-new",)
    assert chosen.not_selected == ("aaa-old",)


def test_without_any_finer_signal_ties_are_a_fixed_fair_draw_not_by_id():
    pool = [item(f"{c}-{i}", f"s{i}") for i, c in enumerate("abcdefghijklmnopqrst")]
    firsts = {select(f"2026-W{w:02d}", pool, crew(2, 1), reviewers_per_item=2).selected[0] for w in range(10, 30)}
    assert len(firsts) > 3  # changes with the cycle
    assert select(CYCLE, pool, crew(2, 1), reviewers_per_item=2) == select(CYCLE, pool, crew(2, 1), reviewers_per_item=2)


def test_items_already_promised_keep_their_places():
    pool = [item("carried", "x", score=3, carried_over=True), item("mine", "x", score=3)] + [
        item(f"best-{i}", f"s{i}", score=5) for i in range(5)]
    chosen = select(CYCLE, pool, crew(2, 2), reviewers_per_item=2, kept={"carried", "mine"})
    assert chosen.selected == ("mine", "carried")
    assert chosen.summary() == {"slots": 2, "selected": 2, "not_selected": 5, "audits": 0}


def test_a_crew_too_small_for_any_item_still_hands_out_what_it_can_so_a_person_hears_of_it():
    chosen = select(CYCLE, [item("a", score=5), item("b")], [Reviewer("solo", 1)], reviewers_per_item=2)
    assert chosen.slots == 1 and chosen.selected == ("a",)
    assert select(CYCLE, [], crew(3), reviewers_per_item=2).selected == ()


def test_one_prolific_source_among_several_does_not_fill_the_week():
    # a blog with twenty posts, all scored 5, beside five sources with three 4s each
    candidates = [item(f"blog-{n}", source="blog", score=5) for n in range(20)]
    candidates += [item(f"{s}-{n}", source=s, score=4) for s in ("arxiv", "hn", "kr", "lab", "vllm") for n in range(3)]
    chosen = select(CYCLE, candidates, crew(6, 4), reviewers_per_item=2)
    assert chosen.slots == 12
    assert chosen.by_source["blog"] <= chosen.slots // 2  # its best get in, not the whole week
    assert set(chosen.by_source) == {"blog", "arxiv", "hn", "kr", "lab", "vllm"}  # every source is heard
