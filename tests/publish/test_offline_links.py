"""`publish --offline --dry-run` hard-links the repository into its scratch tree instead of copying
it: safe only because every write the plan makes replaces a file (content.files.atomic_write)
instead of writing into it. These tests hold that promise."""

from __future__ import annotations

import errno
import os

from publish.sample import CYCLE, populate


def _state(repo):
    """Every file's bytes, mode and inode, and every folder: what a dry run must leave as it was."""
    files = {p.relative_to(repo).as_posix(): (p.read_bytes(), p.stat().st_mode, p.stat().st_ino, p.stat().st_mtime_ns)
             for p in repo.rglob("*") if p.is_file() and ".git" not in p.relative_to(repo).parts}
    folders = {p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_dir()}
    return files, folders


def test_a_dry_run_over_hard_links_leaves_the_repository_as_it_was(cli, git_repo, monkeypatch):
    from commons.publish import plan as publish_plan

    populate(git_repo)
    before = _state(git_repo)
    linked = {}
    real = publish_plan.build

    def spy(root, *args, **kwargs):
        item = next((root / "news" / CYCLE / "items").glob("*.md"))
        linked["item"] = item.stat().st_nlink  # the plan rewrites the items' status: these must be links
        return real(root, *args, **kwargs)

    monkeypatch.setattr(publish_plan, "build", spy)
    dry = cli("--repo", git_repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert dry.code == 0, dry.err
    assert linked["item"] >= 2
    assert "status" in dry.out or f"news/{CYCLE}/items/" in dry.out  # items were rewritten in the scratch tree
    assert _state(git_repo) == before
    assert not list((git_repo / ".git").glob("commons-publish-*"))  # the scratch tree is gone
    again = cli("--repo", git_repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert (again.code, again.out) == (dry.code, dry.out)


def test_linked_and_copied_dry_runs_say_the_same(cli, repo, monkeypatch):
    populate(repo)
    linked = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")

    def cannot_link(source, target, *args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cannot_link)  # another file system: it copies instead
    copied = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert (copied.code, copied.out, copied.err) == (linked.code, linked.out, linked.err)
    assert linked.code == 0 and "would write" in linked.out


def test_after_a_dry_run_git_still_vouches_for_every_file(cli, git_repo):
    """Linking a file changes its ctime, not its bytes: the caches that trust git's blob ids
    (validate, status, index) must not take every linked file for an edited one and read the
    year again (git.clean_blob_ids leaves ctime aside)."""
    import subprocess
    import time

    from commons.git import clean_blob_ids

    populate(git_repo)
    an_hour_ago = time.time() - 3600  # else git finds them "racily clean" and compares the bytes instead
    for path in git_repo.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(git_repo).parts:
            os.utime(path, (an_hour_ago, an_hour_ago))
    subprocess.run(["git", "-C", str(git_repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(git_repo), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
                    "-m", "c"], check=True)
    before = clean_blob_ids(git_repo, "news")
    time.sleep(1.1)  # git may keep ctimes to the second: the links must come a second after the index
    dry = cli("--repo", git_repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert dry.code == 0, dry.err
    assert clean_blob_ids(git_repo, "news") == before
    edited = next((git_repo / "news" / CYCLE / "items").glob("*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    relative = edited.relative_to(git_repo).as_posix()
    assert relative in before and relative not in clean_blob_ids(git_repo, "news")  # an edit still shows
