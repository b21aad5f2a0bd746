"""The workflows rehearsed in a real runner (act, self-hosted) against the GitHub double (README,
"Rehearsing the workflows"). Each test plays one event through the workflow file itself."""

from __future__ import annotations

import pytest

from collect.collect_support import FeedServer, example, set_sources
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


# Friday 2026-11-20 06:17 in Seoul: collect.yml's cron line "17 21 * * *" fires at this instant.
COLLECT_AT = "2026-11-19T21:17:00Z"
# Sunday 2026-11-22 00:00 in Seoul: assign.yml's "0 15 * * 6".
ASSIGN_AT = "2026-11-21T15:00:00Z"


@pytest.fixture
def week(tmp_path):
    """A rehearsal whose commons.yml reads two local feeds (examples/feeds)."""
    server = FeedServer()
    lab = server.serve("/lab", example("lab-blog.rss.xml"), etag='"v1"')
    news = server.serve("/news", example("ai-news-ko.rss.xml"), etag='"v1"')
    with GitHubDouble(tmp_path / "github") as gh:
        yield Rehearsal(tmp_path, gh).seed(lambda work: set_sources(work, [{"id": "lab-blog", "url": lab},
                                                                           {"id": "ai-news-ko", "url": news}]))
        assert gh.violations == [], gh.violations
    server.close()


def scheduled(cron: str) -> dict:
    return {"schedule": cron}


def test_collect_at_its_cron_instant_commits_the_news_and_a_rerun_commits_nothing(week):
    before = week.git("rev-parse", "main", cwd=week.gh.bare)
    run = week.run("schedule", "collect.yml", scheduled("17 21 * * *"), env={"COMMONS_NOW": COLLECT_AT})
    assert run.code == 0, run.log
    assert run.job("collect and triage the news") == "succeeded", run.log
    after = week.git("rev-parse", "main", cwd=week.gh.bare)
    assert after != before
    assert week.git("log", "-1", "--format=%s", "main", cwd=week.gh.bare).startswith("collect: news of ")
    files = week.git("show", "--name-only", "--format=", "main", cwd=week.gh.bare).splitlines()
    assert any(f.startswith("news/2026-W48/") for f in files), files
    assert list(week.cache.iterdir()), "the dedup store was not cached"

    again = week.run("schedule", "collect.yml", scheduled("17 21 * * *"), env={"COMMONS_NOW": COLLECT_AT})
    assert again.code == 0, again.log
    assert "restored .git/commons/collect-seen.sqlite3" in again.log
    assert "Nothing new to commit." in again.log
    assert week.git("rev-parse", "main", cwd=week.gh.bare) == after


def test_assign_goes_on_at_the_sunday_instant_only_and_hands_out_the_collected_news(week):
    assert week.run("schedule", "collect.yml", scheduled("17 21 * * *"), env={"COMMONS_NOW": COLLECT_AT}).code == 0
    # A cron line for another UTC offset (a zone with daylight saving has two): Sunday 01:00 here.
    early = week.run("schedule", "assign.yml", scheduled("0 16 * * 6"), env={"COMMONS_NOW": "2026-11-21T16:00:00Z"})
    assert early.code == 0, early.log
    assert early.job("is it distribution time (commons.yml schedule, local time)") == "succeeded", early.log
    assert early.job("hand out the cycle's reviews") == "not run" and week.gh.pulls == {}

    run = week.run("schedule", "assign.yml", scheduled("0 15 * * 6"), env={"COMMONS_NOW": ASSIGN_AT},
                   secrets={"COMMONS_TOKEN": week.gh.token})
    assert run.code == 0, run.log
    assert run.job("hand out the cycle's reviews") == "succeeded", run.log
    heads = {p["head"] for p in week.gh.pulls.values()}
    assert heads and all(h.startswith("commons/review/2026-W48/") for h in heads), heads
    assert week.git("log", "-1", "--format=%s", "main", cwd=week.gh.bare) == "assign: record this cycle's review assignments"
    branches = week.git("for-each-ref", "--format=%(refname:short)", "refs/heads/commons/review/", cwd=week.gh.bare)
    assert sorted(branches.splitlines()) == sorted(heads)
