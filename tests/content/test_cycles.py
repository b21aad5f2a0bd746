from datetime import date, datetime, timezone

import pytest

from commons.content import cycles

TZ = cycles.Week(timezone="Asia/Seoul")  # the default week in Seoul


def kst(*args):
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo(TZ.timezone))


def test_item_collected_midweek_goes_to_the_next_sunday_distribution():
    # Thursday 2026-11-19 → distributed Sunday 11-22 → due Wednesday 11-25 = ISO week 48
    assert cycles.cycle_of_collection(kst(2026, 11, 19, 12, 0), TZ) == "2026-W48"


def test_sunday_midnight_boundary_in_local_time():
    assert cycles.cycle_of_collection(kst(2026, 11, 22, 0, 0), TZ) == "2026-W48"
    assert cycles.cycle_of_collection(kst(2026, 11, 22, 0, 1), TZ) == "2026-W49"
    # Saturday 15:30 UTC is already Sunday 00:30 in Seoul
    assert cycles.cycle_of_collection(datetime(2026, 11, 21, 15, 30, tzinfo=timezone.utc), TZ) == "2026-W49"


def test_distributing_cycle_and_due_dates():
    assert cycles.distributing_cycle(kst(2026, 11, 22, 0, 0), TZ) == "2026-W48"
    assert cycles.distributing_cycle(kst(2026, 11, 25, 23, 0), TZ) == "2026-W48"
    assert cycles.due_date("2026-W48") == date(2026, 11, 25)
    assert cycles.distribution_date("2026-W48") == date(2026, 11, 22)
    assert cycles.due_time("2026-W48", TZ) == kst(2026, 11, 26, 0, 0)


def test_year_boundary_uses_iso_weeks():
    # Due Wednesday 2026-12-30 is ISO 2026-W53; the next one, 2027-01-06, is 2027-W01.
    assert cycles.next_cycle("2026-W53") == "2027-W01"
    assert cycles.previous_cycle("2027-W01") == "2026-W53"
    assert cycles.cycle_of_collection(kst(2026, 12, 28, 9, 0), TZ) == "2027-W01"


def test_bad_cycle_names():
    with pytest.raises(ValueError):
        cycles.parse_cycle("2026-48")
    with pytest.raises(ValueError):
        cycles.parse_cycle("2025-W53")  # 2025 has 52 ISO weeks


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        cycles.cycle_of_collection(datetime(2026, 11, 19), TZ)
