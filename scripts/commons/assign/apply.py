"""Carry a plan out: review branches by git (one push), pull requests by the API (only what git cannot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from .. import i18n
from .. import labels as label_names
from ..content import cycles
from ..git import Git, GitError, NewCommit
from ..github import GitHub, GitHubError, Pull, opened_by_bot_here
from .plan import Plan
from ..content.layout import REVIEW_BRANCHES
from .render import ReviewContext, branch_name, pull_body, pull_title, review_file, review_relpath
from .supersede import Superseded, comment_text, marker
from ..i18n import say

CYCLE_LABEL_COLOR = "c5def5"


@dataclass
class BranchResult:
    pushed: list[str] = field(default_factory=list)  # branches created or advanced
    unchanged: list[str] = field(default_factory=list)
    kept: dict[str, list[str]] = field(default_factory=dict)  # branch → edited files no longer in the plan, left alone


@dataclass
class PullResult:
    opened: dict[str, Pull] = field(default_factory=dict)  # handle → pull
    updated: dict[str, Pull] = field(default_factory=dict)
    unchanged: dict[str, Pull] = field(default_factory=dict)
    closed: dict[str, Pull] = field(default_factory=dict)  # merged or closed already: left alone
    failed: dict[str, str] = field(default_factory=dict)  # handle → why


def base_commit(git: Git, remote: str, branch: str) -> str:
    """Review branches start from the remote's main as the checkout knows it (else HEAD)."""
    sha = git.rev_parse(f"refs/remotes/{remote}/{branch}") or git.rev_parse("HEAD")
    if not sha:
        raise GitError(say("assign.no_commit"))
    return sha


def push_branches(git: Git, plan: Plan, *, remote: str = "origin", base_branch: str = "main",
                  week: cycles.Week | None = None, language: str = i18n.FALLBACK,
                  context: ReviewContext | None = None) -> BranchResult:
    """Create or extend one branch per member with their review files, then push all in one ``git push``."""
    result = BranchResult()
    prefix = f"refs/heads/{REVIEW_BRANCHES}{plan.cycle}/"
    remote_refs = git.ls_remote(remote, prefix + "*")
    if remote_refs:
        git.fetch(remote, [f"+{ref}:refs/remotes/{remote}/{ref[len('refs/heads/'):]}" for ref in remote_refs])
    base = base_commit(git, remote, base_branch)
    t = i18n.catalog(language)
    when = cycles.distribution_time(plan.cycle, week).isoformat()  # same content, same commit id

    wanted: dict[str, dict[str, bytes]] = {}
    for handle, ids in plan.assignments.items():
        wanted[handle] = {review_relpath(plan.cycle, handle, i): review_file(plan.cycle, handle, plan.items[i], language, context).encode() for i in ids}
    all_contents = [data for files in wanted.values() for data in files.values()]
    blob_ids = iter(git.write_blobs(all_contents))
    planned: list[tuple[str, str | None, NewCommit]] = []  # (ref, old tip, commit to make)
    for handle, files in sorted(wanted.items()):
        branch = branch_name(plan.cycle, handle)
        ref = f"refs/heads/{branch}"
        blobs = {path: next(blob_ids) for path in files}
        tip = remote_refs.get(ref)
        folder = f"news/{plan.cycle}/reviews/{handle.lower()}"
        if tip:
            present = {e.path: e.sha for e in git.ls_tree(tip, folder)}
            changes: dict[str, str | None] = {p: s for p, s in blobs.items() if p not in present}
            for path, sha in present.items():
                if path not in blobs:
                    if _template_blob(git, plan, handle, path, language, context) == sha:
                        changes[path] = None  # untouched file of an item no longer planned for this member
                    else:
                        result.kept.setdefault(branch, []).append(path)
            if not changes:
                result.unchanged.append(branch)
                continue
            added = sum(1 for v in changes.values() if v)
            message = t("assign.commit_more", cycle=plan.cycle, handle=handle, n=added)
            planned.append((ref, tip, NewCommit(tip, changes, message, when)))
        else:
            message = t("assign.commit_new", cycle=plan.cycle, handle=handle, n=len(files))
            planned.append((ref, None, NewCommit(base, blobs, message, when)))
        result.pushed.append(branch)
    commits = git.commit_many([c for _, _, c in planned])
    refspecs = [f"{commit}:{ref}" for (ref, _, _), commit in zip(planned, commits)]
    leases = {ref: tip or "" for ref, tip, _ in planned}
    git.push(remote, refspecs, leases=leases)
    return result


def _template_blob(git: Git, plan: Plan, handle: str, path: str, language: str,
                   context: ReviewContext | None = None) -> str | None:
    item_id = path.rsplit("/", 1)[-1].removesuffix(".md")
    item = plan.items.get(item_id)
    if item is None:
        return None
    return git.write_blobs([review_file(plan.cycle, handle, item, language, context).encode()])[0]


def _lacks(have, wanted: list[str]) -> list[str]:
    """The wanted labels a pull request lacks; one of ours under another language's name counts as there."""
    lower = {label.lower() for label in have}
    return [w for w in wanted if w.lower() not in lower and not ((key := label_names.key_of(w)) and label_names.has(have, key))]


def open_pulls(gh: GitHub, plan: Plan, *, base_branch: str = "main", labels: tuple[str, ...] = ("review",),
               week: cycles.Week | None = None, language: str = i18n.FALLBACK, progress=None,
               context: ReviewContext | None = None,
               bots: tuple[str, ...] = ("github-actions[bot]",)) -> PullResult:
    """One pull request per member: found by its branch, opened when missing, changed only when the plan changed."""
    result = PullResult()
    wanted_labels = list(dict.fromkeys([*(label_names.resolve(label, language) for label in labels), plan.cycle]))
    t = i18n.catalog(language)
    colors = {name: (label_names.COLORS[key], label_names.description(key, language)) if (key := label_names.key_of(name))
              else ("ededed", "") for name in wanted_labels}
    colors[plan.cycle] = (CYCLE_LABEL_COLOR, t("labels.cycle", cycle=plan.cycle, due=cycles.due_date(plan.cycle, week).isoformat()))
    gh.ensure_labels(colors)
    since = cycles.distribution_time(plan.cycle, week) - timedelta(days=7)
    existing: dict[str, Pull] = {}
    for pull in gh.pulls(state="all", since=since, head_prefix=f"{REVIEW_BRANCHES}{plan.cycle}/"):
        if not opened_by_bot_here(pull, gh.settings.repository, bots):
            continue  # someone else's pull request with a review branch's name: never edited or counted
        current = existing.get(pull.head)
        if current is None or (current.state != "open" and pull.state == "open"):
            existing[pull.head] = pull  # an open one wins over closed ones of the same branch
    for handle, ids in sorted(plan.assignments.items()):
        branch = branch_name(plan.cycle, handle)
        title, body = pull_title(plan.cycle, len(ids), language, week), pull_body(plan, handle, language, week, context)
        pull = existing.get(branch)
        try:
            if pull is not None and pull.state != "open":
                result.closed[handle] = pull
            elif pull is None:
                pull = gh.create_pull(head=branch, base=base_branch, title=title, body=body)
                if _lacks(pull.labels, wanted_labels) or handle.lower() not in {a.lower() for a in pull.assignees}:
                    gh.set_labels_and_assignees(pull.number, labels=_union(pull.labels, _lacks(pull.labels, wanted_labels)),
                                                assignees=_union(pull.assignees, [handle]))
                result.opened[handle] = pull
            else:
                changed = False
                if pull.title != title or pull.body.replace("\r\n", "\n") != body:
                    gh.update_pull(pull.number, title=title if pull.title != title else None,
                                   body=body if pull.body.replace("\r\n", "\n") != body else None)
                    changed = True
                if _lacks(pull.labels, wanted_labels) or handle.lower() not in {a.lower() for a in pull.assignees}:
                    gh.set_labels_and_assignees(pull.number, labels=_union(pull.labels, _lacks(pull.labels, wanted_labels)),
                                                assignees=_union(pull.assignees, [handle]))
                    changed = True
                (result.updated if changed else result.unchanged)[handle] = pull
        except GitHubError as exc:
            result.failed[handle] = str(exc)
        if progress:
            progress.advance(handle)
    return result


@dataclass
class CloseResult:
    closed: dict[str, Pull] = field(default_factory=dict)  # handle → last cycle's pull request, closed now
    failed: dict[str, str] = field(default_factory=dict)  # handle → why


def close_superseded(gh: GitHub, plan: Plan, entries: list[Superseded], pulls: PullResult, *,
                     week: cycles.Week | None = None, language: str = i18n.FALLBACK,
                     bots: tuple[str, ...] = ("github-actions[bot]",)) -> CloseResult:
    """Close last cycle's still-open review PRs whose items were carried over, each with one comment.

    Already closed ones are not listed, so a rerun does nothing; a run cut off between the
    comment and the close finds its comment (by marker) and only closes.
    """
    result = CloseResult()
    if not entries:
        return result
    previous = entries[0].cycle
    since = cycles.distribution_time(previous, week) - timedelta(days=7)
    open_ones = {p.head: p for p in gh.pulls(state="open", since=since, head_prefix=f"{REVIEW_BRANCHES}{previous}/")
                 if opened_by_bot_here(p, gh.settings.repository, bots)}
    numbers = {h: p.number for d in (pulls.opened, pulls.updated, pulls.unchanged, pulls.closed) for h, p in d.items()}
    for entry in entries:
        pull = open_ones.get(entry.branch)
        if pull is None:
            continue
        try:
            tag = marker(plan.cycle)
            if not any(tag in c.body for c in gh.comments(pull.number)):
                gh.add_comment(pull.number, comment_text(plan, entry, numbers, language), marker=tag)
            gh.close_pull(pull.number)
            result.closed[entry.handle] = pull
        except GitHubError as exc:
            result.failed[entry.handle] = str(exc)
    return result


def _union(have, add) -> list[str]:
    seen = {h.lower() for h in have}
    return list(have) + [a for a in add if a.lower() not in seen and not seen.add(a.lower())]
