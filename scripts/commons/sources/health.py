"""Sources that need a person, as GitHub issues: one per source, opened once, kept current, closed on recovery.

Pure: what collect found (``collect.health.problems``) plus the open issues in, a list of
:class:`IssueAction` out (what ``--dry-run`` prints); :func:`sync_issues` applies it through
:mod:`commons.github`. Collecting writes files only: talking to GitHub about its sources is here.

A source needs a person when it failed ``FAILING_RUNS`` runs in a row, or brought no
new story for its ``quiet_days`` (14 unless commons.yml says otherwise for that
source). Neither makes the daily run red: the issue says what to do, stays open while
the problem lasts, and is closed with a comment when the source recovers or leaves
commons.yml. Its text changes only when the problem does (no day counts), so a
daily run edits nothing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date

from .. import i18n
from .. import labels as label_names
from ..collect import failure
from ..collect.health import Problem
from ..i18n import say
from ..problems import EXIT_ATTENTION, EXIT_OK
from ..untrusted import code, for_github


LABEL = "source-health"  # the label's key (labels.py): named in the community's language


def label(language: str) -> dict[str, tuple[str, str]]:
    return label_names.wanted([LABEL], language)
_MARKER = "<!-- commons:source-health source={} -->"


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


def sync_issues(found: dict, config, today, *, dry_run: bool) -> int:
    """One issue per source that needs a person; 1 only when GitHub could not be told."""
    from ..github import GitHub, GitHubError
    from ..report import step_summary

    gh = GitHub.from_env(warn=lambda _: None)  # issues need no COMMONS_TOKEN: GITHUB_TOKEN is the right one here
    collected = {s.id for s in config.sources if s.enabled}
    try:
        open_issues = {i.number: i for name in sorted(label_names.names_of(LABEL)) for i in gh.issues(name)}
        actions = plan(found, list(open_issues.values()), config.language, today, collected)
        if dry_run:
            for action in actions:
                print(say("collect.would", action=action.describe()))
            return EXIT_OK
        if any(a.action == "open" for a in actions):
            gh.ensure_labels(label(config.language))
        done = []
        for action in actions:
            if action.action == "open":
                issue = gh.create_issue(title=action.title, body=action.body, labels=[label_names.name(LABEL, config.language)],
                                        marker=marker(action.source))
                done.append(say("collect.issue_opened", number=issue.number, source=action.source))
            elif action.action == "update":
                gh.update_issue(action.number, title=action.title, body=action.body)
                done.append(say("collect.issue_updated", number=action.number, source=action.source))
            else:
                closing = closing_marker(action.source)
                if not any(closing in c.body for c in gh.comments(action.number)):
                    gh.add_comment(action.number, action.comment, marker=closing)
                gh.update_issue(action.number, state="closed")
                done.append(say("collect.issue_closed", number=action.number, source=action.source))
    except GitHubError as exc:
        print(f"commons collect: {say('collect.issues_failed', error=exc)}", file=sys.stderr)
        return EXIT_ATTENTION
    for line in done:
        print(f"  {say('collect.source_issue', what=line)}")
    if done:
        step_summary(f"**{say('collect.source_issues')}** " + "; ".join(done))
    return EXIT_OK
