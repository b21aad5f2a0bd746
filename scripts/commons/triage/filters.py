"""The community's include and exclude keywords, applied before any triager sees an item.

Rules live in commons.yml: ``triage.include``/``triage.exclude`` for every source, and
``include``/``exclude`` on a source for that source alone. An exclude word drops the item;
where include words are given, an item with none of them is dropped. A word matches at a
word start, case-insensitively, in the title or text (Korean words anywhere, since
particles attach to them). An item published more than ``triage.max_age_days`` (or the
source's ``max_age_days``) before the newsletter it would appear in is old news, dropped the
same way. A filtered item is kept, as ``dropped``, with the rule that filtered it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from ..content.cycles import issue_date


@dataclass(frozen=True)
class Rules:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def _matcher(word: str) -> re.Pattern:
    word = word.lower().strip()
    if re.search(r"[가-힣]", word):
        return re.compile(re.escape(word))
    return re.compile(r"(?<![a-z0-9])" + re.escape(word))


class Filter:
    def __init__(self, everywhere: Rules, per_source: dict[str, Rules]):
        self.layers = [("", everywhere)] + sorted(per_source.items())
        self._compiled = {w: _matcher(w) for _, r in self.layers for w in r.include + r.exclude}
        self.per_source = per_source
        self.everywhere = everywhere

    def __bool__(self) -> bool:
        return any(r.include or r.exclude for _, r in self.layers)

    def fingerprint(self) -> str:
        text = repr([(s, r.include, r.exclude) for s, r in self.layers])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    def rule_for(self, payload: dict) -> str:
        """The rule that drops this item ('' when it passes), e.g. ``exclude "crypto" (every source)``."""
        text = (payload.get("title", "") + "\n" + payload.get("text", "")).lower()
        for scope, rules in (("", self.everywhere), (payload.get("source", ""), self.per_source.get(payload.get("source", "")))):
            if rules is None:
                continue
            where = f"source {scope}" if scope else "every source"
            for word in rules.exclude:
                if self._compiled[word].search(text):
                    return f'exclude "{word}" ({where})'
            if rules.include and not any(self._compiled[w].search(text) for w in rules.include):
                return f"include: none of {', '.join(rules.include)} ({where})"
        return ""


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class MaxAge:
    """How old a post may be on the day a reader sees it: the day of the newsletter it would be in
    (its cycle's issue date), per source or for every source. Counted from the cycle, never from
    today, so the same item gets the same answer on every run; triage asks about the item's own
    cycle, assign and publish about the cycle they hand out or print (a carried-over item is a
    week older there). An undated post passes."""

    days: int
    per_source: dict
    week: object = None  # cycles.Week: whose issue date; None is the default rhythm

    def fingerprint(self) -> str:
        return f"age2-{self.days}-" + hashlib.sha256(repr(sorted(self.per_source.items())).encode()).hexdigest()[:6]

    def reader_day(self, cycle: str) -> date | None:
        """The day the newsletter of ``cycle`` comes out (the date it prints), None for no cycle."""
        try:
            return issue_date(cycle, self.week)
        except (ValueError, TypeError):
            return None

    def rule_for(self, meta: dict, cycle: str = "") -> str:
        """``published 2019-03-01, more than 14 days before the newsletter of 2026-02-25 (every source)``
        or ''. ``cycle``: the newsletter that would print it (default: the item's own cycle's); an item
        with no usable cycle is measured to the day it was collected."""
        published = _day(meta.get("published"))
        if published is None:
            return ""
        reader = self.reader_day(cycle or str(meta.get("cycle") or ""))
        source = str(meta.get("source") or "")
        limit = self.per_source.get(source) or self.days
        where = f"source {source}" if source in self.per_source else "every source"
        if reader is None:
            collected = _day(meta.get("collected"))
            if collected is None or (collected - published).days <= limit:
                return ""
            return f"{AGE_RULE}{published.isoformat()}, more than {limit} days before it was collected ({where})"
        if (reader - published).days <= limit:
            return ""
        return f"{AGE_RULE}{published.isoformat()}, more than {limit} days before the newsletter of {reader.isoformat()} ({where})"


def old_news(meta: dict) -> bool:
    """Dropped by :class:`MaxAge` (not by a word): not a judgement for an audit to check."""
    triage = meta.get("triage") if isinstance(meta.get("triage"), dict) else {}
    return str(triage.get("filter") or "").startswith(AGE_RULE) or bool(meta.get(TOO_OLD))


TOO_OLD = "too_old"  # the item field assign writes when an item kept by triage aged out before its newsletter


AGE_RULE = "published "


def max_age(config) -> MaxAge:
    return MaxAge(config.triage.max_age_days,
                  {s.id: s.max_age_days for s in config.sources if getattr(s, "max_age_days", 0)},
                  getattr(config, "week", None))


def from_config(config) -> Filter:
    t = config.triage
    return Filter(Rules(tuple(t.include), tuple(t.exclude)),
                  {s.id: Rules(tuple(s.include), tuple(s.exclude)) for s in config.sources if s.include or s.exclude})
