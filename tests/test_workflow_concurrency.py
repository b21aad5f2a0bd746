"""A comment can never cancel or delay the week (SECURITY.md): no workflow that anyone can start with a
comment, an issue or a pull request from a fork shares a concurrency group with a scheduled writer.

GitHub claims a workflow-level group before it evaluates any job's ``if:``, keeps one running and
one pending run per group, and replaces the pending one with a newer one. So a workflow on
``issue_comment`` with a workflow-level group queues a run there for every comment in the repository,
and a group it shares with assign, publish or collect lets a comment replace their pending run."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# Events anyone with a GitHub account can cause (a comment, an issue, a fork's pull request).
OUTSIDE_EVENTS = {"issue_comment", "issues", "pull_request_target", "discussion", "discussion_comment",
                  "pull_request_review_comment"}


def _load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return workflow


def _events(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def _group(concurrency) -> str | None:
    if concurrency is None:
        return None
    return str(concurrency if isinstance(concurrency, str) else concurrency.get("group"))


def _groups(workflow: dict) -> dict[str, str]:
    """Where → group, for the workflow and each of its jobs."""
    found = {"workflow": _group(workflow.get("concurrency"))}
    for name, job in workflow["jobs"].items():
        found[f"job {name}"] = _group(job.get("concurrency"))
    return {where: group for where, group in found.items() if group}


def _static(group: str) -> str:
    return re.split(r"\$\{\{", group, maxsplit=1)[0]


def _overlap(a: str, b: str) -> bool:
    """Two groups that can be the same name: one's fixed start is a start of the other's."""
    a_fixed, b_fixed = _static(a), _static(b)
    if "${{" not in a and "${{" not in b:
        return a == b
    return a_fixed.startswith(b_fixed) or b_fixed.startswith(a_fixed)


def _writers() -> dict[str, dict]:
    """Scheduled workflows that write the repository: the week (assign, publish, collect, ...)."""
    out = {}
    for path in WORKFLOWS:
        workflow = _load(path)
        writes = any((job.get("permissions") or {}).get("contents") == "write" for job in workflow["jobs"].values())
        if "schedule" in _events(workflow) and writes:
            out[path.name] = workflow
    return out


def _outside() -> dict[str, dict]:
    return {path.name: _load(path) for path in WORKFLOWS if _events(_load(path)) & OUTSIDE_EVENTS}


def test_the_writers_and_the_outside_workflows_are_the_ones_we_think():
    assert {"assign.yml", "publish.yml", "collect.yml"} <= set(_writers())
    assert {"review-commands.yml", "source-suggestions.yml"} <= set(_outside())


def test_no_outside_workflow_shares_a_group_with_a_writer():
    clashes = []
    for name, workflow in _outside().items():
        for where, group in _groups(workflow).items():
            for writer, theirs in _writers().items():
                clashes += [f"{name} ({where}: {group}) and {writer} ({w}: {g})"
                            for w, g in _groups(theirs).items() if _overlap(group, g)]
    assert not clashes, clashes


def test_a_comment_anywhere_queues_nothing_in_a_shared_group():
    """A workflow on issue_comment has no workflow-level group (it would be claimed for every comment in
    the repository, before the job's `if:`); its job's group comes after the `if:` that keeps commands only."""
    for name, workflow in _outside().items():
        if "issue_comment" not in _events(workflow):
            continue
        assert "concurrency" not in workflow, name
        for job_name, job in workflow["jobs"].items():
            if "concurrency" in job:
                assert "if" in job, f"{name} job {job_name}: a job group with no `if:` takes every comment"


def test_review_commands_waits_for_its_own_runs_only():
    workflow = _load(ROOT / ".github" / "workflows" / "review-commands.yml")
    (job,) = workflow["jobs"].values()
    assert job["concurrency"] == {"group": "review-commands", "cancel-in-progress": False}
    assert "commons review-command" in job["steps"][-1]["run"]
