"""``commons collect``: fetch every source, drop what history already holds, write new items."""

from __future__ import annotations

import json
import sys
from typing import NamedTuple

from . import failure
from ..problems import EXIT_ATTENTION, EXIT_OK, UsageError
from ..untrusted import for_log
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print what would be written and write nothing")
    parser.add_argument(
        "--source", action="append", default=[], metavar="ID", help="collect only this source (repeatable)"
    )
    parser.add_argument("--concurrency", type=int, default=256, metavar="N", help="sources fetched at once (default 256)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="seconds allowed per source (default 30)")
    parser.add_argument("--max-mb", type=float, default=10.0, metavar="MB", help="largest response accepted, in MB (default 10)")
    parser.add_argument("--max-redirects", type=int, default=5, metavar="N", help="redirects followed per source (default 5)")
    parser.add_argument("--workers", type=int, default=0, metavar="N", help="parse processes (default: one per core)")


class Collected(NamedTuple):
    code: int  # the exit code: 1 when a source needs a person now
    found: dict  # source id → collect.health.Problem: the sources that need a person
    config: object
    today: object  # the local day of the run


def collect(args) -> Collected:
    """One run at a time per checkout: a second one (say `--source b` while `--source a` runs) waits for
    the first to finish, then reads the state it wrote, so neither loses the other's sources or records."""
    if args.dry_run:
        return _run(args)
    from ..content.files import exclusive
    from .index import state_dir

    def waiting():
        print(f"commons collect: {say('collect.waiting')}", file=sys.stderr, flush=True)

    with exclusive(state_dir(args.repo), on_wait=waiting):
        return _run(args)


def _run(args) -> Collected:
    from ..clock import now_from_env
    from ..config import load_config
    from ..report import Progress
    from . import apply as writer_module
    from . import state as source_state
    from .fetch import Collector, Limits
    from .index import SeenIndex
    from .plan import Planner

    if args.concurrency < 1 or args.timeout <= 0 or args.max_mb <= 0 or args.max_redirects < 0:
        raise UsageError(say("collect.bad_limits"))
    config = load_config(args.repo)
    now = now_from_env()
    enabled = [s for s in config.sources if s.enabled]
    if args.source:  # named on the command line: collected even when disabled in commons.yml
        unknown = sorted(set(args.source) - {s.id for s in config.sources})
        if unknown:
            raise UsageError(f"--source {unknown[0]}: " + say("collect.unknown_source"))
        enabled = [s for s in config.sources if s.id in set(args.source)]

    def load_index() -> SeenIndex:  # only when a source brings entries: a 304-only run skips it
        index, problems = SeenIndex.load(args.repo)
        for problem in problems:
            print(f"warning: {for_log(problem)}", file=sys.stderr)
        return index

    previous, state_problems = source_state.load(args.repo)
    for problem in state_problems:
        print(f"warning: {for_log(problem)}", file=sys.stderr)

    limits = Limits(
        concurrency=args.concurrency, timeout=args.timeout, max_bytes=int(args.max_mb * 1_000_000),
        max_redirects=args.max_redirects, workers=args.workers,
    )
    planner = Planner(load_index, previous, now, config.week, configured={s.id for s in config.sources})
    writer = None if args.dry_run else writer_module.Writer(args.repo)
    ready: dict = {}
    position = 0

    with Progress(say("collect.progress"), len(enabled), lines=True) as progress:
        def done(outcome):
            # Plan each source once it and every source before it are in (commons.yml
            # order keeps the plan deterministic) and write its items while others load.
            nonlocal position
            progress.advance(_progress_note(outcome))
            ready[outcome.source_id] = outcome
            while position < len(enabled) and enabled[position].id in ready:
                source = enabled[position]
                added = planner.add(source, ready.pop(source.id))
                if writer is not None:
                    writer.submit(added)
                position += 1

        try:
            Collector(args.repo, limits, on_done=done).run(enabled, previous)
        except BaseException:
            if writer is not None:
                writer.abandon()  # items written so far stay; state is not, so the next run redoes the rest
            raise

    plan = planner.finish()
    if writer is not None:
        writer.finish(plan)

    if args.dry_run:
        print_plan(plan)
    print(summary_line(plan, args.dry_run))
    hint = common_failure(plan)
    if hint:
        print(hint)
    for report in plan.reports:
        if report.error and not report.attention:
            print(f"  {report.id}: {say('collect.failed_run', error=for_log(failure.said(report.error)))}")  # a server's words
        elif report.warning:
            print(f"  {report.id}: {for_log(failure.said(report.warning))}")
    for report in plan.needs_attention:
        print(f"  {report.id}: {say('collect.attention', problem=for_log(report.attention))}")
    step_summary_for(plan, args.dry_run)

    # Quiet sources are a notice, never a failed run; a failing one needs a person, and an
    # issue that says what to do is how a person hears of it.
    from . import health

    today = source_state.local_today(now, config.week)
    current = json.loads(plan.state_text)["sources"] if plan.state_text else previous
    found = health.problems(config.sources, current, today)
    # On a terminal: every source failing alike (offline, a proxy) or a missing file: source needs a person now.
    needs_person_now = any(r.attention and r.error for r in plan.reports)  # e.g. a missing file: source
    failing = any(p.kind == "failing" for p in found.values())
    return Collected(EXIT_ATTENTION if failing or hint or needs_person_now else EXIT_OK, found, config, today)


# Why every source failed at once, by the kind of failure they share: the cause is on this side.
COMMON_FAILURE = {  # failure.kind → the catalog's hint
    "no_connection": "collect.all_no_connection",
    "timed_out": "collect.all_timed_out",
    "http_403": "collect.all_refused",
    "no_such_file": "collect.all_missing_files",
}


def failure_kind(error: str) -> str:
    """What kind of failure an error was (not which address): its code, also for an old English one."""
    return failure.kind(error)


def common_failure(plan) -> str:
    """A hint when every source failed, and all in the same way; "" otherwise."""
    errors = [r.error for r in plan.reports]
    if len(errors) < 2 or not all(errors):
        return ""
    kinds = {failure_kind(e) for e in errors}
    if len(kinds) != 1:
        return ""
    kind = kinds.pop()
    if kind in COMMON_FAILURE:
        return say("collect.hint", hint=say(COMMON_FAILURE[kind]))
    return say("collect.hint", hint=say("collect.all_same", kind=for_log(failure.said(errors[0]))))


def _progress_note(outcome) -> str:
    if outcome.error:
        return f"{outcome.source_id}: {say('collect.note_failed', error=failure.said(outcome.error))}"
    if outcome.not_modified:
        return f"{outcome.source_id}: {say('collect.note_not_modified')}"
    return f"{outcome.source_id}: {say('collect.note_entries', n=len(outcome.entries))}"


def summary_line(plan, dry_run: bool) -> str:
    # Each source in exactly one of the three, so they add up to the number of sources.
    failed = sum(1 for r in plan.reports if r.error)
    unchanged = sum(1 for r in plan.reports if not r.error and r.status == "not modified")
    duplicates = sum(r.duplicates for r in plan.reports)
    parsed = len(plan.reports) - failed - unchanged
    return "collect: " + say("collect.summary_dry" if dry_run else "collect.summary", items=say("collect.n_new", n=len(plan.items)),
                             cycle=plan.cycle, sources=say("collect.n_sources", n=len(plan.reports)), parsed=parsed,
                             unchanged=unchanged, failed=failed, duplicates=say("collect.n_duplicates", n=duplicates))


def print_plan(plan) -> None:
    for item in plan.items:
        print(say("collect.would_write", id=item.id, path=item.relative_path, title=for_log(item.meta['title'][:100])))  # a feed's title
    for note in plan.also_seen:
        print(say("collect.would_note", id=note.item_id, cycle=note.cycle, source=note.source, url=for_log(note.url)))
    for cycle in plan.shards:
        print(say("collect.would_update", path=f".commons/collect/seen/{cycle}.jsonl"))
    if plan.state_changed:
        print(say("collect.would_update", path=".commons/collect/sources.json"))


def step_summary_for(plan, dry_run: bool) -> None:
    from ..report import markdown_table, step_summary

    lines = [f"### commons collect{' ' + say('collect.dry_run') if dry_run else ''}", "", summary_line(plan, dry_run), ""]
    attention = plan.needs_attention
    if attention:
        lines += [f"**{say('collect.need_person')}**", ""]
        lines.append(markdown_table(say("collect.attention_columns").split(" | "), [[r.id, r.attention] for r in attention]))
        lines.append("")
    rows = [
        [r.id, r.status if not r.error else say("collect.failed"), r.entries, r.new, r.duplicates, failure.said(r.error or r.warning) if (r.error or r.warning) else ""]
        for r in plan.reports
    ]
    lines.append(f"<details><summary>{say('collect.every_source')}</summary>\n")
    lines.append(markdown_table(say("collect.columns").split(" | "), rows))
    lines.append("\n</details>")
    step_summary("\n".join(lines))
