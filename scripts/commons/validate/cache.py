"""What a whole-repository validate found in each unchanged file last time, so it is not parsed again.

A year of news is ~15,000 files and ~80,000 pool lines, nearly all of them untouched since the
week they were written: reading them all again is what made ``commons validate`` grow with the
history. An entry is trusted only when everything its answer depends on is the same:

- the file: its git blob id, the id of the bytes on disk, so an edit not yet committed counts (git
  gives it unread for a committed file it vouches is unchanged on disk, ``git.clean_blob_ids``;
  any other file is read and hashed), its path (a pool line's cycle and an item's id come from it)
  and its kind;
- the validator: a fingerprint of the ``commons`` code, the repository's ``schemas/``, the
  versions of the libraries that parse and check and the language the problems are said in (the
  cache keeps them as said: a changed validator or language re-checks everything);
- what the rest of the repository tells it: for a review, the items of its cycle and of the one
  before, and the handbook's chapters.

Only items, pool files and reviews are kept (99 % of the files); chapters, works and the
configuration look at other files in ways a key would not capture, and are always checked. A warm
run over an unchanged repository therefore reads none of its news: what it costs is the week's
new and changed files (and listing the folders). An answer is filed only if the file still has
the bytes it was keyed by after its check, so a file edited during a run is checked again next time.

The cache lives in the git directory (``.git/commons/validate-cache.json``), never in the
working tree: a file anyone can commit must not be able to say that their files are valid.
A fresh clone (CI) starts without it, so its run is the cold one.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

CACHED_KINDS = frozenset(("item", "pool", "review"))
VERSION = 2  # 2: keys only, no paths (1 held path → [key, problems])


LIBRARIES = ("jsonschema", "jsonschema-rs", "PyYAML", "ruamel.yaml", "rapidfuzz")


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """The validator as code: every module and catalog of the package, the Python and the parsing
    and checking libraries' versions. Any change checks everything again."""
    from importlib import metadata

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yml")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(schema_dir: Path, language: str) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())  # the validator as code
    digest.update(b"\0" + language.encode() + b"\0")  # the problems are kept as said
    folder = Path(schema_dir)
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def location(repo: Path) -> Path | None:
    """Where the cache of ``repo`` is kept; None outside a git repository."""
    from ..git import absolute_git_dir

    folder = absolute_git_dir(repo)
    return folder / "commons" / "validate-cache.json" if folder else None


class ResultCache:
    """What each key (see :meth:`key`) was found to have: most files nothing (``clean``, a set of keys),
    the others their problems as (line, column, field, message) (``found``). The path is in the key,
    so the file holds no path: a year's cache is ~1 MB, and loading it makes one string per file."""

    def __init__(self, path: Path | None, schema_dir: Path, language: str):
        self.path = path
        self.fingerprint = fingerprint(schema_dir, language)
        self.clean: set[str] = set()
        self.found: dict[str, list] = {}
        self.used: set[str] = set()  # keys this run looked up or filed
        self.changed = False
        self.hits = 0
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: every file is checked and the cache written afresh
        if not isinstance(data, dict) or data.get("version") != VERSION or data.get("fingerprint") != self.fingerprint:
            return
        clean, found = data.get("clean"), data.get("found")
        if isinstance(clean, list) and isinstance(found, dict):
            self.clean = {key for key in clean if isinstance(key, str)}
            self.found = {key: problems for key, problems in found.items()
                          if isinstance(problems, list) and all(isinstance(p, list) and len(p) == 4 for p in problems)}

    @staticmethod
    def cacheable(target) -> bool:
        """A file in its place in the repository's layout (not one checked with --kind elsewhere, nor
        one outside the repository) of a kind kept here."""
        return target.kind in CACHED_KINDS and target.placed and not target.path.startswith("/")

    @staticmethod
    def key(target, blob: str, context: str) -> str:
        """``blob``: the git blob id of the file's bytes on disk; ``context``: what else its answer depends on."""
        return hashlib.sha256(f"{target.kind}\0{target.path}\0{blob}\0{context}".encode()).hexdigest()

    def get(self, key: str) -> list | None:
        """The problems filed under ``key`` ([] for none), or None when it was never checked."""
        if key in self.clean:
            found: list | None = []
        else:
            found = self.found.get(key)
        if found is not None:
            self.hits += 1
            self.used.add(key)
        return found

    def put(self, key: str, problems: list) -> None:
        self.used.add(key)
        if problems:
            if self.found.get(key) != problems:
                self.found[key] = problems
                self.clean.discard(key)
                self.changed = True
        elif key not in self.clean:
            self.clean.add(key)
            self.found.pop(key, None)
            self.changed = True

    def keep_only_used(self) -> None:
        """Forget the answers for files that are gone or changed (after a run over the whole repository)."""
        gone_clean = self.clean - self.used
        gone_found = [key for key in self.found if key not in self.used]
        if gone_clean or gone_found:
            self.changed = True
            self.clean -= gone_clean
            for key in gone_found:
                del self.found[key]

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        from ..content.files import atomic_write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, self._json())
        except OSError:  # cannot be written: every file is checked next time, nothing else
            pass

    def _json(self) -> bytes:
        return json.dumps({"clean": sorted(self.clean), "fingerprint": self.fingerprint, "found": self.found,
                           "version": VERSION}, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
