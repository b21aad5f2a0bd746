"""``commons schedule``: the week in local time and in the workflows' UTC cron lines.

- ``commons schedule`` shows the week and whether the workflows agree with commons.yml (exit 1 when not);
- ``commons schedule --write`` rewrites the workflows' cron lines from commons.yml (``--dry-run`` shows the diff);
- ``commons schedule --due EVENT [--cron LINE]`` is the workflows' time gate: it prints whether the run that
  cron line started is the event's local time, writes ``due=true|false`` to ``$GITHUB_OUTPUT``, and exits 0.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

from ..config import load_config
from ..content.files import atomic_write_text
from ..problems import UsageError
from .core import WORKFLOWS, cron_lines, is_due, moment_of, said
from .workflows import DEPENDABOT, WORKFLOW_DIR, dependabot_rewritten, drifts, rewritten
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--write", action="store_true", help="rewrite the workflows' cron lines from commons.yml")
    parser.add_argument("--dry-run", action="store_true", help="with --write: print the changes, write nothing")
    parser.add_argument("--due", choices=sorted(WORKFLOWS), metavar="EVENT",
                        help=f"time gate for a workflow: is it EVENT's local time? ({', '.join(WORKFLOWS)})")
    parser.add_argument("--cron", default="", help="with --due: the cron line that started the run (github.event.schedule)")


def run(args) -> int:
    from ..clock import now_from_env

    config = load_config(args.repo)
    week = config.week
    if args.due:
        try:
            decision = is_due(week, args.due, args.cron.strip(), now_from_env())
        except ValueError as exc:
            raise UsageError("--cron: " + str(exc)) from None
        print(decision.reason)
        _output("due", "true" if decision.due else "false")
        return 0
    if args.write:
        return _write(Path(args.repo), week, args.dry_run)
    print(say("schedule.heading", timezone=week.timezone))
    for event in ("distribute", "remind", "due", "publish", "agenda", "collect"):
        print(f"  {event:<10} {said(moment_of(week, event))}")
    print(say("schedule.workflows"))
    for event, name in WORKFLOWS.items():
        print(f"  {WORKFLOW_DIR}/{name}: " + ", ".join(f'"{c.expression}"' for c in cron_lines(week, event)))
    problems = drifts(args.repo, week)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _write(repo: Path, week, dry_run: bool) -> int:
    changed = 0
    targets = [(f"{WORKFLOW_DIR}/{name}", lambda text, event=event: rewritten(text, week, event))
               for event, name in WORKFLOWS.items()]
    targets.append((DEPENDABOT, lambda text: dependabot_rewritten(text, week.timezone)))
    for relative, rewrite in targets:
        path = repo / relative
        if not path.is_file():
            continue
        before = path.read_text(encoding="utf-8")
        after = rewrite(before)
        if after is None:
            print(f"{relative}: {say('schedule.nothing_to_rewrite')}", file=sys.stderr)
            continue
        if after == before:
            continue
        changed += 1
        if dry_run:
            sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                       f"a/{relative}", f"b/{relative}"))
        else:
            atomic_write_text(path, after)
            print(say("schedule.updated", path=relative))
    print(say("schedule.would_change" if dry_run else "schedule.changed", n=changed), file=sys.stderr)
    return 0


def _output(name: str, value: str) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{name}={value}\n")
