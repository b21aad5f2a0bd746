"""``commons status``: the cycle at a glance: where it stands (not yet handed out, open, overdue,
published), coverage, and each member's unfinished fields. Reads only."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..assign.inputs import read_items, read_state
from .. import i18n
from ..config import load_config
from ..content import cycles, layout
from ..i18n import say
from ..report import markdown_table, step_summary
from .core import CycleProgress, cycle_progress, fetch_review_branches

@dataclass(frozen=True)
class Phase:
    """Where a cycle stands at a moment."""
    name: str  # upcoming | open | overdue | published
    seconds: float  # to the start (upcoming), to the due time (open), past it (overdue); 0 when published


def add_arguments(parser) -> None:
    parser.add_argument("--cycle", help="show this cycle (YYYY-Www) instead of the current one")
    parser.add_argument("--fetch", action="store_true", help="fetch the review branches from the remote first")
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--claimable", action="store_true",
                        help="list the items a member may /claim on their review PR (still short of reviewers, "
                        "or kept but not selected this cycle), best first")


def published(repo: Path, cycle: str) -> bool:
    """`commons publish` has run for the cycle: its record or its newsletter is on main."""
    return (Path(repo) / layout.PUBLISHED / f"{cycle}.yml").is_file() or layout.newsletter_path(repo, cycle).is_file()


def phase(cycle: str, now: datetime, week: cycles.Week, is_published: bool) -> Phase:
    if is_published:
        return Phase("published", 0)
    start, due = cycles.distribution_time(cycle, week), cycles.due_time(cycle, week)
    if now < start:
        return Phase("upcoming", (start - now).total_seconds())
    if now < due:
        return Phase("open", (due - now).total_seconds())
    return Phase("overdue", (now - due).total_seconds())


def duration(seconds: float) -> str:
    """'2 days 5 hours', '3 hours 10 minutes', '12 minutes': the two largest units that matter."""
    minutes = int(seconds // 60)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60

    def unit(n: int, name: str) -> str:
        return say(f"status.{name}", n=n)

    if days:
        return unit(days, "days") + (" " + unit(hours, "hours") if hours else "")
    if hours:
        return unit(hours, "hours") + (" " + unit(mins, "minutes") if mins else "")
    return unit(mins, "minutes")


def local_due(cycle: str, week: cycles.Week) -> str:
    """The last minute reviews are on time, in the community's timezone: 'Wed 2026-11-25 23:59'."""
    last = datetime.fromtimestamp(cycles.due_time(cycle, week).timestamp() - 60, week.zone)
    return _local_minute(last)


def _local_minute(moment: datetime) -> str:
    return say("status.moment", day=i18n.active().day(moment.date()), time=moment.strftime("%H:%M"))


def view(cycle: str, now: datetime, week: cycles.Week, needed: int, statuses: Counter, state: dict[str, list[str]],
         progress: CycleProgress | None, is_published: bool) -> dict:
    """Everything status shows, as plain data (the ``--format json`` shape).

    A newsletter on main with finished reviews still off main is not a published cycle: publish
    left them out (not merged, or not counted), and the cycle is shown as still open or overdue."""
    members = progress.members if progress else {}
    unmerged = sum(len(m.unmerged) for m in members.values()) if is_published else 0
    is_published = is_published and not unmerged
    where = phase(cycle, now, week, is_published)
    reviewers: Counter = Counter()
    for ids in state.values():
        reviewers.update(ids)
    finished: Counter = Counter()
    for m in members.values():
        finished.update(m.done)
    late = where.name == "overdue"
    return {
        "cycle": cycle,
        "due": cycles.due_date(cycle, week).isoformat(),
        "due_local": local_due(cycle, week),
        "start_local": _local_minute(cycles.distribution_time(cycle, week)),
        "timezone": week.timezone,
        "phase": where.name,
        "seconds": int(where.seconds),
        "overdue": late,
        "published": is_published,
        "unmerged_reviews": unmerged,
        "items": dict(sorted(statuses.items())),
        "assigned_items": len(reviewers),
        "reviewers_per_item": needed,
        "under_covered": sorted(i for i, n in reviewers.items() if n < needed),
        "coverage": {
            "items": len(reviewers),
            "fully_reviewed": sum(1 for i in reviewers if finished[i] >= min(needed, reviewers[i])),
            "reviews_given": sum(reviewers.values()),
            "reviews_finished": sum(finished.values()),
        },
        "members": {
            h: {"done": len(m.done), "total": m.total, "late": late and not m.complete,
                "unfinished": sorted(m.unfinished), "unfinished_fields": dict(sorted(m.unfinished.items()))}
            for h, m in sorted(members.items())
        },
    }


def render(data: dict, has_assignment: bool) -> str:
    due, tz = data["due_local"], data["timezone"]
    left = duration(data["seconds"])
    lines = [say(f"status.{data['phase']}", cycle=data["cycle"], due=due, tz=tz, left=left, late=left,
                 start=data["start_local"])]
    counts = ", ".join(f"{n} {s}" for s, n in data["items"].items())
    lines.append(say("status.items", counts=counts) if counts else say("status.no_items"))
    if not has_assignment:
        lines.append(say("status.no_assignment"))
        return "\n".join(lines)
    c = data["coverage"]
    line = say("status.coverage", covered=c["fully_reviewed"], items=say("status.n_items", n=c["items"]),
               reviewers=say("status.n_reviewers", n=data["reviewers_per_item"]), done=c["reviews_finished"],
               given=say("status.n_reviews", n=c["reviews_given"]))
    if data["under_covered"]:
        line += say("status.under", items=say("status.n_items", n=len(data["under_covered"])),
                    reviewers=say("status.n_reviewers", n=data["reviewers_per_item"]), ids=", ".join(data["under_covered"]))
    lines.append(line)
    if data["unmerged_reviews"]:
        lines.append(say("status.unmerged", reviews=say("status.n_reviews", n=data["unmerged_reviews"])))
    for handle, m in data["members"].items():
        if m["late"]:
            flag = "  " + say("status.flag_late")
        elif m["done"] >= m["total"]:
            flag = "  " + say("status.flag_done")
        elif data["published"]:
            flag = "  " + say("status.flag_published", missing=m["total"] - m["done"])
        else:
            flag = ""
        lines.append(f"  @{handle:<24} {m['done']}/{m['total']}{flag}")
        for item, fields in m["unfinished_fields"].items():
            lines.append(f"      {item}: {', '.join(fields)}")
    return "\n".join(lines)


def run(args) -> int:
    from ..clock import now_from_env
    from ..git import Git, GitError

    repo, config = args.repo, load_config(args.repo)
    now = now_from_env()
    cycle = args.cycle or cycles.distributing_cycle(now, config.week)
    git = Git(repo)
    if args.fetch:
        try:
            fetch_review_branches(git, args.remote, cycle)
        except GitError as exc:
            print(f"commons status: {say('status.no_fetch', error=exc)}")
    problems: list = []
    if args.claimable:
        return _print_claimable(repo, config, cycle, args.format)
    statuses = Counter(str(i.doc.meta.get("status", "?")) for i in read_items(repo, cycle, problems))
    state = read_state(repo, cycle) or {}
    progress = cycle_progress(repo, cycle, now, config.week, git if git.ok("rev-parse", "--git-dir") else None, args.remote)
    from ..calibration import history, summary as agreement
    from ..content import issues

    record = issues.read(repo, cycle)
    data = view(cycle, now, config.week, config.review.reviewers_per_item, statuses, state, progress,
                published(repo, cycle) or record is not None)
    if record is not None:  # published: the maintainers' figures the newsletter leaves out
        data["newsletter"] = {"date": record.get("date"), "headline": record.get("headline"),
                              "items": record.get("count"), "telemetry": record.get("telemetry", {}),
                              "editor": (record.get("editor") or {}).get("by", "members")}
    agreements = agreement.reports(history.read(repo), config.triage.threshold)  # for maintainers only
    data["agreement"] = {name: agreement.as_data(r) for name, r in agreements.items()}
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render(data, progress is not None))
        if "newsletter" in data:
            letter = data["newsletter"]
            print(say("status.newsletter", date=letter["date"], items=say("status.n_items", n=letter["items"] or 0),
                      headline=letter["headline"]))
            print("  " + " · ".join(f"{k} {v}" for k, v in letter["telemetry"].items()))
        for name, report in agreements.items():
            print("\n".join(agreement.lines(name, report, config.triage.threshold)))
    rows = [[f"@{h}", f"{m['done']}/{m['total']}", say("status.flag_late") if m["late"] else "",
             "; ".join(f"{i}: {', '.join(f)}" for i, f in m["unfinished_fields"].items())]
            for h, m in data["members"].items()]
    figures = ""
    if "newsletter" in data:
        figures = "\n\n" + markdown_table(say("status.figure_columns").split(" | "), list(data["newsletter"]["telemetry"].items()))
    figures += "".join("\n\n" + agreement.markdown(name, report, config.triage.threshold) for name, report in agreements.items())
    step_summary(f"## commons status {cycle}\n\n" + markdown_table(say("status.member_columns").split(" | "), rows) + figures)
    return 1 if any(m["late"] for m in data["members"].values()) else 0


def _print_claimable(repo: Path, config, cycle: str, form: str) -> int:
    from ..assign.inputs import claimable
    from ..i18n import catalog
    from ..untrusted import for_log

    found = claimable(repo, config, cycle)
    if form == "json":
        print(json.dumps([{"id": c.id, "score": c.score, "title": c.title, "source": c.source} for c in found],
                         ensure_ascii=False, indent=2))
        return 0
    t = catalog(config.language)
    if not found:
        print(t("claim.none", cycle=cycle))
        return 0
    print(t("claim.heading", cycle=cycle, n=len(found)))
    for c in found:
        print(f"  {c.id}  {c.score}  {for_log(c.title[:90])}")  # a feed's title
    return 0
