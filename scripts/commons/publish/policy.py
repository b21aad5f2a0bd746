"""Which review pull requests the bot merges, and the exact reasons it does not merge the rest.

Pure: plain facts about each pull request in, one :class:`Decision` out. The
facts come from GitHub and git (:mod:`commons.publish.remote`); nothing here
talks to either.

A review pull request belongs to one member (its *author*: the member named in
its branch ``commons/review/<cycle>/<member>``; the bot opens it). It is merged
only when all of these hold:

- it is approved, on its latest commit, by a maintainer listed in
  ``review.maintainers`` (or, with ``review.approval: any-member``, by any
  member), never by its own author. A maintainer's own review PR, when no
  other maintainer is listed, is approved by any other member: otherwise the
  only maintainer's reviews could never be merged;
- nobody whose approval would count has requested changes;
- its checks ran on the latest commit and passed;
- every changed file is a regular markdown file inside
  ``news/<cycle>/reviews/<author>/``. A change to ``.github/``, ``scripts/``,
  ``schemas/`` or another member's folder is never merged by the bot.

Every reason is collected, not just the first, so one comment tells the member
everything to fix.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .. import i18n

BRANCH_PREFIX = "commons/review/"  # the same prefix `commons assign` opens branches with
PROTECTED_TOP = (".github", "scripts", "schemas")
OK_CONCLUSIONS = frozenset({"success", "neutral", "skipped"})
REGULAR_FILE = "100644"

MERGE, HOLD, ALREADY_MERGED, CLOSED = "merge", "hold", "already-merged", "closed"


# -- facts (plain data in) --------------------------------------------------------------------
@dataclass(frozen=True)
class Vote:
    """One submitted pull-request review (GitHub's word; a *vote* here, to keep it apart from news reviews)."""

    author: str
    state: str  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    commit: str = ""


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # queued | in_progress | completed; for a commit status: its state
    conclusion: str | None = None


@dataclass(frozen=True)
class ChangedFile:
    path: str
    mode: str = REGULAR_FILE  # the mode at the head; "000000" when the file is deleted


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


@dataclass(frozen=True)
class Rules:
    cycle: str
    approval: str = "maintainers"  # maintainers | any-member
    maintainers: frozenset[str] = frozenset()  # lowercase handles
    members: frozenset[str] = frozenset()  # lowercase handles
    base: str = "main"  # the branch review pull requests must target

    @classmethod
    def from_config(cls, cycle: str, review_settings, members, base: str = "main") -> "Rules":
        return cls(
            cycle=cycle,
            approval=review_settings.approval,
            maintainers=frozenset(h.lower() for h in review_settings.maintainers),
            members=frozenset(m.github.lower() for m in members),
            base=base,
        )


# -- decisions (plain data out) ---------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """Why a pull request is held: a code, and the values its message (catalog ``publish.reason.<message>``) needs."""

    code: str
    values: tuple[tuple[str, str], ...] = ()
    message: str = ""  # the catalog key when it differs from the code

    def text(self, language: str) -> str:
        t, values = i18n.catalog(language), dict(self.values)
        if "who" in values:  # whose approval is missing: itself a message (publish.a_maintainer, another_member)
            values["who"] = t(f"publish.{values['who']}", handles=values.get("handles", ""))
        return t(f"publish.reason.{self.message or self.code}", **values)

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def ko(self) -> str:
        return self.text("ko")

    def __str__(self) -> str:
        return self.en


def _reason(code: str, message: str = "", **values) -> Reason:
    return Reason(code, tuple(sorted(values.items())), message)


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
    prefix = f"{BRANCH_PREFIX}{cycle}/"
    if not branch.startswith(prefix):
        return None
    member = branch[len(prefix):]
    if not member or "/" in member:
        return None
    return member.lower()


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
        who = ("another_member", "")
    elif not rules.maintainers - excluded:  # the author is the only maintainer: the crew vouches instead
        allowed = rules.members - excluded
        who = ("another_member_no_maintainer", "")
    else:
        allowed = rules.maintainers - excluded
        who = ("a_maintainer", _handles(sorted(rules.maintainers)))
    standing = _latest_votes(pull.votes)
    reasons: list[Reason] = []
    blockers = sorted(h for h, v in standing.items() if v.state == "CHANGES_REQUESTED" and h in allowed)
    if blockers:
        reasons.append(_reason("changes-requested", handles=_handles(blockers)))
    approvals = {h: v for h, v in standing.items() if v.state == "APPROVED" and h in allowed}
    current = sorted(h for h, v in approvals.items() if v.commit == pull.head_sha)
    if not current and not blockers:
        if approvals:
            reasons.append(_reason("approval-stale", handles=_handles(sorted(approvals))))
        else:
            self_only = any(v.state == "APPROVED" for h, v in standing.items() if h in excluded)
            reasons.append(_reason("not-approved", "not-approved-self" if self_only else "", who=who[0], handles=who[1]))
    return reasons, current


def _check_reasons(pull: PullFacts) -> list[Reason]:
    if not pull.checks:
        return [_reason("no-checks")]
    failing, pending = [], []
    for check in pull.checks:
        if check.status in ("queued", "in_progress", "pending", "waiting", "requested"):
            pending.append(check.name)
        elif check.status == "completed":
            if (check.conclusion or "") not in OK_CONCLUSIONS:
                failing.append(check.name)
        elif check.status != "success":  # a commit status: success | failure | error
            failing.append(check.name)
    reasons = []
    if failing:
        names = ", ".join(f"`{n}`" for n in sorted(set(failing)))
        reasons.append(_reason("checks-failed", names=names))
    if pending:
        names = ", ".join(f"`{n}`" for n in sorted(set(pending)))
        reasons.append(_reason("checks-pending", names=names))
    return reasons


def _path_reasons(pull: PullFacts, author: str, rules: Rules) -> list[Reason]:
    own = f"news/{rules.cycle}/reviews/{author}/"
    others = f"news/{rules.cycle}/reviews/"
    protected, foreign, outside, odd = set(), set(), set(), set()
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
        elif path.startswith(others) and len(parts) >= 5:
            foreign.add(path)
        else:
            outside.add(path)
    reasons = []

    def listed(paths):
        shown = sorted(paths)[:10]
        more = f" (+{len(paths) - 10})" if len(paths) > 10 else ""
        return ", ".join(f"`{p}`" for p in shown) + more

    if protected:
        reasons.append(_reason("protected-paths", paths=listed(protected)))
    if foreign:
        reasons.append(_reason("foreign-folder", paths=listed(foreign)))
    if outside:
        reasons.append(_reason("outside-folder", own=own, paths=listed(outside)))
    if odd:
        reasons.append(_reason("not-review-file", paths=listed(odd)))
    if not pull.files:
        reasons.append(_reason("empty"))
    return reasons


def decide(pull: PullFacts, rules: Rules) -> Decision:
    author = member_of_branch(pull.branch, rules.cycle) or ""
    if pull.merged:
        return Decision(pull.number, author, ALREADY_MERGED, head_sha=pull.head_sha)
    if pull.state != "open":
        return Decision(pull.number, author, CLOSED, head_sha=pull.head_sha)
    reasons: list[Reason] = []
    if not author:
        reasons.append(_reason("not-review-branch", branch=pull.branch, cycle=rules.cycle))
        return Decision(pull.number, author, HOLD, tuple(reasons), pull.head_sha)
    if author not in rules.members:
        reasons.append(_reason("not-member", handle=author))
    if pull.base != rules.base:
        reasons.append(_reason("wrong-base", base=pull.base, expected=rules.base))
    reasons += _path_reasons(pull, author, rules)
    approval_reasons, approvers = _approval_reasons(pull, author, rules)
    reasons += approval_reasons
    reasons += _check_reasons(pull)
    if pull.mergeable is False:
        reasons.append(conflict_reason())
    action = HOLD if reasons else MERGE
    return Decision(pull.number, author, action, tuple(reasons), pull.head_sha, tuple(approvers))


def conflict_reason(status: int | None = None) -> Reason:
    """A conflict with main, seen by git before merging, or GitHub's refusal (405 not mergeable, 409 head moved)."""
    if status is None:
        return _reason("merge-conflict")
    return _reason("merge-conflict", "merge-refused", status=str(status))
