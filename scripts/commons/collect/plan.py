"""The pure core: fetched outcomes + history → a plan of files to write.

Nothing here touches the disk or the network. Sources are taken in the order
of commons.yml and entries in feed order, whatever order the responses came
in, so the same inputs always give the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..content import layout
from ..content.cycles import cycle_of_collection
from ..i18n import say
from . import failure
from . import state as source_state
from .index import SeenIndex, record_from_entry, title_window
from .items import item_id, item_meta, timestamp


@dataclass
class NewItem:
    id: str
    cycle: str
    meta: dict

    @property
    def day(self) -> str:
        """The pool file it goes to: the UTC day it was collected (see content/items.py)."""
        return str(self.meta.get("collected") or "")[:10]

    @property
    def relative_path(self) -> str:
        return f"{layout.NEWS}/{self.cycle}/{layout.POOL}/{self.day}.jsonl"


@dataclass
class AlsoSeen:
    """Another source carried an item already on disk."""

    item_id: str
    cycle: str
    source: str
    url: str


@dataclass
class SourceReport:
    id: str
    status: str  # new | not modified | failed
    entries: int = 0
    new: int = 0
    duplicates: int = 0
    error: str = ""
    warning: str = ""
    attention: str = ""
    parsed: bool = False


@dataclass
class Plan:
    collected: str
    cycle: str
    items: list[NewItem] = field(default_factory=list)
    also_seen: list[AlsoSeen] = field(default_factory=list)
    shards: dict[str, str] = field(default_factory=dict)  # cycle → index shard text
    state_text: str = ""
    state_changed: bool = False
    reports: list[SourceReport] = field(default_factory=list)

    @property
    def needs_attention(self) -> list[SourceReport]:
        return [r for r in self.reports if r.attention]


class Planner:
    """Builds the plan one source at a time, in commons.yml order.

    ``add`` may be called as soon as a source and every source before it are
    fetched, so items can be written while later sources are still in flight;
    the plan is the same as if everything had been planned at the end. A
    duplicate of an item made earlier in this run is an ``AlsoSeen`` note like
    any other: that item may already be on disk.
    """

    def __init__(self, index, previous_state: dict, now: datetime, tz: str, configured=None):
        # ``index``: a SeenIndex, or a function that loads one. Loading all history costs
        # time in proportion to it, and a run where every source answers 304 never needs it.
        self._index = index
        self.previous_state = previous_state
        self.next_state = dict(previous_state)
        self.configured = set(configured) if configured is not None else None
        self.today = source_state.local_today(now, tz)
        self.plan = Plan(collected=timestamp(now), cycle=cycle_of_collection(now, tz))
        self.seen_sources: list[str] = []

    @property
    def index(self) -> SeenIndex:
        if not isinstance(self._index, SeenIndex):
            self._index = self._index()
        return self._index

    def add(self, source, outcome) -> list[NewItem]:
        """Plan one source's outcome; returns the items it adds."""
        plan = self.plan
        report = SourceReport(
            source.id, "failed" if outcome.error else "new", error=outcome.error, warning=outcome.warning,
            parsed=outcome.parsed,
        )
        if outcome.ok and outcome.not_modified:
            report.status = "not modified"
        added: list[NewItem] = []
        since = title_window(plan.cycle)
        for entry in outcome.entries:
            index = self.index
            report.entries += 1
            match = index.find(entry, since)
            if match is None:
                new_id = item_id(entry)
                item = NewItem(new_id, plan.cycle, item_meta(entry, new_id, plan.cycle, plan.collected))
                added.append(item)
                index.add(record_from_entry(new_id, plan.cycle, entry))
                report.new += 1
                continue
            record = index.record(match.item_id)
            if entry["source"] == record["source"] or entry["source"] in record.get("sources", []):
                continue  # seen before from this very source: not news, not a duplicate
            report.duplicates += 1
            index.note_also_seen(match.item_id, entry["source"], entry)
            plan.also_seen.append(AlsoSeen(match.item_id, record["cycle"], entry["source"], entry["url"]))
        plan.items.extend(added)
        # a source whose stories all came first from elsewhere is still alive: both count
        fresh = report.new + report.duplicates
        entry_state = source_state.updated(self.previous_state.get(source.id, {}), source, outcome, fresh, self.today)
        self.next_state[source.id] = entry_state
        report.attention = source_state.attention(source.id, entry_state, self.today, getattr(source, "quiet_days", source_state.SILENT_DAYS))
        if outcome.error and source.url.startswith("file:") and not report.attention:
            # A local file does not come back by itself as a server might: a person must act now.
            report.attention = say("collect.missing_file", error=failure.said(outcome.error))
        plan.reports.append(report)
        self.seen_sources.append(source.id)
        return added

    def finish(self) -> Plan:
        configured = self.configured if self.configured is not None else set(self.seen_sources)
        next_state = {k: v for k, v in sorted(self.next_state.items()) if k in configured}
        self.plan.state_text = source_state.dump(next_state)
        self.plan.state_changed = next_state != self.previous_state
        self.plan.shards = self._index.shards() if isinstance(self._index, SeenIndex) else {}
        return self.plan


def build_plan(
    sources, outcomes, index: SeenIndex, previous_state: dict, now: datetime, tz: str, configured=None
) -> Plan:
    """The whole plan at once. ``configured``: every source id in commons.yml (state of
    the others is dropped); defaults to ``sources``, the ones fetched in this run."""
    planner = Planner(index, previous_state, now, tz, configured if configured is not None else {s.id for s in sources})
    by_source = {o.source_id: o for o in outcomes}
    for source in sources:
        if source.id in by_source:
            planner.add(source, by_source[source.id])
    return planner.finish()
