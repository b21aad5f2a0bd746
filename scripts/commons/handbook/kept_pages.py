"""The generated pages a clone has seen already saying what ``commons index`` would write.

A year has ~50 newsletters whose previous/next links index checks every run, and the pages of
every member: reading them all to find them unchanged is what made index grow with the
history. A page is left unread when git vouches that its bytes are those of a blob (see
git.work_tree_files) that index found, under the same code, already saying exactly what it was
asked to say now: the asked-for text is the whole of what the planned change depends on besides
the file itself, so the answer ("unchanged") is the same. Kept in .git/commons (local_cache):
a fresh clone reads every page once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

NAME = "index-pages.json"
VERSION = 1


@dataclass
class KeptPages:
    vouched: dict[str, str]  # path → git blob id, for the pages git vouches for
    before: dict = field(default_factory=dict)  # path → [blob id, digest of what was asked, files counted unchanged]
    after: dict = field(default_factory=dict)  # what this run saw: the next run's ``before``

    def unchanged(self, path: str, asked: str) -> int | None:
        """How many unchanged files the plan counted for ``path`` when it was last asked ``asked``
        and git vouches for the same bytes; None: plan it (and call ``saw``)."""
        blob = self.vouched.get(path)
        kept = self.before.get(path)
        if blob is None or not _entry(kept) or kept[0] != blob or kept[1] != _digest(asked):
            return None
        self.after[path] = kept
        return kept[2]

    def saw(self, path: str, asked: str, counted: int) -> None:
        """``path``, as git vouches for it, already says what ``asked`` asks for (``counted``
        files unchanged)."""
        blob = self.vouched.get(path)
        if blob is not None:
            self.after[path] = [blob, _digest(asked), counted]


def read(repo: Path, vouched: dict[str, str]) -> KeptPages:
    from .. import local_cache

    found = local_cache.read(local_cache.location(repo, NAME), VERSION)
    return KeptPages(vouched, found if isinstance(found, dict) else {})


def write(repo: Path, pages: KeptPages) -> None:
    from .. import local_cache

    if pages.after != pages.before:
        local_cache.write(local_cache.location(repo, NAME), VERSION, pages.after)


def _entry(kept) -> bool:
    return (isinstance(kept, list) and len(kept) == 3 and isinstance(kept[0], str) and isinstance(kept[1], str)
            and isinstance(kept[2], int))


def _digest(asked: str) -> str:
    return hashlib.sha256(asked.encode()).hexdigest()
