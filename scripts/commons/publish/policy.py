"""Which review pull requests the bot merges, and the exact reasons it does not merge the rest.

Pure: plain facts about each pull request in, one :class:`Decision` out. The
facts come from GitHub and git (:mod:`commons.publish.remote`); nothing here
talks to either.

A review pull request belongs to one member (its *author*: the member named in
its branch ``commons/review/<cycle>/<member>``; the bot opens it). It is merged
only when all of these hold:

- it was opened by the bot (``review.bots``) from a branch of this repository (anything else is
  ignored: not merged, not commented on, not counted);
- the member named in its branch is its assignee;
- it is approved, on its latest commit, by a maintainer listed in
  ``review.maintainers`` (or, with ``review.approval: any-member``, by any
  member), never by its own author. A maintainer's own review PR, when no
  other maintainer is listed, is approved by any other member: otherwise the
  only maintainer's reviews could never be merged;
- nobody whose approval would count has requested changes;
- the required checks (``review.checks``, by name) ran from GitHub Actions on that commit and passed;
- the tree the merge would produce differs from main only in regular markdown files inside
  ``news/<cycle>/reviews/<author>/``, each the review of an item assigned to the author and
  at most :data:`MAX_REVIEW_BYTES` long. A change to ``.github/``, ``scripts/``, ``schemas/``
  or another member's folder is never merged by the bot. The tree is the merge's own result
  (every merge base counted), not a diff against one merge base, so a crafted history cannot
  hide a change; a head whose merge git cannot compute is refused.

Every reason is collected, not just the first, so one comment tells the member
everything to fix.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .. import i18n
from ..content.items import MAX_REVIEW_BYTES
from ..content.layout import REVIEW_BRANCHES
from ..untrusted import code, for_github

PROTECTED_TOP = (".github", "scripts", "schemas")
REGULAR_FILE = "100644"
ACTIONS_APP = "github-actions"  # the app whose check runs are the workflows' jobs
DEFAULT_CHECKS = ("validate changed files",)  # the validate workflow's job name
DEFAULT_BOTS = ("github-actions[bot]",)
HANDLE = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}")  # GitHub's login rule, lowercased

MERGE, HOLD, ALREADY_MERGED, CLOSED, IGNORED = "merge", "hold", "already-merged", "closed", "ignored"


# -- facts (plain data in) --------------------------------------------------------------------
@dataclass(frozen=True)
class Vote:
    """One submitted pull-request review (GitHub's word; a *vote* here, to keep it apart from news reviews)."""

    author: str
    state: str  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    commit: str = ""


@dataclass(frozen=True)
class CheckResult:
    """A check run (commit statuses are not taken: anyone who can push can post one)."""

    name: str
    status: str  # queued | in_progress | completed
    conclusion: str | None = None
    app: str = ACTIONS_APP  # the slug of the GitHub App that created it
    head_sha: str = ""  # the commit it ran on ("" = the pull request's head, in hand-made facts)
    started_at: str | None = None  # ISO time GitHub recorded


@dataclass(frozen=True)
class ChangedFile:
    path: str
    mode: str = REGULAR_FILE  # the mode in the merged tree; "000000" when the merge deletes the file
    size: int | None = None  # bytes, when known


@dataclass(frozen=True)
class PullFacts:
    number: int
    branch: str
    head_sha: str
    state: str = "open"  # open | closed
    merged: bool = False
    opened_by: str = ""  # the PR's GitHub author (usually the bot)
    votes: tuple[Vote, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    files: tuple[ChangedFile, ...] = ()
    mergeable: bool | None = None  # None: GitHub has not said (a conflict then shows at merge time)
    base: str = "main"
    head_repo: str = ""  # owner/name the head branch lives in ("" = this repository, in hand-made facts)
    assignees: tuple[str, ...] = ()  # None-like empty: checked only when ``Rules.check_assignee``
    assigned: frozenset[str] | None = None  # item ids the record on main assigns the author; None: unknown
    tree_judged: bool = True  # False: git could not compute the tree the merge would produce


@dataclass(frozen=True)
class Rules:
    cycle: str
    approval: str = "maintainers"  # maintainers | any-member
    maintainers: frozenset[str] = frozenset()  # lowercase handles
    members: frozenset[str] = frozenset()  # lowercase handles
    base: str = "main"  # the branch review pull requests must target
    repository: str = ""  # owner/name: heads elsewhere (forks) are ignored
    bots: frozenset[str] = frozenset(b.lower() for b in DEFAULT_BOTS)  # who opens review pull requests
    required_checks: tuple[str, ...] = DEFAULT_CHECKS
    check_assignee: bool = False  # the author must be the pull request's assignee

    @classmethod
    def from_config(cls, cycle: str, review_settings, members, base: str = "main", repository: str = "",
                    bots=None) -> "Rules":
        """``bots``: who opens review PRs (the token's identity and ``review.bots``: GitHub.bots)."""
        return cls(
            cycle=cycle,
            approval=review_settings.approval,
            maintainers=frozenset(h.lower() for h in review_settings.maintainers),
            members=frozenset(m.github.lower() for m in members),
            base=base,
            repository=repository,
            bots=frozenset(b.lower() for b in (bots or getattr(review_settings, "bots", DEFAULT_BOTS))),
            required_checks=tuple(getattr(review_settings, "checks", DEFAULT_CHECKS)),
            check_assignee=True,
        )


# -- decisions (plain data out) ---------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """Why a pull request is held, as a code (stable: the comment's fingerprint) and the values its
    message needs; the words are the catalogs' ``publish.reason.<key>``, in any language. A value
    that is itself a message is ``(catalog key, ((name, value), …))``."""
    code: str
    values: tuple[tuple[str, object], ...] = ()
    key: str = ""  # the catalog message, when it is not the code's own

    def text(self, language: str) -> str:
        t = i18n.catalog(language)

        def value(v):
            return t(v[0], **dict(v[1])) if isinstance(v, tuple) else v

        return t(f"publish.reason.{self.key or self.code}", **{k: value(v) for k, v in self.values})

    @property
    def ko(self) -> str:
        return self.text("ko")

    @property
    def en(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return self.text(i18n.active().language)


def reason(code: str, key: str = "", **values) -> Reason:
    return Reason(code, tuple(values.items()), key)


@dataclass(frozen=True)
class Decision:
    number: int
    author: str
    action: str  # merge | hold | already-merged | closed
    reasons: tuple[Reason, ...] = ()
    head_sha: str = ""
    approved_by: tuple[str, ...] = field(default=())

    @property
    def fingerprint(self) -> str:
        """Same reasons, same fingerprint: a comment is written once per distinct set of reasons."""
        text = "\n".join(sorted(r.code for r in self.reasons))
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def member_of_branch(branch: str, cycle: str) -> str | None:
    """The member a review branch belongs to, or None when it is not this cycle's review branch."""
    prefix = f"{REVIEW_BRANCHES}{cycle}/"
    if not branch.startswith(prefix):
        return None
    member = branch[len(prefix):].lower()
    return member if HANDLE.fullmatch(member) else None


def outsider(pull: PullFacts, rules: Rules) -> Reason | None:
    """Why a pull request does not count at all (not the bot's, or from another repository), or None."""
    if rules.repository and pull.head_repo.lower() != rules.repository.lower():
        where = for_github(pull.head_repo, markdown=False) or ("publish.reason_parts.gone_repository", ())
        return reason("outsider", "outsider-repository", where=where, repository=rules.repository)
    if pull.opened_by.lower() not in rules.bots:
        who = for_github(pull.opened_by, markdown=False) or ("publish.reason_parts.nobody", ())
        return reason("outsider", "outsider-author", who=who, bots=", ".join(sorted(rules.bots)))
    return None


def uncounted_authors(pulls, rules: Rules) -> tuple[str, ...]:
    """The authors of the cycle's review pull requests when not one of them counts (each opened by
    someone who is not the bot), else (): publishing then would silently leave every review out."""
    if not pulls or any(outsider(p, rules) is None for p in pulls):
        return ()
    return tuple(sorted({p.opened_by.lower() or "?" for p in pulls}))


def _handles(names) -> str:
    return ", ".join(f"@{n}" for n in names)


def _latest_votes(votes: tuple[Vote, ...]) -> dict[str, Vote]:
    """Each person's standing vote: their latest approval, change request or dismissal (comments do not count)."""
    standing: dict[str, Vote] = {}
    for vote in votes:
        if vote.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            standing[vote.author.lower()] = vote
    return standing


def _approval_reasons(pull: PullFacts, author: str, rules: Rules) -> tuple[list[Reason], list[str]]:
    excluded = {author, pull.opened_by.lower()}
    if rules.approval == "any-member":
        allowed = rules.members - excluded
        who = ("publish.another_member", ())
    elif not rules.maintainers - excluded:  # the author is the only maintainer: the crew vouches instead
        allowed = rules.members - excluded
        who = ("publish.another_member_no_maintainer", ())
    else:
        allowed = rules.maintainers - excluded
        who = ("publish.a_maintainer", (("handles", _handles(sorted(rules.maintainers))),))
    standing = _latest_votes(pull.votes)
    reasons: list[Reason] = []
    blockers = sorted(h for h, v in standing.items() if v.state == "CHANGES_REQUESTED" and h in allowed)
    if blockers:
        reasons.append(reason("changes-requested", handles=_handles(blockers)))
    approvals = {h: v for h, v in standing.items() if v.state == "APPROVED" and h in allowed}
    current = sorted(h for h, v in approvals.items() if v.commit == pull.head_sha)
    if not current and not blockers:
        if approvals:
            reasons.append(reason("approval-stale", handles=_handles(sorted(approvals))))
        else:
            self_only = any(v.state == "APPROVED" for h, v in standing.items() if h in excluded)
            reasons.append(reason("not-approved", "not-approved-self" if self_only else "", who=who))
    return reasons, current


def _check_reasons(pull: PullFacts, rules: Rules) -> list[Reason]:
    """Each required check, by name, from GitHub Actions, on the head being merged; nothing else counts."""
    missing, failing, pending = [], [], []
    for name in rules.required_checks:
        runs = [c for c in pull.checks if c.name == name and c.app == ACTIONS_APP
                and (c.head_sha or pull.head_sha) == pull.head_sha]
        if not runs:
            missing.append(name)
        elif any(c.status == "completed" and c.conclusion == "success" for c in runs):
            continue  # a re-run that passed
        elif any(c.status != "completed" for c in runs):
            pending.append(name)
        else:
            failing.append(name)
    reasons = []
    if missing:
        names = ", ".join(code(n) for n in missing)
        reasons.append(reason("no-checks", names=names))
    if failing:
        names = ", ".join(code(n) for n in failing)
        reasons.append(reason("checks-failed", names=names))
    if pending:
        names = ", ".join(code(n) for n in pending)
        reasons.append(reason("checks-pending", names=names))
    return reasons


def submitted_at(pull: PullFacts, rules: Rules) -> str | None:
    """When the merged head reached GitHub, as GitHub recorded it: the first required check's start on it."""
    times = sorted(c.started_at for c in pull.checks if c.started_at and c.name in rules.required_checks
                   and c.app == ACTIONS_APP and (c.head_sha or pull.head_sha) == pull.head_sha)
    return times[0] if times else None


def _path_reasons(pull: PullFacts, author: str, rules: Rules) -> list[Reason]:
    own = f"news/{rules.cycle}/reviews/{author}/"
    others = f"news/{rules.cycle}/reviews/"
    protected, foreign, outside, odd, unassigned, large = set(), set(), set(), set(), set(), set()
    for changed in pull.files:
        path = changed.path
        parts = path.split("/")
        if any(p in ("", ".", "..") for p in parts):
            outside.add(path)
        elif parts[0] in PROTECTED_TOP:
            protected.add(path)
        elif path.startswith(own):
            if len(parts) != 5 or not path.endswith(".md") or changed.mode not in (REGULAR_FILE, "000000"):
                odd.add(path)
            elif changed.mode != "000000" and pull.assigned is not None and parts[4][:-3] not in pull.assigned:
                unassigned.add(path)
            elif changed.mode != "000000" and (changed.size or 0) > MAX_REVIEW_BYTES:
                large.add(path)
        elif path.startswith(others) and len(parts) >= 5:
            foreign.add(path)
        else:
            outside.add(path)
    reasons = []

    def listed(paths):
        shown = sorted(paths)[:10]
        more = f" (+{len(paths) - 10})" if len(paths) > 10 else ""
        return ", ".join(code(p) for p in shown) + more

    if protected:
        reasons.append(reason("protected-paths", paths=listed(protected)))
    if foreign:
        reasons.append(reason("foreign-folder", paths=listed(foreign)))
    if outside:
        reasons.append(reason("outside-folder", own=own, paths=listed(outside)))
    if odd:
        reasons.append(reason("not-review-file", paths=listed(odd)))
    if unassigned:
        reasons.append(reason("not-assigned", paths=listed(unassigned)))
    if large:
        cap = MAX_REVIEW_BYTES // 1024
        reasons.append(reason("too-large", cap=cap, paths=listed(large)))
    if not pull.files:
        reasons.append(reason("empty"))
    return reasons


def decide(pull: PullFacts, rules: Rules) -> Decision:
    author = member_of_branch(pull.branch, rules.cycle) or ""
    if pull.merged:
        return Decision(pull.number, author, ALREADY_MERGED, head_sha=pull.head_sha)
    why_not = outsider(pull, rules)
    if why_not:  # not merged, not commented on, not counted
        return Decision(pull.number, "", IGNORED, (why_not,), pull.head_sha)
    if pull.state != "open":
        return Decision(pull.number, author, CLOSED, head_sha=pull.head_sha)
    reasons: list[Reason] = []
    if not author:
        reasons.append(reason("not-review-branch", branch=code(pull.branch), cycle=rules.cycle))
        return Decision(pull.number, author, HOLD, tuple(reasons), pull.head_sha)
    if author not in rules.members:
        shown = for_github("@" + author)
        reasons.append(reason("not-member", handle=shown))
    if rules.check_assignee and author not in {a.lower() for a in pull.assignees}:
        reasons.append(reason("not-assignee", handle=author))
    if not pull.tree_judged:
        reasons.append(reason("history-unjudgeable"))
    elif pull.assigned is None:
        reasons.append(reason("no-assignment", cycle=rules.cycle))
    if pull.base != rules.base:
        reasons.append(reason("wrong-base", base=pull.base, expected=rules.base))
    reasons += _path_reasons(pull, author, rules)
    approval_reasons, approvers = _approval_reasons(pull, author, rules)
    reasons += approval_reasons
    reasons += _check_reasons(pull, rules)
    if pull.mergeable is False:
        reasons.append(conflict_reason())
    action = HOLD if reasons else MERGE
    return Decision(pull.number, author, action, tuple(reasons), pull.head_sha, tuple(approvers))


def conflict_reason(status: int | None = None) -> Reason:
    """A conflict with main, seen by git before merging, or GitHub's refusal (405 not mergeable, 409 head moved)."""
    if status is None:
        return reason("merge-conflict")
    return reason("merge-conflict", "merge-refused", status=status)
