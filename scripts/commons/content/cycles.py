"""Review cycles: one week, named ``YYYY-Www`` after the ISO week of its due Wednesday.

Items are handed out on Sunday 00:00 in the community's timezone and are due
the Wednesday after. An item belongs to the cycle of the first distribution at
or after the moment it was collected.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CYCLE_RE = re.compile(r"(\d{4})-W(\d{2})")  # always fullmatch: "$" would accept a trailing newline
SUNDAY = 6  # date.weekday()


def _local(moment: datetime, tz: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its timezone")
    return moment.astimezone(ZoneInfo(tz))


def cycle_name(due: date) -> str:
    year, week, _ = due.isocalendar()
    return f"{year}-W{week:02d}"


def parse_cycle(name: str) -> tuple[int, int]:
    """(year, week) of a cycle name; ValueError in words when it is not one."""
    match = CYCLE_RE.fullmatch(name) if isinstance(name, str) else None
    if not match:
        raise ValueError(f"{name!r} is not a cycle name like 2026-W48 (year, -W, two-digit ISO week)")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 3)
    except ValueError:
        if not 1 <= year <= 9999:
            raise ValueError(f"'{name}': {year} is not a year a cycle can be in") from None
        last = date(year, 12, 28).isocalendar()[1]  # 28 December is always in the year's last ISO week
        raise ValueError(f"'{name}': {year} has no week {week:02d} (its weeks are W01 to W{last:02d})") from None
    try:
        date.fromisocalendar(year, week, 3) + timedelta(days=7)  # the next cycle must exist too
        date.fromisocalendar(year, week, 3) - timedelta(days=7 * 10)  # and the history assign reads
    except OverflowError:
        raise ValueError(f"'{name}' is too close to the end of the calendar to be a cycle") from None
    return year, week


def due_date(cycle: str) -> date:
    """The Wednesday the cycle's reviews are due."""
    year, week = parse_cycle(cycle)
    return date.fromisocalendar(year, week, 3)


def distribution_date(cycle: str) -> date:
    """The Sunday the cycle's items are handed out."""
    return due_date(cycle) - timedelta(days=3)


def distribution_time(cycle: str, tz: str) -> datetime:
    return datetime.combine(distribution_date(cycle), time(0, 0), ZoneInfo(tz))


def due_time(cycle: str, tz: str) -> datetime:
    """End of the due day: reviews are on time until Wednesday 23:59:59 local."""
    return datetime.combine(due_date(cycle) + timedelta(days=1), time(0, 0), ZoneInfo(tz))


def cycle_of_collection(collected: datetime, tz: str) -> str:
    """The cycle an item collected at ``collected`` is reviewed in."""
    local = _local(collected, tz)
    days_to_sunday = (SUNDAY - local.weekday()) % 7
    sunday = local.date() + timedelta(days=days_to_sunday)
    if days_to_sunday == 0 and local.time() > time(0, 0):
        sunday += timedelta(days=7)  # after this Sunday's midnight: next week's distribution
    return cycle_name(sunday + timedelta(days=3))


def distributing_cycle(now: datetime, tz: str) -> str:
    """The cycle whose distribution is the latest Sunday 00:00 at or before ``now``."""
    local = _local(now, tz)
    sunday = local.date() - timedelta(days=(local.weekday() - SUNDAY) % 7)
    return cycle_name(sunday + timedelta(days=3))


def previous_cycle(cycle: str) -> str:
    return cycle_name(due_date(cycle) - timedelta(days=7))


def next_cycle(cycle: str) -> str:
    return cycle_name(due_date(cycle) + timedelta(days=7))
