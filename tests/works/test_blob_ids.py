"""git.clean_blob_ids: which committed files git vouches for unread (the portfolio cache's key)."""

from __future__ import annotations

import subprocess

from commons.git import clean_blob_ids
from commons.works.portfolio import _digest


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_only_committed_unchanged_files_of_the_work_tree_are_vouched_for(tmp_path):
    repo = tmp_path / "repo"
    (repo / "news/a").mkdir(parents=True)
    (repo / "news/a/kept.md").write_text("kept\n")
    (repo / "news/a/edited.md").write_text("before\n")
    (repo / "other.md").write_text("x\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    (repo / "news/a/edited.md").write_text("after\n")
    (repo / "news/a/new.md").write_text("untracked\n")
    ids = clean_blob_ids(repo, "news")
    assert ids == {"news/a/kept.md": _digest(b"kept\n")}  # the same id git gives the blob
    assert clean_blob_ids(repo / "news", "news") == {}  # a subfolder: its paths are not the repository's
    scratch = repo / ".git" / "commons-publish-x" / "repo"  # publish's dry-run scratch tree lives in .git
    (scratch / "news/a").mkdir(parents=True)
    assert clean_blob_ids(scratch, "news") == {}
    assert clean_blob_ids(tmp_path / "nowhere", "news") == {}
