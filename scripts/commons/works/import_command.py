"""``commons import --kind note|post|log``: the adapter that writes :mod:`commons.works.importer`'s plan."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from ..content.frontmatter import ContentError
from ..i18n import say
from ..problems import UsageError
from . import layout

HANDLE_HELP = "expected a GitHub handle (letters, digits, single hyphens)"


def run_works(args, source: Path, kind: str, today: str) -> int:
    from ..content.files import atomic_write, atomic_write_text
    from ..handbook.book import load as load_book
    from ..report import step_summary
    from . import importer

    if not source.exists():
        raise UsageError(f"{args.path}: " + say("importer.no_such_path"))
    if kind != "post" and not source.is_file():
        raise UsageError(f"{args.path}: " + say("importer.not_a_file"))
    authors = list(dict.fromkeys(a.strip() for a in args.author if a.strip()))
    if not authors:
        raise UsageError("--author: " + say("importer.no_author", kind=say(f"importer.kind.{kind}")))
    for author in authors:
        if not layout.FOLDER_NAME.match(author.lower()):
            raise UsageError(f"--author {author}: {HANDLE_HELP}")
    if kind != "log" and len(authors) > 1:
        raise UsageError("--author: " + say("importer.one_owner", kind=say(f"importer.kind.{kind}")))
    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date}: " + say("importer.bad_date")) from None
    chapters = [c.removesuffix(".md") for c in args.chapter]
    try:
        if kind == "post":
            plan = importer.plan_posts(source, args.repo, authors[0], args.force)
        elif kind == "note":
            plan = importer.plan_note(source, args.repo, authors[0], chapters, date.fromisoformat(today),
                                      load_book(args.repo), args.force)
        else:
            plan = importer.plan_log(source, args.repo, authors, args.team, day, args.log_type, chapters, args.force,
                                         _week(args.repo))
    except ContentError as exc:
        raise UsageError(f"{args.path}:{exc.line}:{exc.column}: {exc.message}") from None
    except OSError as exc:
        raise UsageError(f"{args.path}: " + say("importer.unreadable", error=exc.strerror or exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    written = skipped = 0
    for planned in plan.files:
        if planned.action == "skip":
            print(f"{say('importer.skip'):<6} {planned.target} ← {planned.source}: {say('importer.reason.' + planned.reason)}")
            skipped += 0 if planned.reason == "unchanged" else 1
        elif args.dry_run:
            print(f"{say('importer.would_' + planned.action):<16} {planned.target} ← {planned.source}")
        else:
            atomic_write_text(args.repo / planned.target, planned.text)
            written += 1
            print(f"{say('importer.done_' + planned.action):<9} {planned.target} ← {planned.source}")
    for asset in plan.assets:
        if args.dry_run:
            print(f"{say('importer.would_copy'):<16} {asset.target} ← {asset.source}")
        elif atomic_write(args.repo / asset.target, asset.source.read_bytes()):
            print(f"{say('importer.copied'):<9} {asset.target}")
    for note in plan.notes:
        print(say("importer.note", note=note), file=sys.stderr)
    verdict = say("importer.verdict_works_dry" if args.dry_run else "importer.verdict_works",
                  works=say(f"importer.n_{kind}s", n=len(plan.files)),
                  imported=sum(1 for f in plan.files if f.action != "skip"), skipped=sum(1 for f in plan.files if f.action == "skip"),
                  files=say("importer.n_files", n=len(plan.assets)), notes=say("importer.n_notes", n=len(plan.notes)))
    print(verdict, file=sys.stderr)
    if written:
        print(say("importer.next_works"), file=sys.stderr)
    if not args.dry_run:
        step_summary(f"### {say('importer.heading')}\n\n{verdict}\n\n" + "\n".join(f"- {n}" for n in plan.notes))
    return 1 if (plan.notes or skipped) else 0


def _week(repo):
    """commons.yml's week (the cycle a meeting's day falls in), or the default one when it cannot be read."""
    from ..config import load_config

    try:
        return load_config(repo).week
    except Exception:  # noqa: BLE001 - commons validate reports a broken commons.yml; a log still gets a cycle
        return None
