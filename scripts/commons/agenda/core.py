"""The meeting's run-of-show (seed 000: items walked highest impact first, each shared in
1–5 minutes by someone who read it). Pure: ranked entries in, an :class:`Agenda` and its markdown out.

Minutes follow impact (5 → 5 min, 4 → 4, …, at least 1); to fit the meeting's share for news
the lowest items are shortened first, each to half its time at most, and what still does not
fit is listed as "if time allows" (seed 000: only the most valuable news is shared). The presenter is one of the item's reviewers who did not skip it: someone
not presenting yet first, then the one who rated it highest, so the talking is shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import i18n
from ..content import markdown as md
from ..publish.newsletter import Entry, dated, stars

MIN_MINUTES, MAX_MINUTES = 1, 5



def labels(language: str) -> dict:
    return i18n.catalog(language).section("agenda")


def weekday_name(day: date, language: str) -> str:
    """'Thursday' / '목요일': the catalog's calendar word for the meeting's day."""
    return i18n.catalog(language).weekday(day, short=False)


@dataclass(frozen=True)
class Slot:
    entry: Entry
    presenter: str
    minutes: int
    start: int  # minutes from the start of the news part


@dataclass
class Agenda:
    day: date
    total: int
    slots: list[Slot] = field(default_factory=list)
    spare: list[Slot] = field(default_factory=list)  # reviewed and chosen, but no time left

    @property
    def used(self) -> int:
        return sum(s.minutes for s in self.slots)


def minutes_for(impact: float) -> int:
    return max(MIN_MINUTES, min(MAX_MINUTES, int(impact + 0.5)))


def presenters(entries: list[Entry]) -> list[str]:
    """A reviewer per entry: highest impact among those who did not skip, not yet presenting first."""
    load: dict[str, int] = {}
    chosen = []
    for entry in entries:
        voices = [j for j in entry.judgements if j.verdict != "skip"] or list(entry.judgements)
        best = min(voices, key=lambda j: (load.get(j.reviewer.lower(), 0), -j.impact, j.reviewer.lower()))
        load[best.reviewer.lower()] = load.get(best.reviewer.lower(), 0) + 1
        chosen.append(best.reviewer)
    return chosen


def build(entries: list[Entry], total_minutes: int, day: date) -> Agenda:
    """``entries``: ranked (newsletter.rank), only those that reach the newsletter."""
    agenda = Agenda(day, total_minutes)
    wanted = [minutes_for(e.impact) for e in entries]
    who = presenters(entries)
    count = len(entries)
    while True:
        # the top items keep their time: shorten from the bottom up, each to half its time at most,
        # and when that is not enough, leave the last item for "if time allows"
        fitting = list(wanted[:count])
        floors = [max(MIN_MINUTES, (m + 1) // 2) for m in fitting]
        while sum(fitting) > total_minutes and any(m > f for m, f in zip(fitting, floors)):
            last = max(i for i, (m, f) in enumerate(zip(fitting, floors)) if m > f)
            fitting[last] -= 1
        if sum(fitting) <= total_minutes or count == 0:
            break
        count -= 1
    start = 0
    for entry, presenter, minutes in zip(entries, who, fitting):
        agenda.slots.append(Slot(entry, presenter, minutes, start))
        start += minutes
    agenda.spare = [Slot(e, p, m, -1) for e, p, m in zip(entries[count:], who[count:], wanted[count:])]
    return agenda


def render(agenda: Agenda, language: str) -> str:
    words = labels(language)
    out = [f"# {words['title'].format(day=weekday_name(agenda.day, language), date=dated(agenda.day, language))}", ""]
    if not agenda.slots and not agenda.spare:
        return "\n".join(out + [words["none"], ""])
    out += [i18n.catalog(language)("agenda.lead", total=agenda.total, used=agenda.used, n=len(agenda.slots)), "",
            f"| {words['order']} | {words['start']} | {words['item']} | {words['presenter']} | {words['minutes']} |",
            "|---:|---:|---|---|---:|"]
    for n, slot in enumerate(agenda.slots, 1):
        item = slot.entry.item
        out.append(f"| {n} | {slot.start // 60}:{slot.start % 60:02d} | {md.link(item.title, item.url)} "
                   f"{stars(slot.entry.impact)} | {md.handle(slot.presenter)} | {words['min'].format(n=slot.minutes)} |")
    out.append("")
    if agenda.spare:
        items = ", ".join(f"{md.link(s.entry.item.title, s.entry.item.url)} ({md.handle(s.presenter)})"
                          for s in agenda.spare)
        out += [words["spare"].format(items=items), ""]
    out += [f"<sub>{words['footer']}</sub>", ""]
    return "\n".join(out)
