"""The configured week: local weekday and time in the community's timezone, also across daylight saving."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from commons.content import cycles
from commons.content.cycles import Moment, Week, parse_moment

NY = Week(timezone="America/New_York")
UTC = timezone.utc


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize("sunday, utc_midnight, cycle, before", [
    # 2026-03-08: clocks go forward at 02:00, so local midnight is still EST (UTC-5)
    ("2026-03-08", "2026-03-08T05:00:00+00:00", "2026-W11", "2026-W10"),
    # the Sunday after: EDT (UTC-4)
    ("2026-03-15", "2026-03-15T04:00:00+00:00", "2026-W12", "2026-W11"),
    # 2026-11-01: clocks go back at 02:00, local midnight is still EDT (UTC-4)
    ("2026-11-01", "2026-11-01T04:00:00+00:00", "2026-W45", "2026-W44"),
    # the Sunday after: EST (UTC-5)
    ("2026-11-08", "2026-11-08T05:00:00+00:00", "2026-W46", "2026-W45"),
])
def test_new_york_distributes_at_local_sunday_midnight_in_daylight_saving_weeks(sunday, utc_midnight, cycle, before):
    midnight = at(utc_midnight)
    assert cycles.distribution_time(cycle, NY) == midnight
    assert cycles.distribution_date(cycle, NY) == date.fromisoformat(sunday)
    assert cycles.distributing_cycle(midnight, NY) == cycle
    assert cycles.distributing_cycle(midnight - timedelta(seconds=1), NY) == before  # Saturday 23:59:59 local
    assert cycles.cycle_of_collection(midnight, NY) == cycle  # collected at the very moment: this distribution
    assert cycles.cycle_of_collection(midnight + timedelta(seconds=1), NY) == cycles.next_cycle(cycle)


def test_due_time_is_the_end_of_the_due_minute_local():
    assert cycles.due_time("2026-W45", NY) == datetime(2026, 11, 5, 0, 0, tzinfo=NY.zone)
    assert cycles.due_time("2026-W45", NY).astimezone(UTC) == at("2026-11-05T05:00:00+00:00")  # EST by then


def test_a_custom_week_names_cycles_after_the_due_day():
    week = Week(timezone="Europe/Berlin", distribute=Moment(0, time(8, 0)), due=Moment(4, time(18, 0)),
                publish=Moment(4, time(20, 0)))
    assert week.lead_days == 4
    assert cycles.due_date("2026-W48", week) == date(2026, 11, 27)  # Friday
    assert cycles.distribution_date("2026-W48", week) == date(2026, 11, 23)  # Monday
    monday_eight = datetime(2026, 11, 23, 8, 0, tzinfo=week.zone)
    assert cycles.distributing_cycle(monday_eight, week) == "2026-W48"
    assert cycles.distributing_cycle(monday_eight - timedelta(minutes=1), week) == "2026-W47"
    assert cycles.cycle_of_collection(monday_eight - timedelta(minutes=1), week) == "2026-W48"
    assert cycles.due_time("2026-W48", week) == datetime(2026, 11, 27, 18, 1, tzinfo=week.zone)
    assert cycles.publish_time("2026-W48", week) == datetime(2026, 11, 27, 20, 0, tzinfo=week.zone)


def test_the_default_week_is_todays_rhythm():
    seoul = Week()
    assert cycles.distribution_time("2026-W48", seoul) == datetime(2026, 11, 22, 0, 0, tzinfo=seoul.zone)
    assert cycles.due_time("2026-W48", seoul) == datetime(2026, 11, 26, 0, 0, tzinfo=seoul.zone)


def test_a_bare_timezone_is_refused_so_no_caller_forgets_the_schedule():
    with pytest.raises(TypeError):
        cycles.due_time("2026-W48", "Asia/Seoul")


def test_distribute_and_due_on_the_same_weekday_give_a_whole_week():
    week = Week(distribute=Moment(2, time(9, 0)), due=Moment(2, time(8, 0)))
    assert week.lead_days == 7


@pytest.mark.parametrize("text, expected", [
    ("sunday 00:00", Moment(6, time(0, 0))), ("Wednesday 22:30", Moment(2, time(22, 30))), ("monday 7:05", Moment(0, time(7, 5))),
])
def test_moments_parse(text, expected):
    assert parse_moment(text) == expected


@pytest.mark.parametrize("text", ["sunday", "funday 10:00", "sunday 24:00", "sunday 10:60", "daily 06:00", "10:00"])
def test_bad_moments_say_what_is_expected(text):
    with pytest.raises(ValueError, match="weekday|time"):
        parse_moment(text)


def test_collect_may_be_daily():
    assert parse_moment("daily 06:17", daily_allowed=True) == Moment(None, time(6, 17))
    assert parse_moment("06:17", daily_allowed=True) == Moment(None, time(6, 17))
