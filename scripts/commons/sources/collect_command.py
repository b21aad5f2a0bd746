"""``commons collect``: collect every source (:mod:`commons.collect`, which writes files only); with
``--issues``, then keep one GitHub issue per source that needs a person (:mod:`commons.sources.health`)."""

from __future__ import annotations


def add_arguments(parser) -> None:
    from ..collect.command import add_arguments as collect_arguments

    collect_arguments(parser)
    parser.add_argument(
        "--issues", action="store_true",
        help="keep one GitHub issue per source that needs a person: opened, updated, closed when it recovers "
        "(GITHUB_REPOSITORY and COMMONS_TOKEN or GITHUB_TOKEN); such sources then do not make the run fail",
    )


def run(args) -> int:
    from ..collect.command import collect

    collected = collect(args)
    if not args.issues:
        return collected.code
    from .health import sync_issues  # in Actions: the run fails only when GitHub could not be told

    return sync_issues(collected.found, collected.config, collected.today, dry_run=args.dry_run)
