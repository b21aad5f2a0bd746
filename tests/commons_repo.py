"""A commons repository in a temp folder, pushed to a GitHub double's bare repository."""

from __future__ import annotations

import argparse
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/ for github_double

from github_double import GitHubDouble, VirtualClock  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-22T00:30:00+09:00"  # Sunday just after distribution: cycle 2026-W48, due 2026-11-25
CYCLE = "2026-W48"
CATEGORIES = ["model-updates", "frameworks", "papers", "usage"]

COMMONS_YML = """name: Test Handbook
language: %(language)s
timezone: Asia/Seoul
sources:
  - {id: src, url: "https://example.com/feed.xml"}
categories:
  - {id: model-updates, title: 모델}
  - {id: frameworks, title: 프레임워크}
  - {id: papers, title: 논문}
  - {id: usage, title: 활용}
triage: {threshold: 3, audit_sample: %(audit)s}
review: {reviewers_per_item: %(rpi)d, max_items_per_member: %(max)d, maintainers: [boss]}
"""


def member_yaml(handle, capacity=5, interests=(), away=None) -> str:
    text = f"  - github: {handle}\n    capacity: {capacity}\n    interests: [{', '.join(interests)}]\n"
    if away:
        text += f"    away: [{{from: \"{away[0]}\", to: \"{away[1]}\"}}]\n"
    return text


def item_text(item_id, score=4, status="triaged", cycle=CYCLE, category="papers", title=None,
              published="2026-11-20T09:00:00Z") -> str:
    return f"""---
id: {item_id}
title: "{title or 'Item ' + item_id}"
url: https://example.com/{item_id}
source: src
published: "{published}"
collected: "2026-11-20T10:00:00Z"
cycle: {cycle}
status: {status}
score: {score}
category: {category}
summary: 요약 of {item_id}
why: matters because {item_id}
triage: {{provider: offline, model: offline, prompt_version: "1"}}
---
Body of {item_id}.
"""


def write_repo(path: Path, members: list[str], items: dict[str, dict], rpi=2, max_items=6, audit=0, language="ko") -> Path:
    """``audit``: triage.audit_sample (0 here: most tests are about the plan, not the audit)."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "commons.yml").write_text(COMMONS_YML % {"rpi": rpi, "max": max_items, "audit": audit, "language": language}, encoding="utf-8")
    (path / "members.yml").write_text("members:\n" + "".join(members), encoding="utf-8")
    if not (path / "schemas").exists():
        shutil.copytree(ROOT / "schemas", path / "schemas")
    for item_id, fields in items.items():
        cycle = fields.get("cycle", CYCLE)
        target = path / "news" / cycle / "items" / f"{item_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item_text(item_id, **fields), encoding="utf-8")
    return path


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=path, check=True, capture_output=True, text=True).stdout


def commit_and_push(path: Path, message="content") -> None:
    git(path, "add", "-A")
    git(path, "commit", "-qm", message, "--allow-empty")
    git(path, "push", "-q", "origin", "HEAD:main")


def run_command(module: str, repo: Path, *argv: str) -> int:
    """Run one command module as `commons` would, without importing the other commands."""
    mod = importlib.import_module(module)
    parser = argparse.ArgumentParser()
    mod.add_arguments(parser)
    args = parser.parse_args(list(argv))
    args.repo = Path(repo).resolve()
    from commons.problems import UsageError

    from commons.cli import check_arguments

    try:
        check_arguments(args)  # what `commons` checks before any command runs
        return mod.run(args)
    except UsageError as exc:
        print(f"commons: {exc}", file=sys.stderr)
        return 2


@pytest.fixture
def double(tmp_path, monkeypatch):
    with GitHubDouble(tmp_path / "remote") as gh:
        for key, value in gh.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        monkeypatch.setenv("COMMONS_NOW", NOW)
        yield gh
        assert gh.violations == [], gh.violations


@pytest.fixture
def fast_writes(monkeypatch):
    """No real sleeping between writes in tests: the pacer runs in virtual time."""
    from commons import github as github_module

    clock = VirtualClock()
    original = github_module.GitHub.__init__

    def init(self, settings, **kwargs):
        kwargs.setdefault("limits", github_module.Limits(seconds_between_writes=0))
        kwargs.setdefault("clock", clock)
        original(self, settings, **kwargs)

    monkeypatch.setattr(github_module.GitHub, "__init__", init)
    return clock
