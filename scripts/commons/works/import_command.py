"""``commons import --kind note|post|log``: the adapter that writes :mod:`commons.works.importer`'s plan."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from ..content.frontmatter import ContentError
from ..problems import UsageError
from . import layout

HANDLE_HELP = "expected a GitHub handle (letters, digits, single hyphens)"


def run_works(args, source: Path, kind: str, today: str) -> int:
    from ..content.files import atomic_write, atomic_write_text
    from ..handbook.book import load as load_book
    from ..report import step_summary
    from . import importer

    if not source.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    if kind != "post" and not source.is_file():
        raise UsageError(f"{args.path}: not a file; notes and logs are imported one markdown file at a time")
    authors = list(dict.fromkeys(a.strip() for a in args.author if a.strip()))
    if not authors:
        raise UsageError(f"--author: missing; whose {kind} is it? pass --author HANDLE (their GitHub handle)")
    for author in authors:
        if not layout.FOLDER_NAME.match(author.lower()):
            raise UsageError(f"--author {author}: {HANDLE_HELP}")
    if kind != "log" and len(authors) > 1:
        raise UsageError(f"--author: a {kind} has one owner; pass --author once")
    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date}: expected a day as YYYY-MM-DD") from None
    chapters = [c.removesuffix(".md") for c in args.chapter]
    try:
        if kind == "post":
            plan = importer.plan_posts(source, args.repo, authors[0], args.force)
        elif kind == "note":
            plan = importer.plan_note(source, args.repo, authors[0], chapters, date.fromisoformat(today),
                                      load_book(args.repo), args.force)
        else:
            plan = importer.plan_log(source, args.repo, authors, args.team, day, args.log_type, chapters, args.force)
    except ContentError as exc:
        raise UsageError(f"{args.path}:{exc.line}:{exc.column}: {exc.message}") from None
    except OSError as exc:
        raise UsageError(f"{args.path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    written = skipped = 0
    for planned in plan.files:
        if planned.action == "skip":
            print(f"skip   {planned.target} ← {planned.source}: {planned.reason}")
            skipped += 0 if planned.reason.startswith("already imported") else 1
        elif args.dry_run:
            print(f"{'would ' + planned.action:<16} {planned.target} ← {planned.source}")
        else:
            atomic_write_text(args.repo / planned.target, planned.text)
            written += 1
            print(f"{planned.action + 'd':<9} {planned.target} ← {planned.source}")
    for asset in plan.assets:
        if args.dry_run:
            print(f"would copy       {asset.target} ← {asset.source}")
        elif atomic_write(args.repo / asset.target, asset.source.read_bytes()):
            print(f"copied    {asset.target}")
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    verdict = (f"{len(plan.files)} {kind}(s): {sum(1 for f in plan.files if f.action != 'skip')} "
               f"{'to import' if args.dry_run else 'imported'}, {sum(1 for f in plan.files if f.action == 'skip')} skipped; "
               f"{len(plan.assets)} files copied; {len(plan.notes)} notes")
    print(verdict, file=sys.stderr)
    if written:
        print("next: `commons validate` the new files, then `commons index`", file=sys.stderr)
    if not args.dry_run:
        step_summary(f"### Import\n\n{verdict}\n\n" + "\n".join(f"- {n}" for n in plan.notes))
    return 1 if (plan.notes or skipped) else 0
