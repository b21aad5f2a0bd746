"""``commons status``: the cycle at a glance: items, coverage, per-member progress, overdue. Reads only."""

from __future__ import annotations

import json
from collections import Counter

from ..assign.inputs import read_items, read_state
from ..config import load_config
from ..content import cycles
from ..report import markdown_table, step_summary
from .core import cycle_progress, fetch_review_branches


def add_arguments(parser) -> None:
    parser.add_argument("--cycle", help="show this cycle (YYYY-Www) instead of the current one")
    parser.add_argument("--fetch", action="store_true", help="fetch the review branches from the remote first")
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args) -> int:
    from ..cli import now_from_env
    from ..git import Git, GitError

    repo, config = args.repo, load_config(args.repo)
    now = now_from_env()
    cycle = args.cycle or cycles.distributing_cycle(now, config.week)
    git = Git(repo)
    if args.fetch:
        try:
            fetch_review_branches(git, args.remote, cycle)
        except GitError as exc:
            print(f"commons status: could not fetch ({exc}); showing what the checkout knows")
    problems: list = []
    statuses = Counter(str(i.doc.meta.get("status", "?")) for i in read_items(repo, cycle, problems))
    state = read_state(repo, cycle) or {}
    coverage = Counter()
    for ids in state.values():
        coverage.update(ids)
    progress = cycle_progress(repo, cycle, now, config.week, git if git.ok("rev-parse", "--git-dir") else None, args.remote)
    members = progress.members if progress else {}
    overdue = bool(progress and progress.overdue)
    data = {
        "cycle": cycle,
        "due": cycles.due_date(cycle, config.week).isoformat(),
        "overdue": overdue,
        "items": dict(sorted(statuses.items())),
        "assigned_items": len(coverage),
        "reviewers_per_item": config.review.reviewers_per_item,
        "under_covered": sorted(i for i, n in coverage.items() if n < config.review.reviewers_per_item),
        "members": {
            h: {"done": len(m.done), "total": m.total, "late": overdue and not m.complete, "unfinished": sorted(m.unfinished)}
            for h, m in sorted(members.items())
        },
    }
    from ..publish import issues

    record = issues.read(repo, cycle)
    if record is not None:  # published: the maintainers' figures the newsletter leaves out
        data["newsletter"] = {"date": record.get("date"), "headline": record.get("headline"),
                              "items": record.get("count"), "telemetry": record.get("telemetry", {}),
                              "editor": (record.get("editor") or {}).get("by", "members")}
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        left = (cycles.due_time(cycle, config.week) - now).total_seconds() / 86400
        when = "overdue" if overdue else f"{left:.1f} days left"
        print(f"Cycle {cycle}: due {data['due']} (Wed), {when}")
        print("Items: " + (", ".join(f"{n} {s}" for s, n in data["items"].items()) or "none"))
        print(f"Assigned: {len(coverage)} item(s)" + (f", {len(data['under_covered'])} with fewer than "
              f"{config.review.reviewers_per_item} reviewers" if data["under_covered"] else ""))
        if not members:
            print("No assignment yet for this cycle (commons assign).")
        if "newsletter" in data:
            letter = data["newsletter"]
            print(f"Published {letter['date']}: {letter['items']} item(s), headline: {letter['headline']}")
            print("  " + " · ".join(f"{k} {v}" for k, v in letter["telemetry"].items()))
        for h, m in data["members"].items():
            flag = "  OVERDUE" if m["late"] else ("  done" if m["done"] >= m["total"] else "")
            print(f"  @{h:<24} {m['done']}/{m['total']}{flag}")
    rows = [[f"@{h}", f"{m['done']}/{m['total']}", "overdue" if m["late"] else ""] for h, m in data["members"].items()]
    figures = ""
    if "newsletter" in data:
        figures = "\n\n" + markdown_table(["measure", "value"], list(data["newsletter"]["telemetry"].items()))
    step_summary(f"## commons status {cycle}\n\n" + markdown_table(["member", "done", ""], rows) + figures)
    return 1 if any(m["late"] for m in data["members"].values()) else 0
