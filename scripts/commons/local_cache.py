"""Caches a clone keeps in its git directory (``.git/commons/``), never in the working tree.

What is derived from files git vouches for (validate's answers, the calibration window, the
portfolio's table rows) is kept here so a kept clone does not derive it again each run. Never
in the working tree: a file anyone can commit must not say what the code would have said. A
fresh clone (CI) starts without them: its run is the cold one. An entry is trusted only under
the same code (code_fingerprint); an unreadable file is read past, one that cannot be written
costs time next run, nothing else.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

LIBRARIES = ("jsonschema", "ruamel.yaml", "PyYAML", "rapidfuzz")


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """The code as it derives things: every module and catalog of the package, the Python and
    the parsing libraries' versions. Any change derives everything again."""
    from importlib import metadata

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yml")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def location(repo: Path, name: str) -> Path | None:
    """Where the cache ``name`` of ``repo`` is kept; None outside a git repository."""
    from .git import absolute_git_dir

    folder = absolute_git_dir(repo)
    return folder / "commons" / name if folder else None


def read(path: Path | None, version: int):
    """What ``write`` kept at ``path`` with this ``version``; None when there is none that can be used."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version or data.get("code") != code_fingerprint():
        return None
    return data.get("data")


def write(path: Path | None, version: int, data) -> None:
    if path is None:
        return
    keep(path, json.dumps({"version": version, "code": code_fingerprint(), "data": data}, ensure_ascii=False,
                          separators=(",", ":"), sort_keys=True).encode())


def keep(path: Path, data) -> None:
    """Write a cache file atomically (``data``: bytes, or parts of them: see files.atomic_write);
    one that cannot be written costs time next run, nothing else."""
    from .content.files import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError:  # StateError is one too
        pass
