"""Review cycles: one week, named ``YYYY-Www`` after the ISO week of its due day.

The week's rhythm is local time in the community's timezone (``commons.yml``
``schedule``; by default items are handed out on Sunday 00:00 and due at the end of
the Wednesday after). An item belongs to the cycle of the first distribution at or
after the moment it was collected. Local times are turned into instants with the
zone's rules, so a week that crosses a daylight-saving change keeps its local times.

Functions that need the rhythm take a :class:`Week`; a timezone name stands for the
default rhythm in that zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..i18n import say

CYCLE_RE = re.compile(r"(\d{4})-W(\d{2})")  # always fullmatch: "$" would accept a trailing newline
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SUNDAY = 6  # date.weekday()


@dataclass(frozen=True)
class Moment:
    """A local weekday and time; ``weekday`` None means every day."""

    weekday: int | None
    at: time

    def __str__(self) -> str:
        day = "daily" if self.weekday is None else WEEKDAYS[self.weekday]
        return f"{day} {self.at.strftime('%H:%M')}"


def parse_moment(text: str, *, daily_allowed: bool = False) -> Moment:
    """``sunday 00:00`` (or ``daily 06:17`` / ``06:17`` where every day is allowed) → Moment; ValueError else."""
    words = str(text).strip().lower().split()
    if len(words) == 1 and daily_allowed:
        words = ["daily", *words]
    if len(words) != 2:
        raise ValueError(say("cycles.not_a_moment", text=text))
    day, clock = words
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", clock)
    if not match:
        raise ValueError(say("cycles.not_a_time", clock=clock))
    if day == "daily" and daily_allowed:
        weekday = None
    elif day in WEEKDAYS:
        weekday = WEEKDAYS.index(day)
    else:
        raise ValueError(say("cycles.not_a_weekday_or_daily" if daily_allowed else "cycles.not_a_weekday", day=day))
    return Moment(weekday, time(int(match[1]), int(match[2])))


@dataclass(frozen=True)
class Week:
    """The community's week in its own timezone."""

    timezone: str = "Asia/Seoul"
    distribute: Moment = field(default_factory=lambda: Moment(6, time(0, 0)))
    remind: Moment = field(default_factory=lambda: Moment(1, time(9, 0)))
    due: Moment = field(default_factory=lambda: Moment(2, time(23, 59)))
    publish: Moment = field(default_factory=lambda: Moment(2, time(22, 0)))
    collect: Moment = field(default_factory=lambda: Moment(None, time(6, 17)))
    agenda: Moment = field(default_factory=lambda: Moment(2, time(15, 0)))  # the meeting's day: its run-of-show

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def lead_days(self) -> int:
        """Days from distribution to the due day: 1 … 7."""
        return (self.due.weekday - self.distribute.weekday) % 7 or 7


def as_week(week: Week | None) -> Week:
    """The week to count in. A bare timezone is refused: it would silently bring back the default
    rhythm (Sunday → Wednesday) for a community whose ``schedule`` moved it; pass ``config.week``."""
    if week is None:
        return Week()
    if not isinstance(week, Week):
        raise TypeError(f"a Week is needed (config.week), not {week!r}")
    return week


def _local(moment: datetime, tz: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its timezone")  # a bug, not bad input
    return moment.astimezone(ZoneInfo(tz))


def cycle_name(due: date) -> str:
    year, week, _ = due.isocalendar()
    return f"{year}-W{week:02d}"


def parse_cycle(name: str) -> tuple[int, int]:
    """(year, week) of a cycle name; ValueError in words when it is not one."""
    match = CYCLE_RE.fullmatch(name) if isinstance(name, str) else None
    if not match:
        raise ValueError(say("cycles.not_a_cycle", name=repr(name)))
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 3)
    except ValueError:
        if not 1 <= year <= 9999:
            raise ValueError(say("cycles.bad_year", name=name, year=year)) from None
        last = date(year, 12, 28).isocalendar()[1]  # 28 December is always in the year's last ISO week
        raise ValueError(say("cycles.no_such_week", name=name, year=year, week=f"{week:02d}", last=f"{last:02d}")) from None
    try:
        date.fromisocalendar(year, week, 3) + timedelta(days=7)  # the next cycle must exist too
        date.fromisocalendar(year, week, 3) - timedelta(days=7 * 10)  # and the history assign reads
    except OverflowError:
        raise ValueError(say("cycles.end_of_calendar", name=name)) from None
    return year, week


def due_date(cycle: str, week: Week | None = None) -> date:
    """The day the cycle's reviews are due (Wednesday by default)."""
    year, number = parse_cycle(cycle)
    return date.fromisocalendar(year, number, as_week(week).due.weekday + 1)


def issue_date(cycle: str, week: Week | None = None) -> date:
    """The day the cycle's newsletter is dated (the due day: publishing runs that evening by default);
    what a reader sees is as old as it is on this day."""
    return due_date(cycle, week)


def distribution_date(cycle: str, week: Week | None = None) -> date:
    """The day the cycle's items are handed out (Sunday by default)."""
    week = as_week(week)
    return due_date(cycle, week) - timedelta(days=week.lead_days)


def distribution_time(cycle: str, week: Week) -> datetime:
    week = as_week(week)
    return datetime.combine(distribution_date(cycle, week), week.distribute.at, week.zone)


def due_time(cycle: str, week: Week) -> datetime:
    """The end of the due minute: reviews are on time until Wednesday 23:59:59 local by default."""
    week = as_week(week)
    end = datetime.combine(due_date(cycle, week), week.due.at) + timedelta(minutes=1)
    return end.replace(tzinfo=week.zone)


def publish_time(cycle: str, week: Week) -> datetime:
    """When the cycle is published: the first publish moment on or after its distribution day."""
    week = as_week(week)
    start = distribution_date(cycle, week)
    day = start + timedelta(days=(week.publish.weekday - start.weekday()) % 7)
    return datetime.combine(day, week.publish.at, week.zone)


def meeting_date(cycle: str, week: Week) -> date:
    """The day of the cycle's meeting: the first ``schedule.agenda`` weekday on or after its distribution day."""
    week = as_week(week)
    start = distribution_date(cycle, week)
    return start + timedelta(days=(week.agenda.weekday - start.weekday()) % 7)


def cycle_of_collection(collected: datetime, week: Week) -> str:
    """The cycle an item collected at ``collected`` is reviewed in."""
    week = as_week(week)
    local = _local(collected, week.timezone)
    ahead = (week.distribute.weekday - local.weekday()) % 7
    day = local.date() + timedelta(days=ahead)
    if ahead == 0 and local.time() > week.distribute.at:
        day += timedelta(days=7)  # after this week's distribution: next week's
    return cycle_name(day + timedelta(days=week.lead_days))


def distributing_cycle(now: datetime, week: Week) -> str:
    """The cycle whose distribution is the latest one at or before ``now``."""
    week = as_week(week)
    local = _local(now, week.timezone)
    day = local.date() - timedelta(days=(local.weekday() - week.distribute.weekday) % 7)
    if day == local.date() and local.time() < week.distribute.at:
        day -= timedelta(days=7)  # today's distribution has not happened yet
    return cycle_name(day + timedelta(days=week.lead_days))


def previous_cycle(cycle: str) -> str:
    return cycle_name(due_date(cycle) - timedelta(days=7))


def next_cycle(cycle: str) -> str:
    return cycle_name(due_date(cycle) + timedelta(days=7))
