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
from .state import FAILING_RUNS, SILENT_DAYS
from ..untrusted import code, for_github

LABEL = "source-health"
LABEL_COLOR = ("d93f0b", "A news source that needs a person / 사람이 확인해야 하는 수집 소스")
_MARKER = "<!-- commons:source-health source={} -->"

PHRASES = {
    "ko": {
        "quiet_title": "수집 소스 `{id}`: {days}일 넘게 새 글 없음",
        "failing_title": "수집 소스 `{id}`: 연속 {runs}회 수집 실패",
        "quiet_intro": "**{name}** (`{id}`)에서 {since} 이후 {days}일 넘게 새 글이 들어오지 않았습니다.",
        "quiet_never": "**{name}** (`{id}`)에서 {since}에 등록된 뒤 {days}일 넘게 새 글이 한 번도 들어오지 않았습니다.",
        "failing_intro": "**{name}** (`{id}`)를 {since} 이후 가져오지 못하고 있습니다 (연속 {runs}회 이상 실패).",
        "last_error": "마지막 오류: {error}",
        "address": "주소: {url}",
        "todo": "할 일 (하나를 골라 `commons.yml`을 고쳐 주세요):",
        "quiet_todo": [
            "원래 글이 드문 소스라면: 이 소스에 `quiet_days: 60`처럼 기다릴 날짜를 늘립니다.",
            "주소가 바뀌었다면: 사이트에서 새 RSS/Atom 주소를 찾아 `url`을 고칩니다.",
            "더 이상 운영되지 않는다면: `enabled: false`로 끄거나 목록에서 지웁니다.",
        ],
        "failing_todo": [
            "주소를 브라우저에서 열어 봅니다. 주소가 바뀌었다면 `url`을 고칩니다.",
            "사이트가 잠시 멈춘 것이라면 그대로 두세요. 다시 수집되면 이 이슈는 저절로 닫힙니다.",
            "사이트가 없어졌다면: `enabled: false`로 끄거나 목록에서 지웁니다.",
        ],
        "footer": "이 이슈는 `commons collect`가 관리합니다. 소스가 회복되면 댓글을 남기고 닫습니다.",
        "recovered": "{date}에 `{id}`에서 다시 새 글을 가져왔습니다. 이 이슈를 닫습니다.",
        "removed": "`{id}`는 더 이상 수집하지 않습니다 (`commons.yml`에서 빠졌거나 꺼졌습니다). 이 이슈를 닫습니다.",
    },
    "en": {
        "quiet_title": "Source `{id}`: no new item for over {days} days",
        "failing_title": "Source `{id}`: failed {runs} runs in a row",
        "quiet_intro": "**{name}** (`{id}`) has brought no new item for over {days} days, since {since}.",
        "quiet_never": "**{name}** (`{id}`) has brought no new item at all in the {days}+ days since it was added on {since}.",
        "failing_intro": "**{name}** (`{id}`) could not be fetched since {since} ({runs} or more runs in a row).",
        "last_error": "Last error: {error}",
        "address": "Address: {url}",
        "todo": "What to do (pick one and change `commons.yml`):",
        "quiet_todo": [
            "If the source just posts rarely: give it more time, e.g. `quiet_days: 60` on this source.",
            "If its address moved: find the new RSS/Atom address on the site and fix `url`.",
            "If it is gone: turn it off with `enabled: false`, or remove it.",
        ],
        "failing_todo": [
            "Open the address in a browser; if it moved, fix `url`.",
            "If the site is only down for a while, leave it: this issue closes itself once the source is collected again.",
            "If the site is gone: turn it off with `enabled: false`, or remove it.",
        ],
        "footer": "This issue is kept by `commons collect`; it is commented on and closed when the source recovers.",
        "recovered": "`{id}` brought new items again on {date}. Closing this issue.",
        "removed": "`{id}` is no longer collected (removed from `commons.yml` or disabled). Closing this issue.",
    },
}


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
        return {"open": f"open an issue for {self.source}: {self.title}",
                "update": f"update issue{where} of {self.source}: {self.title}",
                "close": f"close issue{where} of {self.source}: {self.comment}"}[self.action]


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
    words = i18n.pick(PHRASES, language)
    fields = {"id": problem.source, "name": for_github(problem.name), "since": problem.since,
              "days": problem.days, "runs": problem.runs}
    if problem.kind == "failing":
        title = words["failing_title"].format(**fields)
        lines = [words["failing_intro"].format(**fields), "", "- " + words["last_error"].format(error=_code(problem.error))]
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
    words = i18n.pick(PHRASES, language)
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
