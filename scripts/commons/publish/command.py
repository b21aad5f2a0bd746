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
from ..i18n import say

PUBLISH_BRANCH_PREFIX = "commons/publish/"


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be merged, commented and written; change nothing")
    parser.add_argument("--cycle", help="publish this cycle (YYYY-Www) instead of the one due this week")
    parser.add_argument("--remote", default="origin", help="the git remote that is the GitHub repository")
    parser.add_argument("--offline", action="store_true",
                        help="no GitHub and no git: write the newsletter from the reviews in this folder")


def _cycle(args, config) -> str:
    from ..clock import now_from_env
    from ..content import cycles

    # --cycle was checked by the command line
    return args.cycle or cycles.distributing_cycle(now_from_env(), config.week)


def _show_changes(plan, dry_run: bool) -> None:
    for change in sorted(plan.changes, key=lambda c: c.path):
        state = say("publish.new") if change.before is None else say("publish.changed")
        print(say("publish.would_write" if dry_run else "publish.writes", path=for_log(change.path), state=state))
        if dry_run and change.path.endswith(".md"):
            sys.stdout.writelines(difflib.unified_diff(
                (change.before or "").splitlines(keepends=True), change.after.splitlines(keepends=True),
                f"a/{change.path}", f"b/{change.path}",
            ))


def _summary(cycle: str, plan, outcome, where: str) -> str:
    from ..report import markdown_table

    lines = [f"## commons publish {cycle}", ""]
    if outcome is not None and outcome.decisions:
        rows = []
        for d in outcome.decisions:
            shown = say(f"publish.outcome.{d.action}")
            rows.append([f"#{d.number}", f"@{d.author}" if d.author else "", shown, "; ".join(str(r) for r in d.reasons)])
        lines += [markdown_table(say("publish.columns").split(" | "), rows), ""]
    if plan is not None and plan.stats is not None:
        s = plan.stats
        lines.append(say("publish.stats", items=say("publish.n_items", n=s.published), reviewed=s.reviewed, kept=s.kept,
                         collected=s.collected, references=say("publish.n_references", n=sum(plan.references.values()))))
        lines += ["", telemetry_table(plan.stats), ""]
        lines += [f"- {note}" for note in plan.telemetry]
    lines.append(where)
    if plan is not None and plan.notes:
        lines += ["", f"**{say('publish.needs_person')}**", *[f"- {n}" for n in plan.notes]]
    if outcome is not None and outcome.errors:
        lines += ["", f"**{say('publish.errors')}**", *[f"- {e}" for e in outcome.errors]]
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
            done.append(say("publish.discussion_found" if found else "publish.discussion", link=state['discussion']))
        except GitHubError as exc:
            errors.append(say("publish.discussion_failed", error=exc))
    if "webhook" in todo:
        try:
            webhook.post(url, messages.webhook, **({"sleep": sleep} if sleep else {}))
            state["webhook"] = "sent"
            done.append(say("publish.webhook"))
        except webhook.WebhookError as exc:
            errors.append(say("publish.webhook_failed", error=exc))
    return state, done, errors


def _editor(config):
    """The AI editor pass when one is configured (none in a dry run: a dry run spends nothing)."""
    import os

    from .editor_ai import from_environment

    return from_environment(config, os.environ)


def _not_needed(repo: Path, wanted):
    """copytree's ignore: what the plan never reads (other cycles' pools, collect's state, the old reviews
    the portfolio cache answers for; see plan.needed), a folder of nothing else (else a year's ~1,600
    member folders would be made empty), and what is no content at all."""
    import os

    def skipped(relative: str, absolute: str) -> bool:
        if wanted(relative) == "skip":
            return True
        try:
            with os.scandir(absolute) as entries:  # a file: NotADirectoryError
                inside = [(e.name, e.is_file(follow_symlinks=False)) for e in entries]
        except OSError:
            return False
        return bool(inside) and all(is_file and wanted(f"{relative}/{name}") == "skip" for name, is_file in inside)

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).resolve().relative_to(repo.resolve()).as_posix()
        prefix = "" if relative == "." else relative + "/"
        return {n for n in names if n in (".git", ".venv", "__pycache__") or skipped(prefix + n, os.path.join(folder, n))}
    return ignore


def _linker():
    """copytree's copy function for the dry run's scratch tree: a hard link where the file system
    allows it, else a copy. Safe because nothing the plan runs writes into a file in place: every
    write is content.files.atomic_write (a new file renamed over the old name), which leaves the
    linked original untouched (tests/publish/test_offline_links.py). A year's 13k files cost
    7–8 s to copy and a fraction of that to link (bench/README.md, "year")."""
    import errno
    import os

    can_link = [True]

    def link_or_copy(source: str, target: str) -> str:
        if can_link[0]:
            try:
                os.link(source, target)
                return target
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                    raise
                can_link[0] = False  # another file system, or one without hard links: copy from here on
        return shutil.copy2(source, target)
    return link_or_copy


def _offline(args, config, members, cycle: str) -> int:
    from ..report import step_summary

    edit = None if args.dry_run else _editor(config)
    from . import plan as publish_plan
    from .remote import scratch

    if args.dry_run:
        from ..content import layout
        from ..git import clean_blob_ids
        from ..pages import portfolio

        repo = Path(args.repo)
        vouched = clean_blob_ids(repo, layout.REVIEW_FILES)
        cache = portfolio.load_cache(repo)
        wanted = publish_plan.needed(cycle, portfolio.answered(cache, vouched))
        with scratch(near=repo) as tmp:
            copy = Path(tmp) / "repo"
            shutil.copytree(repo, copy, ignore=_not_needed(repo, wanted), copy_function=_linker())
            result = publish_plan.apply_to(copy, publish_plan.build(copy, config, members, cycle, edit=edit,
                                                                    vouched=vouched, cache=cache), config, vouched)
    else:
        result = publish_plan.apply_to(args.repo, publish_plan.build(args.repo, config, members, cycle, edit=edit),
                                       config)
    _show_changes(result, args.dry_run)
    for note in result.notes:
        print(for_log(note), file=sys.stderr)
    where = say("publish.worktree_dry" if args.dry_run else "publish.worktree", files=say("publish.n_files", n=len(result.changes)))
    announced_errors: list[str] = []
    if not args.dry_run and not result.empty:
        import os

        from ..content.files import atomic_write_text
        from . import announce
        from ..pages import feed
        from ..content import issues

        state_file = Path(args.repo) / announce.path(cycle)
        state = announce.read_state(state_file.read_text(encoding="utf-8") if state_file.is_file() else None)
        links = feed.base_url(config, os.environ)
        link = links.issue(cycle) if links.base else f"news/{cycle}/README.md"
        state, done, announced_errors = announce_issue(config, cycle, issues.read(args.repo, cycle), state, link,
                                                       os.environ)
        if done:
            atomic_write_text(state_file, announce.render_state(state))
            where += " " + say("publish.announced", what=", ".join(done))
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
    from ..pages.portfolio import CACHE, answered, read_cache
    from .remote import forget_fetched, gather, materialize, merge_and_comment, scratch, vouched_in

    gh = GitHub.from_env()
    git = Git(args.repo)
    branch = config.publish.branch
    try:
        rules = policy.Rules.from_config(cycle, config.review, members, base=branch, repository=gh.settings.repository,
                                         bots=gh.bots(config.review.bots))
        main_sha = git.fetch_branch(args.remote, branch)
        # Review PRs are opened when the cycle is handed out; a week's margin covers early manual runs.
        since = cycles.distribution_time(cycle, config.week) - timedelta(days=7)
        gathered = gather(gh, git, cycle, remote=args.remote, main_sha=main_sha, since=since, rules=rules)
        with Progress(say("publish.progress"), len(gathered)) as progress:
            outcome = merge_and_comment(gh, gathered, rules, dry_run=args.dry_run, progress=progress,
                                         language=config.language)
    except (GitError, GitHubError) as exc:
        print(f"commons publish: {for_log(exc)}", file=sys.stderr)
        return 1
    for d in outcome.decisions:
        verb = say("publish.verdict.would_merge" if args.dry_run and d.action == policy.MERGE else f"publish.verdict.{d.action}")
        reasons = "".join(f"\n    - {for_log(str(r))}" for r in d.reasons)  # file names a member chose
        print(f"#{d.number} @{d.author or '?'}: {verb}{reasons}")
    strangers = policy.uncounted_authors([g.facts for g in gathered], rules)
    if strangers:  # a newsletter without any of them would look published and hold nothing
        print("commons publish: " + say("publish.none_counted", n=len(gathered), cycle=cycle, who=", ".join(strangers),
                                        bots=", ".join(sorted(rules.bots))), file=sys.stderr)
        forget_fetched(git)
        return 1

    where = ""
    result = None
    edit = None if args.dry_run else _editor(config)
    for attempt in range(3):  # main may move between fetch and push: start again from the new main
        try:
            main_sha = git.fetch_branch(args.remote, branch)
            overlays = []
            if args.dry_run:  # show the newsletter as it would be with the approved reviews merged
                overlays = [(d.head_sha, f"news/{cycle}/reviews/{d.author}/") for d in outcome.decisions
                            if d.action == policy.MERGE]
            vouched = vouched_in(git, main_sha, overlays)
            cache = read_cache((git.show_blob(main_sha, CACHE) or b"").decode("utf-8", "replace"))
            wanted = publish_plan.needed(cycle, answered(cache, vouched))
            with scratch() as tmp:
                materialize(git, main_sha, Path(tmp), overlays, wanted=wanted)
                result = publish_plan.build(Path(tmp), config, members, cycle, outcome.records, edit=edit,
                                            vouched=vouched, cache=cache)
                publish_plan.apply_to(Path(tmp), result, config, vouched)
            _show_changes(result, args.dry_run)
            if result.empty:
                where = result.nothing_to_publish()
                break
            if args.dry_run:
                where = say("publish.dry_run", files=say("publish.n_files", n=len(result.changes)))
                break
            message = _message(cycle, result, outcome)
            commit = git.commit_files(main_sha, {c.path: c.after for c in result.changes}, message)
            if config.publish.mode == "pull-request":
                where = _as_pull_request(gh, git, args.remote, branch, cycle, commit, main_sha, message)
                break
            if commit is None:
                where = say("publish.nothing_new", branch=branch)
                break
            git.push(args.remote, [f"{commit}:refs/heads/{branch}"])
            where = say("publish.one_commit", branch=branch, commit=commit[:12], files=say("publish.n_files", n=len(result.changes)))
            break
        except GitError as exc:
            if attempt == 2:
                hint = " " + say("publish.protected_hint") if config.publish.mode == "commit" else ""
                outcome.errors.append(say("publish.not_written", error=exc) + hint)
                where = say("publish.nothing_written")
        except GitHubError as exc:
            outcome.errors.append(say("publish.no_pull", error=exc))
            where = say("publish.pushed_no_pull")
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
    from . import announce
    from ..pages import feed
    from ..content import issues

    settings = config.newsletter
    if not (settings.discussion_category or settings.webhook):
        return ""
    try:
        main_sha = git.fetch_branch(remote, branch)
        raw = git.show_blob(main_sha, issues.path(cycle))
        record = json.loads(raw.decode("utf-8")) if raw else None
        state_raw = git.show_blob(main_sha, announce.path(cycle))
        state = announce.read_state(state_raw.decode("utf-8") if state_raw else None)
    except (GitError, ValueError) as exc:
        outcome.errors.append(say("publish.no_record", error=exc))
        return ""
    link = feed.base_url(config, os.environ).issue(cycle)
    state, done, errors = announce_issue(config, cycle, record, state, link, os.environ, gh)
    outcome.errors.extend(errors)
    if not done:
        return ""
    for attempt in range(3):
        try:
            commit = git.commit_files(main_sha, {announce.path(cycle): announce.render_state(state)},
                                  f"announce {cycle}: " + ", ".join(d.split(" ")[0] for d in done) + "\n")
            if commit is not None:
                git.push(remote, [f"{commit}:refs/heads/{branch}"])
            break
        except GitError as exc:
            if attempt == 2:
                outcome.errors.append(say("publish.announce_unrecorded", what=", ".join(done), branch=branch, error=exc,
                                          path=announce.path(cycle)))
            else:
                main_sha = git.fetch_branch(remote, branch)
    return " " + say("publish.announced", what=", ".join(done))


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
        return say("publish.nothing_new", branch=branch)
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
    return say("publish.pull_unchanged" if same else "publish.pull_updated", number=pull.number, head=head)
