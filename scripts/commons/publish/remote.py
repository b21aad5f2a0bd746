"""The thin GitHub/git side of publishing: gather facts, merge, comment once, write one commit.

Every call to GitHub goes through :mod:`commons.github` and every git command
through :mod:`commons.git`; the decisions are :mod:`commons.publish.policy`'s.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
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
    submitted: str | None = None  # ISO time of its head commit


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    commented: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # things a person must look at
    records: list[state.PullRecord] = field(default_factory=list)


# -- git helpers -----------------------------------------------------------------------------------
def fetch_main(git: Git, remote: str, branch: str) -> str:
    git.fetch(remote, [f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"])
    sha = git.rev_parse(f"refs/remotes/{remote}/{branch}")
    if not sha:
        raise GitError(f"{remote}/{branch} does not exist")
    return sha


def _diff(git: Git, base: str, head: str) -> list[ChangedFile]:
    """Files a pull request changes, renames split into delete + add, with their modes at the head."""
    out = git.run("diff", "--raw", "-z", "--no-renames", "--no-abbrev", f"{base}...{head}")
    parts = out.split("\0")
    files = []
    for i in range(0, len(parts) - 1, 2):
        meta, path = parts[i], parts[i + 1]
        if not meta.startswith(":"):
            continue
        new_mode = meta[1:].split(" ")[1]
        files.append(ChangedFile(path, new_mode))
    return files


def mergeable(git: Git, base: str, head: str) -> bool | None:
    """Would ``head`` merge into ``base`` without conflicts? Asked of git locally, so a known conflict
    costs no merge attempt (a write) on every run. None when git cannot tell."""
    proc_ok = git.run("merge-tree", "--write-tree", "--no-messages", base, head, check=False)
    if not proc_ok.strip():
        return None  # no output at all: an old git or a missing commit
    return git.ok("merge-tree", "--write-tree", "--no-messages", base, head)


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
def gather(gh: GitHub, git: Git, cycle: str, *, remote: str, main_sha: str, since=None) -> list[Gathered]:
    """Every review pull request of the cycle with what the policy needs to judge it.

    ``since`` stops the walk through the repository's pull requests (newest first) at older ones.
    """
    prefix = f"{policy.BRANCH_PREFIX}{cycle}/"
    found = []
    for pull in sorted(gh.pulls(state="all", since=since, head_prefix=prefix), key=lambda p: p.number):
        member = policy.member_of_branch(pull.head, cycle) or ""
        have_head = _fetch_head(git, remote, pull.number, pull.head, pull.head_sha)
        files: list[ChangedFile] = []
        if have_head:
            try:
                files = _diff(git, main_sha, pull.head_sha)
            except GitError:
                have_head = False
        # GitHub's own list as well: a path either side knows about is judged.
        seen = {f.path for f in files}
        if pull.state == "open" or not have_head:
            files += [ChangedFile(p) for p in gh.pull_files(pull.number) if p not in seen]
        submitted = None
        if have_head:
            submitted = git.run("show", "-s", "--format=%cI", pull.head_sha, check=False).strip() or None
        votes, checks = (), ()
        if pull.state == "open" and not pull.merged:
            votes = tuple(Vote(r.author, r.state, r.commit_id) for r in gh.reviews(pull.number))
            checks = tuple(CheckResult(c.name, c.status, c.conclusion) for c in gh.checks(pull.head_sha))
        facts = PullFacts(
            number=pull.number, branch=pull.head, head_sha=pull.head_sha, state=pull.state, merged=pull.merged,
            opened_by=pull.author, votes=votes, checks=checks, files=tuple(files), base=pull.base,
            mergeable=mergeable(git, main_sha, pull.head_sha) if have_head and pull.state == "open" else None,
        )
        own = f"news/{cycle}/reviews/{member}/"
        reviews = sum(1 for f in files if f.path.startswith(own) and f.path.endswith(".md") and f.mode != "000000")
        found.append(Gathered(facts, member, reviews, submitted))
    return found


# -- merging and comments --------------------------------------------------------------------------
def comment_body(decision: Decision, cycle: str, language: str = i18n.FALLBACK) -> str:
    marker = f"{COMMENT_MARKER} cycle={cycle} pull={decision.number} reasons={decision.fingerprint} -->"
    t = i18n.catalog(language)
    lines = [marker, t("publish.hold_intro", handle=decision.author, cycle=cycle), ""]
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
                    reason = policy.Reason("merge-failed", (("error", str(exc)),))
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
def materialize(git: Git, commit: str, target: Path, overlays: list[tuple[str, str]] = ()) -> None:
    """Write the regular files of ``commit`` into ``target``; ``overlays`` adds (commit, folder) on top."""
    sources = [(commit, "")] + list(overlays)
    for treeish, prefix in sources:
        entries = [e for e in git.ls_tree(treeish, prefix) if e.kind == "blob" and e.mode in ("100644", "100755")]
        blobs = git.read_blobs([e.sha for e in entries])
        for entry in entries:
            path = target / entry.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blobs.get(entry.sha, b""))


def write_commit(git: Git, base: str, changes: dict[str, str], message: str) -> str | None:
    """A commit on ``base`` with ``changes`` (path → text); None when the tree would not change."""
    paths = sorted(changes)
    blobs = git.write_blobs([changes[p].encode("utf-8") for p in paths])
    tree = git.tree_with(base, dict(zip(paths, blobs)))
    if tree == git.tree_of(base):
        return None
    return git.commit_tree(tree, [base], message)


def forget_fetched(git: Git) -> None:
    """Drop the refs gather() fetched pull request heads into; the user's clone keeps no trace."""
    out = git.run("for-each-ref", "--format=%(refname)", FETCH_NAMESPACE, check=False)
    for ref in out.split():
        git.run("update-ref", "-d", ref, check=False)


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="commons-publish-")
