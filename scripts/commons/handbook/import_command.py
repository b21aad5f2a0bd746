"""``commons import PATH [--toc FILE]``: migrate a markdown handbook (e.g. a Jupyter Book)
into chapter files; with ``--kind note|post|log`` (or a Jekyll ``_posts`` folder or post),
bring a member's own files in as works. Exit 0 done, 1 when something could not be mapped
or was skipped for a person to decide, 2 bad usage."""

from __future__ import annotations

import sys
from pathlib import Path

from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("path", type=Path, help="the folder of the handbook to import; with --kind, a file "
                        "(or, for posts, a Jekyll _posts folder or site)")
    parser.add_argument("--toc", type=Path, help="its Jupyter Book table of contents (default: PATH/_toc.yml if present)")
    parser.add_argument("--dest", default="handbook", help="folder in the repository to import into (default: handbook)")
    parser.add_argument("--force", action="store_true", help="replace chapters that already exist at the target paths")
    parser.add_argument("--toc-only", action="store_true", help="skip pages the table of contents does not list")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and write nothing")
    works = parser.add_argument_group("members' works (notes, posts, logs)")
    works.add_argument("--kind", choices=("note", "post", "log"),
                       help="import as study notes, posts or a log (a Jekyll _posts folder or post is found on its own)")
    works.add_argument("--author", action="append", default=[], metavar="HANDLE",
                       help="the member whose work it is (for a log, repeat for each author)")
    works.add_argument("--chapter", action="append", default=[], metavar="NAME",
                       help="a chapter it feeds, as its file name without .md (repeat for more)")
    works.add_argument("--team", help="a log's team (its folder under logs/); default: the first author")
    works.add_argument("--date", help="a log's day as YYYY-MM-DD (default: a date written in its title or file name)")
    works.add_argument("--log-type", choices=("log", "minutes"), help="default: minutes when it has an agenda")


def run(args) -> int:
    from ..clock import now_from_env
    from ..content.files import atomic_write
    from ..content.frontmatter import new, write
    from ..problems import UsageError
    from ..report import Progress, step_summary
    from .importer import plan_import

    source = args.path if args.path.is_absolute() else (Path.cwd() / args.path)
    kind = args.kind or _works_kind(source)
    if kind is not None:
        from ..works.import_command import run_works

        return run_works(args, source, kind, _today(args.repo, now_from_env()))
    if not source.is_dir():
        raise UsageError(f"{args.path}: " + say("importer.not_a_folder"))
    if args.repo == source.resolve() or args.repo.is_relative_to(source.resolve()):
        # Its own chapters would be imported into itself (and '/' would walk the whole machine).
        raise UsageError(f"{args.path}: " + say("importer.is_the_repository"))
    toc = args.toc
    if toc is not None and not toc.is_file():
        raise UsageError(f"--toc {toc}: " + say("importer.no_toc"))
    dest = args.dest.strip("/")
    if not dest or dest.startswith(".") or ".." in Path(dest).parts or Path(dest).is_absolute():
        raise UsageError(f"--dest {args.dest}: " + say("importer.bad_dest"))
    today = _today(args.repo, now_from_env())
    try:
        plan = plan_import(source, args.repo, today, toc, dest, args.force, args.toc_only)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # a file vanished or is unreadable while the folder was read
        raise UsageError(f"{exc.filename or args.path}: " + say("importer.unreadable", error=exc.strerror or exc)) from None

    written = skipped_other = 0
    with Progress("import", len(plan.chapters) + len(plan.assets)) as progress:
        for chapter in plan.chapters:
            if chapter.action == "skip":
                print(f"{say('importer.skip'):<6} {chapter.target} ← {chapter.source}: {say('importer.reason.' + chapter.reason)}")
                if chapter.reason != "same_origin":
                    skipped_other += 1
            elif args.dry_run:
                print(f"{say('importer.would_' + chapter.action):<16} {chapter.target} ← {chapter.source}")
            else:
                write(args.repo / chapter.target, new(chapter.meta, chapter.body))
                written += 1
                print(f"{say('importer.done_' + chapter.action):<9} {chapter.target} ← {chapter.source}")
            progress.advance(chapter.target)
        for asset in plan.assets:
            target = args.repo / asset.target
            if args.dry_run:
                print(f"{say('importer.would_copy'):<16} {asset.target} ← {asset.source}")
            elif target.exists() and target.read_bytes() != asset.source.read_bytes() and not args.force:
                print(f"{say('importer.skip'):<6} {asset.target}: " + say("importer.different_file"))
                skipped_other += 1
            else:
                atomic_write(target, asset.source.read_bytes())
            progress.advance(asset.target)

    for note in plan.notes + plan.unreadable:
        print(say("importer.note", note=note), file=sys.stderr)
    imported = sum(1 for c in plan.chapters if c.action != "skip")
    verdict = say("importer.verdict_pages_dry" if args.dry_run else "importer.verdict_pages",
                  pages=say("importer.n_pages", n=len(plan.chapters) + len(plan.unreadable)), imported=imported,
                  skipped=len(plan.chapters) - imported, unreadable=len(plan.unreadable),
                  files=say("importer.n_files", n=len(plan.assets)), notes=say("importer.n_notes", n=len(plan.notes)))
    print(verdict, file=sys.stderr)
    if written:
        print(say("importer.next_chapters"), file=sys.stderr)
    if not args.dry_run:
        step_summary(f"### {say('importer.heading')}\n\n{verdict}\n\n" + "\n".join(f"- {n}" for n in plan.notes + plan.unreadable))
    return 1 if (plan.notes or plan.unreadable or skipped_other) else 0


def _works_kind(source: Path) -> str | None:
    """``post`` for a Jekyll ``_posts`` folder, a site holding one, or a single post; else None."""
    from ..works.importer import is_jekyll_post

    if source.is_dir():
        return "post" if source.name == "_posts" or (source / "_posts").is_dir() else None
    if source.is_file() and is_jekyll_post(source):
        return "post"
    if source.is_file():
        from ..problems import UsageError

        raise UsageError(f"{source.name}: " + say("importer.single_file"))
    return None


def _today(repo: Path, now) -> str:
    """Today in the community's timezone (UTC when the configuration cannot say)."""
    from zoneinfo import ZoneInfo

    from ..config import load_config
    try:
        zone = ZoneInfo(load_config(repo).timezone)
    except Exception:  # a broken commons.yml is validate's to report; the date only needs a zone
        return now.date().isoformat()
    return now.astimezone(zone).date().isoformat()
