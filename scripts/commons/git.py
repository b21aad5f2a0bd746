"""The only module that runs git. Arguments are passed as lists, never through a shell."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .problems import UsageError


class GitError(Exception):
    pass


def run(repo: Path, *args: str, check: bool = True, input: str | None = None) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        input=input,
        encoding="utf-8",
    )
    if check and result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def changed_files(repo: Path, ref: str) -> list[str]:
    """Repository-relative paths added or modified since ``ref`` (committed or not), plus untracked ones."""
    if ref.startswith("-"):
        raise UsageError(f"--changed-since: '{ref}' is not a git ref")
    try:
        run(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise UsageError(f"--changed-since: '{ref}' is not a commit or branch in {repo}") from None
    base = run(repo, "merge-base", ref, "HEAD", check=False).strip() or ref
    changed = run(repo, "-c", "core.quotepath=off", "diff", "--name-only", "--diff-filter=ACMR", "-z", base, "--")
    untracked = run(repo, "-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard", "-z")
    names = [n for n in (changed + untracked).split("\0") if n]
    return sorted(set(names))
