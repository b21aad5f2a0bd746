"""``commons review-command``: act on a command commented on a review PR (`/skip`, `/swap`, `/claim`).

Run by the review-commands workflow on ``issue_comment``, from main's code and with the
event file GitHub wrote; the comment is data. The record on main changes first (so the
validation of the PRs finds the new allocation), then both members' branches and PR
bodies, then one answer on the PR. A rerun finds its answer there and does nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import events
from ..i18n import say
from ..untrusted import code, for_github


def add_arguments(parser) -> None:
    parser.add_argument("--event", type=Path, help="the issue_comment event file (default: $GITHUB_EVENT_PATH)")
    parser.add_argument("--remote", default="origin", help="the git remote that is the GitHub repository")
    parser.add_argument("--dry-run", action="store_true", help="print the decision and the new plan; change nothing")


def _comment(event: dict) -> dict:
    comment, issue = event["comment"], event["issue"]
    return {
        "comment_id": int(comment["id"]), "body": str(comment.get("body") or ""),
        "author": str((comment.get("user") or {}).get("login") or ""),
        "number": int(issue["number"]), "is_pull": bool(issue.get("pull_request")),
    }


def read_event(path: Path | None) -> dict:
    return events.read(path, "claim", _comment)


def marker_for(comment_id: int) -> str:
    return f"<!-- commons:command comment={comment_id} -->"


def _post(args, gh, number: int, marker: str, text: str, code: str) -> int:
    """Post the one answer (print it in a dry run); 1 when GitHub refused it."""
    from ..github import GitHubError

    if args.dry_run:
        print(text)
        return 0
    try:
        gh.add_comment(number, text, marker=marker)
    except GitHubError as exc:
        print(f"commons review-command: {say('claim.no_answer', number=number, error=exc)}", file=sys.stderr)
        return 1
    print(f"#{number}: {code}")
    return 0


def _catalog_answer(args, gh, number: int, marker: str, key: str, words: dict, language: str) -> int:
    from .core import catalog_reply

    return _post(args, gh, number, marker, catalog_reply(key, words, marker, language), key)


def _hand_out(repo: Path, plan, files: dict) -> list[str]:
    """Items of the new record not handed out before become ``assigned``; one not selected this
    cycle (it lives in the pool) gets its own file in items/ first, as assign does. Returns
    the paths changed, relative to the repository."""
    from ..content import items as content_items

    changed, entries = [], []
    for item_id in sorted({i for ids in plan.assignments.values() for i in ids}):
        entry = files[item_id]
        if entry.meta.get("status") in ("triaged", content_items.NOT_SELECTED):
            entry.meta["status"] = "assigned"
            entries.append(entry)
    pooled = [e for e in entries if e.pooled]
    changed += sorted({e.path.relative_to(repo).as_posix() for e in pooled})  # the pool lines leave
    promoted = content_items.promote(repo, pooled)
    content_items.save(repo, [e for e in entries if not e.pooled])
    changed += [e.path.relative_to(repo).as_posix() for e in promoted + [e for e in entries if not e.pooled]]
    return changed


def run(args) -> int:
    from . import core

    event = read_event(args.event)
    if not event["is_pull"] or not core.is_command(event["body"]):
        print(say("claim.not_a_command"))
        return 0

    from ..assign.apply import open_pulls, push_branches
    from ..assign.inputs import (candidates, history, read_declined, read_state, review_context, reviewers,
                                 state_path, write_state)
    from ..assign.plan import make_plan
    from ..assign.render import branch_name, parse_branch
    from ..config import load_config, load_members
    from ..git import Git, GitError
    from ..github import GitHub, GitHubError

    repo = args.repo
    config = load_config(repo)
    members = load_members(repo, config)
    gh = GitHub.from_env()
    number, marker = event["number"], marker_for(event["comment_id"])
    try:
        pull = gh.get_pull(number)
        branch = parse_branch(pull.head)
        if branch is None:
            print(say("claim.not_a_review_pull", number=number))
            return 0
        if any(marker in c.body for c in gh.comments(number)):
            print(say("claim.answered", number=number, comment=event['comment_id']))
            return 0
    except GitHubError as exc:
        print(f"commons review-command: {exc}", file=sys.stderr)
        return 1
    cycle, member = branch

    def answer(code: str, words: dict) -> int:
        return _post(args, gh, number, marker, core.reply(code, words, marker, config.language), code)

    cycle_reviewers = reviewers(config, members, cycle)
    roster = core.Roster(
        capacity={r.handle.lower(): (0 if r.unavailable else r.capacity) for r in cycle_reviewers},
        maintainers=frozenset(h.lower() for h in config.review.maintainers),
        handles={m.github.lower(): m.github for m in members},
    )
    shown_member = f"@{roster.handles.get(member, member)}"
    if not core.allowed(event["author"], member, roster):
        return answer("not_allowed", {"member": shown_member})
    if pull.state != "open":
        return answer("closed", {})
    from . import share

    shared = share.parse(event["body"], core.MAX_COMMENT)
    if shared is not None:
        return _share(args, config, members, gh, cycle, member, event, shared, marker)
    request = core.parse(event["body"])
    problems: list = []
    prior = read_state(repo, cycle) or {}
    if request is None and core.asks_for_list(event["body"]):
        # `/claim` alone: the ids a member may take, for members who work on GitHub's pages only
        cands, _ = candidates(repo, config, cycle, prior, problems)
        found = core.claimable([c for c in cands if not c.audit], prior, config.review.reviewers_per_item)
        if not found:
            return _catalog_answer(args, gh, number, marker, "claim.none_here", {"cycle": cycle}, config.language)
        lines = "\n".join(f"- {code(c.id)} ({c.score}) {for_github(c.title[:100])}" for c in found[:core.LISTED])
        return _catalog_answer(args, gh, number, marker, "claim.list", {"cycle": cycle, "n": len(found), "items": lines}, config.language)
    if request is None:
        return answer("usage", {})

    cands, files = candidates(repo, config, cycle, prior, problems)
    decision = core.decide(request, member, prior, read_declined(repo, cycle), {c.id for c in cands}, roster,
                           config.review.reviewers_per_item)
    if not decision.ok:
        return answer(decision.code, decision.words)
    plan = make_plan(cycle, cands, cycle_reviewers, reviewers_per_item=config.review.reviewers_per_item,
                     history=history(repo, cycle), prior=decision.assignments, declined=decision.declined,
                     fill={request.item})
    if request.verb == "skip":  # who the planner gave the slot to, if anyone
        before = {h.lower() for h, ids in decision.assignments.items() if request.item in ids}
        new = [h for h in plan.reviewers_of(request.item) if h.lower() not in before]
        decision.words["replacement"] = f"@{new[0]}" if new else ""
    if args.dry_run:
        print(json.dumps(plan.as_json(), ensure_ascii=False, indent=2))
        return answer(decision.code, decision.words)

    git = Git(repo)
    context = review_context(repo, config)
    try:
        # 1. main learns the new allocation first: the PRs' validation reads it from there.
        write_state(repo, plan)
        changed = [state_path(repo, cycle).relative_to(repo).as_posix()]
        changed += _hand_out(repo, plan, files)
        if git.commit_paths(changed, f"review-command: {request.verb} {request.item} on #{number} ({cycle})"):
            git.push(args.remote, [f"HEAD:refs/heads/{config.publish.branch}"])
            git.fetch(args.remote, [f"+refs/heads/{config.publish.branch}:refs/remotes/{args.remote}/{config.publish.branch}"])
        # 2. both members' branches, then their PRs' titles and bodies.
        branches = push_branches(git, plan, remote=args.remote, base_branch=config.publish.branch,
                                 week=config.week, language=config.language, context=context)
        pulls = open_pulls(gh, plan, base_branch=config.publish.branch, labels=config.review.labels,
                           week=config.week, language=config.language, context=context)
        # 3. a member left with nothing to review: their PR has nothing left to merge.
        for handle in sorted({h.lower() for h, ids in prior.items() if ids} - {h.lower() for h in plan.assignments}):
            emptied = gh.pull_by_head(branch_name(cycle, handle), state="open")
            if emptied is not None:
                gh.close_pull(emptied.number)
                print(say("claim.emptied", number=emptied.number, handle=handle, cycle=cycle))
    except (GitError, GitHubError) as exc:
        print(f"commons review-command: {say('claim.rerun', error=exc)}", file=sys.stderr)
        return 1
    for path_list in branches.kept.values():
        for path in path_list:
            print(say("claim.kept", path=path))
    for handle, why in sorted(pulls.failed.items()):
        print(f"commons review-command: @{handle}: {why}", file=sys.stderr)
    # 4. one answer on the PR the command came from.
    return answer(decision.code, decision.words) or (1 if pulls.failed else 0)


def _share(args, config, members, gh, cycle: str, member: str, event: dict, request, marker: str) -> int:
    """``/share <url> [note]`` on ``member``'s review PR: one answer, and the item in their review when new."""
    from ..assign.apply import open_pulls, push_branches
    from ..assign.inputs import candidates, history, read_declined, read_state, review_context, reviewers, state_path, write_state
    from ..assign.plan import make_plan
    from ..clock import now_from_env
    from ..collect.items import timestamp
    from ..git import Git, GitError
    from ..github import GitHubError
    from . import core, share, sharing

    repo, number = args.repo, event["number"]

    def answer(key: str, words: dict) -> int:
        return _catalog_answer(args, gh, number, marker, key, words, config.language)

    now = now_from_env()
    crew = {r.handle.lower(): r for r in reviewers(config, members, cycle)}
    sharer = crew.get(member.lower())
    if sharer is None or sharer.unavailable or sharer.capacity <= 0:  # the record would not keep it for them
        text = core.reply("unavailable", {"item": "", "target": f"@{sharer.handle if sharer else member}"}, marker, config.language)
        return _post(args, gh, number, marker, text, "unavailable")
    outcome, entry, index = sharing.prepare(repo, config, cycle, request, number)
    if entry is None and not outcome.resume:
        return answer(outcome.key, outcome.words)
    if args.dry_run:
        print(json.dumps(entry, ensure_ascii=False, indent=2))
        return answer("share.done", {"item": "`(dry run)`", "note": ""})
    git = Git(repo)
    handle = next((m.github for m in members if m.github.lower() == member.lower()), member)
    try:
        provenance = share.provenance(event["author"], timestamp(now), number, request.note)
        if outcome.resume:
            item_id, changed = outcome.resume, []
        else:
            item_id, changed = sharing.write_item(repo, config, cycle, entry, index, provenance, timestamp(now))
        prior = {h: list(ids) for h, ids in (read_state(repo, cycle) or {}).items()}
        key = next((h for h in prior if h.lower() == member.lower()), handle)
        if item_id not in prior.get(key, []):
            prior[key] = [*prior.get(key, []), item_id]
        problems: list = []
        cands, _ = candidates(repo, config, cycle, prior, problems)
        # fill nothing: the shared item is its sharer's; other gaps wait for Sunday as with /claim
        plan = make_plan(cycle, cands, list(crew.values()), reviewers_per_item=config.review.reviewers_per_item,
                         history=history(repo, cycle), prior=prior, declined=read_declined(repo, cycle), fill=set())
        if item_id not in plan.assignments.get(handle, ()):
            print(f"commons review-command: {say('claim.not_kept', item=item_id, handle=handle)}", file=sys.stderr)
            return 1
        write_state(repo, plan)
        changed.append(state_path(repo, cycle).relative_to(repo).as_posix())
        if git.commit_paths(changed, f"review-command: share {item_id} on #{number} ({cycle})"):
            git.push(args.remote, [f"HEAD:refs/heads/{config.publish.branch}"])
            git.fetch(args.remote, [f"+refs/heads/{config.publish.branch}:refs/remotes/{args.remote}/{config.publish.branch}"])
        context = review_context(repo, config)
        push_branches(git, plan, remote=args.remote, base_branch=config.publish.branch,
                      week=config.week, language=config.language, context=context)
        pulls = open_pulls(gh, plan, base_branch=config.publish.branch, labels=config.review.labels,
                           week=config.week, language=config.language, context=context)
    except (GitError, GitHubError) as exc:
        print(f"commons review-command: {say('claim.rerun', error=exc)}", file=sys.stderr)
        return 1
    for failed, why in sorted(pulls.failed.items()):
        print(f"commons review-command: @{failed}: {why}", file=sys.stderr)
    note = f" — {share.note_line(request.note)}" if request.note else ""
    return answer("share.done", {"item": f"`{item_id}`", "note": note}) or (1 if pulls.failed else 0)
