"""``commons demo [--keep DIR]``: one whole week, offline, in a scratch repository.

Exit 0 when every step did what the week expects; 1 when a step needed a person
(its log says why); 2 when the folder cannot be used or the sample data is missing.
"""

from __future__ import annotations

from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="build the demo in DIR and keep it there (default: a new folder under the system's temp folder, "
        "also kept so you can look). Running again on the same DIR reruns every step and changes nothing",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the week and the steps; create nothing")


def run(args) -> int:
    from ..clock import now_from_env
    from . import week

    return week.run(args.repo, args.keep, now_from_env(), dry_run=args.dry_run)
