"""The workflows rehearsed in a real runner (act, self-hosted) against the GitHub double (README,
"Rehearsing the workflows"). Each test plays one event through the workflow file itself."""

from __future__ import annotations

import pytest

from github_double import GitHubDouble
from rehearsal.rehearsal_support import Rehearsal

pytestmark = pytest.mark.rehearsal

MEMBERS = "members.yml"


@pytest.fixture
def rehearsal(tmp_path):
    with GitHubDouble(tmp_path / "github") as gh:
        yield Rehearsal(tmp_path, gh).seed()
        assert gh.violations == [], gh.violations


def members_with(rehearsal, capacity: str) -> str:
    text = (rehearsal.work / MEMBERS).read_text(encoding="utf-8")
    return text.replace("    capacity: 3\n", f"    capacity: {capacity}\n", 1)


def test_validate_passes_a_good_pull_request_and_annotates_a_bad_one_on_its_line(rehearsal):
    good = rehearsal.branch("roster", {MEMBERS: members_with(rehearsal, "4")})
    number = rehearsal.gh.open_pull_as("taeho-mlops", "roster")
    run = rehearsal.run("pull_request", "validate.yml", rehearsal.pull_request_event(number, "roster", good))
    assert run.code == 0, run.log
    assert run.job("validate changed files") == "succeeded", run.log

    bad_text = members_with(rehearsal, "lots")
    line = bad_text.splitlines().index("    capacity: lots") + 1
    bad = rehearsal.branch("roster-bad", {MEMBERS: bad_text})
    number = rehearsal.gh.open_pull_as("taeho-mlops", "roster-bad")
    run = rehearsal.run("pull_request", "validate.yml", rehearsal.pull_request_event(number, "roster-bad", bad))
    assert run.code != 0
    assert f"::error file=members.yml,line={line}" in run.log, run.log
