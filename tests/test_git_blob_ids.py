"""git.clean_blob_ids over several folders, vouching for regular files only (the
history cache's key)."""

from __future__ import annotations

import subprocess

from commons.git import clean_blob_ids


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_several_folders_at_once_and_never_a_link(tmp_path):
    repo = tmp_path / "repo"
    for folder in ("news/a", "news/b", "news/c"):
        (repo / folder).mkdir(parents=True)
        (repo / folder / "x.md").write_text(folder + "\n")
    (repo / "news/a/link.md").symlink_to(tmp_path / "elsewhere.md")  # git holds the link, not what it points to
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    assert sorted(clean_blob_ids(repo, "news/a", "news/b")) == ["news/a/x.md", "news/b/x.md"]
    assert sorted(clean_blob_ids(repo, "news")) == ["news/a/x.md", "news/b/x.md", "news/c/x.md"]
    assert sorted(clean_blob_ids(repo, "news/a", "news/c")) == ["news/a/x.md", "news/c/x.md"]
