"""Sources that need a person, from collect's own state (``.commons/collect/sources.json``).

A source needs a person when it failed ``FAILING_RUNS`` runs in a row, or brought no new story
for its ``quiet_days`` (14 unless commons.yml says otherwise for that source). Saying so on
GitHub is not collect's business: ``sources.health`` keeps one issue per such source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .state import FAILING_RUNS, SILENT_DAYS


@dataclass(frozen=True)
class Problem:
    source: str
    kind: str  # quiet | failing
    since: str  # ISO date the problem started (last success / last new item / first seen)
    days: int  # the threshold that was crossed (quiet_days) — not a count that changes daily
    runs: int = FAILING_RUNS
    error: str = ""
    name: str = ""
    url: str = ""



def problems(sources, state: dict, today: date) -> dict[str, Problem]:
    """Enabled sources of commons.yml that need a person, by id."""
    found = {}
    for source in sources:
        if not source.enabled:
            continue
        entry = state.get(source.id) or {}
        name = source.title or source.id
        failures = int(entry.get("consecutive_failures", 0) or 0)
        if failures >= FAILING_RUNS:
            since = entry.get("last_success") or entry.get("first_seen") or today.isoformat()
            found[source.id] = Problem(source.id, "failing", since, 0, FAILING_RUNS, str(entry.get("last_error") or ""),
                                       name, source.url)
            continue
        quiet_days = getattr(source, "quiet_days", SILENT_DAYS) or SILENT_DAYS
        reference = entry.get("last_new_item") or entry.get("first_seen")
        try:
            days = (today - date.fromisoformat(reference)).days if reference else 0
        except ValueError:
            continue
        if days >= quiet_days:
            kind = "quiet" if entry.get("last_new_item") else "quiet-never"
            found[source.id] = Problem(source.id, kind, reference, quiet_days, name=name, url=source.url)
    return found
