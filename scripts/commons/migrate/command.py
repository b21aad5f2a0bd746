"""``commons migrate``: move the items no person was given from files into the per-day pool."""

from __future__ import annotations

import sys
from pathlib import Path

from ..content import items, layout
from . import plan as migrate_plan
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print what would move; change nothing")


def build(repo: Path) -> tuple[migrate_plan.Plan, list]:
    found, problems = items.read_items(repo, pool=False)
    entries = []
    for f in found:
        relative = f.path.relative_to(repo).as_posix()
        entries.append((relative, f.path.parent.parent.name, f.meta, f.doc.body))
    records = Path(repo) / layout.STATE / "assign"
    assigned = {p.stem for p in records.glob("*.json")} if records.is_dir() else set()
    return migrate_plan.plan(entries, assigned), problems


def apply(repo: Path, plan: migrate_plan.Plan) -> int:
    """Pool lines first, then the files go: a run cut off in between leaves items twice, never lost
    (readers take the file), and the next run finishes."""
    by_day: dict[tuple[str, str], list[dict]] = {}
    for move in plan.moves:
        by_day.setdefault((move.cycle, move.day), []).append(move.meta)
    for (cycle, day), metas in sorted(by_day.items()):
        path = layout.pool_path(repo, cycle, day)
        present = {r.item_id for r in items.read_pool(repo, path)[0]} if path.is_file() else set()
        fresh = [m for m in metas if m["id"] not in present]
        if fresh:
            items.append_to_pool(path, fresh)
    for move in plan.moves:
        (Path(repo) / move.source).unlink(missing_ok=True)
    return len(plan.moves)


def run(args) -> int:
    repo = Path(args.repo)
    plan, problems = build(repo)
    for problem in problems:
        print(say("migrate.left", problem=problem), file=sys.stderr)
    if args.dry_run:
        for line in plan.as_lines():
            print(line)
        print("migrate: " + say("migrate.would", files=say("migrate.n_item_files", n=len(plan.moves)), kept=len(plan.kept)))
        return 1 if problems else 0
    moved = apply(repo, plan)
    days = len({(m.cycle, m.day) for m in plan.moves})
    print("migrate: " + say("migrate.moved", files=say("migrate.n_item_files", n=moved), pools=say("migrate.n_pool_files", n=days),
                            kept=len(plan.kept)) + ("; " + say("migrate.unreadable", n=len(problems)) if problems else ""))
    return 1 if problems else 0
