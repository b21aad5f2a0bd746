"""Progress of a cycle's reviews, from git alone: allocation on main, review files on each branch.

Shared by ``commons remind`` (which comments on review PRs) and ``commons status``
(which only reads). A review counts as done when its file, on the member's
branch or merged into main, has every required field filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..assign.inputs import read_state
from ..assign.render import branch_name, review_relpath
from ..content.items import unfinished_fields
from ..content import cycles, frontmatter
from ..content.layout import REVIEW_BRANCHES
from ..git import Git


@dataclass
class MemberProgress:
    handle: str
    total: int
    done: list[str] = field(default_factory=list)
    unfinished: dict[str, list[str]] = field(default_factory=dict)  # item → empty fields
    merged: bool = False
    unmerged: list[str] = field(default_factory=list)  # finished on the review branch, not (yet) on main

    @property
    def complete(self) -> bool:
        return len(self.done) >= self.total


@dataclass
class CycleProgress:
    cycle: str
    due: str
    overdue: bool
    members: dict[str, MemberProgress]


def remote_ref(remote: str, cycle: str, handle: str) -> str:
    return f"refs/remotes/{remote}/{branch_name(cycle, handle)}"


def fetch_review_branches(git: Git, remote: str, cycle: str | None = None) -> None:
    """One fetch for every review branch (of one cycle, or all)."""
    pattern = f"{REVIEW_BRANCHES}{cycle}/*" if cycle else f"{REVIEW_BRANCHES}*"
    refs = git.ls_remote(remote, f"refs/heads/{pattern}")
    git.fetch(remote, [f"+{ref}:refs/remotes/{remote}/{ref[len('refs/heads/'):]}" for ref in refs])


def _review_meta(text: bytes | None) -> dict | None:
    if text is None:
        return None
    try:
        return frontmatter.parse(text.decode("utf-8")).meta
    except (frontmatter.ContentError, UnicodeDecodeError):
        return {}


def cycle_progress(repo: Path, cycle: str, now: datetime, week: cycles.Week, git: Git | None = None, remote: str = "origin") -> CycleProgress | None:
    state = read_state(repo, cycle)
    if state is None:
        return None
    members = {}
    for handle, ids in sorted(state.items()):
        progress = MemberProgress(handle, len(ids))
        tip = git.rev_parse(remote_ref(remote, cycle, handle)) if git else None
        for item_id in ids:
            path = review_relpath(cycle, handle, item_id)
            merged_file = Path(repo) / path
            merged = merged_file.is_file()
            if merged:
                meta = _review_meta(merged_file.read_bytes())
                progress.merged = True
            else:
                meta = _review_meta(git.show_blob(tip, path)) if tip else None
            missing = unfinished_fields(meta) if meta is not None else ["impact", "verdict", "summary", "why"]
            if missing:
                progress.unfinished[item_id] = missing
            else:
                progress.done.append(item_id)
                if not merged:
                    progress.unmerged.append(item_id)
        members[handle] = progress
    return CycleProgress(cycle, cycles.due_date(cycle, week).isoformat(), now >= cycles.due_time(cycle, week), members)
