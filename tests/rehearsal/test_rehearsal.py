"""The workflows rehearsed in a real runner (act, self-hosted) against the GitHub double (README,
"Rehearsing the workflows"). Each test plays one event through the workflow file itself."""

from __future__ import annotations

import json
import re
import tarfile

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
    assert run.code != 0 and run.job("validate changed files") == "failed", run.log
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


def record(week) -> dict:
    return json.loads(week.git("show", "main:.commons/assign/2026-W48.json", cwd=week.gh.bare))


def review_of(week, handle: str) -> tuple[int, str]:
    """The member's review PR and its branch."""
    [(number, pull)] = [(n, p) for n, p in week.gh.pulls.items() if p["head"].endswith(f"/{handle}")]
    return number, pull["head"]


def filled(text: str) -> str:
    """A review file as a member fills it in: impact, verdict, their own words."""
    for field, value in (("impact", "4"), ("verdict", "newsletter"), ("summary", "'멤버 요약'"), ("why", "'멤버가 본 중요성'")):
        text = re.sub(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)
    return text


def test_a_week_of_workflows(week):
    """collect at its cron instant and again; assign on another offset's line, then at the Sunday
    instant; a /skip; a member's review pushed, approved and checked; the agenda; publish merges the
    review, commits the newsletter and calls pages.yml, which builds the site up to the artifact."""
    collect = week.run("schedule", "collect.yml", scheduled("17 21 * * *"), env={"COMMONS_NOW": COLLECT_AT})
    assert collect.code == 0, collect.log
    assert collect.job("collect and triage the news") == "succeeded", collect.log
    assert week.git("log", "-1", "--format=%s", "main", cwd=week.gh.bare).startswith("collect: news of ")
    files = week.git("show", "--name-only", "--format=", "main", cwd=week.gh.bare).splitlines()
    assert any(f.startswith("news/2026-W48/") for f in files), files
    collected = week.git("rev-parse", "main", cwd=week.gh.bare)

    again = week.run("schedule", "collect.yml", scheduled("17 21 * * *"), env={"COMMONS_NOW": COLLECT_AT})
    assert again.code == 0, again.log
    assert "Nothing new to commit." in again.log
    assert week.git("rev-parse", "main", cwd=week.gh.bare) == collected

    # A cron line for another UTC offset (a zone with daylight saving has two): Sunday 01:00 here.
    early = week.run("schedule", "assign.yml", scheduled("0 16 * * 6"), env={"COMMONS_NOW": "2026-11-21T16:00:00Z"})
    assert early.code == 0, early.log
    assert early.job("is it distribution time (commons.yml schedule, local time)") == "succeeded", early.log
    assert early.job("hand out the cycle's reviews") == "not run" and week.gh.pulls == {}

    assign = week.run("schedule", "assign.yml", scheduled("0 15 * * 6"), env={"COMMONS_NOW": ASSIGN_AT},
                      secrets={"COMMONS_TOKEN": week.gh.token})
    assert assign.code == 0, assign.log
    assert assign.job("hand out the cycle's reviews") == "succeeded", assign.log
    heads = {p["head"] for p in week.gh.pulls.values()}
    assert heads and all(h.startswith("commons/review/2026-W48/") for h in heads), heads
    assert week.git("log", "-1", "--format=%s", "main", cwd=week.gh.bare) == "assign: record this cycle's review assignments"
    branches = week.git("for-each-ref", "--format=%(refname:short)", "refs/heads/commons/review/", cwd=week.gh.bare)
    assert sorted(branches.splitlines()) == sorted(heads)

    # /skip by the PR's reviewer: the item leaves their review, one answer.
    handed = record(week)["assignments"]
    skipper, keeper = sorted(h for h, ids in handed.items() if ids)[:2]
    number, _ = review_of(week, skipper)
    skipped = handed[skipper][0]
    event = {"action": "created", "comment": {"id": 901, "body": f"/skip {skipped} 이번 주는 어렵습니다", "user": {"login": skipper}},
             "issue": {"number": number, "pull_request": {"url": "x"}}}
    skip = week.run("issue_comment", "review-commands.yml", event, env={"COMMONS_NOW": "2026-11-22T03:00:00Z"},
                    secrets={"COMMONS_TOKEN": week.gh.token})
    assert skip.code == 0, skip.log
    assert skip.job("Act on a review command") == "succeeded", skip.log
    assert skipped not in record(week)["assignments"][skipper]
    assert len([c for c in week.gh.comments.values() if c["issue"] == number and "commons:command" in c["body"]]) == 1

    # A member fills in their review, a maintainer approves it, the validate check ran on its head.
    number, branch = review_of(week, keeper)
    week.git("fetch", "-q", "origin", branch)
    week.git("checkout", "-q", "-B", "review", f"origin/{branch}")
    for path in (week.work / "news" / "2026-W48" / "reviews" / keeper).glob("*.md"):
        path.write_text(filled(path.read_text(encoding="utf-8")), encoding="utf-8")
    week.git("commit", "-qam", "my reviews")
    week.git("push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    head = week.git("rev-parse", "HEAD")
    week.git("checkout", "-q", "main")
    week.gh.add_review(number, "nlx-maintainer", "APPROVED", commit_id=head)
    week.gh.add_check_run(head, "validate changed files", started_at="2026-11-24T10:00:00Z")

    # Wednesday afternoon: the run-of-show from the reviews pushed so far, on main and in one issue.
    agenda = week.run("schedule", "agenda.yml", scheduled("0 6 * * 3"), env={"COMMONS_NOW": "2026-11-25T06:00:00Z"},
                      secrets={"COMMONS_TOKEN": week.gh.token})
    assert agenda.code == 0, agenda.log
    assert agenda.job("is it agenda time (commons.yml schedule, local time)") == "succeeded", agenda.log
    assert agenda.job("write the meeting's run-of-show") == "succeeded", agenda.log
    assert "news/2026-W48/agenda.md" in week.git("ls-tree", "-r", "--name-only", "main", cwd=week.gh.bare).splitlines()

    publish = week.run("schedule", "publish.yml", scheduled("0 13 * * 3"), env={"COMMONS_NOW": "2026-11-25T13:00:00Z"},
                       secrets={"COMMONS_TOKEN": week.gh.token})
    assert publish.code == 0, publish.log
    assert publish.job("merge approved reviews and publish the newsletter") == "succeeded", publish.log
    assert week.gh.pulls[number].get("merged_at"), publish.log
    assert "news/2026-W48/README.md" in week.git("ls-tree", "-r", "--name-only", "main", cwd=week.gh.bare).splitlines()
    # publish.yml calls pages.yml: the site is built from main and packed for Pages.
    assert publish.job("build the site") == "succeeded", publish.log
    with tarfile.open(week.artifacts / "github-pages.tar") as site:
        assert "./index.html" in site.getnames()
    assert publish.job("deploy to GitHub Pages") == "succeeded"  # the stand-in: nothing leaves the machine
