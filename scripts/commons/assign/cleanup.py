"""Review branches of closed cycles: which to delete, which pull requests to close first.

A cycle closes when the next one is handed out: by then it was published (its
approved reviews merged), and ``commons assign`` has closed the pull requests whose
items were carried over. Its review branches then only pile up (27 a week at 30
members), so the assign run that opens cycle N deletes every review branch of a
cycle before N that was published, or that is ``ABANDONED_AFTER`` cycles old
(never published: nothing will merge it now). A pull request still open on such
a branch (held at publish, nothing carried over) is closed with one comment
first. Nothing is lost: GitHub keeps a closed pull request's commits and offers
"Restore branch" on it.

Pure: remote branches, open pull requests and published cycles in; a
:class:`Cleanup` out (what ``--dry-run`` prints). ``apply`` carries it out through
:mod:`commons.git` (one ``git push`` deletes them all, each only if it still points
where it did when looked at) and :mod:`commons.github`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import i18n
from ..content import cycles
from .render import parse_branch
from ..i18n import say

ABANDONED_AFTER = 4  # cycles: a review branch this old goes even if its cycle was never published
CLOSED_MARKER = "<!-- commons:cycle-closed"


@dataclass(frozen=True)
class Closing:
    number: int
    branch: str
    cycle: str
    member: str


@dataclass
class Cleanup:
    delete: dict[str, str] = field(default_factory=dict)  # refs/heads/… → the commit it must still point to
    close: list[Closing] = field(default_factory=list)  # open pull requests on those branches, closed first
    kept: dict[str, str] = field(default_factory=dict)  # branch → why it stays for now

    def describe(self) -> list[str]:
        lines = []
        if self.close:
            lines.append(say("assign.close_open_pulls"))
            lines += [f"  #{c.number} @{c.member} ({c.branch})" for c in self.close]
        if self.delete:
            lines.append(say("assign.delete_branches", n=len(self.delete)))
            lines += [f"  {ref.removeprefix('refs/heads/')}" for ref in sorted(self.delete)]
        for branch, why in sorted(self.kept.items()):
            lines.append(say("assign.keep_branch", branch=branch, why=why))
        return lines


def plan(assigning: str, remote_refs: dict[str, str], open_pulls, published: set[str]) -> Cleanup:
    """What to remove when ``assigning`` is handed out. ``open_pulls``: open pull requests (commons.github.Pull)."""
    abandoned = assigning
    for _ in range(ABANDONED_AFTER):
        abandoned = cycles.previous_cycle(abandoned)
    by_head = {p.head: p for p in sorted(open_pulls, key=lambda p: p.number)}
    result = Cleanup()
    for ref, sha in sorted(remote_refs.items()):
        found = parse_branch(ref.removeprefix("refs/heads/"))
        if found is None:
            continue
        cycle, member = found
        branch = ref.removeprefix("refs/heads/")
        if cycle >= assigning:
            continue
        if cycle not in published and cycle > abandoned:
            result.kept[branch] = say("assign.not_published_yet", cycle=cycle)
            continue
        pull = by_head.get(branch)
        if pull is not None:
            result.close.append(Closing(pull.number, branch, cycle, member))
        result.delete[ref] = sha
    return result


def comment_text(closing: Closing, assigning: str, language: str = i18n.FALLBACK) -> str:
    text = i18n.catalog(language)("cleanup.closed", cycle=closing.cycle, assigning=assigning)
    return f"{CLOSED_MARKER} cycle={closing.cycle} -->\n{text}\n"


@dataclass
class CleanupResult:
    closed: list[int] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # branch or #number → why


def apply(gh, git, cleanup: Cleanup, assigning: str, *, remote: str = "origin", language: str = i18n.FALLBACK) -> CleanupResult:
    from ..git import GitError
    from ..github import GitHubError

    result = CleanupResult()
    closed_ok = set()
    for closing in cleanup.close:
        try:
            tag = f"{CLOSED_MARKER} cycle={closing.cycle} -->"
            if not any(tag in c.body for c in gh.comments(closing.number)):
                gh.add_comment(closing.number, comment_text(closing, assigning, language), marker=tag)
            gh.close_pull(closing.number)
            result.closed.append(closing.number)
            closed_ok.add(closing.branch)
        except GitHubError as exc:
            result.failed[f"#{closing.number}"] = str(exc)
    pending = {c.branch for c in cleanup.close} - closed_ok
    refs = {ref: sha for ref, sha in cleanup.delete.items() if ref.removeprefix("refs/heads/") not in pending}
    try:
        outcome = git.delete_remote_refs(remote, refs)
    except GitError as exc:
        result.failed.update({ref.removeprefix("refs/heads/"): str(exc) for ref in refs})
        return result
    for ref, why in sorted(outcome.items()):
        if why is None:
            result.deleted.append(ref.removeprefix("refs/heads/"))
        else:
            result.failed[ref.removeprefix("refs/heads/")] = why
    return result
