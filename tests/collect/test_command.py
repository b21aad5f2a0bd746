"""What `commons collect` says: a line per source on a terminal, counts that add up, and a
hint when every source fails the same way (offline, a proxy) rather than 24 separate failures."""

from __future__ import annotations

import io
import re

from collect.collect_support import NOW, example, set_sources, feeds  # noqa: F401 - the fixture
from collect.test_faults import dead_url

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
    assert failure_kind("cannot connect ([Errno -3] Temporary failure in name resolution)") == "cannot connect"
    assert failure_kind("HTTP 500 Internal Server Error") == "HTTP 500 Internal Server Error"
    plan = Plan("", "", reports=[SourceReport("a", "failed", error="HTTP 500 Internal Server Error"),
                                 SourceReport("b", "failed", error="HTTP 500 Internal Server Error")])
    assert common_failure(plan) == ("hint: every source failed the same way (HTTP 500 Internal Server Error): "
                                    "the cause is probably here, not at the sources")
    plan.reports[1] = SourceReport("b", "failed", error="HTTP 404 Not Found")
    assert common_failure(plan) == ""
