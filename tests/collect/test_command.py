"""What `commons collect` says: a line per source on a terminal, counts that add up, and a
hint when every source fails the same way (offline, a proxy) rather than 24 separate failures."""

from __future__ import annotations

import io
import re

from collect.collect_support import NOW, example, set_sources, feeds  # noqa: F401 - the fixture
from collect.test_faults import dead_url

from commons import i18n
from commons.collect import failure
from commons.collect.command import common_failure, failure_kind
from commons.collect.plan import Plan, SourceReport
from commons.report import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(cli, repo, *more):
    return cli("--repo", repo, "collect", "--timeout", "2", *more, env={"COMMONS_NOW": NOW})


def counts(out: str) -> tuple[int, int, int, int]:
    match = re.search(r"from (\d+) sources \((\d+) parsed, (\d+) not modified, (\d+) failed", out)
    return tuple(int(g) for g in match.groups())


def test_every_source_failing_the_same_way_gets_one_hint_and_needs_a_person(repo, cli):
    set_sources(repo, [{"id": "a", "url": dead_url()}, {"id": "b", "url": dead_url()}, {"id": "c", "url": dead_url()}])
    result = run(cli, repo)
    assert result.code == 1
    assert "hint: every source failed to connect: check this machine's network" in result.out
    total, parsed, unchanged, failed = counts(result.out)
    assert (total, parsed, unchanged, failed) == (3, 0, 0, 3)


def test_counts_add_up_and_no_hint_while_some_source_answers(repo, feeds, cli):
    good = feeds.serve("/good", example("lab-blog.rss.xml"), etag='"v1"')
    set_sources(repo, [{"id": "good", "url": good}, {"id": "dead", "url": dead_url()},
                       {"id": "broken", "url": feeds.serve("/bad", b"<rss><channel><title>x</ti")}])
    first = run(cli, repo)
    assert "hint:" not in first.out
    total, parsed, unchanged, failed = counts(first.out)
    assert total == parsed + unchanged + failed == 3 and failed == 2  # the broken feed was fetched, not parsed
    second = run(cli, repo)
    total, parsed, unchanged, failed = counts(second.out)
    assert (total, parsed, unchanged, failed) == (3, 0, 1, 2)


def test_a_line_per_source_as_it_finishes_on_a_terminal(repo, feeds, cli, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("commons.report.sys.stderr", terminal)
    set_sources(repo, [{"id": "good", "url": feeds.serve("/good", example("lab-blog.rss.xml"))},
                       {"id": "dead", "url": dead_url()}])
    run(cli, repo)
    lines = [line.split("\r")[-1].removeprefix("\x1b[K") for line in terminal.getvalue().split("\n")]
    assert "good: 3 entries" in lines and any(line.startswith("dead: failed: cannot connect") for line in lines)
    assert lines[-2:] == ["fetching sources [##############################] 2/2", ""]  # the bar, then the line ended
    assert lines[-2] == "fetching sources [##############################] 2/2"


def test_progress_without_a_terminal_prints_nothing():
    quiet = io.StringIO()
    with Progress("x", 2, stream=quiet, lines=True) as progress:
        progress.advance("one")
        progress.advance("two")
    assert quiet.getvalue() == ""


def test_failure_kinds_ignore_the_address():
    assert failure_kind(failure.coded("no_connection", detail="[Errno -3] Temporary failure in name resolution")) == "no_connection"
    assert failure_kind(failure.coded("http_status", status=500, reason="Internal Server Error")) == "http_500"
    error = failure.coded("http_status", status=500, reason="Internal Server Error")
    plan = Plan("", "", reports=[SourceReport("a", "failed", error=error), SourceReport("b", "failed", error=error)])
    assert common_failure(plan) == ("hint: every source failed the same way (HTTP 500 Internal Server Error): "
                                    "the cause is probably here, not at the sources")
    plan.reports[1] = SourceReport("b", "failed", error=failure.coded("http_status", status=404, reason="Not Found"))
    assert common_failure(plan) == ""


def test_errors_stored_in_english_before_the_codes_are_still_classified_and_said():
    """A state file from before the codes holds English sentences: same kinds, same hints, and words in the reader's language."""
    old = ["cannot connect ([Errno -3] Temporary failure in name resolution)", "no complete answer within 30 s (timed out)",
           "HTTP 403 Forbidden", "no such file: /x/feed.xml", "larger than the 2 MB limit", "HTTP 500 Internal Server Error",
           "the address answered with an HTML page, not a feed (RSS, Atom or RDF)", "some sentence: nobody knows (why)"]
    assert [failure_kind(e) for e in old] == ["no_connection", "timed_out", "http_403", "no_such_file", "too_large", "http_500",
                                              "html_page", "some sentence"]
    english, korean = i18n.catalog("en"), i18n.catalog("ko")
    assert [failure.describe(e, english) for e in old] == old  # read back as they were written
    assert failure.describe(old[1], korean) == "30초 안에 응답을 다 받지 못했습니다 (시간 초과)"
    assert failure.describe(old[3], korean) == "파일이 없습니다: /x/feed.xml"
    assert failure.describe(old[-1], korean) == old[-1]  # unknown: shown as stored, never lost
    plan = Plan("", "", reports=[SourceReport("a", "failed", error=old[2]), SourceReport("b", "failed", error=failure.coded("http_status", status=403, reason="Forbidden"))])
    assert common_failure(plan) == "hint: " + i18n.say("collect.all_refused")


def test_a_stored_failure_keeps_its_code_and_parameters():
    stored = failure.coded("timed_out", seconds=12.5)
    assert failure.parsed(stored) == ("timed_out", {"seconds": 12.5})
    assert failure.describe(stored, i18n.catalog("en")) == "no complete answer within 12.5 s (timed out)"
    assert failure.parsed("no_title") == ("no_title", {})
    assert failure.describe(failure.coded("brand_new_code", x=1), i18n.catalog("en")) == 'brand_new_code {"x": 1}'  # a newer version's: as stored
