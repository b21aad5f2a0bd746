"""Who reviews what this cycle: a pure function from items, roster and history to a plan.

Greedy and deterministic. Items go highest score first; each review slot goes to
the available member with the lowest load (reviews this cycle plus the last
eight), an interest match breaking ties of load, then a stable hash of cycle
and handle. Choosing the least-loaded member every time is what keeps the
spread of load among available members within one, and what gives more to
whoever got less before. Assignments already made for the cycle (a rerun, or
items triaged after Sunday) are kept, so a member's share never shuffles.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from ..i18n import say


@dataclass(frozen=True)
class Candidate:
    """An item that can be handed out."""

    id: str
    title: str
    score: int
    category: str = ""
    url: str = ""
    source: str = ""
    summary: str = ""
    why: str = ""
    origin: str = ""  # the cycle folder the item lives in
    carried_over: bool = False
    audit: bool = False  # dropped by triage, handed out to measure what the filter misses
    follows: str = ""  # the earlier reviewed item this one continues (a new release of its line)
    prefer: tuple[str, ...] = ()  # who reviewed that one: they get it first when loads are equal
    corroboration: int = 0  # other sources that carried the same story (also_seen)
    published: str = ""  # ISO timestamps as the item has them, for recency
    collected: str = ""
    triaged_by: str = ""  # triage.provider: offline or an AI provider; decides how the review file labels its notes
    shared_by: str = ""  # a member brought it with /share (claim/share.py)
    shared_note: str = ""  # their one-line note, plain text from a comment: shown only through for_github


@dataclass(frozen=True)
class Reviewer:
    handle: str
    capacity: int  # already min(member capacity, review.max_items_per_member)
    interests: tuple[str, ...] = ()
    unavailable: str = ""  # why the member gets nothing this cycle; empty when available


@dataclass(frozen=True)
class Uncovered:
    item: str
    reviewers: int
    needed: int
    reason: str

    def as_dict(self) -> dict:
        return {"item": self.item, "reviewers": self.reviewers, "needed": self.needed, "reason": self.reason}


@dataclass(frozen=True)
class Plan:
    cycle: str
    assignments: dict[str, tuple[str, ...]]  # handle → item ids, best first; only members with items
    uncovered: tuple[Uncovered, ...]
    items: dict[str, Candidate] = field(default_factory=dict, compare=False)
    unavailable: dict[str, str] = field(default_factory=dict, compare=False)
    selection: object = field(default=None, compare=False)  # select.Selection, when the items were selected
    expired: tuple[str, ...] = ()  # carried over last cycle, unreviewed again: no longer handed out
    too_old: dict[str, str] = field(default_factory=dict, compare=False)  # id → the max-age rule: not handed out
    # handle → items the member handed back (`/skip`, `/swap`): never given to them again this cycle
    declined: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def as_json(self) -> dict:
        """Exactly the ``--dry-run --format json`` shape, and the assignment record: small by design
        (who has what; how many were selected and not; never the list of items left out)."""
        out = {
            "cycle": self.cycle,
            "assignments": {h: list(ids) for h, ids in sorted(self.assignments.items())},
            "uncovered": [u.as_dict() for u in self.uncovered],
        }
        if self.selection is not None:
            out["selection"] = self.selection.summary()
        if self.expired:
            out["expired"] = list(self.expired)
        if self.declined:
            out["declined"] = {h: sorted(ids) for h, ids in sorted(self.declined.items()) if ids}
        return out

    def reviewers_of(self, item_id: str) -> list[str]:
        return sorted(h for h, ids in self.assignments.items() if item_id in ids)


def tie_break(cycle: str, handle: str) -> int:
    """A stable pseudo-random rank: fair ties that change from cycle to cycle, the same on every run."""
    return int.from_bytes(hashlib.sha256(f"{cycle}\0{handle.lower()}".encode()).digest()[:8], "big")


def make_plan(
    cycle: str,
    candidates: list[Candidate],
    reviewers: list[Reviewer],
    *,
    reviewers_per_item: int,
    history: dict[str, int] | None = None,
    prior: dict[str, list[str]] | None = None,
    declined: dict[str, list[str]] | None = None,
    fill: set[str] | None = None,
) -> Plan:
    """``fill``: only these items get reviewers beyond ``prior`` (a command re-plans one item
    mid-week; other gaps wait for Sunday rather than land on someone unannounced)."""
    history = {h.lower(): n for h, n in (history or {}).items()}
    refused = {(h.lower(), i) for h, ids in (declined or {}).items() for i in ids}
    by_id = {c.id: c for c in candidates}
    available = [r for r in reviewers if not r.unavailable and r.capacity > 0]
    unavailable = {r.handle: (r.unavailable or "capacity is 0") for r in reviewers if r not in available}
    assigned: dict[str, list[str]] = {r.handle: [] for r in available}
    holders: dict[str, list[str]] = {c.id: [] for c in candidates}

    # Keep what was already handed out this cycle, for members who can still take it.
    handles = {r.handle.lower(): r.handle for r in available}
    for handle, ids in sorted((prior or {}).items()):
        member = handles.get(handle.lower())
        if member is None:
            continue
        for item_id in ids:
            if (item_id in holders and member not in holders[item_id] and len(holders[item_id]) < reviewers_per_item
                    and (member.lower(), item_id) not in refused):
                assigned[member].append(item_id)
                holders[item_id].append(member)

    capacity = {r.handle: r.capacity for r in available}
    interests = {r.handle: set(r.interests) for r in available}
    rank = {r.handle: tie_break(cycle, r.handle) for r in available}

    def load(handle: str) -> int:
        return history.get(handle.lower(), 0) + len(assigned[handle])

    uncovered = []
    for item in sorted(candidates, key=lambda c: (-c.score, c.id)):
        while len(holders[item.id]) < reviewers_per_item and (fill is None or item.id in fill):
            eligible = [h for h in assigned if h not in holders[item.id] and len(assigned[h]) < capacity[h]
                        and (h.lower(), item.id) not in refused]
            if not eligible:
                break
            chosen = min(eligible, key=lambda h: (load(h), h.lower() not in item.prefer, item.category not in interests[h], rank[h], h))
            assigned[chosen].append(item.id)
            holders[item.id].append(chosen)
        got = len(holders[item.id])
        if got < reviewers_per_item:
            uncovered.append(Uncovered(item.id, got, reviewers_per_item, _why_uncovered(len(available), reviewers_per_item, got)))

    order = {c.id: i for i, c in enumerate(sorted(candidates, key=lambda c: (-c.score, c.id)))}
    assignments = {h: tuple(sorted(ids, key=order.__getitem__)) for h, ids in sorted(assigned.items()) if ids}
    kept_declined = {h: tuple(sorted(ids)) for h, ids in sorted((declined or {}).items()) if ids}
    return Plan(cycle, assignments, tuple(uncovered), by_id, unavailable, declined=kept_declined)


def _why_uncovered(available: int, needed: int, got: int) -> str:
    if available == 0:
        return say("assign.nobody_available")
    if available < needed and got == available:
        return say("assign.too_few_available", n=available, needed=needed)
    return say("assign.all_at_capacity", got=got, needed=needed)


def member_window_reason(away: tuple, start: date, end: date) -> str:
    """Why a member with these away periods is unavailable between ``start`` and ``end``; empty when available."""
    for period in away:
        if period.start <= end and start <= period.end:
            return f"away {period.start.isoformat()}..{period.end.isoformat()}"
    return ""
