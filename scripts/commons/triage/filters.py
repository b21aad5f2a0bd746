"""The community's include and exclude keywords, applied before any triager sees an item.

Rules live in commons.yml: ``triage.include``/``triage.exclude`` for every source, and
``include``/``exclude`` on a source for that source alone. An exclude word drops the item;
where include words are given, an item with none of them is dropped. A word matches at a
word start, case-insensitively, in the title or text (Korean words anywhere, since
particles attach to them). An item published more than ``triage.max_age_days`` (or the
source's ``max_age_days``) before it was collected is old news, dropped the same way. A
filtered item is kept, as ``dropped``, with the rule that filtered it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date


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
    """How old a post may be, counted from when it was collected (not from today: the same item gets
    the same answer on every run), per source or for every source. An undated post passes."""

    days: int
    per_source: dict

    def fingerprint(self) -> str:
        return f"age-{self.days}-" + hashlib.sha256(repr(sorted(self.per_source.items())).encode()).hexdigest()[:6]

    def rule_for(self, meta: dict) -> str:
        """``published 2019-03-01, 14 days or more before it was collected (every source)`` or ''."""
        published, collected = _day(meta.get("published")), _day(meta.get("collected"))
        if published is None or collected is None:
            return ""
        source = str(meta.get("source") or "")
        limit = self.per_source.get(source) or self.days
        if (collected - published).days <= limit:
            return ""
        where = f"source {source}" if source in self.per_source else "every source"
        return f"{AGE_RULE}{published.isoformat()}, more than {limit} days before it was collected ({where})"


def old_news(meta: dict) -> bool:
    """Dropped by :class:`MaxAge` (not by a word): not a judgement for an audit to check."""
    triage = meta.get("triage") if isinstance(meta.get("triage"), dict) else {}
    return str(triage.get("filter") or "").startswith(AGE_RULE)


AGE_RULE = "published "


def max_age(config) -> MaxAge:
    return MaxAge(config.triage.max_age_days,
                  {s.id: s.max_age_days for s in config.sources if getattr(s, "max_age_days", 0)})


def from_config(config) -> Filter:
    t = config.triage
    return Filter(Rules(tuple(t.include), tuple(t.exclude)),
                  {s.id: Rules(tuple(s.include), tuple(s.exclude)) for s in config.sources if s.include or s.exclude})
