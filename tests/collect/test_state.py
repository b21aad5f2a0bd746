"""Damaged state and bad configuration: a clear message, never a traceback."""

from __future__ import annotations

import json

from collect.collect_support import NOW, example, feeds, items, set_sources  # noqa: F401 - the fixture

from commons.collect.state import attention, updated
from commons.collect.fetch import Outcome
from commons.config import Source


def test_damaged_state_files_are_rebuilt_with_a_warning(repo, feeds, cli):
    set_sources(repo, [{"id": "lab", "url": feeds.serve("/lab", example("lab-blog.rss.xml"), etag='"1"')}])
    assert cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW}).code == 0
    shard = next((repo / ".commons/collect/seen").glob("*.jsonl"))
    lines = shard.read_text().splitlines()
    shard.write_text("\n".join(["{not json", *lines[1:]]) + "\n")
    (repo / ".commons/collect/sources.json").write_text("[1, 2")
    result = cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW})
    assert result.code == 0, result.err
    assert f"{shard}:1: not an index record" in result.err
    assert "sources.json: not readable as collection state" in result.err
    assert len(items(repo)) == 3  # the item behind the broken line was found on disk: no duplicate
    assert len(shard.read_text().splitlines()) == 3  # and its record written back
    assert json.loads((repo / ".commons/collect/sources.json").read_text())["sources"]["lab"]["etag"] == '"1"'


def test_an_unknown_kind_or_source_is_a_usage_error(repo, cli):
    text = (repo / "commons.yml").read_text()
    (repo / "commons.yml").write_text(text.replace("kind: hn", "kind: hackernews", 1))
    result = cli("--repo", repo, "collect", "--dry-run")
    assert result.code == 2 and "commons.yml:" in result.err and "kind" in result.err
    (repo / "commons.yml").write_text(text)
    result = cli("--repo", repo, "collect", "--source", "nope", "--dry-run")
    assert result.code == 2 and "--source nope: not a source id in commons.yml" in result.err


def test_health_follows_each_run():
    source = Source(id="s", url="https://e.com/feed")
    from datetime import date

    day = date(2026, 11, 20)
    state = updated({}, source, Outcome("s", error="HTTP 500"), 0, day)
    state = updated(state, source, Outcome("s", error="HTTP 500"), 0, day)
    assert state["consecutive_failures"] == 2 and attention("s", state, day) == ""
    state = updated(state, source, Outcome("s", error="HTTP 503"), 0, day)
    assert attention("s", state, day) == "failed 3 runs in a row: HTTP 503"
    state = updated(state, source, Outcome("s", etag='"e"'), 2, day)
    assert state["consecutive_failures"] == 0 and state["last_new_item"] == "2026-11-20" and "last_error" not in state
    moved = updated(state, Source(id="s", url="https://e.com/new-feed"), Outcome("s", error="x"), 0, day)
    assert "etag" not in moved  # validators belong to the old address
