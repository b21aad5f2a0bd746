"""``commons assign``: plan who reviews what this cycle, then open or update one PR per member."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from .. import i18n
from ..config import load_config, load_members
from ..content import cycles
from ..content import items as content_items
from ..report import Progress, markdown_table, step_summary
from ..triage.filters import TOO_OLD
from ..untrusted import for_log
from .inputs import HANDED_OUT, audit_candidates, candidates, expired, history, read_declined, read_state, review_context, reviewers, write_state
from .plan import Plan, make_plan
from .select import count_sources, select
from .supersede import describe as describe_superseded
from .supersede import superseded
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="how to print the plan")
    parser.add_argument("--cycle", help="plan this cycle (YYYY-Www) instead of the one being distributed now")
    parser.add_argument("--remote", default="origin", help="the git remote review branches are pushed to")
    parser.add_argument(
        "--no-pull-requests", action="store_true",
        help="push the branches and write the record, but open no PRs yet (the workflow commits the record first, "
        "so validation of a new review PR finds its allocation on main)",
    )
    parser.add_argument("--not-selected", action="store_true",
                        help="list the cycle's items kept by triage but not selected for review (best first); change nothing")


def build_plan(repo, config, members, cycle: str, problems: list) -> tuple[Plan, dict]:
    """Select the best items the crew can cover, then plan who reviews which (see select.py)."""
    prior = read_state(repo, cycle)
    aged: dict = {}
    cands, files = candidates(repo, config, cycle, prior, problems, too_old=aged)
    crew = reviewers(config, members, cycle)
    per_item = config.review.reviewers_per_item
    promised = {i for ids in (prior or {}).values() for i in ids}
    promised |= {c.id for c in cands if c.carried_over and files[c.id].meta.get("status") in HANDED_OUT}
    chosen = select(cycle, cands, crew, reviewers_per_item=per_item, kept=promised)
    audits, audit_files = audit_candidates(repo, config, cycle, {c.id for c in cands if c.audit and c.id in promised}, problems)
    chosen = make_room(chosen, len(audits))
    chosen = replace(chosen, selected=chosen.selected + tuple(c.id for c in audits))  # as a rerun counts them
    files.update(audit_files)
    cands += audits
    chosen = count_apart(chosen, {c.id: c for c in cands})
    picked = set(chosen.selected) | {c.id for c in audits}
    plan = make_plan(
        cycle, [c for c in cands if c.id in picked], crew,
        reviewers_per_item=per_item, history=history(repo, cycle), prior=prior,
        declined=read_declined(repo, cycle),
    )
    plan = replace(plan, items={c.id: c for c in cands}, selection=chosen, expired=tuple(expired(repo, cycle)),
                   too_old={i: rule for i, (rule, _) in sorted(aged.items())})
    files.update({i: item for i, (_, item) in aged.items() if i not in files})
    return plan, files


def make_room(chosen, audits: int):
    """The audit sample takes its slots from the last picks (never from items already promised)."""
    over = len(chosen.selected) + audits - chosen.slots
    if audits <= 0 or over <= 0:
        return chosen
    keep = max(chosen.kept, len(chosen.selected) - over)
    return replace(chosen, selected=chosen.selected[:keep], not_selected=chosen.selected[keep:] + chosen.not_selected)


def count_apart(chosen, by_id: dict):
    """Sources count the selected items triage kept; the audit sample (dropped by triage) is its own
    number, the same on the first run (audits drawn) and a rerun (audits already promised)."""
    audits = frozenset(i for i in chosen.selected if by_id[i].audit)
    return replace(chosen, by_source=count_sources(by_id[i] for i in chosen.selected if i not in audits), audits=audits,
                   not_selected=tuple(i for i in chosen.not_selected if not by_id[i].audit))


def not_selected_lines(plan: Plan) -> list[str]:
    """One line per item left out this cycle, best first: score, source, id, title."""
    out = []
    for item_id in plan.selection.not_selected if plan.selection else ():
        item = plan.items[item_id]
        out.append(f"{item.score}  {item.source:<20} {item.id}  {for_log(item.title[:90])}")  # a feed's title
    return out


def mark_items(repo, plan: Plan, files: dict) -> None:
    """Handed-out items become files with status ``assigned``; the rest of the cycle's kept items
    stay in the pool as ``not-selected`` (never back from reviewed/published on a rerun); an item
    too old for this cycle's newsletter keeps the rule that says so (``too_old``)."""
    assigned = {i for ids in plan.assignments.values() for i in ids}
    given, left = [], []
    for item_id in sorted(assigned):
        entry = files[item_id]
        if entry.meta.get("status") in ("triaged", content_items.NOT_SELECTED) or (
                entry.meta.get("status") == "dropped" and plan.items[item_id].audit):
            entry.meta["status"] = "assigned"
            given.append(entry)
    for item_id in plan.selection.not_selected if plan.selection else ():
        entry = files[item_id]
        if item_id not in assigned and entry.meta.get("status") == "triaged":
            entry.meta["status"] = content_items.NOT_SELECTED
            left.append(entry)
    for item_id, rule in plan.too_old.items():  # the reason stays on the item; nothing is deleted
        entry = files[item_id]
        if entry.meta.get(TOO_OLD) != rule or entry.meta.get("status") == "triaged":
            entry.meta[TOO_OLD] = rule
            if entry.meta.get("status") == "triaged":
                entry.meta["status"] = content_items.NOT_SELECTED  # waits for no one now
            left.append(entry)
    content_items.promote(repo, [e for e in given if e.pooled])
    content_items.save(repo, [e for e in given if not e.pooled] + left)


def describe(plan: Plan, closing: list | None = None, week=None, language: str = i18n.FALLBACK) -> str:
    """The dry-run plan for the operator, in the run's language."""
    t = i18n.active()
    due, dist = cycles.due_date(plan.cycle, week), cycles.distribution_date(plan.cycle, week)
    given = sum(len(v) for v in plan.assignments.values())
    handed = {i for ids in plan.assignments.values() for i in ids}
    lines = [
        t("assign.cli.cycle", cycle=plan.cycle, distributed=dist.isoformat(), due=due.isoformat(),
          distributed_weekday=t.weekday(dist), due_weekday=t.weekday(due)),
        t("assign.cli.items", n=len(handed)) + ", " + t("assign.cli.reviews", n=given)
        + " " + t("assign.cli.members", n=len(plan.assignments)),
    ]
    if plan.selection is not None:
        sel = plan.selection
        sources = ", ".join(f"{s or '?'} {n}" for s, n in sorted(sel.by_source.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
        lines.append(say("assign.selected", selected=sel.kept_selected(), total=sel.kept_selected() + len(sel.not_selected),
                         slots=sel.slots, left=len(sel.not_selected), sources=sources))
        if sel.audits:
            lines.append(say("assign.audits", n=len(sel.audits)))
    for handle, ids in sorted(plan.assignments.items()):
        lines.append(f"  @{handle} ({len(ids)}): " + ", ".join(ids))
    if plan.uncovered:
        lines.append(say("assign.uncovered"))
        lines += ["  " + say("assign.uncovered_item", item=u.item, got=u.reviewers, needed=u.needed, why=u.reason)
                  for u in plan.uncovered]
    if plan.unavailable:
        lines.append(say("assign.unavailable"))
        lines += [f"  @{h}: {_unavailable(why)}" for h, why in sorted(plan.unavailable.items())]
    if plan.expired:
        lines.append(say("assign.expired", items=", ".join(plan.expired)))
    if plan.too_old:
        lines.append(say("assign.too_old", n=len(plan.too_old), items=", ".join(plan.too_old)))
    lines += describe_superseded(plan, closing or [])
    return "\n".join(lines)


def _unavailable(why: str) -> str:
    """Why a member is not assigned, as the plan records it (inactive, capacity is 0, away A..B), in words."""
    if why == "inactive":
        return say("assign.inactive")
    if why == "capacity is 0":
        return say("assign.no_capacity")
    if why.startswith("away "):
        return say("assign.away", period=why.removeprefix("away "))
    return why


def run(args) -> int:
    from ..clock import now_from_env

    repo = args.repo
    config = load_config(repo)
    members = load_members(repo, config)
    cycle = args.cycle or cycles.distributing_cycle(now_from_env(), config.week)  # --cycle was checked by the command line
    problems: list = []
    plan, files = build_plan(repo, config, members, cycle, problems)
    closing = superseded(plan, read_state(repo, cycles.previous_cycle(cycle)))  # last cycle's PRs, items moved here
    for problem in problems:
        print(say("assign.skipped", problem=problem), file=sys.stderr)
    if args.not_selected:
        lines = not_selected_lines(plan)
        print("\n".join(lines) if lines else say("assign.all_selected", cycle=cycle))
        return 0
    print(json.dumps(plan.as_json(), ensure_ascii=False, indent=2) if args.format == "json" else describe(plan, closing, config.week))
    needs_person = bool(plan.uncovered or problems)
    if args.dry_run:
        if args.format == "text":
            _describe_closing_cycles(repo, cycle, args.remote)
        return 1 if needs_person else 0
    if not plan.assignments:
        step_summary(f"## commons assign {cycle}\n\n{say('assign.nothing')}")
        return 1 if needs_person else 0

    from ..git import Git, GitError
    from ..github import GitHub, GitHubError
    from .apply import close_superseded, open_pulls, push_branches

    gh = None if args.no_pull_requests else GitHub.from_env()
    try:
        context = review_context(repo, config)
        branches = push_branches(Git(repo), plan, remote=args.remote, base_branch=config.publish.branch,
                                 week=config.week, language=config.language, context=context)
    except GitError as exc:
        print(f"commons assign: {say('assign.push_failed', error=exc)}", file=sys.stderr)
        return 1
    for branch, paths in sorted(branches.kept.items()):
        print(f"commons assign: {branch}: {say('assign.kept_files', paths=for_log(', '.join(paths)))}", file=sys.stderr)
    # Main learns what was handed out (the workflow commits these files).
    write_state(repo, plan)
    mark_items(repo, plan, files)
    if gh is None:
        print(say("assign.branches_only", pushed=len(branches.pushed), unchanged=len(branches.unchanged)), file=sys.stderr)
        return 1 if needs_person else 0
    try:
        bots = gh.bots(config.review.bots)
        with Progress(say("assign.progress"), len(plan.assignments)) as progress:
            pulls = open_pulls(gh, plan, base_branch=config.publish.branch, labels=config.review.labels,
                               week=config.week, language=config.language, progress=progress, context=context,
                               bots=bots)
        superseded_pulls = close_superseded(gh, plan, closing, pulls, week=config.week, language=config.language,
                                            bots=bots)
        tidied = _close_cycles(gh, Git(repo), repo, cycle, args.remote, config.language)
    except GitHubError as exc:
        print(f"commons assign: {exc}", file=sys.stderr)
        return 1
    for handle, why in sorted(pulls.failed.items()):
        print(f"commons assign: @{handle}: {for_log(why)}", file=sys.stderr)
    strangers = sorted({p.author.lower() for p in pulls.opened.values()} - {b.lower() for b in bots})
    if strangers:  # GitHub says another author than the token's identity: publish would ignore these PRs
        print(f"commons assign: {say('assign.strangers', who=', '.join(strangers), bots=', '.join(bots))}",
              file=sys.stderr)
        needs_person = True
    for handle, pull in sorted(superseded_pulls.closed.items()):
        print(f"commons assign: {say('assign.closed_carried', number=pull.number, head=pull.head, cycle=cycle)}", file=sys.stderr)
    for number in tidied.closed:
        print(f"commons assign: {say('assign.closed_cycle', number=number)}", file=sys.stderr)
    if tidied.deleted:
        print(f"commons assign: {say('assign.deleted', n=len(tidied.deleted))}", file=sys.stderr)
    for what, why in sorted(tidied.failed.items()):
        print(f"commons assign: {say('assign.not_removed', what=what, why=why)}", file=sys.stderr)
    for handle, why in sorted(superseded_pulls.failed.items()):
        print(f"commons assign: @{handle}: {say('assign.not_closed', cycle=cycles.previous_cycle(cycle), why=why)}", file=sys.stderr)
    print(say("assign.done", pushed=len(branches.pushed), unchanged=len(branches.unchanged), opened=len(pulls.opened),
              updated=len(pulls.updated), same=len(pulls.unchanged), closed=len(pulls.closed), failed=len(pulls.failed),
              calls=gh.calls, writes=gh.pacer.writes), file=sys.stderr)
    rows = []
    for handle, ids in sorted(plan.assignments.items()):
        pull = pulls.opened.get(handle) or pulls.updated.get(handle) or pulls.unchanged.get(handle) or pulls.closed.get(handle)
        rows.append([f"@{handle}", len(ids), f"#{pull.number}" if pull else pulls.failed.get(handle, "")])
    summary = f"## commons assign {cycle}\n\n" + markdown_table(say("assign.columns").split(" | "), rows)
    if plan.selection is not None:
        sel = plan.selection
        summary += "\n\n" + say("assign.selected_summary", selected=sel.kept_selected(),
                                 total=sel.kept_selected() + len(sel.not_selected), slots=sel.slots)
        if sel.audits:
            summary += " " + say("assign.audits", n=len(sel.audits))
    if plan.uncovered:
        summary += f"\n\n**{say('assign.uncovered')}**\n" + "\n".join(f"- {u.item}: {u.reason}" for u in plan.uncovered[:30])
        if len(plan.uncovered) > 30:
            summary += "\n- " + say("assign.more_uncovered", n=len(plan.uncovered) - 30)
    if plan.expired:
        summary += "\n\n" + say("assign.expired", items=len(plan.expired))
    if plan.too_old:
        shown = list(plan.too_old)[:10]
        summary += "\n\n" + say("assign.too_old", n=len(plan.too_old), items=", ".join(shown) + (" …" if len(plan.too_old) > 10 else ""))
    if superseded_pulls.closed:
        summary += f"\n\n**{say('assign.closed_carried_title')}** " + ", ".join(f"#{p.number}" for _, p in sorted(superseded_pulls.closed.items()))
    if tidied.deleted or tidied.closed:
        summary += f"\n\n**{say('assign.closed_cycles_title')}** " + say("assign.deleted", n=len(tidied.deleted)) + (
            " · " + ", ".join(f"#{n}" for n in tidied.closed) if tidied.closed else "")
    step_summary(summary)
    return 1 if needs_person or pulls.failed or superseded_pulls.failed else 0


def _describe_closing_cycles(repo, cycle: str, remote: str) -> None:
    """Dry run: the branches and PRs of closed cycles a real run would remove (read only; skipped without GitHub)."""
    from ..git import Git, GitError
    from ..github import GitHub, GitHubError
    from ..problems import UsageError

    try:
        lines = _closing_plan(GitHub.from_env(warn=lambda _: None), Git(repo), repo, cycle, remote).describe()
    except (GitError, GitHubError, UsageError) as exc:
        lines = [say("assign.closing_unchecked", error=exc)]
    if lines:
        print("\n".join(lines))


def _closing_plan(gh, git, repo, cycle: str, remote: str):
    from pathlib import Path

    from . import cleanup
    from ..content.layout import PUBLISHED, REVIEW_BRANCHES

    refs = git.ls_remote(remote, f"refs/heads/{REVIEW_BRANCHES}*")
    published = {p.stem for p in (Path(repo) / PUBLISHED).glob("*.yml")}
    from ..config import load_config
    from ..github import opened_by_bot_here

    # Only the bot's own PRs on this repository's branches: a fork's PR named like one is not ours to close.
    pulls = gh.pulls(state="open", head_prefix=REVIEW_BRANCHES) if refs else []
    bots = gh.bots(load_config(repo).review.bots) if pulls else ()
    open_pulls = [p for p in pulls if opened_by_bot_here(p, gh.settings.repository, bots)]
    return cleanup.plan(cycle, refs, open_pulls, published)


def _close_cycles(gh, git, repo, cycle: str, remote: str, language: str = "en"):
    """Review branches (and still-open PRs) of cycles closed by handing out ``cycle``; a refusal is retried next cycle."""
    from . import cleanup

    return cleanup.apply(gh, git, _closing_plan(gh, git, repo, cycle, remote), cycle, remote=remote, language=language)
