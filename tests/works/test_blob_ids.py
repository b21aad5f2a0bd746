"""git.clean_blob_ids: which committed files git vouches for unread (the portfolio cache's key)."""

from __future__ import annotations

import subprocess

from commons.git import clean_blob_ids
from commons.git import blob_id as _digest


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


def test_only_files_whose_blob_is_the_bytes_on_disk_are_vouched_for(tmp_path):
    """A link's blob is its target's name; assume-unchanged and skip-worktree files git does not look
    at; an end-of-line conversion or a filter makes the disk's bytes other than the blob's."""
    repo = tmp_path / "repo"
    (repo / "news").mkdir(parents=True)
    for name in ("plain", "assumed", "skipped", "converted", "filtered", "binary"):
        (repo / "news" / f"{name}.md").write_text(f"{name}\n")
    (repo / "news/link.md").symlink_to("plain.md")
    (repo / ".gitattributes").write_text("news/converted.md text eol=crlf\nnews/filtered.md filter=x\n"
                                         "news/binary.md -text\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    _git(repo, "update-index", "--assume-unchanged", "news/assumed.md")
    _git(repo, "update-index", "--skip-worktree", "news/skipped.md")
    assert sorted(clean_blob_ids(repo, "news")) == ["news/binary.md", "news/plain.md"]
    _git(repo, "config", "core.autocrlf", "true")
    assert clean_blob_ids(repo, "news") == {}
    _git(repo, "config", "core.autocrlf", "false")
    assert sorted(clean_blob_ids(repo, "news")) == ["news/binary.md", "news/plain.md"]
