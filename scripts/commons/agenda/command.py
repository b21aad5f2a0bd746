"""``commons agenda``: before the meeting (on ``schedule.agenda``'s day), the run-of-show from the reviews done so far
(merged on main or still on the members' review branches): ``news/<cycle>/agenda.md`` (written
here and, unless ``--offline``, committed to main when it changed) and one issue labelled
``newsletter.agenda_label`` whose body is the same text, updated in place.

Exit 0 done; 1 when GitHub or git could not be written (the file is still written); 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import labels as label_names
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--cycle", help="the cycle (YYYY-Www); default: the one being reviewed now")
    parser.add_argument("--minutes", type=int, help="minutes for news in the meeting (default: newsletter.meeting_minutes)")
    parser.add_argument("--dry-run", action="store_true", help="print the run-of-show; write nothing")
    parser.add_argument("--offline", action="store_true", help="write the file only: no fetch, no GitHub")
    parser.add_argument("--remote", default="origin")


def judgements(repo: Path, cycle: str, git, remote: str) -> list:
    """Finished reviews of the cycle: merged files on disk, else the member's branch tip."""
    from ..assign.inputs import read_state
    from ..assign.render import review_relpath
    from ..content import frontmatter
    from ..content.items import unfinished_fields
    from ..progress.core import remote_ref
    from ..publish.newsletter import Judgement

    out = []
    for handle, ids in sorted((read_state(repo, cycle) or {}).items()):
        tip = git.rev_parse(remote_ref(remote, cycle, handle)) if git is not None else None
        for item_id in ids:
            path = review_relpath(cycle, handle, item_id)
            file = Path(repo) / path
            raw = file.read_bytes() if file.is_file() else (git.show_blob(tip, path) if tip else None)
            if raw is None:
                continue
            try:
                meta = frontmatter.parse(raw.decode("utf-8")).meta
            except (frontmatter.ContentError, UnicodeDecodeError):
                continue
            if unfinished_fields(meta) or not isinstance(meta.get("impact"), int):
                continue
            out.append(Judgement(item_id, handle, meta["impact"], str(meta.get("verdict")),
                                 str(meta.get("summary") or ""), str(meta.get("why") or "")))
    return out


def run(args) -> int:
    from ..clock import now_from_env
    from ..config import load_config
    from ..content import cycles
    from ..content.files import atomic_write_text
    from ..git import Git, GitError
    from ..problems import UsageError
    from ..publish import newsletter
    from ..publish.plan import load_items
    from ..report import step_summary
    from . import core

    config = load_config(args.repo)
    if args.cycle:
        try:
            cycles.parse_cycle(args.cycle)
        except ValueError as exc:
            raise UsageError(f"--cycle: {exc}") from None
    cycle = args.cycle or cycles.distributing_cycle(now_from_env(), config.week)
    minutes = args.minutes if args.minutes is not None else config.newsletter.meeting_minutes
    if minutes < 5:
        raise UsageError(say("agenda.too_short", minutes=minutes))
    git = None
    problems: list[str] = []
    if not args.offline:
        from ..progress.core import fetch_review_branches

        git = Git(args.repo)
        try:
            fetch_review_branches(git, args.remote, cycle)
        except GitError as exc:
            problems.append(f"could not fetch the review branches ({exc}); using what this checkout has")
    items, _ = load_items(args.repo, cycle, [])
    entries = [e for e in newsletter.rank(items, judgements(args.repo, cycle, git, args.remote)) if e.in_newsletter]
    agenda = core.build(entries, minutes, cycles.meeting_date(cycle, config.week))
    text = core.render(agenda, config.language)
    relative = f"news/{cycle}/agenda.md"
    if args.dry_run:
        print(text)
        return 0
    target = Path(args.repo) / relative
    changed = not target.is_file() or target.read_text(encoding="utf-8") != text
    if changed:
        atomic_write_text(target, text)
    print(say("agenda.wrote" if changed else "agenda.unchanged", path=relative, items=say("status.n_items", n=len(agenda.slots)),
              used=agenda.used, minutes=minutes) + (", " + say("agenda.spare", n=len(agenda.spare)) if agenda.spare else ""))
    if not args.offline:
        problems.extend(_commit(git, args.remote, config.publish.branch, relative, text, cycle))
        problems.extend(_post(config, text, cycle, core.weekday_name(agenda.day, config.language)))
    for problem in problems:
        print(f"commons agenda: {problem}", file=sys.stderr)
    step_summary(f"## commons agenda {cycle}\n\n{len(agenda.slots)} item(s), {agenda.used} of {minutes} minutes."
                 + "".join(f"\n- {p}" for p in problems))
    return 1 if problems else 0


def _commit(git, remote: str, branch: str, relative: str, text: str, cycle: str) -> list[str]:
    """The agenda file on main too (one small commit, only when it changed); main may move: try again."""
    from ..git import GitError

    for attempt in range(3):
        try:
            base = git.fetch_branch(remote, branch)
            commit = git.commit_files(base, {relative: text}, f"agenda {cycle}: the meeting's run-of-show\n")
            if commit is not None:
                git.push(remote, [f"{commit}:refs/heads/{branch}"])
            return []
        except GitError as exc:
            if attempt == 2:
                return [f"could not put {relative} on {branch}: {exc}"]
    return []


def _post(config, text: str, cycle: str, day: str) -> list[str]:
    """The one agenda issue: found by its label, created once, its body replaced only when it changed."""
    from ..github import GitHub, GitHubError
    from . import core

    label = label_names.resolve(config.newsletter.agenda_label, config.language)
    marker = "<!-- commons:agenda -->"
    body = f"{text}\n{marker}\n"
    try:
        gh = GitHub.from_env()
        key = label_names.key_of(label)
        names = sorted(label_names.names_of(key)) if key else [label]
        found = min((i for name in names for i in gh.issues(name)), key=lambda i: i.number, default=None)
        if found is None:
            gh.ensure_labels({label: (label_names.COLORS["agenda"], label_names.description("agenda", config.language))})
            issue = gh.create_issue(title=core.labels(config.language)["issue_title"].format(day=day), body=body, labels=[label],
                                    marker=marker)
            print(say("agenda.opened", number=issue.number))
            try:
                gh.pin_issue(issue.number)  # once, when it is opened: members find it on the repository's page
            except GitHubError as exc:
                print(f"commons agenda: {say('agenda.not_pinned', number=issue.number, error=exc)}", file=sys.stderr)
        elif found.body.replace("\r\n", "\n") != body:
            gh.update_issue(found.number, body=body)
            print(say("agenda.updated", number=found.number))
        else:
            print(say("agenda.same", number=found.number))
    except GitHubError as exc:
        return [say("agenda.issue_failed", error=exc)]
    return []
