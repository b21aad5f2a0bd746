"""Sources that need a person, as GitHub issues: one per source, opened once, kept current, closed on recovery.

Pure: the configured sources and their state (``.commons/collect/sources.json``) plus
the open issues in, a list of :class:`IssueAction` out (what ``--dry-run`` prints);
``collect/command.py`` applies it through :mod:`commons.github`.

A source needs a person when it failed ``FAILING_RUNS`` runs in a row, or brought no
new story for its ``quiet_days`` (14 unless commons.yml says otherwise for that
source). Neither makes the daily run red: the issue says what to do, stays open while
the problem lasts, and is closed with a comment when the source recovers or leaves
commons.yml. Its text changes only when the problem does (no day counts), so a
daily run edits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import i18n
from .. import labels as label_names
from . import failure
from .state import FAILING_RUNS, SILENT_DAYS
from ..untrusted import code, for_github

LABEL = "source-health"  # the label's key (labels.py): named in the community's language


def label(language: str) -> dict[str, tuple[str, str]]:
    return label_names.wanted([LABEL], language)
_MARKER = "<!-- commons:source-health source={} -->"


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


@dataclass(frozen=True)
class IssueAction:
    action: str  # open | update | close
    source: str
    title: str = ""
    body: str = ""
    number: int | None = None
    comment: str = ""  # the closing comment

    def describe(self) -> str:
        where = f" #{self.number}" if self.number else ""
        what = self.comment if self.action == "close" else self.title
        return i18n.say(f"collect.issue_{self.action}", source=self.source, where=where, what=what)


def marker(source_id: str) -> str:
    return _MARKER.format(source_id)


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


def _code(value: str) -> str:
    """Outside text (a server's error, an address) as one inert code span (commons.untrusted.code)."""
    text = " ".join(str(value).split())[:300]
    return code(text) if text else "`?`"


def issue_text(problem: Problem, language: str) -> tuple[str, str]:
    words = i18n.catalog(language).section("health")
    fields = {"id": problem.source, "name": for_github(problem.name), "since": problem.since,
              "days": problem.days, "runs": problem.runs}
    if problem.kind == "failing":
        title = words["failing_title"].format(**fields)
        lines = [words["failing_intro"].format(**fields), "", "- " + words["last_error"].format(error=_code(failure.describe(problem.error, i18n.catalog(language))))]
        todo = words["failing_todo"]
    else:
        title = words["quiet_title"].format(**fields)
        lines = [words["quiet_intro" if problem.kind == "quiet" else "quiet_never"].format(**fields), ""]
        todo = words["quiet_todo"]
    lines += ["- " + words["address"].format(url=_code(problem.url)), "", words["todo"], ""]
    lines += [f"- {step}" for step in todo]
    lines += ["", words["footer"], "", marker(problem.source)]
    return title, "\n".join(lines) + "\n"


def plan(found: dict[str, Problem], open_issues, language: str, today: date, collected: set[str]) -> list[IssueAction]:
    """What to do on GitHub: open, update or close one issue per source (nothing when all is as it should be).

    ``collected``: the ids of the enabled sources in commons.yml; an issue of any other source is closed."""
    words = i18n.catalog(language).section("health")
    mine: dict[str, object] = {}
    for issue in sorted(open_issues, key=lambda i: i.number):
        for source_id in _marked_sources(issue.body):
            mine.setdefault(source_id, issue)  # the oldest open one is the source's issue
    actions = []
    for source_id, problem in sorted(found.items()):
        title, body = issue_text(problem, language)
        issue = mine.get(source_id)
        if issue is None:
            actions.append(IssueAction("open", source_id, title, body))
        elif issue.title != title or issue.body.replace("\r\n", "\n") != body:
            actions.append(IssueAction("update", source_id, title, body, issue.number))
    for source_id, issue in sorted(mine.items()):
        if source_id in found:
            continue
        if source_id in collected:
            text = words["recovered"].format(id=source_id, date=today.isoformat())
        else:
            text = words["removed"].format(id=source_id)
        actions.append(IssueAction("close", source_id, number=issue.number, comment=f"{closing_marker(source_id)}\n{text}\n"))
    return actions


def closing_marker(source_id: str) -> str:
    return f"<!-- commons:source-health-closed source={source_id} -->"


def _marked_sources(body: str) -> list[str]:
    head, tail = "<!-- commons:source-health source=", " -->"
    out = []
    for part in (body or "").split(head)[1:]:
        source_id = part.split(tail, 1)[0]
        if source_id and all(c.isalnum() or c == "-" for c in source_id):
            out.append(source_id)
    return out
