"""``commons index``: regenerate handbook/README.md, news/README.md and the chapters'
previous/next/related links. Exit 0 done (or nothing to do), 1 when something was left
for a person (unpaired markers, unreadable files), 2 bad configuration."""

from __future__ import annotations

import difflib
import sys

from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    parser.add_argument("--verify", action="store_true",
                        help="check that the committed portfolio cache says what the review files say; write nothing")


def verify(repo) -> int:
    """Exit 0 when every entry of the committed portfolio cache a reader would trust is what its
    review file says, 1 (a line per entry) when one is not."""
    from ..content.frontmatter import ContentError, read_text
    from ..untrusted import for_log
    from . import portfolio

    try:
        text = read_text(repo / portfolio.CACHE, portfolio.CACHE_MAX_BYTES)
    except FileNotFoundError:
        text = None
    except (OSError, ContentError) as exc:
        print(f"{portfolio.CACHE}: {for_log(exc)}", file=sys.stderr)
        return 1
    untrue = portfolio.untrue_entries(repo, text)
    for line, path in untrue:
        print(f"{portfolio.CACHE}:{line}: " + say("index.untrue_entry", path=for_log(path)), file=sys.stderr)
    print(say("index.cache_untrue" if untrue else "index.cache_true", n=len(untrue)), file=sys.stderr)
    return 1 if untrue else 0


def run(args) -> int:
    from ..config import load_config
    from ..content.files import atomic_write_text
    from ..report import markdown_table, step_summary
    from .index import plan

    config = load_config(args.repo)  # the community's language too
    if args.verify:
        return verify(args.repo)
    import os

    from .feed import base_url

    result = plan(args.repo, config.name, config.description, config.language, base_url(config, os.environ),
                  week=config.week)
    for change in result.changes:
        verb = "create" if change.before is None else "update"
        if args.dry_run:
            print(say(f"index.would_{verb}", path=change.path))
            diff = difflib.unified_diff(
                (change.before or "").splitlines(keepends=True), change.after.splitlines(keepends=True),
                f"a/{change.path}", f"b/{change.path}",
            )
            sys.stdout.writelines(diff)
        else:
            atomic_write_text(args.repo / change.path, change.after)
            print(say(f"index.{verb}d", path=change.path))
    for note in result.notes:
        print(note, file=sys.stderr)
    print(say("index.would_change" if args.dry_run else "index.changed", files=say("publish.n_files", n=len(result.changes)),
              same=result.unchanged), file=sys.stderr)
    if not args.dry_run:
        rows = [[f"`{c.path}`", say("index.created_word") if c.before is None else say("index.updated_word")] for c in result.changes]
        step_summary(
            f"### {say('index.title')}\n\n"
            + say("index.changed", files=say("publish.n_files", n=len(result.changes)), same=result.unchanged) + "\n\n"
            + (markdown_table(say("index.columns").split(" | "), rows) if rows else "")
            + ("\n\n" + "\n".join(f"- {n}" for n in result.notes) if result.notes else "")
        )
    return 1 if result.notes else 0
