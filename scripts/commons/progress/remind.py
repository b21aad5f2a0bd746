"""``commons remind``: one progress comment a day on each open review PR; ``overdue`` after the due date."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from ..assign.render import parse_branch
from ..content.layout import REVIEW_BRANCHES
from .. import i18n
from .. import labels as label_names
from ..config import load_config
from ..content import cycles
from ..report import Progress, markdown_table, step_summary
from ..untrusted import code
from .core import MemberProgress, cycle_progress, fetch_review_branches
from ..i18n import say

OVERDUE = "overdue"  # the label's key (labels.py): named in the community's language


def overdue_label(language: str) -> dict[str, tuple[str, str]]:
    return label_names.wanted([OVERDUE], language)


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print the comments and labels it would add; change nothing")
    parser.add_argument("--remote", default="origin", help="the git remote holding the review branches")


def marker(day: str) -> str:
    return f"<!-- commons:remind {day} -->"


def comment_text(handle: str, cycle: str, progress: MemberProgress, overdue: bool, day: str,
                 language: str = i18n.FALLBACK, week: cycles.Week | str | None = None) -> str:
    t = i18n.catalog(language)
    due = t.day(cycles.due_date(cycle, week))
    done, total = len(progress.done), progress.total
    lines = [marker(day)]
    key = "remind.overdue" if overdue else "remind.progress"
    lines.append(t(key, handle=handle, cycle=cycle, due=due, done=done, total=total))
    if progress.unfinished:
        lines.append("")
        lines.append(t("remind.still_to_do"))
        # Item names come from file names in the member's branch: shown as code they cannot close.
        lines += [f"- {code(item)}: {', '.join(fields)}" for item, fields in sorted(progress.unfinished.items())]
    return "\n".join(lines) + "\n"


@dataclass
class Action:
    number: int
    handle: str
    cycle: str
    comment: str | None
    label_overdue: bool


def plan(gh, git, repo, config, now, remote: str) -> tuple[list, list[Action]]:
    """The open review PRs the bot opened here, and what each gets today: a progress comment (once
    a day, until the member is done) and the overdue label after the due date."""
    from ..git import GitError
    from ..github import opened_by_bot_here

    tz = config.week
    day = now.astimezone(tz.zone).date().isoformat()
    bots = gh.bots(config.review.bots)
    pulls = [p for p in gh.pulls(state="open", head_prefix=REVIEW_BRANCHES)
             if parse_branch(p.head) and opened_by_bot_here(p, gh.settings.repository, bots)]
    try:
        fetch_review_branches(git, remote)
    except GitError as exc:
        print(f"commons remind: {say('remind.no_fetch', error=exc)}", file=sys.stderr)
    actions, progress_by = [], {}
    current = cycles.distributing_cycle(now, tz)
    for pull in pulls:
        cycle, handle = parse_branch(pull.head)
        if cycle < current:  # an earlier cycle: `commons assign` carried its unreviewed items into this one
            continue
        if cycle not in progress_by:
            progress_by[cycle] = cycle_progress(repo, cycle, now, tz, git, remote)
        cp = progress_by[cycle]
        member = next((m for h, m in (cp.members.items() if cp else []) if h.lower() == handle.lower()), None)
        if member is None:
            continue
        comment = None
        if not member.complete and not any(marker(day) in c.body for c in gh.comments(pull.number)):
            comment = comment_text(member.handle, cycle, member, cp.overdue, day, config.language, tz)
        actions.append(Action(pull.number, member.handle, cycle, comment,
                              cp.overdue and not label_names.has(pull.labels, OVERDUE)))
    return pulls, actions


def _apply(gh, actions: list[Action], language: str, day: str) -> int:
    """The comments and labels: how many PRs could not get theirs (each said)."""
    from ..github import GitHubError

    if any(a.label_overdue for a in actions):
        gh.ensure_labels(overdue_label(language))
    failed = 0
    with Progress(say("remind.progress"), len(actions)) as bar:
        for a in actions:
            try:
                if a.label_overdue:
                    gh.add_labels(a.number, [label_names.name(OVERDUE, language)])
                if a.comment:
                    gh.add_comment(a.number, a.comment, marker=marker(day))
            except GitHubError as exc:
                failed += 1
                print(f"commons remind: #{a.number}: {exc}", file=sys.stderr)
            bar.advance(a.handle)
    return failed


def run(args) -> int:
    from ..clock import now_from_env
    from ..git import Git
    from ..github import GitHub, GitHubError

    repo, config = args.repo, load_config(args.repo)
    now = now_from_env()
    gh = GitHub.from_env()
    try:
        pulls, actions = plan(gh, Git(repo), repo, config, now, args.remote)
        if args.dry_run:
            for a in actions:
                print(f"#{a.number} @{a.handle} {a.cycle}: " + (", ".join(filter(None, [
                    say("remind.would_comment") if a.comment else "",
                    say("remind.would_label", label=label_names.name(OVERDUE, config.language)) if a.label_overdue else ""]))
                    or say("remind.nothing")))
            return 0
        failed = _apply(gh, actions, config.language, now.astimezone(config.week.zone).date().isoformat())
    except GitHubError as exc:
        print(f"commons remind: {exc}", file=sys.stderr)
        return 1
    print(say("remind.done", pulls=say("remind.n_pulls", n=len(pulls)), reminded=sum(1 for a in actions if a.comment),
              labelled=sum(a.label_overdue for a in actions)))
    rows = [[f"#{a.number}", f"@{a.handle}", a.cycle, "✓" if a.comment else "", "✓" if a.label_overdue else ""] for a in actions]
    step_summary("## commons remind\n\n" + markdown_table(say("remind.columns").split(" | "), rows))
    return 1 if failed else 0
