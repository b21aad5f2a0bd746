"""Which items are put before people this cycle: the best N, N sized to the crew. Pure.

Triage keeps ~1,900 items a week; a crew of 30 with 6 reviews each and 2 reviewers
an item can read 90. So assign first *selects*, then plans who reviews what, and
only the selected items are handed out (DESIGN.md, "Selection"):

- **How many.** N is the largest number of items that the available members can
  each give ``reviewers_per_item`` distinct reviewers: the largest N with
  Σ min(capacity_m, N) ≥ reviewers_per_item × N (a member reviews an item once).
- **Which first.** Items already handed out this cycle (a rerun) and items carried
  over from last cycle keep their places; they were promised to someone.
- **The rest by a diversity rule.** Picked one at a time, each time the item with the
  highest *adjusted score*: its triage score, minus ``SOURCE_PENALTY`` for every item
  already picked from its source and ``CATEGORY_PENALTY`` for every one of its
  category. A prolific source (arXiv brings 110 a day) gets its best items in, but
  its sixth must beat a fresh source's item by two and a half points, so one source
  or category cannot fill the week, while a clearly better item still wins.
- **Ties**, which the offline triager makes common (nearly everything scores 4), are
  decided by corroboration (how many other sources carried the story: a big story
  is seen everywhere), then recency (newest published, then collected), then a
  stable hash of cycle and id: fair and fixed, never the alphabet.

Everything else is *not selected this cycle*: kept on disk with that status,
listed by ``commons assign --not-selected`` and never an error.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from .plan import Candidate, Reviewer

SOURCE_PENALTY = 0.5
CATEGORY_PENALTY = 0.125


@dataclass(frozen=True)
class Selection:
    slots: int  # N: items the available crew can cover
    selected: tuple[str, ...]  # ids, in the order they were picked
    not_selected: tuple[str, ...]  # ids of the other candidates, best first
    kept: int = 0  # of ``selected``: already handed out or carried over
    by_source: dict[str, int] = field(default_factory=dict, compare=False)  # among the selected kept items
    audits: frozenset[str] = frozenset()  # of ``selected``: dropped by triage, handed out as the audit sample

    def summary(self) -> dict:
        """The small shape kept in the assignment record and printed with ``--format json``."""
        return {"slots": self.slots, "selected": len(self.selected), "not_selected": len(self.not_selected),
                "audits": len(self.audits)}

    def kept_selected(self) -> int:
        """Selected items that triage kept (the audit sample is counted apart)."""
        return len(self.selected) - len(self.audits)


def slots(reviewers: list[Reviewer], reviewers_per_item: int) -> int:
    """The most items the available members can cover with ``reviewers_per_item`` distinct reviewers each."""
    caps = [r.capacity for r in reviewers if not r.unavailable and r.capacity > 0]
    if reviewers_per_item <= 0 or len(caps) < reviewers_per_item:
        return 0
    best, low, high = 0, 0, sum(caps) // reviewers_per_item
    while low <= high:  # Σ min(c, n) − r·n only falls once it starts falling: bisect for its last n ≥ 0
        middle = (low + high) // 2
        if sum(min(c, middle) for c in caps) >= reviewers_per_item * middle:
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return best


def tie_key(cycle: str, item: Candidate) -> tuple:
    """Among items of equal adjusted score: most corroborated, newest, then a fixed fair hash."""
    digest = int.from_bytes(hashlib.sha256(f"{cycle}\0{item.id}".encode()).digest()[:8], "big")
    return (-item.corroboration, _negated(item.published), _negated(item.collected), digest)


def _negated(stamp: str) -> tuple:
    """Newest first for ISO timestamps (empty last), without parsing them."""
    return (0, tuple(-ord(ch) for ch in stamp)) if stamp else (1, ())


def select(cycle: str, candidates: list[Candidate], reviewers: list[Reviewer], *, reviewers_per_item: int,
           kept: set[str] | None = None) -> Selection:
    """The items to hand out this cycle, and the rest, best first.

    ``kept``: ids already promised to someone (this cycle's record on a rerun, last
    cycle's unreviewed items carried over); they take their places first."""
    n = slots(reviewers, reviewers_per_item)
    if n == 0 and candidates:
        # Too few members to give any item its reviewers: hand out what the few can take (or the
        # best item, to no one), so that the plan names it uncovered and a person acts.
        available = sum(1 for r in reviewers if not r.unavailable and r.capacity > 0)
        n = max(1, slots(reviewers, available) if available else 0)
    kept = kept or set()
    first = [c for c in candidates if c.id in kept]
    first.sort(key=lambda c: (c.carried_over, -c.score, tie_key(cycle, c)))  # this cycle's own first, then carried
    chosen = first[:n] if len(first) > n else first
    from_source: dict[str, int] = {}
    from_category: dict[str, int] = {}
    for c in chosen:
        from_source[c.source] = from_source.get(c.source, 0) + 1
        from_category[c.category] = from_category.get(c.category, 0) + 1
    taken = {c.id for c in chosen}
    # Every item of one (source, category) pays the same penalty, so only the head of each
    # group (its best item) can be the next pick: a pick looks at a few dozen heads, not all.
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in sorted((c for c in candidates if c.id not in taken), key=lambda c: (-c.score, tie_key(cycle, c))):
        groups.setdefault((c.source, c.category), []).append(c)
    heads = {g: 0 for g in groups}
    picked: list[Candidate] = []
    while len(chosen) + len(picked) < n and heads:
        def adjusted(group):
            c = groups[group][heads[group]]
            value = c.score - SOURCE_PENALTY * from_source.get(c.source, 0) - CATEGORY_PENALTY * from_category.get(c.category, 0)
            return (-value, tie_key(cycle, c))
        group = min(heads, key=adjusted)
        item = groups[group][heads[group]]
        heads[group] += 1
        if heads[group] == len(groups[group]):
            del heads[group]
        picked.append(item)
        from_source[item.source] = from_source.get(item.source, 0) + 1
        from_category[item.category] = from_category.get(item.category, 0) + 1
    picked_ids = {c.id for c in picked}
    pool = sorted((c for c in candidates if c.id not in taken and c.id not in picked_ids),
                  key=lambda c: (-c.score, tie_key(cycle, c)))
    selected = [c.id for c in chosen] + [c.id for c in picked]
    # The rest, best first: what "also this week" and --not-selected show.
    rest = [c.id for c in first[n:]] + [c.id for c in pool]
    return Selection(n, tuple(selected), tuple(rest), len(chosen), count_sources(chosen + picked))


def count_sources(items) -> dict[str, int]:
    """Source → how many of ``items``, in the order they first appear."""
    return dict(Counter(c.source for c in items))
