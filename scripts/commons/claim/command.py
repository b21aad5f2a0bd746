"""``commons review-command``: act on a command commented on a review PR (`/skip`, `/swap`, `/claim`).

Run by the review-commands workflow on ``issue_comment``, from main's code and with the
event file GitHub wrote; the comment is data. The record on main changes first (so the
validation of the PRs finds the new allocation), then both members' branches and PR
bodies, then one answer on the PR. A rerun finds its answer there and does nothing.

Only review PRs the bot opened from this repository into main are answered. After the
event's own command, the run answers every command still unanswered on open review PRs
(found by the bot's answer markers), so a run that GitHub cancelled or replaced while it
waited loses nothing: the next one picks it up (SECURITY.md, "A comment never delays the week").
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
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


@dataclass
class _Context:
    """What every command of one run shares: the repository, its configuration and GitHub."""
    args: object
    config: object
    members: list
    gh: object

    @property
    def repo(self) -> Path:
        return self.args.repo


@dataclass(frozen=True)
class _Command:
    """One command comment on one review PR."""
    number: int
    comment_id: int
    author: str
    body: str
    cycle: str
    member: str
    state: str

    @property
    def marker(self) -> str:
        return marker_for(self.comment_id)


def _review_pull(ctx: _Context, pull) -> tuple[str, str] | None:
    """(cycle, member) when ``pull`` is a review PR the bot opened from this repository into main
    (SECURITY.md promise 4): a fork's PR, or one from a review branch into another base, is not."""
    from ..assign.render import parse_branch
    from ..github import opened_by_bot_here

    branch = parse_branch(pull.head)
    if branch is None or pull.base != ctx.config.publish.branch:
        return None
    if not opened_by_bot_here(pull, ctx.gh.settings.repository, _bots(ctx)):
        return None
    return branch


def _bots(ctx: _Context) -> tuple[str, ...]:
    """Who opens review PRs and answers commands: the token's identity and review.bots, as assign and
    publish count them (a personal token's login too)."""
    return ctx.gh.bots(ctx.config.review.bots)


def _answered(ctx: _Context, comments) -> set[int]:
    """The comments the bot has answered: found by the markers in its own comments only (a member
    could write a marker into theirs)."""
    bots = {b.lower() for b in _bots(ctx)}
    return {int(m) for c in comments if c.author.lower() in bots for m in _MARKER.findall(c.body)}


_MARKER = re.compile(r"<!-- commons:command comment=(\d+) -->")


def _unanswered(ctx: _Context) -> list[_Command]:
    """Every command on an open review PR that has no answer yet, oldest first: what a run that was
    cancelled (or replaced while it waited) left."""
    from . import core
    from ..content.layout import REVIEW_BRANCHES

    bots = {b.lower() for b in _bots(ctx)}
    found = []
    for pull in ctx.gh.pulls(state="open", head_prefix=REVIEW_BRANCHES):
        branch = _review_pull(ctx, pull)
        if branch is None:
            continue
        comments = ctx.gh.comments(pull.number)
        done = _answered(ctx, comments)
        found += [_Command(pull.number, c.id, c.author, c.body, *branch, pull.state) for c in comments
                  if c.id not in done and c.author.lower() not in bots and core.is_command(c.body)]
    return sorted(found, key=lambda c: c.comment_id)


def run(args) -> int:
    """The event's command, then every command on an open review PR still without an answer."""
    from . import core
    from ..config import load_config, load_members
    from ..github import GitHub, GitHubError

    event = read_event(args.event)
    if not event["is_pull"] or not core.is_command(event["body"]):
        print(say("claim.not_a_command"))
        return 0
    config = load_config(args.repo)
    ctx = _Context(args, config, load_members(args.repo, config), GitHub.from_env())
    number = event["number"]
    try:
        pull = ctx.gh.get_pull(number)
        branch = _review_pull(ctx, pull)
        if branch is None:
            print(say("claim.not_a_review_pull", number=number))
            return 0 if args.dry_run else _sweep(ctx)
        if event["comment_id"] in _answered(ctx, ctx.gh.comments(number)):
            print(say("claim.answered", number=number, comment=event["comment_id"]))
            return 0 if args.dry_run else _sweep(ctx)
    except GitHubError as exc:
        print(f"commons review-command: {exc}", file=sys.stderr)
        return 1
    command = _Command(number, event["comment_id"], event["author"], event["body"], *branch, pull.state)
    status = _act(ctx, command)
    return status if args.dry_run else max(status, _sweep(ctx))


def _sweep(ctx: _Context) -> int:
    from ..github import GitHubError

    try:
        left = _unanswered(ctx)
    except GitHubError as exc:
        print(f"commons review-command: {exc}", file=sys.stderr)
        return 1
    return max((_act(ctx, command) for command in left), default=0)


def _act(ctx: _Context, command: _Command) -> int:
    """One command: checked, carried out (retried on a main that moved meanwhile), answered once."""
    from . import core, share
    from ..assign.inputs import reviewers

    config = ctx.config
    roster = core.Roster(
        capacity={r.handle.lower(): (0 if r.unavailable else r.capacity) for r in reviewers(config, ctx.members, command.cycle)},
        maintainers=frozenset(h.lower() for h in config.review.maintainers),
        handles={m.github.lower(): m.github for m in ctx.members},
    )
    if not core.allowed(command.author, command.member, roster):
        return _answer(ctx, command, "not_allowed", {"member": f"@{roster.handles.get(command.member, command.member)}"})
    if command.state != "open":
        return _answer(ctx, command, "closed", {})
    shared = share.parse(command.body, core.MAX_COMMENT)
    if shared is not None:
        return _retrying(ctx, lambda: _share(ctx, command, shared))
    request = core.parse(command.body)
    if request is None and core.asks_for_list(command.body):
        return _claim_list(ctx, command)
    if request is None:
        return _answer(ctx, command, "usage", {})
    act = {"skip": _skip, "swap": _swap, "claim": _claim}[request.verb]
    return _retrying(ctx, lambda: act(ctx, command, request, roster))


def _retrying(ctx: _Context, act, attempts: int = 3) -> int:
    """``act`` again from main as it now is when its push to main was refused because main moved
    (assign, collect or publish wrote meanwhile): the record is read anew, never overwritten."""
    from ..git import Git

    for attempt in range(attempts):
        try:
            return act()
        except _MainMoved as exc:
            if attempt == attempts - 1:
                print(f"commons review-command: {say('claim.rerun', error=exc)}", file=sys.stderr)
                return 1
            git, branch, remote = Git(ctx.repo), ctx.config.publish.branch, ctx.args.remote
            git.fetch_branch(remote, branch)
            git.run("reset", "--quiet", "--hard", f"{remote}/{branch}")
    return 1


class _MainMoved(Exception):
    """The push to main was refused: someone wrote it since this run read it."""


def _push_main(ctx: _Context, git, changed: list[str], message: str) -> None:
    from ..git import GitError

    if git.commit_paths(changed, message):
        branch, remote = ctx.config.publish.branch, ctx.args.remote
        try:
            git.push(remote, [f"HEAD:refs/heads/{branch}"])
        except GitError as exc:
            if "rejected" in str(exc) or "fetch first" in str(exc) or "non-fast-forward" in str(exc):
                raise _MainMoved(str(exc)) from None
            raise
        git.fetch_branch(remote, branch)


def _answer(ctx: _Context, command: _Command, code: str, words: dict) -> int:
    from . import core

    return _post(ctx.args, ctx.gh, command.number, command.marker,
                 core.reply(code, words, command.marker, ctx.config.language), code)


def _catalog(ctx: _Context, command: _Command, key: str, words: dict) -> int:
    return _catalog_answer(ctx.args, ctx.gh, command.number, command.marker, key, words, ctx.config.language)


def _claim_list(ctx: _Context, command: _Command) -> int:
    """``/claim`` alone: the ids a member may take, for members who work on GitHub's pages only."""
    from . import core
    from ..assign.inputs import claimable

    cycle = command.cycle
    found = claimable(ctx.repo, ctx.config, cycle)
    if not found:
        return _catalog(ctx, command, "claim.none_here", {"cycle": cycle})
    lines = "\n".join(f"- {code(c.id)} ({c.score}) {for_github(c.title[:100])}" for c in found[:core.LISTED])
    return _catalog(ctx, command, "claim.list", {"cycle": cycle, "n": len(found), "items": lines})


def _skip(ctx: _Context, command: _Command, request, roster) -> int:
    """``/skip <item> [reason]``: hand an item back; the planner may give the slot to someone with room."""
    return _replan(ctx, command, request, roster, name_replacement=True)


def _swap(ctx: _Context, command: _Command, request, roster) -> int:
    """``/swap <item> @member``: give an item to a member with room."""
    return _replan(ctx, command, request, roster)


def _claim(ctx: _Context, command: _Command, request, roster) -> int:
    """``/claim <item>``: take an item short of reviewers."""
    return _replan(ctx, command, request, roster)


def _replan(ctx: _Context, command: _Command, request, roster, name_replacement: bool = False) -> int:
    """The record changed as the command asks: main first (the PRs' validation reads it there),
    then both members' branches and PR bodies, then one answer on the PR."""
    from . import core
    from ..assign.inputs import candidates, history, read_declined, read_state, reviewers
    from ..assign.plan import make_plan
    from ..assign.render import branch_name

    repo, config, cycle, number = ctx.repo, ctx.config, command.cycle, command.number
    prior = read_state(repo, cycle) or {}
    cands, files = candidates(repo, config, cycle, prior, [])
    decision = core.decide(request, command.member, prior, read_declined(repo, cycle), {c.id for c in cands}, roster,
                           config.review.reviewers_per_item)
    if not decision.ok:
        return _answer(ctx, command, decision.code, decision.words)
    plan = make_plan(cycle, cands, reviewers(config, ctx.members, cycle), reviewers_per_item=config.review.reviewers_per_item,
                     history=history(repo, cycle), prior=decision.assignments, declined=decision.declined,
                     fill={request.item})
    if name_replacement:  # who the planner gave the slot to, if anyone
        before = {h.lower() for h, ids in decision.assignments.items() if request.item in ids}
        new = [h for h in plan.reviewers_of(request.item) if h.lower() not in before]
        decision.words["replacement"] = f"@{new[0]}" if new else ""
    if ctx.args.dry_run:
        print(json.dumps(plan.as_json(), ensure_ascii=False, indent=2))
        return _answer(ctx, command, decision.code, decision.words)

    def close_emptied() -> None:  # a member left with nothing to review: their PR has nothing left to merge
        for handle in sorted({h.lower() for h, ids in prior.items() if ids} - {h.lower() for h in plan.assignments}):
            emptied = ctx.gh.pull_by_head(branch_name(cycle, handle), state="open")
            if emptied is not None:
                ctx.gh.close_pull(emptied.number)
                print(say("claim.emptied", number=emptied.number, handle=handle, cycle=cycle))

    failed = _write_plan(ctx, plan, _hand_out(repo, plan, files),
                         f"review-command: {request.verb} {request.item} on #{number} ({cycle})", then=close_emptied)
    if failed is None:
        return 1
    return _answer(ctx, command, decision.code, decision.words) or (1 if failed else 0)


def _write_plan(ctx: _Context, plan, changed: list[str], message: str, then=lambda: None) -> dict | None:
    """The record on main first (the PRs' validation reads it there) with the files ``changed``, then
    the members' branches and PR bodies, then ``then()``: the PRs that could not be written (each
    said), or None when a write failed (said; the command is left for a rerun)."""
    from ..assign.apply import open_pulls, push_branches
    from ..assign.inputs import review_context, state_path, write_state
    from ..git import Git, GitError
    from ..github import GitHubError

    repo, config = ctx.repo, ctx.config
    git = Git(repo)
    try:
        write_state(repo, plan)
        _push_main(ctx, git, [*changed, state_path(repo, plan.cycle).relative_to(repo).as_posix()], message)
        context = review_context(repo, config)
        branches = push_branches(git, plan, remote=ctx.args.remote, base_branch=config.publish.branch,
                                 week=config.week, language=config.language, context=context)
        pulls = open_pulls(ctx.gh, plan, base_branch=config.publish.branch, labels=config.review.labels,
                           week=config.week, language=config.language, context=context)
        then()
    except (GitError, GitHubError) as exc:
        print(f"commons review-command: {say('claim.rerun', error=exc)}", file=sys.stderr)
        return None
    for path in (path for paths in branches.kept.values() for path in paths):
        print(say("claim.kept", path=path))  # a file the member edited and no longer holds stays on their branch
    for handle, why in sorted(pulls.failed.items()):
        print(f"commons review-command: @{handle}: {why}", file=sys.stderr)
    return pulls.failed


def _share(ctx: _Context, command: _Command, request) -> int:
    """``/share <url> [note]`` on the member's review PR: one answer, and the item in their review when new."""
    from ..assign.inputs import candidates, history, read_declined, read_state, reviewers
    from ..assign.plan import make_plan
    from ..clock import now_from_env
    from ..collect.items import timestamp
    from ..git import GitError
    from ..github import GitHubError
    from . import core, share, sharing

    args, config, members, gh = ctx.args, ctx.config, ctx.members, ctx.gh
    repo, number, cycle, member, marker = ctx.repo, command.number, command.cycle, command.member, command.marker

    def answer(key: str, words: dict) -> int:
        return _catalog(ctx, command, key, words)

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
    handle = next((m.github for m in members if m.github.lower() == member.lower()), member)
    try:
        provenance = share.provenance(command.author, timestamp(now), number, request.note)
        if outcome.resume:
            item_id, changed = outcome.resume, []
        else:
            item_id, changed = sharing.write_item(repo, config, cycle, entry, index, provenance, timestamp(now))
        prior = {h: list(ids) for h, ids in (read_state(repo, cycle) or {}).items()}
        key = next((h for h in prior if h.lower() == member.lower()), handle)
        if item_id not in prior.get(key, []):
            prior[key] = [*prior.get(key, []), item_id]
        cands, _ = candidates(repo, config, cycle, prior, [])
        # fill nothing: the shared item is its sharer's; other gaps wait for Sunday as with /claim
        plan = make_plan(cycle, cands, list(crew.values()), reviewers_per_item=config.review.reviewers_per_item,
                         history=history(repo, cycle), prior=prior, declined=read_declined(repo, cycle), fill=set())
    except (GitError, GitHubError) as exc:
        print(f"commons review-command: {say('claim.rerun', error=exc)}", file=sys.stderr)
        return 1
    if item_id not in plan.assignments.get(handle, ()):
        print(f"commons review-command: {say('claim.not_kept', item=item_id, handle=handle)}", file=sys.stderr)
        return 1
    failed = _write_plan(ctx, plan, changed, f"review-command: share {item_id} on #{number} ({cycle})")
    if failed is None:
        return 1
    note = f" — {share.note_line(request.note)}" if request.note else ""
    return answer("share.done", {"item": f"`{item_id}`", "note": note}) or (1 if failed else 0)
