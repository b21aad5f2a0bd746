"""Attacks 10 and 11 of issue 12: concurrent runs and bad state files.

Two `collect --source` runs at once lost one source's state in sources.json; non-UTF-8 bytes in a
seen shard, sources.json being a folder, a full disk or a read-only file system gave a traceback.
Now: the second run waits for the first and both sources' state survives; each bad state is one line
naming the file and what to do, exit 2, and nothing half-written is left.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading

from collect.collect_support import NOW, example, feeds, set_sources  # noqa: F401 - the fixture


def _two_sources(repo, feeds, hold=None):
    set_sources(repo, [
        {"id": "slow", "url": feeds.serve("/slow", example("lab-blog.rss.xml"), etag='"s"', hold=hold)},
        {"id": "fast", "url": feeds.serve("/fast", example("hn-llm.rss.xml"), etag='"f"')},
    ])


def test_two_collect_runs_at_once_keep_both_sources_state(repo, feeds):
    release = threading.Event()
    _two_sources(repo, feeds, hold=release)
    env = {**os.environ, "COMMONS_NOW": NOW, "PYTHONUNBUFFERED": "1"}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "commons.cli", "--repo", str(repo), "collect", "--source"]
    slow = subprocess.Popen([*command, "slow"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    fast = None
    try:
        while not feeds.requests_to("/slow"):  # the slow run has read the state and is fetching
            if slow.poll() is not None:
                raise AssertionError(slow.communicate())
            threading.Event().wait(0.01)
        fast = subprocess.Popen([*command, "fast"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = fast.stderr.readline()  # it either waits for the slow run (after) or finished (before)
        release.set()
        fast_out, fast_err = fast.communicate(timeout=120)
        slow_out, slow_err = slow.communicate(timeout=120)
    finally:
        release.set()
        for proc in (slow, fast):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert slow.returncode == 0 and fast.returncode == 0, (slow_err, fast_err)
    assert "waiting for it to finish" in first
    sources = json.loads((repo / ".commons/collect/sources.json").read_text())["sources"]
    assert sources["slow"]["etag"] == '"s"' and sources["fast"]["etag"] == '"f"'


def test_a_seen_shard_that_is_not_utf8_is_one_line_naming_it(repo, feeds, cli):
    _two_sources(repo, feeds)
    assert cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW}).code == 0
    shard = next((repo / ".commons/collect/seen").glob("*.jsonl"))
    shard.write_bytes(b"\xff\xfe" + shard.read_bytes())
    (repo / ".commons/collect/sources.json").unlink()  # every source fetched in full: the index is read
    result = cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW})
    assert result.code == 2
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert f"{shard}: byte 0 is not UTF-8 text; restore it (`git checkout -- .commons/collect/seen/{shard.name}`)" in result.err


def test_sources_json_being_a_folder_is_one_line_naming_it(repo, feeds, cli):
    _two_sources(repo, feeds)
    (repo / ".commons/collect/sources.json").mkdir(parents=True)
    result = cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW})
    assert result.code == 2 and result.err.count("\n") == 1
    assert "sources.json: is not a file; remove it" in result.err


def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(repo, feeds, cli, monkeypatch):
    _two_sources(repo, feeds)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW})
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert "cannot write: the disk is full; free some space and run again" in result.err
    assert not list(repo.rglob(".commons-tmp-*"))


def test_a_read_only_file_system_is_one_line(repo, feeds, cli, monkeypatch):
    import tempfile

    _two_sources(repo, feeds)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = cli("--repo", repo, "collect", env={"COMMONS_NOW": NOW})
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert "the file system is read-only; run where the repository can be written" in result.err
