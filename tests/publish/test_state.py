"""The publish record and the item status edit."""

from __future__ import annotations

from commons.content.cycles import Week
from commons.content.frontmatter import parse
from commons.publish import state
from commons.publish.plan import with_status
from publish.sample import CYCLE, item

R = state.PullRecord


def test_merged_records_are_final_and_on_time_counts_reviews():
    old = {1: R(1, "a", "merged", 2, "2026-11-24T10:00:00+00:00")}
    merged = state.merge(old, [R(1, "a", "merged", 0, None), R(2, "b", "open", 3, "2026-11-24T10:00:00+00:00"),
                               R(3, "c", "merged", 1, "2026-11-26T10:00:00+00:00")])
    assert merged[1] == old[1]
    timeliness = state.timeliness(CYCLE, Week(timezone="Asia/Seoul"), merged)
    assert (timeliness.on_time, timeliness.assigned) == (2, 6)
    assert state.timeliness(CYCLE, Week(timezone="Asia/Seoul"), {}) is None


def test_record_round_trips(tmp_path):
    records = {2: R(2, "b", "open", 3, None), 1: R(1, "a", "merged", 2, "2026-11-24T10:00:00+00:00")}
    path = tmp_path / state.path(CYCLE)
    path.parent.mkdir(parents=True)
    path.write_text(state.render(CYCLE, records), encoding="utf-8")
    assert state.read(tmp_path, CYCLE) == records
    path.write_text("pulls: [oops", encoding="utf-8")
    assert state.read(tmp_path, CYCLE) == {}


def test_status_edit_changes_one_line():
    text = item("x", "Title: with colon", status="assigned")
    after = with_status(text, "published")
    assert after == text.replace("status: assigned", "status: published")
    assert parse(after).meta["status"] == "published"
