"""The cron lines and the time gate in ``.github/workflows/``: read, compared with commons.yml, rewritten.

Only the ``- cron:`` lines under ``schedule:`` are ever rewritten; everything else in a
workflow file stays byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..content.cycles import Week
from ..problems import Problem
from .core import WORKFLOWS, cron_lines, moment_of, said
from ..i18n import say

WORKFLOW_DIR = ".github/workflows"


def workflow_texts(repo: Path) -> dict[str, str]:
    """File name → text of the repository's workflows (none when it has no workflow folder)."""
    folder = Path(repo) / WORKFLOW_DIR
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.y*ml"))} if folder.is_dir() else {}
DEPENDABOT = ".github/dependabot.yml"  # its weekly runs are in commons.yml's timezone too
_TIMEZONE = re.compile(r"^(\s*timezone:\s*)(\S+)(.*)$", re.M)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GATE = "commons schedule --due {event}"  # the step that stops a run fired for the other UTC offset
_SCHEDULE_KEY = re.compile(r"^(\s*)schedule:\s*(#.*)?$")
_CRON_ITEM = re.compile(r"^(\s*)-\s*cron:")


def expected_block(week: Week, event: str, indent: str) -> list[str]:
    moment = moment_of(week, event)
    return [f'{indent}- cron: "{line.expression}"  # {line.comment(moment, week.timezone)}'
            for line in cron_lines(week, event)]


def _schedule_span(lines: list[str]) -> tuple[int, int, str] | None:
    """(first cron line, one past the last, their indent) of the workflow's schedule list."""
    for index, line in enumerate(lines):
        if _SCHEDULE_KEY.match(line):
            start = end = index + 1
            indent = ""
            while end < len(lines) and _CRON_ITEM.match(lines[end]):
                indent = indent or _CRON_ITEM.match(lines[end])[1]
                end += 1
            if end > start:
                return start, end, indent
    return None


def rewritten(text: str, week: Week, event: str) -> str | None:
    """The workflow's text with generated cron lines; None when it has no ``schedule:`` list to rewrite."""
    lines = text.split("\n")
    span = _schedule_span(lines)
    if span is None:
        return None
    start, end, indent = span
    return "\n".join(lines[:start] + expected_block(week, event, indent) + lines[end:])


def _crons(data) -> list[str] | None:
    if not isinstance(data, dict):
        return None
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    schedule = on.get("schedule") if isinstance(on, dict) else None
    if not isinstance(schedule, list):
        return None
    return [str(entry.get("cron", "")) for entry in schedule if isinstance(entry, dict)]


def _line_of(text: str, pattern: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if pattern in line:
            return number
    return 1


def drifts(repo: Path, week: Week) -> list[Problem]:
    """One problem per workflow whose schedule or time gate disagrees with commons.yml's ``schedule``."""
    problems = []
    for event, name in WORKFLOWS.items():
        relative = f"{WORKFLOW_DIR}/{name}"
        path = Path(repo) / relative
        if not path.is_file():
            continue  # a community may drop a workflow (no remind, say); nothing runs at the wrong time then
        text = path.read_text(encoding="utf-8")
        try:
            crons = _crons(yaml.load(text, Loader=_LOADER))  # noqa: S506 (a safe loader, C if built)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(relative, mark.line + 1 if mark else 1, 1, "on.schedule", say("schedule.bad_yaml", error=exc)))
            continue
        wanted = [line.expression for line in cron_lines(week, event)]
        moment = said(moment_of(week, event))
        fix = say("schedule.fix")
        if crons is None:
            problems.append(Problem(relative, 1, 1, "on.schedule",
                                    say("schedule.none", moment=moment, timezone=week.timezone, fix=fix)))
            continue
        if sorted(crons) != sorted(wanted):
            problems.append(Problem(
                relative, _line_of(text, "schedule:"), 1, "on.schedule",
                say("schedule.drift", crons=", ".join(repr(c) for c in crons) or "-", event=event, moment=moment,
                    timezone=week.timezone, wanted=", ".join(repr(w) for w in wanted), fix=fix),
            ))
        gate = GATE.format(event=event)
        if gate not in text:
            problems.append(Problem(
                relative, _line_of(text, "jobs:"), 1, "jobs",
                say("schedule.no_gate", gate=gate),
            ))
    return problems + dependabot_drift(repo, week.timezone)


def dependabot_rewritten(text: str, timezone: str) -> str:
    """dependabot.yml with every ``timezone:`` set to commons.yml's (Dependabot's weekly day is local too)."""
    return _TIMEZONE.sub(lambda m: f"{m[1]}{timezone}{m[3]}", text)


def dependabot_drift(repo: Path, timezone: str) -> list[Problem]:
    path = Path(repo) / DEPENDABOT
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), 1):
        match = _TIMEZONE.match(line)
        if match and match[2] != timezone:
            return [Problem(DEPENDABOT, number, len(match[1]) + 1, "timezone",
                            say("schedule.dependabot", found=match[2], timezone=timezone, fix=say("schedule.fix")))]
    return []
