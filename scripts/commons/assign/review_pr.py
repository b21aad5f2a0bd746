"""What a finished review is, and the rule for a review pull request.

A review PR (branch ``commons/review/<cycle>/<handle>``) may change exactly the
member's allocated review files, under their own folder, each with every
required field filled in. ``commons validate`` calls :func:`check_review_pr`;
``remind`` and ``status`` use :func:`unfinished_fields` to count progress.
"""

from __future__ import annotations

from pathlib import Path

from ..content import frontmatter
from ..content.items import unfinished_fields
from ..problems import Problem
from .inputs import read_state
from ..content.layout import REVIEW_BRANCHES
from .render import parse_branch, review_relpath
from ..i18n import say

def is_review_branch(branch: str | None) -> bool:
    return bool(branch) and branch.startswith(REVIEW_BRANCHES)


def check_review_pr(repo: Path, branch: str, changed: list[str], read=None, record=None) -> list[Problem]:
    """Problems of a review PR: ``changed`` are the repository-relative paths the PR adds or modifies.

    Reads the review files with ``read(path) -> bytes | None`` (default: the checkout,
    which is the PR's head in CI) and the allocation from ``.commons/assign/<cycle>.json``
    (``record(cycle)``: default the checkout's; the branch itself may predate it).
    """
    repo = Path(repo)
    parsed = parse_branch(branch)
    if parsed is None:
        return [Problem(branch, 1, 1, "branch", say("review_pr.not_a_branch", prefix=REVIEW_BRANCHES))]
    cycle, handle = parsed
    read = read or (lambda path: (repo / path).read_bytes() if (repo / path).is_file() else None)
    state = record(cycle) if record else read_state(repo, cycle)
    state_file = f".commons/assign/{cycle}.json"
    if state is None:
        return [Problem(state_file, 1, 1, "assignments", say("review_pr.no_record", cycle=cycle))]
    allocated = next((ids for h, ids in state.items() if h.lower() == handle.lower()), None)
    if allocated is None:
        return [Problem(state_file, 1, 1, "assignments", say("review_pr.no_items", handle=handle, cycle=cycle))]
    expected = {review_relpath(cycle, handle, i): i for i in allocated}
    problems = []
    for path in sorted(set(changed)):
        if path not in expected:
            where = f"news/{cycle}/reviews/{handle.lower()}/"
            hint = (
                say("review_pr.outside", where=where)
                if not path.startswith(where)
                else say("review_pr.not_yours", item=Path(path).stem, cycle=cycle, items=", ".join(allocated))
            )
            problems.append(Problem(path, 1, 1, "", hint))
    for path, item_id in sorted(expected.items()):
        data = read(path)
        if data is None:
            problems.append(Problem(path, 1, 1, "item", say("review_pr.missing", item=item_id, path=path)))
            continue
        try:
            doc = frontmatter.parse(data.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(Problem(path, 1, 1, "", say("review_pr.not_utf8")))
            continue
        except frontmatter.ContentError as exc:
            problems.append(Problem(path, exc.line, exc.column, exc.field, exc.message))
            continue
        if doc.meta.get("item") != item_id:
            line, col = doc.position(("item",))
            problems.append(Problem(path, line, col, "item", say("review_pr.item_changed", item=item_id)))
        if str(doc.meta.get("reviewer", "")).lower() != handle.lower():
            line, col = doc.position(("reviewer",))
            problems.append(Problem(path, line, col, "reviewer", say("review_pr.reviewer_changed", handle=handle)))
        for field in unfinished_fields(doc.meta):
            line, col = doc.position((field,))
            problems.append(Problem(path, line, col, field, say("review_pr.unfinished", item=item_id, hint=say(f"review_pr.fields.{field}"))))
    return problems




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
        return [Problem(branch, 1, 1, "branch", say("review_pr.no_base", base=base))]

    def record(cycle: str):
        # The checkout's record, else the base's: a review branch is cut before its record reaches main.
        found = read_state(repo, cycle)
        if found is None:
            found = _state_at(git, base, cycle)
        return found

    head = git.rev_parse("HEAD")
    tip = next((t for t in (git.rev_parse(f"refs/heads/{branch}"), git.rev_parse(f"refs/remotes/origin/{branch}")) if t), None)
    if env.get("GITHUB_HEAD_REF") == branch or tip is None or tip == head:
        return check_review_pr(repo, branch, git.changed_paths(base), record=record)  # the checkout is the branch
    # Checked locally from elsewhere (e.g. main): the branch's own files and changes, not the checkout's.
    changed = sorted(path for _, path in git.changed_files(base, tip))
    return check_review_pr(repo, branch, changed, read=lambda path: git.show_blob(tip, path), record=record)


def _state_at(git, ref: str, cycle: str):
    import json

    data = git.show_blob(ref, f".commons/assign/{cycle}.json")
    if data is None:
        return None
    try:
        assignments = json.loads(data.decode("utf-8"))["assignments"]
        return {str(h): [str(i) for i in ids] for h, ids in assignments.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
