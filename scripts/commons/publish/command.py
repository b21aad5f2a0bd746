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

from ..untrusted import for_log

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

    # --cycle was checked by the command line
    return args.cycle or cycles.distributing_cycle(now_from_env(), config.week)


def _show_changes(plan, dry_run: bool) -> None:
    verb = "would write" if dry_run else "writes"
    for change in sorted(plan.changes, key=lambda c: c.path):
        print(f"{verb} {for_log(change.path)} ({'new' if change.before is None else 'changed'})")
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
                     policy.CLOSED: "closed", policy.IGNORED: "ignored"}[d.action]
            rows.append([f"#{d.number}", f"@{d.author}" if d.author else "", shown, "; ".join(r.en for r in d.reasons)])
        lines += [markdown_table(["pull request", "member", "outcome", "why"], rows), ""]
    if plan is not None and plan.stats is not None:
        s = plan.stats
        lines.append(f"Newsletter: {s.published} item(s) from {s.reviewed} reviewed of {s.kept} kept "
                     f"({s.collected} collected); {sum(plan.references.values())} handbook reference(s).")
        lines += ["", telemetry_table(plan.stats), ""]
        lines += [f"- {note}" for note in plan.telemetry]
    lines.append(where)
    if plan is not None and plan.notes:
        lines += ["", "**Needs a person:**", *[f"- {n}" for n in plan.notes]]
    if outcome is not None and outcome.errors:
        lines += ["", "**Errors:**", *[f"- {e}" for e in outcome.errors]]
    return "\n".join(lines)


def telemetry_table(stats) -> str:
    """The maintainers' figures (kept off the readers' page): value and what it means."""
    from ..report import markdown_table
    from .newsletter import TELEMETRY

    values = stats.telemetry()
    return markdown_table(["measure", "value", "meaning"], [[name, values[name], meaning] for name, meaning in TELEMETRY])


def announce_issue(config, cycle: str, record: dict | None, state: dict, link: str, environ, gh=None,
                   sleep=None) -> tuple[dict, list[str], list[str]]:
    """Send what is configured and not yet sent for the issue; returns (new state, done, errors).

    The Discussion is also looked for on GitHub by its hidden marker before one is created, so a
    run that posted it but could not record that does not post it again."""
    from . import announce, webhook

    settings = config.newsletter
    url = environ.get(announce.WEBHOOK_ENV, "").strip()
    if record is None:
        return state, [], []
    todo = announce.pending(state, discussion=bool(settings.discussion_category and gh is not None),
                            webhook=bool(settings.webhook and url))
    if not todo:
        return state, [], []
    messages = announce.compose(record, link, config.name, config.language)
    state, done, errors = dict(state), [], []
    if "discussion" in todo:
        from ..github import GitHubError

        try:
            repository_id, category_id = gh.discussion_category(settings.discussion_category)
            found = gh.find_discussion(category_id, announce.marker(cycle))
            state["discussion"] = found or gh.create_discussion(repository_id, category_id, messages.title,
                                                                messages.discussion)
            done.append(f"discussion {state['discussion']}" + (" (found, posted earlier)" if found else ""))
        except GitHubError as exc:
            errors.append(f"announcement as a discussion failed: {exc}")
    if "webhook" in todo:
        try:
            webhook.post(url, messages.webhook, **({"sleep": sleep} if sleep else {}))
            state["webhook"] = "sent"
            done.append("webhook")
        except webhook.WebhookError as exc:
            errors.append(f"announcement by webhook failed: {exc}")
    return state, done, errors


def _editor(config):
    """The AI editor pass when one is configured (none in a dry run: a dry run spends nothing)."""
    import os

    from .editor_ai import from_environment

    return from_environment(config, os.environ)


def _not_needed(repo: Path, wanted):
    """copytree's ignore: what the plan never reads (other cycles' pools, collect's state; see plan.needed),
    and what is no content at all."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).resolve().relative_to(repo.resolve()).as_posix()
        prefix = "" if relative == "." else relative + "/"
        return {n for n in names if n in (".git", ".venv", "__pycache__") or wanted(prefix + n) == "skip"}
    return ignore


def _offline(args, config, members, cycle: str) -> int:
    from ..report import step_summary

    edit = None if args.dry_run else _editor(config)
    from . import plan as publish_plan
    from .remote import scratch

    if args.dry_run:
        with scratch() as tmp:
            copy = Path(tmp) / "repo"
            shutil.copytree(args.repo, copy, ignore=_not_needed(Path(args.repo), publish_plan.needed(cycle)))
            result = publish_plan.apply_to(copy, publish_plan.build(copy, config, members, cycle, edit=edit), config)
    else:
        result = publish_plan.apply_to(args.repo, publish_plan.build(args.repo, config, members, cycle, edit=edit),
                                       config)
    _show_changes(result, args.dry_run)
    for note in result.notes:
        print(for_log(note), file=sys.stderr)
    where = f"{len(result.changes)} file(s) {'would change' if args.dry_run else 'written'} in the working tree."
    announced_errors: list[str] = []
    if not args.dry_run and not result.empty:
        import os

        from ..content.files import atomic_write_text
        from . import announce, feed, issues

        state_file = Path(args.repo) / announce.path(cycle)
        state = announce.read_state(state_file.read_text(encoding="utf-8") if state_file.is_file() else None)
        link = f"{feed.base_url(config, os.environ) or 'news/'}{cycle}/README.md"
        state, done, announced_errors = announce_issue(config, cycle, issues.read(args.repo, cycle), state, link,
                                                       os.environ)
        if done:
            atomic_write_text(state_file, announce.render_state(state))
            where += " Announced: " + ", ".join(done) + "."
        for error in announced_errors:
            print(f"commons publish: {error}", file=sys.stderr)
    if result.empty:
        where = result.nothing_to_publish()
    print(where, file=sys.stderr)
    if not args.dry_run:
        step_summary(_summary(cycle, result, None, where))
    return 1 if result.notes or announced_errors else 0


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
    rules = policy.Rules.from_config(cycle, config.review, members, base=branch, repository=gh.settings.repository)
    try:
        main_sha = fetch_main(git, args.remote, branch)
        # Review PRs are opened when the cycle is handed out; a week's margin covers early manual runs.
        since = cycles.distribution_time(cycle, config.week) - timedelta(days=7)
        gathered = gather(gh, git, cycle, remote=args.remote, main_sha=main_sha, since=since, rules=rules)
        with Progress("review pull requests", len(gathered)) as progress:
            outcome = merge_and_comment(gh, gathered, rules, dry_run=args.dry_run, progress=progress,
                                         language=config.language)
    except (GitError, GitHubError) as exc:
        print(f"commons publish: {for_log(exc)}", file=sys.stderr)
        return 1
    for d in outcome.decisions:
        verb = {"merge": "would merge" if args.dry_run else "merged", "hold": "not merged",
                policy.ALREADY_MERGED: "merged earlier", policy.CLOSED: "closed, left alone",
                policy.IGNORED: "ignored, not a review pull request of this repository"}[d.action]
        reasons = "".join(f"\n    - {for_log(r.en)}" for r in d.reasons)  # file names a member chose
        print(f"#{d.number} @{d.author or '?'}: {verb}{reasons}")

    where = ""
    result = None
    edit = None if args.dry_run else _editor(config)
    for attempt in range(3):  # main may move between fetch and push: start again from the new main
        try:
            main_sha = fetch_main(git, args.remote, branch)
            overlays = []
            if args.dry_run:  # show the newsletter as it would be with the approved reviews merged
                overlays = [(d.head_sha, f"news/{cycle}/reviews/{d.author}/") for d in outcome.decisions
                            if d.action == policy.MERGE]
            with scratch() as tmp:
                materialize(git, main_sha, Path(tmp), overlays, wanted=publish_plan.needed(cycle))
                result = publish_plan.build(Path(tmp), config, members, cycle, outcome.records, edit=edit)
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
    if not args.dry_run and result is not None and not result.empty and config.publish.mode == "commit" \
            and where.startswith(("One commit on", "Nothing new to write")):  # the issue is on main
        where += _announce_on_main(gh, git, args.remote, branch, config, cycle, outcome)
    forget_fetched(git)
    if result is not None:
        for note in result.notes:
            print(for_log(note), file=sys.stderr)
    for error in outcome.errors:
        print(f"commons publish: {for_log(error)}", file=sys.stderr)
    print(where, file=sys.stderr)
    if not args.dry_run:
        step_summary(_summary(cycle, result, outcome, where))
    return 1 if outcome.errors or (result is not None and result.notes) else 0


def _announce_on_main(gh, git, remote: str, branch: str, config, cycle: str, outcome) -> str:
    """Announce the issue now on main, then record that on main (one small commit), so a rerun sends nothing."""
    import json
    import os

    from ..git import GitError
    from . import announce, feed, issues
    from .remote import fetch_main, write_commit

    settings = config.newsletter
    if not (settings.discussion_category or settings.webhook):
        return ""
    try:
        main_sha = fetch_main(git, remote, branch)
        raw = git.show_blob(main_sha, issues.path(cycle))
        record = json.loads(raw.decode("utf-8")) if raw else None
        state_raw = git.show_blob(main_sha, announce.path(cycle))
        state = announce.read_state(state_raw.decode("utf-8") if state_raw else None)
    except (GitError, ValueError) as exc:
        outcome.errors.append(f"could not read the issue's record for the announcements: {exc}")
        return ""
    link = f"{feed.base_url(config, os.environ)}{cycle}/README.md"
    state, done, errors = announce_issue(config, cycle, record, state, link, os.environ, gh)
    outcome.errors.extend(errors)
    if not done:
        return ""
    for attempt in range(3):
        try:
            commit = write_commit(git, main_sha, {announce.path(cycle): announce.render_state(state)},
                                  f"announce {cycle}: " + ", ".join(d.split(" ")[0] for d in done) + "\n")
            if commit is not None:
                git.push(remote, [f"{commit}:refs/heads/{branch}"])
            break
        except GitError as exc:
            if attempt == 2:
                outcome.errors.append(f"announced ({', '.join(done)}) but could not record it on {branch}: {exc}; "
                                      f"add {announce.path(cycle)} by hand before the next run")
            else:
                main_sha = fetch_main(git, remote, branch)
    return " Announced: " + ", ".join(done) + "."


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
