"""The source-suggestions workflow runs main's code with the least it needs; the issue stays data."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github/workflows/source-suggestions.yml"


def test_the_workflow_runs_on_a_label_only_and_never_pastes_the_issue_into_a_script():
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow[True] == {"issues": {"types": ["labeled"]}}  # YAML 1.1 reads `on` as true
    assert flow["permissions"] == {}
    (job,) = flow["jobs"].values()
    assert job["environment"] == "commons-write"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "source-approved" in job["if"] and "pull_request" in job["if"]
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert "ref" not in checkout["with"] and "repository" not in checkout["with"]
    runs = "\n".join(str(s.get("run", "")) for s in job["steps"])
    assert "github.event" not in runs and 'commons suggest-source --event "$GITHUB_EVENT_PATH"' in runs


def test_the_form_names_the_fields_the_command_reads():
    from commons.sources.core import FIELDS

    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/suggest-source.yml").read_text(encoding="utf-8"))
    labels = {f["attributes"]["label"]: f["id"] for f in form["body"] if f["type"] != "markdown"}
    assert labels == FIELDS  # a renamed label would leave the command reading nothing
    kinds = next(f for f in form["body"] if f.get("id") == "kind")["attributes"]["options"]
    from commons.collect.parse import KINDS

    assert {k.split()[0] for k in kinds} == set(KINDS)
    assert "source" in form["labels"]  # the label that makes sure the approval label exists
