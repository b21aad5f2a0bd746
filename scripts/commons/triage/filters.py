"""The community's include and exclude keywords, applied before any triager sees an item.

Rules live in commons.yml: ``triage.include``/``triage.exclude`` for every source, and
``include``/``exclude`` on a source for that source alone. An exclude word drops the item;
where include words are given, an item with none of them is dropped. A word matches at a
word start, case-insensitively, in the title or text (Korean words anywhere, since
particles attach to them). A filtered item is kept, as ``dropped``, with the rule that
filtered it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


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


def from_config(config) -> Filter:
    t = config.triage
    return Filter(Rules(tuple(t.include), tuple(t.exclude)),
                  {s.id: Rules(tuple(s.include), tuple(s.exclude)) for s in config.sources if s.include or s.exclude})
