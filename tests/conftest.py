"""Shared fixtures: a throwaway commons repository and a way to run the CLI in-process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


# What a runner (or a developer's own setup) puts in the environment that changes what a command
# does: Actions' switches and files (GITHUB_ACTIONS turns progress into ::group:: lines,
# GITHUB_STEP_SUMMARY/GITHUB_OUTPUT are appended to, GITHUB_HEAD_REF picks a review branch), keys and
# the commons' own settings. The knobs of the suite itself stay.
RUNNER_PREFIXES = ("GITHUB_", "RUNNER_", "ACTIONS_", "OPENAI_", "COMMONS_")
SUITE_KNOBS = frozenset({"COMMONS_REQUIRE_BROWSER", "COMMONS_CHROMIUM", "COMMONS_SCREENS"})


def _scrub(monkeypatch) -> None:
    for name in list(os.environ):
        if name == "CI" or (name.startswith(RUNNER_PREFIXES) and name not in SUITE_KNOBS):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session", autouse=True)
def plain_shell_for_the_session():
    """Before any fixture, module-scoped ones too, builds anything (tests/browser.py read CI already)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _scrub(monkeypatch)
        yield


@pytest.fixture(autouse=True)
def plain_shell(plain_shell_for_the_session, monkeypatch):
    """Every test starts from a developer's plain shell, wherever the suite runs: on an Actions runner
    (GITHUB_ACTIONS=true, CI=true, the step summary and output files set) it passes and fails
    exactly as here, and never writes into the job's own files. A test about Actions sets what it
    needs itself (``env={"GITHUB_ACTIONS": "true"}``); a test about a terminal hands in one. Per test
    too, so that what one test left in the environment never reaches the next."""
    _scrub(monkeypatch)


@pytest.fixture(autouse=True)
def command_line_in_english(plain_shell, monkeypatch):
    """The suite's repositories are the shipped Korean community; most tests check what the command
    line says in English, so they run as a person who set ``COMMONS_LANGUAGE=en`` would. Tests of
    the community's own language (tests/i18n/) take the variable away."""
    from commons import i18n

    monkeypatch.setenv("COMMONS_LANGUAGE", "en")
    i18n.reset()
    yield
    i18n.reset()


def shared(*parts: str) -> Path:
    """A path in ../shared (CI always has it); skip with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus sits beside the clone in CI")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A minimal commons repository: the real config and schemas, no content."""
    target = tmp_path / "repo"
    target.mkdir()
    for name in ("commons.yml", "members.yml"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "schemas", target / "schemas")
    return target


@pytest.fixture
def git_repo(repo: Path) -> Path:
    def git(*args):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "test@example.com")
    git("config", "user.name", "Test")
    git("add", "-A")
    git("commit", "-q", "-m", "init")
    return repo


class Result:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``commons ARGS`` in-process; returns exit code and captured output."""
    from commons.cli import main

    def run(*args: str, env: dict | None = None) -> Result:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_commons(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script in a separate process (for exit codes and tracebacks)."""
    return subprocess.run(
        [sys.executable, "-m", "commons.cli", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )
