"""``commons review-command``: act on a command commented on a review PR (`/skip`, `/swap`, `/claim`).

Run by the review-commands workflow on ``issue_comment``, from main's code and with the
event file GitHub wrote; the comment is data. The record on main changes first (so the
validation of the PRs finds the new allocation), then both members' branches and PR
bodies, then one answer on the PR. A rerun finds its answer there and does nothing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..problems import UsageError
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--event", type=Path, help="the issue_comment event file (default: $GITHUB_EVENT_PATH)")
    parser.add_argument("--remote", default="origin", help="the git remote that is the GitHub repository")
    parser.add_argument("--dry-run", action="store_true", help="print the decision and the new plan; change nothing")


def read_event(path: Path | None) -> dict:
    where = path or (Path(os.environ["GITHUB_EVENT_PATH"]) if os.environ.get("GITHUB_EVENT_PATH") else None)
    if where is None:
        raise UsageError(say("claim.no_event"))
    try:
        event = json.loads(Path(where).read_text(encoding="utf-8"))
        comment, issue = event["comment"], event["issue"]
        return {
            "comment_id": int(comment["id"]), "body": str(comment.get("body") or ""),
            "author": str((comment.get("user") or {}).get("login") or ""),
            "number": int(issue["number"]), "is_pull": bool(issue.get("pull_request")),
        }
    except OSError as exc:
        raise UsageError(f"--event {where}: " + say("validate.unreadable", error=exc.strerror or exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"--event {where}: " + say("claim.not_an_event", error=f"{type(exc).__name__}: {exc}")) from None


def marker_for(comment_id: int) -> str:
    return f"<!-- commons:command comment={comment_id} -->"


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
    from ..content import frontmatter
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
        text = core.reply(code, words, marker)
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
    request = core.parse(event["body"])
    if request is None:
        return answer("usage", {})

    problems: list = []
    prior = read_state(repo, cycle) or {}
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
        for item_id in {i for ids in plan.assignments.values() for i in ids}:
            doc = files[item_id].doc
            if doc.meta.get("status") == "triaged":
                doc.meta["status"] = "assigned"
                frontmatter.write(files[item_id].path, doc)
                changed.append(files[item_id].path.relative_to(repo).as_posix())
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
