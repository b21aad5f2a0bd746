"""The demo's week: the moments each step runs at, pinned, in the community's timezone.

Derived from "today" so the cycle name is the current one: items are collected on
the Thursday before this week's distribution, handed out on Sunday 00:00, reviewed
by Tuesday evening and published on Wednesday 22:00, the evening of the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import i18n
from ..content import cycles


@dataclass(frozen=True)
class Week:
    cycle: str
    timezone: str
    start: datetime  # the sample data is committed
    collect: datetime  # Thursday 09:00
    distribute: datetime  # Sunday 00:00: assign runs
    review: datetime  # Tuesday 20:00: members push their reviews
    publish: datetime  # Wednesday 22:00: merge, newsletter, handbook references

    def label(self, moment: datetime) -> str:
        """The moment as the run's language writes a day and hour (``2026-11-26 (목) 06:17``)."""
        return i18n.active().day_time(moment)


def week_of(today: datetime, timezone: str) -> Week:
    rhythm = cycles.Week(timezone=timezone)  # the sample community keeps the default rhythm
    cycle = cycles.distributing_cycle(today, rhythm)
    sunday = cycles.distribution_time(cycle, rhythm)
    thursday = sunday - timedelta(days=3)
    return Week(
        cycle=cycle, timezone=timezone,
        start=thursday + timedelta(hours=8),
        collect=thursday + timedelta(hours=9),
        distribute=sunday,
        review=sunday + timedelta(days=2, hours=20),
        publish=sunday + timedelta(days=3, hours=22),
    )
