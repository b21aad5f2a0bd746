"""commons.local_cache: what a clone keeps in .git/commons is used only under the same code and version."""

from __future__ import annotations

import subprocess

from commons import local_cache


def test_kept_under_the_same_code_and_version_only(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    path = local_cache.location(tmp_path / "repo", "thing.json")
    assert path is not None and path.parent.name == "commons" and path.parent.parent.name == ".git"
    assert local_cache.read(path, 1) is None  # none yet
    local_cache.write(path, 1, {"a": [1, "b"]})
    assert local_cache.read(path, 1) == {"a": [1, "b"]}
    assert local_cache.read(path, 2) is None  # another version of the format
    monkeypatch.setattr(local_cache, "code_fingerprint", lambda: "another version of the code")
    assert local_cache.read(path, 1) is None
    path.write_text("{not json", encoding="utf-8")
    assert local_cache.read(path, 1) is None
    assert local_cache.location(tmp_path / "nowhere", "thing.json") is None  # no git: nothing kept
    local_cache.write(None, 1, {})  # and nothing written
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    local_cache.write(blocked / "sub" / "thing.json", 1, {"a": 1})  # cannot be written: only slower next time


def test_the_fingerprint_covers_code_and_catalogs():
    from pathlib import Path

    import commons

    package = Path(commons.__file__).parent
    assert any(package.rglob("*.yml")) and len(local_cache.code_fingerprint()) == 64
