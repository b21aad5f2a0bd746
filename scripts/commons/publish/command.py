"""``commons publish``: merge the approved review pull requests, then write the newsletter, the
handbook references, item statuses and indexes as one commit on main (or one pull request).

Exit 0 done (pull requests that were not merged got a comment saying why); 1 when
something needs a person (a merge GitHub failed for another reason, a push that
was refused, files that could not be read, a chapter that does not exist); 2 bad
configuration or environment.
"""

from __future__ import annotations

import difflib
import shutil
import sys
from pathlib import Path

PUBLISH_BRANCH_PREFIX = "commons/publish/"


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be merged, commented and written; change nothing")
    parser.add_argument("--cycle", help="publish this cycle (YYYY-Www) instead of the one due this week")
    parser.add_argument("--remote", default="origin", help="the git remote that is the GitHub repository")
    parser.add_argument("--offline", action="store_true",
                        help="no GitHub and no git: write the newsletter from the reviews in this folder")


def _cycle(args, config) -> str:
    from ..cli import now_from_env
    from ..content import cycles
    from ..problems import UsageError

    if not args.cycle:
        return cycles.distributing_cycle(now_from_env(), config.week)
    try:
        cycles.parse_cycle(args.cycle)
    except ValueError as exc:
        raise UsageError(f"--cycle: {exc}") from None
    return args.cycle


def _show_changes(plan, dry_run: bool) -> None:
    verb = "would write" if dry_run else "writes"
    for change in sorted(plan.changes, key=lambda c: c.path):
        print(f"{verb} {change.path} ({'new' if change.before is None else 'changed'})")
        if dry_run and change.path.endswith(".md"):
            sys.stdout.writelines(difflib.unified_diff(
                (change.before or "").splitlines(keepends=True), change.after.splitlines(keepends=True),
                f"a/{change.path}", f"b/{change.path}",
            ))


def _summary(cycle: str, plan, outcome, where: str) -> str:
    from ..report import markdown_table
    from . import policy

    lines = [f"## commons publish {cycle}", ""]
    if outcome is not None and outcome.decisions:
        rows = []
        for d in outcome.decisions:
            shown = {"merge": "merged", "hold": "not merged", policy.ALREADY_MERGED: "merged earlier",
                     policy.CLOSED: "closed"}[d.action]
            rows.append([f"#{d.number}", f"@{d.author}" if d.author else "", shown, "; ".join(r.en for r in d.reasons)])
        lines += [markdown_table(["pull request", "member", "outcome", "why"], rows), ""]
    if plan is not None and plan.stats is not None:
        s = plan.stats
        lines.append(f"Newsletter: {s.published} item(s) from {s.reviewed} reviewed of {s.kept} kept "
                     f"({s.collected} collected); {sum(plan.references.values())} handbook reference(s).")
    lines.append(where)
    if plan is not None and plan.notes:
        lines += ["", "**Needs a person:**", *[f"- {n}" for n in plan.notes]]
    if outcome is not None and outcome.errors:
        lines += ["", "**Errors:**", *[f"- {e}" for e in outcome.errors]]
    return "\n".join(lines)


def _offline(args, config, members, cycle: str) -> int:
    from ..report import step_summary
    from . import plan as publish_plan
    from .remote import scratch

    if args.dry_run:
        with scratch() as tmp:
            copy = Path(tmp) / "repo"
            shutil.copytree(args.repo, copy, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__"))
            result = publish_plan.apply_to(copy, publish_plan.build(copy, config, members, cycle), config)
    else:
        result = publish_plan.apply_to(args.repo, publish_plan.build(args.repo, config, members, cycle), config)
    _show_changes(result, args.dry_run)
    for note in result.notes:
        print(note, file=sys.stderr)
    where = f"{len(result.changes)} file(s) {'would change' if args.dry_run else 'written'} in the working tree."
    if result.empty:
        where = result.nothing_to_publish()
    print(where, file=sys.stderr)
    if not args.dry_run:
        step_summary(_summary(cycle, result, None, where))
    return 1 if result.notes else 0


def run(args) -> int:
    from datetime import timedelta

    from ..config import load_config, load_members
    from ..content import cycles
    from ..report import Progress, step_summary

    config = load_config(args.repo)
    members = load_members(args.repo, config)
    cycle = _cycle(args, config)
    if args.offline:
        return _offline(args, config, members, cycle)

    from ..git import Git, GitError
    from ..github import GitHub, GitHubError
    from . import plan as publish_plan
    from . import policy
    from .remote import fetch_main, forget_fetched, gather, materialize, merge_and_comment, scratch, write_commit

    gh = GitHub.from_env()
    git = Git(args.repo)
    branch = config.publish.branch
    rules = policy.Rules.from_config(cycle, config.review, members, base=branch)
    try:
        main_sha = fetch_main(git, args.remote, branch)
        # Review PRs are opened when the cycle is handed out; a week's margin covers early manual runs.
        since = cycles.distribution_time(cycle, config.week) - timedelta(days=7)
        gathered = gather(gh, git, cycle, remote=args.remote, main_sha=main_sha, since=since)
        with Progress("review pull requests", len(gathered)) as progress:
            outcome = merge_and_comment(gh, gathered, rules, dry_run=args.dry_run, progress=progress,
                                         language=config.language)
    except (GitError, GitHubError) as exc:
        print(f"commons publish: {exc}", file=sys.stderr)
        return 1
    for d in outcome.decisions:
        verb = {"merge": "would merge" if args.dry_run else "merged", "hold": "not merged",
                policy.ALREADY_MERGED: "merged earlier", policy.CLOSED: "closed, left alone"}[d.action]
        reasons = "".join(f"\n    - {r.en}" for r in d.reasons)
        print(f"#{d.number} @{d.author or '?'}: {verb}{reasons}")

    where = ""
    result = None
    for attempt in range(3):  # main may move between fetch and push: start again from the new main
        try:
            main_sha = fetch_main(git, args.remote, branch)
            overlays = []
            if args.dry_run:  # show the newsletter as it would be with the approved reviews merged
                overlays = [(d.head_sha, f"news/{cycle}/reviews/{d.author}/") for d in outcome.decisions
                            if d.action == policy.MERGE]
            with scratch() as tmp:
                materialize(git, main_sha, Path(tmp), overlays)
                result = publish_plan.build(Path(tmp), config, members, cycle, outcome.records)
                publish_plan.apply_to(Path(tmp), result, config)
            _show_changes(result, args.dry_run)
            if result.empty:
                where = result.nothing_to_publish()
                break
            if args.dry_run:
                where = f"Dry run: {len(result.changes)} file(s) would change; nothing was merged, commented or pushed."
                break
            message = _message(cycle, result, outcome)
            commit = write_commit(git, main_sha, {c.path: c.after for c in result.changes}, message)
            if config.publish.mode == "pull-request":
                where = _as_pull_request(gh, git, args.remote, branch, cycle, commit, main_sha, message)
                break
            if commit is None:
                where = f"Nothing new to write: {branch} already holds this newsletter."
                break
            git.push(args.remote, [f"{commit}:refs/heads/{branch}"])
            where = f"One commit on {branch}: {commit[:12]} ({len(result.changes)} file(s))."
            break
        except GitError as exc:
            if attempt == 2:
                hint = (" If the branch is protected, set `publish: {mode: pull-request}` in commons.yml."
                        if config.publish.mode == "commit" else "")
                outcome.errors.append(f"could not write the result: {exc}.{hint}")
                where = "Nothing was written."
        except GitHubError as exc:
            outcome.errors.append(f"could not open the publish pull request: {exc}")
            where = "The publish branch was pushed but its pull request could not be opened."
            break
    forget_fetched(git)
    if result is not None:
        for note in result.notes:
            print(note, file=sys.stderr)
    for error in outcome.errors:
        print(f"commons publish: {error}", file=sys.stderr)
    print(where, file=sys.stderr)
    if not args.dry_run:
        step_summary(_summary(cycle, result, outcome, where))
    return 1 if outcome.errors or (result is not None and result.notes) else 0


def _message(cycle: str, result, outcome) -> str:
    published = len(result.published)
    refs = sum(result.references.values())
    merged = ", ".join(f"#{n}" for n in outcome.merged)
    body = f"\n\nMerged review pull requests: {merged}" if merged else ""
    return (f"publish {cycle}: newsletter ({published} item{'s' if published != 1 else ''}), "
            f"{refs} handbook reference{'s' if refs != 1 else ''}{body}\n")


def _as_pull_request(gh, git, remote: str, branch: str, cycle: str, commit: str | None, main_sha: str,
                     message: str) -> str:
    """``publish.mode: pull-request``: the same commit on ``commons/publish/<cycle>``, one pull request for it."""
    head = f"{PUBLISH_BRANCH_PREFIX}{cycle}"
    if commit is None:
        return f"Nothing new to write: {branch} already holds this newsletter."
    existing = git.ls_remote(remote, f"refs/heads/{head}").get(f"refs/heads/{head}")
    same = False
    if existing:
        git.fetch(remote, [f"+refs/heads/{head}:refs/commons-publish/branch"])
        same = git.tree_of(existing) == git.tree_of(commit) and main_sha in git.run(
            "rev-list", "--parents", "-n", "1", existing).split()[1:]
    if not same:
        git.push(remote, [f"+{commit}:refs/heads/{head}"], atomic=False)
    pull = gh.pull_by_head(head, state="open")
    if pull is None:
        title, _, body = message.partition("\n")
        pull = gh.create_pull(head=head, base=branch, title=title, body=(body.strip() or title) + "\n")
    state = "unchanged" if same else "updated"
    return f"Publish pull request #{pull.number} ({head}, {state})."
