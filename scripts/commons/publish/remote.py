"""The thin GitHub/git side of publishing: gather facts, merge, comment once, write one commit.

Every call to GitHub goes through :mod:`commons.github` and every git command
through :mod:`commons.git`; the decisions are :mod:`commons.publish.policy`'s.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..content import layout
from ..git import Git, GitError
from ..github import GitHub, GitHubError
from . import policy, state
from .policy import ChangedFile, CheckResult, Decision, PullFacts, Vote

COMMENT_MARKER = "<!-- commons:publish"
FETCH_NAMESPACE = "refs/commons-publish"


@dataclass
class Gathered:
    facts: PullFacts
    member: str
    reviews: int = 0  # review files the pull request holds
    submitted: str | None = None  # ISO time GitHub recorded its head (the required check's start)


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    commented: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # things a person must look at
    records: list[state.PullRecord] = field(default_factory=list)


# -- git helpers -----------------------------------------------------------------------------------
def merged_changes(git: Git, base: str, head: str) -> tuple[list[ChangedFile], bool] | None:
    """What merging ``head`` into ``base`` would change on ``base``: the files of the merged tree that
    differ from ``base``'s, with their modes and sizes, and whether it merges cleanly.

    This is the tree the squash merge writes (every merge base counted, as GitHub's merge does),
    not ``git diff base...head``, which picks one merge base and can be fooled by a crafted history.
    None when git cannot compute it.
    """
    merged = git.merge_tree(base, head)
    if merged is None:
        return None
    tree, clean = merged
    changed = git.diff_trees(git.tree_of(base), tree)
    sizes = git.object_sizes([sha for _, mode, sha in changed if mode != "000000"])
    return [ChangedFile(path, mode, sizes.get(sha)) for path, mode, sha in changed], clean


def assigned_items(git: Git, main_sha: str, cycle: str) -> dict[str, frozenset[str]] | None:
    """handle (lowercase) → item ids, from the assignment record on main; None when there is none."""
    import json

    raw = git.show_blob(main_sha, f".commons/assign/{cycle}.json")
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))["assignments"]
        return {str(h).lower(): frozenset(str(i) for i in ids) for h, ids in data.items()}
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None


def _fetch_head(git: Git, remote: str, pull: int, branch: str, sha: str) -> bool:
    local = f"{FETCH_NAMESPACE}/{pull}"
    for source in (f"refs/heads/{branch}", f"refs/pull/{pull}/head"):
        try:
            git.fetch(remote, [f"+{source}:{local}"])
        except GitError:
            continue
        if git.rev_parse(local) == sha:
            return True
    return bool(git.rev_parse(sha))


# -- facts ----------------------------------------------------------------------------------------------
def gather(gh: GitHub, git: Git, cycle: str, *, remote: str, main_sha: str, since=None,
           rules: policy.Rules | None = None) -> list[Gathered]:
    """Every review pull request of the cycle with what the policy needs to judge it.

    ``since`` stops the walk through the repository's pull requests (newest first) at older ones.
    Pull requests the policy ignores (not the bot's, or from a fork) are listed without fetching anything.
    """
    rules = rules or policy.Rules(cycle)
    prefix = f"{layout.REVIEW_BRANCHES}{cycle}/"
    assignments = assigned_items(git, main_sha, cycle)
    found = []
    for pull in sorted(gh.pulls(state="all", since=since, head_prefix=prefix), key=lambda p: p.number):
        member = policy.member_of_branch(pull.head, cycle) or ""
        facts = PullFacts(number=pull.number, branch=pull.head, head_sha=pull.head_sha, state=pull.state,
                          merged=pull.merged, opened_by=pull.author, base=pull.base, head_repo=pull.head_repo)
        if policy.outsider(facts, rules):
            found.append(Gathered(facts, member))
            continue
        have_head = _fetch_head(git, remote, pull.number, pull.head, pull.head_sha)
        files: list[ChangedFile] = []
        judged, clean = False, None
        if have_head and pull.state != "open":
            # Merged or closed: nothing to judge, only its reviews to count (main may already hold them).
            try:
                files = [ChangedFile(path, "000000" if status.startswith("D") else policy.REGULAR_FILE)
                         for status, path in git.changed_files(main_sha, pull.head_sha)]
            except GitError:
                files = []
        elif have_head:
            try:
                merged = merged_changes(git, main_sha, pull.head_sha)
            except GitError:
                merged = None
            if merged is not None:
                files, clean = merged
                judged = True
        if pull.state == "open" and not judged:
            # GitHub's own list, so the comment can still name what the pull request touches.
            files = [ChangedFile(p) for p in gh.pull_files(pull.number)]
        votes, checks = (), ()
        if pull.state == "open" and not pull.merged:
            votes = tuple(Vote(r.author, r.state, r.commit_id) for r in gh.reviews(pull.number))
        if pull.state == "open" or pull.merged:  # a merged one's checks date its submission
            checks = tuple(CheckResult(c.name, c.status, c.conclusion, c.app, c.head_sha, c.started_at)
                           for c in gh.checks(pull.head_sha))
        facts = PullFacts(
            number=pull.number, branch=pull.head, head_sha=pull.head_sha, state=pull.state, merged=pull.merged,
            opened_by=pull.author, votes=votes, checks=checks, files=tuple(files), base=pull.base,
            mergeable=clean if pull.state == "open" else None, head_repo=pull.head_repo,
            assignees=pull.assignees, tree_judged=judged or pull.state != "open",
            assigned=None if assignments is None else assignments.get(member, frozenset()),
        )
        own = f"news/{cycle}/reviews/{member}/"
        reviews = sum(1 for f in files if f.path.startswith(own) and f.path.endswith(".md") and f.mode != "000000")
        found.append(Gathered(facts, member, reviews, policy.submitted_at(facts, rules)))
    return found


# -- merging and comments --------------------------------------------------------------------------
def comment_body(decision: Decision, cycle: str, language: str = i18n.FALLBACK) -> str:
    """Reasons in the community's language; the author is a handle from the bot's own branch name (checked by the
    policy), and every piece of outside text inside a reason was made inert when the reason was written."""
    marker = f"{COMMENT_MARKER} cycle={cycle} pull={decision.number} reasons={decision.fingerprint} -->"
    t = i18n.catalog(language)
    lines = [marker, t("publish.hold_intro", handle=decision.author, cycle=cycle), ""]
    # the policy words each reason in Korean and English; other languages read the English one
    lines += [f"- {r.text(language)}" for r in decision.reasons]
    lines += ["", t("publish.hold_outro")]
    return "\n".join(lines) + "\n"


def _already_commented(gh: GitHub, decision: Decision) -> bool:
    wanted = f"pull={decision.number} reasons={decision.fingerprint} -->"
    return any(COMMENT_MARKER in c.body and wanted in c.body for c in gh.comments(decision.number))


def merge_and_comment(gh: GitHub, gathered: list[Gathered], rules: policy.Rules, *, dry_run: bool,
                      progress=None, language: str = i18n.FALLBACK) -> Outcome:
    outcome = Outcome()
    for entry in gathered:
        decision = policy.decide(entry.facts, rules)
        if decision.action == policy.IGNORED:
            outcome.decisions.append(decision)
            if progress is not None:
                progress.advance(f"#{decision.number} {decision.action}")
            continue
        merged = decision.action == policy.ALREADY_MERGED
        if decision.action == policy.MERGE and not dry_run:
            title = i18n.catalog(language)("publish.merge_title", cycle=rules.cycle, handle=decision.author, pull=decision.number)
            try:
                gh.merge(decision.number, sha=decision.head_sha, method="squash", title=title)
                outcome.merged.append(decision.number)
                merged = True
            except GitHubError as exc:
                if exc.status in (405, 409):
                    reason = policy.conflict_reason(exc.status)
                else:
                    reason = policy.reason("merge-failed", error=str(exc))
                    outcome.errors.append(f"#{decision.number}: {exc}")
                decision = Decision(decision.number, decision.author, policy.HOLD, (reason,), decision.head_sha)
        outcome.decisions.append(decision)
        if decision.action == policy.HOLD and decision.author and not dry_run:
            try:
                if not _already_commented(gh, decision):
                    marker = f"pull={decision.number} reasons={decision.fingerprint}"
                    gh.add_comment(decision.number, comment_body(decision, rules.cycle, language), marker=marker)
                    outcome.commented.append(decision.number)
            except GitHubError as exc:
                outcome.errors.append(f"#{decision.number}: could not comment: {exc}")
        if decision.action != policy.CLOSED or merged:
            outcome.records.append(state.PullRecord(
                number=decision.number, member=entry.member, outcome="merged" if merged else "open",
                reviews=entry.reviews, submitted=entry.submitted,
            ))
        if progress is not None:
            progress.advance(f"#{decision.number} {decision.action}")
    return outcome


# -- one write ------------------------------------------------------------------------------------------
def materialize(git: Git, commit: str, target: Path, overlays: list[tuple[str, str]] = (), wanted=None) -> None:
    """Write the regular files of ``commit`` into ``target``; ``overlays`` adds (commit, folder) on top.

    ``wanted(path)`` → "read" or "skip" (publish.plan.needed): publishing reads what the week
    needs, not the whole history."""
    sources = [(commit, "")] + list(overlays)
    for treeish, prefix in sources:
        entries = [e for e in git.ls_tree(treeish, prefix) if e.kind == "blob" and e.mode in ("100644", "100755")
                   and (wanted is None or prefix or wanted(e.path) != "skip")]
        paths: dict[str, list[str]] = {}
        for entry in entries:
            paths.setdefault(entry.sha, []).append(entry.path)
        written: set[str] = set()
        # A batch at a time: a year's tree is ~14,000 files, and holding them all cost memory by the week.
        for sha, data in git.blobs_in_batches(list(paths)):
            written.add(sha)
            for relative in paths[sha]:
                path = target / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        for sha in set(paths) - written:  # missing from the object store: an empty file in its place, as before
            for relative in paths[sha]:
                path = target / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"")


def vouched_in(git: Git, commit: str, overlays: list[tuple[str, str]] = ()) -> dict[str, str]:
    """Path → blob id of the files under news/ in ``commit``, less what ``overlays`` put on top:
    what the scratch tree holds as git holds it (see pages.index.plan)."""
    prefixes = tuple(prefix for _, prefix in overlays)
    return {e.path: e.sha for e in git.ls_tree(commit, layout.NEWS)
            if e.kind == "blob" and not (prefixes and e.path.startswith(prefixes))}


def forget_fetched(git: Git) -> None:
    """Drop the refs gather() fetched pull request heads into; the user's clone keeps no trace."""
    out = git.run("for-each-ref", "--format=%(refname)", FETCH_NAMESPACE, check=False)
    for ref in out.split():
        git.run("update-ref", "-d", ref, check=False)


def scratch(near: Path | None = None) -> tempfile.TemporaryDirectory:
    """A scratch folder; with ``near``, inside its .git when there is one (the same file system,
    so the offline dry run can hard-link instead of copy, and never in the working tree)."""
    where = Path(near) / ".git" if near is not None else None
    return tempfile.TemporaryDirectory(prefix="commons-publish-", dir=where if where and where.is_dir() else None)
