"""The workflows install only locked, hashed dependencies, all on one Python, and
.ci/run runs exactly README's test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def steps():
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job.get("steps", []):
                yield path.name, job, step


def test_every_pip_install_is_locked_or_the_project_without_dependencies():
    installs = []
    for name, _, step in steps():
        for line in str(step.get("run", "")).splitlines():
            if re.search(r"\bpip install\b", line):
                installs.append((name, line.strip()))
                assert ("--require-hashes -r requirements/" in line) or ("--no-deps" in line and "--no-build-isolation" in line), (name, line)
    assert installs, "no workflow installs anything?"


def test_one_python_for_the_workflows_and_ci_tests_the_lowest_supported():
    versions = {}
    for name, job, step in steps():
        if str(step.get("uses", "")).startswith("actions/setup-python@"):
            versions.setdefault(name, set()).add(str(step["with"]["python-version"]))
    matrix = versions.pop("ci.yml")
    workflows = {v for vs in versions.values() for v in vs}
    assert len(workflows) == 1, versions
    matrix -= workflows  # ci.yml's bench job runs on the workflows' Python
    lowest = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"].removeprefix(">=")
    ci = [e["python"] for e in yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())["jobs"]["test"]["strategy"]["matrix"]["include"]]
    # the floor itself (3.11 → 3.11.0, older than any 3.11 a runner would pick), and the newest
    assert matrix == {"${{ matrix.python }}"} and f"{lowest}.0" in ci and len(ci) == 2


def test_ci_run_is_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(l for l in readme.splitlines() if l.startswith("python3 -m venv") and "pytest" in l)
    install, _, test = command.rpartition(" && ")
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    # the same install, and the same test command, run in the environment GitHub gives a job
    assert test == "python -m pytest" and install in lines and 'runner python -m pytest || failed+=("tests")' in lines


def _restored_and_saved(steps, path):
    """The actions/cache restore and save steps of ``path``: restored by prefix, saved under a
    digest of what it holds by the step between them, only when that differs from what was restored."""
    uses = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache")]
    assert [u["uses"].split("@")[0] for u in uses] == ["actions/cache/restore", "actions/cache/save"]
    restore, save = uses
    assert restore["with"]["path"] == save["with"]["path"] == path
    assert "run_id" not in str(restore) + str(save)  # no entry a run: a new one only when the contents changed
    assert restore["with"]["restore-keys"] == restore["with"]["key"]
    held = next(s for s in steps if s.get("id") and f"steps.{s['id']}.outputs.key" in save["with"]["key"])
    assert "sha256sum " + path in held["run"] and "key=" + restore["with"]["key"].split("$")[0] in held["run"]
    assert f"steps.{held['id']}.outputs.key != steps.{restore['id']}.outputs.cache-matched-key" in save["if"]
    return restore, save


def test_the_weekly_validate_keeps_its_results_only_between_its_own_runs():
    """CI restores validate's result cache only for the scheduled (or dispatched) whole-repository
    check on the default branch, and caches nothing else: a pull request's run can neither read nor
    write what the weekly check trusts (GitHub scopes a pull request's caches to its merge ref)."""
    steps = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())["jobs"]["test"]["steps"]
    restore, save = _restored_and_saved(steps, ".git/commons/validate-cache.json")
    weekly = "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    assert restore["if"] == weekly
    assert "${{ matrix.python }}" in restore["with"]["key"]  # the code fingerprint differs by Python anyway
    after = steps[steps.index(restore) + 1]
    assert after["if"] == weekly and after["run"].endswith("commons validate --format github")
    assert steps.index(save) > steps.index(after)


def test_a_called_workflow_is_one_that_exists():
    """A job that calls a workflow of this repository names a file that is there: `$/` (GitHub's
    self-repository form, which act does not read: tests/rehearsal/ rehearses it as `./`) or `./`."""
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items():
            uses = job.get("uses")
            if uses:
                local = re.fullmatch(r"(?:\$|\.)/(\.github/workflows/[\w.-]+\.ya?ml)", uses)
                remote = re.fullmatch(r"[\w.-]+/[\w.-]+/\.github/workflows/[\w.-]+\.ya?ml@[0-9a-f]{40}", uses)
                assert local and (ROOT / local[1]).is_file() or remote, f"{path.name}: job {name} calls {uses!r}"
