"""The week's local times as GitHub cron lines, and the decision whether a scheduled run is on time.

GitHub's cron is UTC only. A local time such as Sunday 00:00 in America/New_York is
04:00 UTC in summer and 05:00 UTC in winter, so each workflow carries one cron line
per UTC offset its zone uses, and its first job asks :func:`is_due` whether the line
that fired is the one matching the local time today; the other line's run stops
there. The decision uses the moment the cron line names (``github.event.schedule``),
not the moment the run started, so GitHub's queueing delays do not matter. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from ..content.cycles import Moment, Week
from ..i18n import say

# event of commons.yml's schedule → the workflow it starts
WORKFLOWS = {"collect": "collect.yml", "distribute": "assign.yml", "remind": "remind.yml", "publish": "publish.yml",
             "agenda": "agenda.yml"}
# The years whose UTC offsets the cron lines cover: fixed, so the lines do not change with the date they are made on.
WINDOW = (date(2025, 1, 1), date(2036, 1, 1))


@dataclass(frozen=True)
class CronLine:
    expression: str  # "0 5 * * 0"
    offset: timedelta  # the zone's UTC offset this line is right for

    def comment(self, moment: Moment, zone_name: str) -> str:
        return f"{moment} {zone_name} when UTC{_offset_text(self.offset)}"


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def moment_of(week: Week, event: str) -> Moment:
    return getattr(week, event)


def said(moment: Moment) -> str:
    """A moment of the week as the run's language says it: 'sunday 00:00' → '일요일 00:00'."""
    from .. import i18n

    day = say("schedule.daily") if moment.weekday is None else i18n.active().raw("calendar.weekdays")[moment.weekday]
    return say("schedule.moment", day=day, time=moment.at.strftime("%H:%M"))


def _offsets(week: Week, moment: Moment) -> list[timedelta]:
    """Every UTC offset the zone has at this local time over WINDOW, in the order they first occur."""
    zone, seen = week.zone, []
    day = WINDOW[0]
    step = timedelta(days=1)
    while day < WINDOW[1]:
        if moment.weekday is None or day.weekday() == moment.weekday:
            offset = datetime.combine(day, moment.at, zone).utcoffset()
            if offset not in seen:
                seen.append(offset)
        day += step
    return seen


def cron_lines(week: Week, event: str) -> list[CronLine]:
    """The cron lines of ``event``'s workflow: one per UTC offset, most recent offset (winter first) order by UTC time."""
    moment = moment_of(week, event)
    lines = []
    for offset in _offsets(week, moment):
        local_minutes = moment.at.hour * 60 + moment.at.minute
        utc_minutes = local_minutes - int(offset.total_seconds() // 60)
        day_shift, minute_of_day = divmod(utc_minutes, 24 * 60)
        hour, minute = divmod(minute_of_day, 60)
        if moment.weekday is None:
            dow = "*"
        else:
            python_weekday = (moment.weekday + day_shift) % 7
            dow = str((python_weekday + 1) % 7)  # cron: 0 = Sunday
        lines.append(CronLine(f"{minute} {hour} * * {dow}", offset))
    return sorted(lines, key=lambda line: _sort_key(line.expression))


def _sort_key(expression: str) -> tuple:
    minute, hour, _, _, dow = expression.split()
    return (-1 if dow == "*" else int(dow), int(hour), int(minute))


def parse_cron(expression: str) -> tuple[int, int, int | None]:
    """``M H * * D`` (D a number 0–7 or *) → (minute, hour, cron weekday or None); ValueError otherwise."""
    parts = expression.split()
    if len(parts) != 5 or parts[2:4] != ["*", "*"]:
        raise ValueError(say("schedule.not_cron", expression=expression))
    try:
        minute, hour = int(parts[0]), int(parts[1])
        dow = None if parts[4] == "*" else int(parts[4]) % 7
    except ValueError:
        raise ValueError(say("schedule.not_cron", expression=expression)) from None
    if not (0 <= minute < 60 and 0 <= hour < 24):
        raise ValueError(say("schedule.no_real_time", expression=expression))
    return minute, hour, dow


def fired_at(expression: str, now: datetime) -> datetime:
    """The latest moment at or before ``now`` that the cron line names (GitHub may start the run later)."""
    minute, hour, dow = parse_cron(expression)
    utc_now = now.astimezone(timezone.utc)
    candidate = utc_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    for _ in range(9):
        cron_dow = (candidate.weekday() + 1) % 7
        if candidate <= utc_now and (dow is None or cron_dow == dow):
            return candidate
        candidate -= timedelta(days=1)
    raise AssertionError("a weekly cron line fires within eight days")  # unreachable


def intended(week: Week, moment: Moment, day: date) -> datetime | None:
    """The one instant ``moment`` means on local ``day`` (None: not its weekday). A time the clocks skip
    (02:30 when they jump from 02:00 to 03:00) is read with the offset before the jump, so it runs an hour
    "late" once; a time they pass twice (the autumn overlap) is its first passing: exactly one run a day."""
    if moment.weekday is not None and day.weekday() != moment.weekday:
        return None
    return datetime.combine(day, moment.at, week.zone).astimezone(timezone.utc)  # fold=0: the earlier offset


@dataclass(frozen=True)
class Decision:
    due: bool
    reason: str


def is_due(week: Week, event: str, expression: str | None, now: datetime) -> Decision:
    """Whether the run started by cron line ``expression`` is ``event``'s local time; no line (a manual run): yes."""
    moment = moment_of(week, event)
    if not expression:
        return Decision(True, f"{event}: {say('schedule.by_hand')}")
    fired = fired_at(expression, now)
    local = fired.astimezone(week.zone)
    matches = fired == intended(week, moment, local.date()) or fired == intended(week, moment, local.date() - timedelta(days=1))
    when = f"{said(Moment(local.weekday(), local.time().replace(second=0, microsecond=0)))} {week.timezone}"
    if matches:
        return Decision(True, f"{event}: {say('schedule.runs', expression=expression, when=when, moment=said(moment))}")
    return Decision(False, f"{event}: {say('schedule.stops', expression=expression, when=when, moment=said(moment))}")
