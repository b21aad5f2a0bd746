"""What ``history.read`` took from each cycle last time, so closed cycles git vouches for are not parsed again.

A window of 12 cycles is ~1,200 item files, ~22,000 pool lines and ~2,200 reviews: parsing them
all on every ``commons status`` and ``commons triage`` made both grow with the history, though
nearly all of them were committed weeks ago. A cycle's entry is trusted only when git vouches
for every file the reader would read in it (``news/<cycle>/items/*.md``, ``collected/*.jsonl``,
``reviews/*/*.md``): each is tracked, and its working copy is what the index holds, so its blob
id says what it holds without reading it. The entry's key is a hash of those (path, blob id)
pairs, the cycle, a version and the code that derives it. A file that is edited, untracked,
ignored, a symbolic link, or a repository git cannot speak for (no git, outside git, a subfolder
or scratch tree): that cycle is read as before.

The cache lives in the git directory (``.git/commons/calibration-history.json``), never in the
working tree, like validate's. Unreadable, corrupt or of another version: read as before and
written afresh; one that cannot be written costs time next run, nothing else. Cycles that left
the window are forgotten when it is written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import local_cache

VERSION = 1
NAME = "calibration-history.json"


def location(repo: Path) -> Path | None:
    """Where the cache of ``repo`` is kept; None outside a git repository."""
    return local_cache.location(repo, NAME)


def cycle_key(cycle: str, paths: list[str], blob_ids: dict[str, str]) -> str | None:
    """The key of ``cycle`` whose reader reads (among) ``paths`` (repository-relative); None when git
    does not vouch for each of them."""
    pairs = []
    for path in paths:
        blob = blob_ids.get(path)
        if blob is None:
            return None  # edited, untracked, ignored or a link: read as before
        pairs.append(f"{path}\0{blob}")
    digest = hashlib.sha256(f"{VERSION}\0{local_cache.code_fingerprint()}\0{cycle}\0".encode())
    digest.update("\n".join(sorted(pairs)).encode())
    return digest.hexdigest()


def _valid(entry) -> bool:
    """An entry as ``history.CycleRead.as_data`` writes it (a hand-edited or cut-off one is not used)."""
    def listed(value, n=None):
        return type(value) is list and (n is None or len(value) == n)

    def item(row):  # [id, score or None, source, category, title, text]
        return listed(row, 6) and (row[1] is None or type(row[1]) is int) and all(type(v) is str for v in row[:1] + row[2:])

    def review(row):  # [item, impact, verdict, why, reviewer]
        return listed(row, 5) and type(row[1]) is int and all(type(row[i]) is str for i in (0, 2, 3, 4))

    if not isinstance(entry, dict) or type(entry.get("named")) is not dict:
        return False
    scores, files, pool, reviews = (entry.get(k) for k in ("scores", "files", "pool", "reviews"))
    return (listed(scores) and all(type(s) is int for s in scores)
            and listed(files) and all(map(item, files))
            and listed(pool) and all(type(i) is str for i in pool)
            and all(item(r) and r[0] == i for i, r in entry["named"].items())
            and listed(reviews) and all(map(review, reviews)))


class CycleCache:
    """cycle → its entry (``key`` plus what the reader took from it), for the cycles git vouches for."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, dict] = self._read(path) if path is not None else {}
        self.changed = False

    @staticmethod
    def _read(path: Path) -> dict[str, dict]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: every cycle is read and the cache written afresh
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("cycles"), dict):
            return {}
        return data["cycles"]

    def get(self, cycle: str, key: str | None) -> dict | None:
        entry = self.entries.get(cycle)
        if key is None or not isinstance(entry, dict) or entry.get("key") != key or not _valid(entry):
            return None
        return entry

    def put(self, cycle: str, key: str | None, data: dict) -> None:
        if key is None:
            return
        entry = {"key": key, **data}
        if self.entries.get(cycle) != entry:
            self.entries[cycle] = entry
            self.changed = True

    def keep_only(self, cycles: list[str]) -> None:
        """Forget cycles that left the window (only when something new is written)."""
        for cycle in [c for c in self.entries if c not in cycles]:
            del self.entries[cycle]

    def save(self, window: list[str]) -> None:
        if self.path is None or not self.changed:
            return
        self.keep_only(window)
        local_cache.keep(self.path, json.dumps({"version": VERSION, "cycles": self.entries}, ensure_ascii=False,
                                               separators=(",", ":"), sort_keys=True).encode())
