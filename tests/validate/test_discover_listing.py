"""checker.discover from git's listing finds exactly what the walk of the repository finds:
committed, edited, untracked and ignored files, links, hidden and skipped folders, a nested
repository and a submodule, a tracked file gone from disk (validate/command.py, the whole run)."""

from __future__ import annotations

import os
import subprocess

from commons.git import work_tree_files
from commons.validate.checker import discover


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "protocol.file.allow=always", *args], check=True, capture_output=True)


def _write(path, text="x\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _both(repo):
    walked, missing = discover([repo], repo)
    listing = work_tree_files(repo, ".", untracked_folders=True)
    assert listing is not None
    listed, missing_listed = discover([repo], repo, listing=listing)
    assert missing == missing_listed == []
    return sorted(walked), sorted(listed)


def test_the_listing_finds_what_the_walk_finds(tmp_path):
    repo = tmp_path / "repo"
    for path in ("commons.yml", "members.yml", "README.md", ".hidden.md", "news/README.md",
                 "news/2026-W49/items/a.md", "news/2026-W49/items/edited.md", "news/2026-W49/items/gone.md",
                 "news/2026-W49/collected/2026-12-01.jsonl", "news/2026-W49/reviews/kim/a.md",
                 "news/2026-W49/reviews/kim/이름 있는 파일.md", "handbook/part/chapter.md", "handbook/_draft/x.md",
                 "notes/kim/note.md", "notes/kim/.hidden.md", "portfolio/kim.md", "portfolio/kim.svg", ".github/workflows/ci.yml",
                 ".commons/portfolio/reviews.jsonl", "news/.secret/x.md", "scripts/tool.py", "news/2026-W49/items/ignored.md"):
        _write(repo / path)
    _write(repo / ".gitignore", "ignored.md\nbuild/\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    # A submodule: a folder git tracks as one entry.
    other = tmp_path / "other"
    _write(other / "sub.md")
    _git(other, "init", "-q", "-b", "main")
    _git(other, "add", "-A")
    _git(other, "commit", "-q", "-m", "c")
    _git(repo, "submodule", "add", "-q", str(other), "notes/team")
    _git(repo, "commit", "-q", "-m", "sub")
    # What the working tree has that the last commit does not.
    _write(repo / "news/2026-W49/items/edited.md", "edited\n")
    os.remove(repo / "news/2026-W49/items/gone.md")
    _write(repo / "news/2026-W50/items/new.md")  # a folder git tracks nothing in
    _write(repo / "news/2026-W49/reviews/lee/new.md")  # an untracked file in a tracked cycle
    _write(repo / "handbook/build/out.md")  # ignored, yet the walk looks at it
    _write(repo / "news/.venv/lib/x.md")
    _write(repo / "handbook/node_modules/pkg/readme.md")
    _write(repo / "handbook/__pycache__/x.md")
    _write(repo / "notes/nested/.git/HEAD", "ref: refs/heads/main\n")
    _write(repo / "notes/nested/n.md")
    (repo / "news/2026-W49/items/link.md").symlink_to("a.md")
    (repo / "news/2026-W49/items/broken.md").symlink_to("nowhere.md")
    (repo / "handbook/linked-folder").symlink_to(repo / "handbook/part")
    _write(tmp_path / "outside.md")
    (repo / "notes/kim/outside-link.md").symlink_to(tmp_path / "outside.md")

    walked, listed = _both(repo)
    assert listed == walked
    shown = {target.path for target in listed}
    assert {"news/2026-W49/items/edited.md", "news/2026-W50/items/new.md",
            "news/2026-W49/reviews/lee/new.md", "notes/team/sub.md", "handbook/build/out.md",
            "notes/nested/n.md", "notes/kim/.hidden.md", "news/2026-W49/items/ignored.md",
            "news/2026-W49/reviews/kim/이름 있는 파일.md"} <= shown
    assert not any(path.startswith(("news/.secret/", "news/.venv/", "handbook/node_modules/", "handbook/__pycache__/",
                                    "handbook/linked-folder/")) or path.endswith("gone.md")
                   for path in shown)
    assert str(repo / "notes/kim/outside-link.md") in shown  # a link out of the repository, as the walk has it


def test_a_folder_replaced_by_a_link_is_not_followed(tmp_path):
    repo = tmp_path / "repo"
    _write(repo / "news/2026-W49/items/a.md")
    _write(repo / "elsewhere/news/2026-W49/items/a.md")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "news")
    _git(repo, "commit", "-q", "-m", "c")
    os.rename(repo / "news", repo / "old-news")
    (repo / "news").symlink_to(repo / "elsewhere/news")
    walked, listed = _both(repo)
    assert listed == walked
    assert not any(target.path.startswith("news/") for target in listed)


def test_the_whole_validate_takes_its_files_from_git_and_says_the_same(repo, cli, monkeypatch):
    """The command lists the repository with git instead of walking it, and its verdict is the walk's."""
    from commons.validate import checker

    _write(repo / "news/2026-W49/items/a.md", "---\nid: a\n---\n")
    _write(repo / "notes/kim/n.md", "no front matter\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    _write(repo / "news/2026-W49/items/b.md", "---\nid: b\n---\n")
    given = []
    real = checker.discover

    def listed(paths, repo, kind=None, listing=None):
        given.append(listing)
        return real(paths, repo, kind, listing)

    monkeypatch.setattr(checker, "discover", listed)
    said = cli("--repo", repo, "validate", "--no-cache", "--format", "json")
    assert given[0] is not None and "news/2026-W49/items/a.md" in given[0][0]
    assert "news/2026-W49/items/b.md" in given[0][1]
    assert said.code == 1 and "notes/kim/n.md" in said.out and "items/b.md" in said.out
    monkeypatch.setattr(checker, "discover", lambda paths, repo, kind=None, listing=None: real(paths, repo, kind))
    walked = cli("--repo", repo, "validate", "--no-cache", "--format", "json")
    assert (walked.code, walked.out, walked.err) == (said.code, said.out, said.err)
