import json

from calibration.calibration_support import judgement
from commons.calibration import fewshot
from commons.triage import tokens


def test_within_budget_disagreements_first_and_spread_over_categories():
    js = [judgement(f"agree{n}", 3, [3], category="papers", cycle=f"2026-W{40 + n}") for n in range(30)]
    js += [judgement("big-miss", 1, [5], category="frameworks", why="서빙 팀 필독"), judgement("biz", 4, [1], category="business")]
    chosen = fewshot.choose(js, budget=160)
    assert sum(tokens.estimate(json.dumps(c, ensure_ascii=False)) + 1 for c in chosen) <= 160
    titles = [c["title"] for c in chosen]
    assert set(titles[:3]) >= {"big-miss", "biz"}
    assert {c["title"] for c in chosen} & {f"agree{n}" for n in range(30)}  # papers get a turn too
    assert chosen[titles.index("big-miss")] == {"id": "big-miss", "title": "big-miss", "source": "hn-llm", "members": 5, "triage": 1, "why": "서빙 팀 필독"}


def test_most_recent_first_among_equals():
    js = [judgement(f"i{n}", 3, [3], cycle=f"2026-W{40 + n}") for n in range(5)]
    assert fewshot.choose(js, budget=40)[0]["title"] == "i4"


def test_nothing_to_show():
    assert fewshot.choose([]) == []
