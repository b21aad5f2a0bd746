"""The review-commands workflow runs main's code with the least it needs; the comment stays data."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github/workflows/review-commands.yml"


def test_the_workflow_never_checks_out_the_pr_and_never_pastes_the_comment_into_a_script():
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow[True] == {"issue_comment": {"types": ["created"]}}  # YAML 1.1 reads `on` as true
    assert flow["permissions"] == {}
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert "ref" not in checkout["with"] and "repository" not in checkout["with"]
    runs = "\n".join(str(s.get("run", "")) for s in job["steps"])
    assert "github.event" not in runs and "commons review-command --event \"$GITHUB_EVENT_PATH\"" in runs
    # its own group, after the job's `if:` (tests/test_workflow_concurrency.py): never assign's
    assert "concurrency" not in flow and job["concurrency"]["group"] != yaml.safe_load(
        WORKFLOW.with_name("assign.yml").read_text())["concurrency"]["group"]
