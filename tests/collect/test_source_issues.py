"""A quiet or failing source gets one GitHub issue saying what to do; it is closed when the source recovers."""

from __future__ import annotations

from datetime import date

from collect.collect_support import example, set_sources, feeds  # noqa: F401 - the fixture
from commons_repo import double, fast_writes  # noqa: F401 - fixtures

from commons.collect import health
from commons.sources import health as health_issues
from commons.config import Source


def rss(*entries: tuple[str, str]) -> bytes:
    rows = "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in entries)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{rows}</channel></rss>'.encode()


def collect(cli, repo, now, *extra):
    return cli("--repo", repo, "collect", "--issues", *extra, env={"COMMONS_NOW": now})


def source_issues(gh):
    return {n: i for n, i in gh.issues.items() if n not in gh.pulls}


def test_quiet_source_opens_one_issue_updates_nothing_daily_and_closes_on_recovery(repo, feeds, cli, double, fast_writes):
    set_sources(repo, [{"id": "naver-d2", "title": "NAVER D2", "url": feeds.serve("/d2", rss(("Post one about serving", "https://d2.example/1")), etag='"v1"')},
                       {"id": "busy", "url": feeds.serve("/busy", rss(("Busy 1", "https://b.example/1")))}])
    assert collect(cli, repo, "2026-11-06T08:00:00+09:00").code == 0
    assert source_issues(double) == {}

    quiet = collect(cli, repo, "2026-11-20T08:00:00+09:00")
    assert quiet.code == 0, quiet.out  # quiet is not a red run
    issues = source_issues(double)
    assert len(issues) == 2  # both are quiet: the busy feed brought nothing new either
    (number, issue), = [(n, i) for n, i in issues.items() if "naver-d2" in i["title"]]
    assert issue["state"] == "open" and issue["labels"] == ["소스 점검"]
    assert issue["title"] == "수집 소스 `naver-d2`: 14일 넘게 새 글 없음"
    assert "2026-11-06 이후" in issue["body"] and "`quiet_days: 60`" in issue["body"] and "`enabled: false`" in issue["body"]

    writes = double.count(writes_only=True)
    again = collect(cli, repo, "2026-11-21T08:00:00+09:00")  # a day later: same problem, same text
    assert again.code == 0
    assert double.count(writes_only=True) == writes
    assert [n for n, i in source_issues(double).items() if i["state"] == "open"] == sorted(issues)
    busy_number = next(n for n, i in issues.items() if "busy" in i["title"])
    feeds.serve("/busy", rss(("Busy 2", "https://b.example/2")))
    collect(cli, repo, "2026-11-22T08:00:00+09:00")  # busy brings a new item: its issue closes with a comment
    assert double.issues[busy_number]["state"] == "closed" and double.issues[number]["state"] == "open"
    comments = [c for c in double.comments.values() if c["issue"] == busy_number]
    assert len(comments) == 1 and "2026-11-22에 `busy`에서 다시 새 글을 가져왔습니다" in comments[0]["body"]

    writes = double.count(writes_only=True)
    collect(cli, repo, "2026-11-22T09:00:00+09:00")
    assert double.count(writes_only=True) == writes  # rerun: nothing opened, edited or commented

    feeds.serve("/d2", rss(("Post two about RAG", "https://d2.example/2")), etag='"v2"')
    collect(cli, repo, "2026-11-23T08:00:00+09:00")
    assert double.issues[number]["state"] == "closed"
    assert all(i["state"] == "closed" for i in source_issues(double).values())


def test_failing_source_issue_says_what_failed_and_the_run_stays_green(repo, feeds, cli, double, fast_writes):
    from collect.collect_support import Answer

    feeds.answers["/down"] = Answer(status=500)
    set_sources(repo, [{"id": "down", "url": feeds.url("/down")},
                       {"id": "ok", "url": feeds.serve("/ok", rss(("A fresh story", "https://o.example/1")))}])
    for day in ("18", "19"):
        assert collect(cli, repo, f"2026-11-{day}T08:00:00+09:00").code == 0
    assert source_issues(double) == {}  # one or two failures: a site has bad days
    third = collect(cli, repo, "2026-11-20T08:00:00+09:00")
    assert third.code == 0, third.out
    (issue,) = source_issues(double).values()
    assert issue["title"] == "수집 소스 `down`: 연속 3회 수집 실패"
    assert "마지막 오류: `HTTP 500 Internal Server Error`" in issue["body"]
    # without --issues a failing source still fails the run: nobody would hear of it otherwise
    assert cli("--repo", repo, "collect", env={"COMMONS_NOW": "2026-11-21T08:00:00+09:00"}).code == 1


def test_a_removed_source_closes_its_issue_and_github_trouble_is_a_red_run(repo, feeds, cli, double, fast_writes):
    set_sources(repo, [{"id": "gone", "url": feeds.serve("/gone", rss(("Old story here", "https://g.example/1")), etag='"1"')}])
    collect(cli, repo, "2026-11-01T08:00:00+09:00")
    collect(cli, repo, "2026-11-20T08:00:00+09:00")
    (number,) = source_issues(double)
    set_sources(repo, [{"id": "other", "url": feeds.serve("/other", rss(("New story here", "https://n.example/1")))}])
    double.fail("GET", r"/issues$", 500, times=20)
    assert collect(cli, repo, "2026-11-21T08:00:00+09:00").code == 1  # a person must look: GitHub did not answer
    double.faults.clear()
    assert collect(cli, repo, "2026-11-21T09:00:00+09:00").code == 0
    assert double.issues[number]["state"] == "closed"
    (comment,) = [c for c in double.comments.values() if c["issue"] == number]
    assert "`gone`는 더 이상 수집하지 않습니다" in comment["body"]


def test_the_plan_is_pure_and_outside_text_stays_inert():
    sources = [Source(id="s", url="https://s.example/feed", title="S **bold**"), Source(id="off", url="https://x", enabled=False)]
    state = {"s": {"consecutive_failures": 4, "last_error": "HTTP 403 from @octocat see #12 <b>x</b> `y`", "last_success": "2026-11-01"},
             "off": {"consecutive_failures": 9}}
    found = health.problems(sources, state, date(2026, 11, 20))
    assert list(found) == ["s"]  # a disabled source is nobody's problem
    (action,) = health_issues.plan(found, [], "en", date(2026, 11, 20), {"s"})
    assert action.action == "open" and action.title == "Source `s`: failed 3 runs in a row"
    # one code span the error cannot close (commons.untrusted.code): no mention, link or HTML acts inside it
    assert "Last error: `` HTTP 403 from @octocat see #12 <b>x</b> `y` ``" in action.body
    assert "**S \\*\\*bold\\*\\***" in action.body  # the title's own markup stays words (untrusted.for_github)
