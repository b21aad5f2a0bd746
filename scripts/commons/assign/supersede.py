"""Last cycle's review PRs whose items were carried over: which to close, and what to tell the member.

Pure: from the plan and last cycle's assignment record. A member's previous-cycle
PR that is still open when its items move into the cycle being assigned would
otherwise stay open forever; ``commons assign`` closes it with one comment
pointing to where the items went.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n
from ..content import cycles
from .plan import Plan
from ..untrusted import code
from .render import branch_name

MARKER = "<!-- commons:carried-over"


@dataclass(frozen=True)
class Superseded:
    handle: str  # the member whose previous-cycle pull request is superseded
    cycle: str  # that previous cycle
    items: tuple[str, ...]  # the member's items carried over into the plan's cycle

    @property
    def branch(self) -> str:
        return branch_name(self.cycle, self.handle)


def superseded(plan: Plan, previous_record: dict[str, list[str]] | None) -> list[Superseded]:
    """Members of last cycle's record with at least one item carried over into ``plan``."""
    previous = cycles.previous_cycle(plan.cycle)
    handed = {i for ids in plan.assignments.values() for i in ids}
    out = []
    for handle, ids in sorted((previous_record or {}).items(), key=lambda kv: kv[0].lower()):
        carried = tuple(i for i in ids if i in handed and plan.items[i].carried_over)
        if carried:
            out.append(Superseded(handle, previous, carried))
    return out


def describe(plan: Plan, entries: list[Superseded]) -> list[str]:
    """Dry-run lines: which PRs will be closed (if still open) and where their items went."""
    if not entries:
        return []
    lines = [f"Close {entries[0].cycle} review PRs still open (items carried over to {plan.cycle}):"]
    for entry in entries:
        where = ", ".join(f"{i} → {_holders_text(plan, i)}" for i in entry.items)
        lines.append(f"  @{entry.handle} ({entry.branch}): {where}")
    return lines


def _holders_text(plan: Plan, item_id: str) -> str:
    holders = plan.reviewers_of(item_id)
    return ", ".join(f"@{h}" for h in holders) if holders else "nobody yet (uncovered)"


def marker(cycle: str) -> str:
    return f"{MARKER} to={cycle} -->"


def comment_text(plan: Plan, entry: Superseded, pull_numbers: dict[str, int], language: str = i18n.FALLBACK) -> str:
    """The one comment on the closed PR; ``pull_numbers``: handle → this cycle's PR."""
    t = i18n.catalog(language)
    count, cycle = len(entry.items), plan.cycle
    member = next((h for h in plan.assignments if h.lower() == entry.handle.lower()), None)
    own_pull = pull_numbers.get(member) if member else None
    own_items = [i for i in entry.items if member in plan.reviewers_of(i)]
    lines = [marker(cycle)]
    if own_pull is not None and own_items:
        lines.append(t("supersede.moved_to_own", handle=entry.handle, n=count, cycle=cycle, pull=own_pull))
    else:
        lines.append(t("supersede.moved_to_others", handle=entry.handle, n=count, cycle=cycle))
    lines += ["", t("supersede.carried_over")]
    for item_id in entry.items:
        holders = plan.reviewers_of(item_id)
        where = ", ".join(f"@{h}" + (f" (#{pull_numbers[h]})" if h in pull_numbers else "") for h in holders)
        lines.append(f"- {code(item_id)}: {where or t('supersede.not_assigned')}")
    return "\n".join(lines) + "\n"
