"""Which of last cycle's review PRs a plan supersedes, and the comment on them: pure."""

from __future__ import annotations

from commons.assign.plan import Candidate, Plan
from commons.assign.supersede import comment_text, describe, superseded

ITEMS = {
    "late": Candidate("late", "Late", 5, origin="2026-W47", carried_over=True),
    "fresh": Candidate("fresh", "Fresh", 4, origin="2026-W48"),
}
PLAN = Plan("2026-W48", {"Ann": ("late",), "bo": ("fresh",)}, (), ITEMS)


def test_only_members_with_an_item_carried_over_are_superseded():
    record = {"ann": ["late", "reviewed-by-someone"], "bo": ["reviewed-by-bo"]}
    (entry,) = superseded(PLAN, record)
    assert (entry.handle, entry.cycle, entry.items, entry.branch) == ("ann", "2026-W47", ("late",), "commons/review/2026-W47/ann")
    assert superseded(PLAN, None) == [] and describe(PLAN, []) == []
    assert describe(PLAN, [entry]) == ["Close 2026-W47 review PRs still open (items carried over to 2026-W48):",
                                       "  @ann (commons/review/2026-W47/ann): late → @Ann"]


def test_the_comment_links_the_members_new_pull_request_or_says_the_items_went_to_others():
    (entry,) = superseded(PLAN, {"ann": ["late"]})
    own = comment_text(PLAN, entry, {"Ann": 7, "bo": 8}, "ko")
    assert own.startswith("<!-- commons:carried-over to=2026-W48 -->\n@ann 님,")
    assert "#7 에서 이어서 리뷰합니다" in own and "Closing" not in own and "- `late`: @Ann (#7)" in own
    own_en = comment_text(PLAN, entry, {"Ann": 7, "bo": 8}, "en")
    assert "the 1 item of this PR was carried over" in own_en and "please review it in #7. Closing this PR." in own_en
    moved = Plan("2026-W48", {"bo": ("late",)}, (), ITEMS)
    other = comment_text(moved, superseded(moved, {"ann": ["late"]})[0], {"bo": 8}, "ko")
    assert "다른 멤버에게 배정되었습니다" in other and "- `late`: @bo (#8)" in other
    other_en = comment_text(moved, superseded(moved, {"ann": ["late"]})[0], {"bo": 8}, "en")
    assert "went to another member" in other_en and "- `late`: @bo (#8)" in other_en
