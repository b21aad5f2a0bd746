"""What a finished review is, and the rule for a review pull request.

A review PR (branch ``commons/review/<cycle>/<handle>``) may change exactly the
member's allocated review files, under their own folder, each with every
required field filled in. ``commons validate`` calls :func:`check_review_pr`;
``remind`` and ``status`` use :func:`unfinished_fields` to count progress.
"""

from __future__ import annotations

from pathlib import Path

from ..content import cycles, frontmatter
from ..content.items import unfinished_fields
from ..problems import Problem
from .inputs import read_state
from .render import BRANCH_PREFIX, parse_branch, review_relpath

def is_review_branch(branch: str | None) -> bool:
    return bool(branch) and branch.startswith(BRANCH_PREFIX)


def check_review_pr(repo: Path, branch: str, changed: list[str]) -> list[Problem]:
    """Problems of a review PR: ``changed`` are the repository-relative paths the PR adds or modifies.

    Reads the review files from the checkout (the PR's head) and the allocation
    from ``.commons/assign/<cycle>.json``.
    """
    repo = Path(repo)
    parsed = parse_branch(branch)
    if parsed is None:
        return [Problem(branch, 1, 1, "branch", f"not a review branch; expected {BRANCH_PREFIX}<cycle>/<handle>, e.g. {BRANCH_PREFIX}2026-W48/octocat")]
    cycle, handle = parsed
    state = read_state(repo, cycle)
    state_file = f".commons/assign/{cycle}.json"
    if state is None:
        return [Problem(state_file, 1, 1, "assignments", f"no assignment record for {cycle}; was this branch made by `commons assign`?")]
    allocated = next((ids for h, ids in state.items() if h.lower() == handle.lower()), None)
    if allocated is None:
        return [Problem(state_file, 1, 1, "assignments", f"@{handle} has no items in {cycle}; this branch has nothing to review")]
    expected = {review_relpath(cycle, handle, i): i for i in allocated}
    problems = []
    for path in sorted(set(changed)):
        if path not in expected:
            where = f"news/{cycle}/reviews/{handle.lower()}/"
            hint = (
                f"only your review files under {where} may change in this pull request"
                if not path.startswith(where)
                else f"'{Path(path).stem}' is not one of your items for {cycle} ({', '.join(allocated)})"
            )
            problems.append(Problem(path, 1, 1, "", hint))
    for path, item_id in sorted(expected.items()):
        full = repo / path
        if not full.is_file():
            problems.append(Problem(path, 1, 1, "item", f"your review of '{item_id}' is missing; restore {path}"))
            continue
        try:
            doc = frontmatter.read(full)
        except frontmatter.ContentError as exc:
            problems.append(Problem(path, exc.line, exc.column, exc.field, exc.message))
            continue
        if doc.meta.get("item") != item_id:
            line, col = doc.position(("item",))
            problems.append(Problem(path, line, col, "item", f"must stay '{item_id}', the item this file reviews"))
        if str(doc.meta.get("reviewer", "")).lower() != handle.lower():
            line, col = doc.position(("reviewer",))
            problems.append(Problem(path, line, col, "reviewer", f"must be '{handle}', the owner of this review branch"))
        for field in unfinished_fields(doc.meta):
            line, col = doc.position((field,))
            problems.append(Problem(path, line, col, field, f"review of '{item_id}' is unfinished: fill in {_hint(field)}"))
    return problems


def _hint(field: str) -> str:
    return {
        "impact": "impact, a whole number from 1 (noise) to 5 (must discuss on Wednesday)",
        "verdict": "verdict: newsletter, handbook or skip",
        "summary": "summary: what this item is, in a sentence or two",
        "why": "why: in a sentence, why it matters to us",
        "chapter": "chapter, the handbook chapter this belongs in (verdict is handbook)",
    }[field]


def due_passed(cycle: str, now, tz: str) -> bool:
    return now >= cycles.due_time(cycle, tz)


def review_pr_problems(repo: Path, branch: str | None = None, changed_since: str | None = None, env=None) -> list[Problem]:
    """The review-PR rule for ``commons validate``: nothing unless the branch is a review branch.

    The branch comes from ``--review-branch`` or ``GITHUB_HEAD_REF`` (set on pull_request events);
    what changed is measured against ``--changed-since``, else ``origin/$GITHUB_BASE_REF``, else ``origin/main``.
    """
    import os

    from ..git import Git

    env = os.environ if env is None else env
    branch = branch or env.get("GITHUB_HEAD_REF") or ""
    if not is_review_branch(branch):
        return []
    git = Git(repo)
    base = changed_since or f"origin/{env.get('GITHUB_BASE_REF') or 'main'}"
    if git.rev_parse(base) is None:
        return [Problem(branch, 1, 1, "branch", f"cannot tell what this review PR changed: '{base}' is not in the checkout "
                        "(fetch it, or pass --changed-since REF)")]
    return check_review_pr(repo, branch, git.changed_paths(base))
