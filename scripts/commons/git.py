"""The one module that runs git: argument lists, never a shell.

Commands that build commits work through plumbing and a temporary index, so a
branch can be written next to the user's checkout without touching its
working tree, its index or the branch that is checked out.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .i18n import say
from .problems import UsageError

ZERO = "0" * 40
DEFAULT_IDENTITY = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


class GitError(Exception):
    """A git command failed; the message carries git's own words."""


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str
    sha: str
    path: str


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives these bytes as a blob (``git hash-object``), without running git; 64 hex
    digits: a SHA-256 repository's. What lets a cache trust a file git vouches for unread."""
    digest = hashlib.sha256 if length == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def _subcommand(args) -> str:
    """The git command among its arguments ("diff-files" of "-c x=y diff-files -z"), for messages."""
    for i, arg in enumerate(args):
        if not arg.startswith("-") and (i == 0 or args[i - 1] != "-c"):
            return arg
    return args[0] if args else "git"


class Git:
    def __init__(self, cwd: Path, env: dict | None = None, identity: tuple[str, str] | None = None):
        self.cwd = Path(cwd)
        self._env = env
        self.identity = identity or DEFAULT_IDENTITY

    # -- running ---------------------------------------------------------------
    def _full_env(self, env: dict | None = None) -> dict:
        full_env = dict(self._env if self._env is not None else os.environ)
        full_env.setdefault("GIT_TERMINAL_PROMPT", "0")
        full_env["LC_ALL"] = "C"
        if env:
            full_env.update(env)
        return full_env

    def run(self, *args: str, input: bytes | str | None = None, env: dict | None = None, check: bool = True) -> str:
        data = input.encode("utf-8") if isinstance(input, str) else input
        proc = subprocess.run(
            ["git", *args], cwd=self.cwd, input=data, capture_output=True, env=self._full_env(env), check=False
        )
        if check and proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip() or proc.stdout.decode("utf-8", "replace").strip()
            raise GitError(say("git.failed", command=_subcommand(args), detail=detail))
        return proc.stdout.decode("utf-8", "replace")

    def ok(self, *args: str) -> bool:
        return subprocess.run(
            ["git", *args], cwd=self.cwd, capture_output=True, env=self._env, check=False
        ).returncode == 0

    # -- reading ---------------------------------------------------------------
    def rev_parse(self, rev: str) -> str | None:
        out = self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False).strip()
        return out or None

    def ls_tree(self, treeish: str, prefix: str = "") -> list[TreeEntry]:
        """Files (recursively) under ``prefix`` in ``treeish``; empty when it does not exist."""
        args = ["ls-tree", "-r", "-z", "--full-tree", treeish]
        if prefix:
            args += ["--", prefix.rstrip("/") + "/"]
        out = self.run(*args, check=False)
        entries = []
        for record in filter(None, out.split("\0")):
            meta, path = record.split("\t", 1)
            mode, kind, sha = meta.split(" ")
            entries.append(TreeEntry(mode, kind, sha, path))
        return entries

    def show_blob(self, treeish: str, path: str) -> bytes | None:
        proc = subprocess.run(
            ["git", "cat-file", "blob", f"{treeish}:{path}"], cwd=self.cwd, capture_output=True, env=self._env, check=False
        )
        return proc.stdout if proc.returncode == 0 else None

    def read_blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Many blobs in one ``git cat-file --batch``."""
        if not shas:
            return {}
        unique = list(dict.fromkeys(shas))
        proc = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=self.cwd, input=("\n".join(unique) + "\n").encode(),
            capture_output=True, env=self._env, check=True,
        )
        out, pos, blobs = proc.stdout, 0, {}
        for sha in unique:
            header_end = out.index(b"\n", pos)
            header = out[pos:header_end].decode().split(" ")
            if len(header) < 3:  # "<sha> missing"
                pos = header_end + 1
                continue
            size = int(header[2])
            blobs[sha] = out[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
        return blobs

    def blobs_in_batches(self, shas: list[str], batch: int = 500):
        """(sha, bytes) of many blobs, ``batch`` at a time: memory holds one batch, not a whole tree."""
        unique = list(dict.fromkeys(shas))
        for start in range(0, len(unique), batch):
            yield from self.read_blobs(unique[start:start + batch]).items()

    def changed_files(self, base: str, head: str) -> list[tuple[str, str]]:
        """(status letter, path) for each file that differs between two commits (merge base to head)."""
        out = self.run("diff", "--name-status", "-z", "--no-renames", f"{base}...{head}")
        parts = [p for p in out.split("\0") if p]
        return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]

    def merge_tree(self, base: str, head: str) -> tuple[str, bool] | None:
        """The tree merging ``head`` into ``base`` would produce, as GitHub computes it (merge-ort over
        every merge base), and whether it merges cleanly; None when git cannot compute it."""
        proc = subprocess.run(
            ["git", "merge-tree", "--write-tree", "--no-messages", base, head], cwd=self.cwd, capture_output=True,
            env=self._env, check=False,
        )
        tree = proc.stdout.decode("ascii", "replace").split("\n", 1)[0].strip()
        if proc.returncode not in (0, 1) or len(tree) not in (40, 64):
            return None
        return tree, proc.returncode == 0

    def diff_trees(self, old: str, new: str) -> list[tuple[str, str, str]]:
        """(path, mode in ``new``, blob id in ``new``) of every path that differs; mode 000000 when deleted."""
        out = self.run("diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-abbrev", old, new)
        parts = out.split("\0")
        changed = []
        for i in range(0, len(parts) - 1, 2):
            meta, path = parts[i], parts[i + 1]
            if meta.startswith(":"):
                fields = meta[1:].split(" ")
                changed.append((path, fields[1], fields[3]))
        return changed

    def object_sizes(self, shas: list[str]) -> dict[str, int]:
        """Sizes in bytes of many objects, with one ``git cat-file --batch-check``."""
        wanted = [s for s in dict.fromkeys(shas) if s and s.strip("0")]
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch-check=%(objectname) %(objectsize)", input="\n".join(wanted) + "\n")
        sizes = {}
        for line in out.splitlines():
            sha, _, size = line.partition(" ")
            if size.isdigit():
                sizes[sha] = int(size)
        return sizes

    def changed_paths(self, base: str) -> list[str]:
        """Paths added, modified or deleted since the merge base with ``base`` (committed or not), plus untracked."""
        head = self.rev_parse("HEAD")
        since = (self.run("merge-base", base, head, check=False).strip() if head else "") or base
        changed = self.run("-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", "-z", since, "--")
        untracked = self.run("-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard", "-z")
        return sorted({n for n in (changed + untracked).split("\0") if n})

    # -- writing objects (no working tree, no index of the user's) --------------
    def write_blobs(self, contents: list[bytes]) -> list[str]:
        """Store many blobs with one ``git hash-object``; returns their ids in order."""
        if not contents:
            return []
        with tempfile.TemporaryDirectory(prefix="commons-blobs-") as tmp:
            paths = []
            for i, data in enumerate(contents):
                path = Path(tmp) / str(i)
                path.write_bytes(data)
                paths.append(str(path))
            out = self.run("hash-object", "-w", "--no-filters", "--stdin-paths", input="\n".join(paths) + "\n")
        return out.split()

    def tree_with(self, base: str | None, files: dict[str, str | None]) -> str:
        """A tree: ``base`` (a tree-ish or None for empty) with ``files`` (path → blob id, None deletes)."""
        with tempfile.TemporaryDirectory(prefix="commons-index-") as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            if base:
                self.run("read-tree", base, env=env)
            else:
                self.run("read-tree", "--empty", env=env)
            lines = []
            for path, sha in sorted(files.items()):
                if sha is None:
                    lines.append(f"0 {ZERO}\t{path}")
                else:
                    lines.append(f"100644 {sha}\t{path}")
            if lines:
                self.run("update-index", "--index-info", input="\n".join(lines) + "\n", env=env)
            return self.run("write-tree", env=env).strip()

    def tree_of(self, commit: str) -> str:
        return self.run("rev-parse", f"{commit}^{{tree}}").strip()

    def commit_tree(self, tree: str, parents: list[str], message: str, when: str | None = None) -> str:
        """A commit object; ``when`` (ISO 8601) pins its dates so the same content gives the same id."""
        name, email = self.identity
        env = {
            "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
        }
        if when:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        return self.run(*args, input=message, env=env).strip()

    def commit_many(self, commits: list["NewCommit"]) -> list[str]:
        """Many commits in one ``git fast-import`` (one process instead of four per commit).

        Each is its parent's tree with some paths set to blobs (or deleted); the result is
        the same commit ``commit_tree`` would make from the same tree, message and time.
        """
        if not commits:
            return []
        name, email = self.identity
        stream = bytearray()
        for n, c in enumerate(commits, 1):
            stamp = _raw_date(c.when)
            message = c.message.encode("utf-8")
            stream += f"commit refs/commons-import/{n}\nmark :{n}\n".encode()
            stream += f"author {name} <{email}> {stamp}\ncommitter {name} <{email}> {stamp}\n".encode()
            stream += f"data {len(message)}\n".encode() + message + b"\n"
            stream += f"from {c.parent}\n".encode()
            for path, sha in sorted(c.files.items()):
                if any(ch in path for ch in ('"', "\n", "\\")) or path.startswith(" "):
                    raise GitError(say("git.bad_path", path=repr(path)))
                stream += (f"D {path}\n" if sha is None else f"M 100644 {sha} {path}\n").encode()
            stream += b"\n"
        with tempfile.TemporaryDirectory(prefix="commons-import-") as tmp:
            marks = Path(tmp) / "marks"
            self.run("fast-import", "--quiet", "--date-format=raw", f"--export-marks={marks}", input=bytes(stream))
            ids = dict(line.split(" ", 1) for line in marks.read_text().split("\n") if line)
        self.run("update-ref", "--stdin", input="".join(f"delete refs/commons-import/{n}\n" for n in range(1, len(commits) + 1)))
        return [ids[f":{n}"].strip() for n in range(1, len(commits) + 1)]

    def commit_paths(self, paths: list[str], message: str) -> bool:
        """Commit these paths as they are in the working tree; False when nothing changed."""
        self.run("add", "--", *paths)
        if self.ok("diff", "--cached", "--quiet"):
            return False
        name, email = self.identity
        self.run("-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "--quiet", "-m", message)
        return True

    # -- remotes ----------------------------------------------------------------
    def ls_remote(self, remote: str, *patterns: str) -> dict[str, str]:
        out = self.run("ls-remote", "--refs", remote, *patterns)
        refs = {}
        for line in out.splitlines():
            sha, ref = line.split("\t", 1)
            refs[ref] = sha
        return refs

    def fetch(self, remote: str, refspecs: list[str]) -> None:
        if refspecs:
            self.run("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, *refspecs)

    def fetch_branch(self, remote: str, branch: str) -> str:
        """``branch`` of ``remote`` as it now is (into its remote-tracking ref): its commit."""
        self.fetch(remote, [f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"])
        sha = self.rev_parse(f"refs/remotes/{remote}/{branch}")
        if not sha:
            raise GitError(say("publish.no_branch", branch=f"{remote}/{branch}"))
        return sha

    def commit_files(self, base: str, changes: dict[str, str], message: str) -> str | None:
        """A commit on ``base`` with ``changes`` (path → text); None when the tree would not change."""
        paths = sorted(changes)
        tree = self.tree_with(base, dict(zip(paths, self.write_blobs([changes[p].encode("utf-8") for p in paths]))))
        return None if tree == self.tree_of(base) else self.commit_tree(tree, [base], message)

    def push(self, remote: str, refspecs: list[str], atomic: bool = True, leases: dict[str, str] | None = None) -> None:
        """One ``git push`` for all refspecs; atomic so a cut-off leaves all or none.

        ``leases`` (ref → the id it must still have, "" for "must not exist") refuse to
        overwrite anything someone pushed since we looked.
        """
        if not refspecs:
            return
        args = ["push", "--quiet", "--porcelain"] + (["--atomic"] if atomic else [])
        args += [f"--force-with-lease={ref}:{old}" for ref, old in (leases or {}).items()]
        self.run(*args, remote, *refspecs)


    def delete_remote_refs(self, remote: str, refs: dict[str, str]) -> dict[str, str | None]:
        """Delete many refs on ``remote`` in one ``git push``, each only if it still points to the given commit.

        Returns ref → None when deleted (or already gone), else git's reason (moved since, refused).
        """
        if not refs:
            return {}
        args = ["push", "--porcelain", "--no-verify"]
        args += [f"--force-with-lease={ref}:{sha}" for ref, sha in sorted(refs.items())]
        out = self.run(*args, remote, *[f":{ref}" for ref in sorted(refs)], check=False)
        outcome: dict[str, str | None] = {}
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or ":" not in parts[1]:
                continue
            ref = parts[1].split(":", 1)[1]
            if ref in refs:
                outcome[ref] = None if parts[0] in ("-", "=") else parts[2].strip()
        for ref in refs:
            outcome.setdefault(ref, "not deleted")
        unsure = [ref for ref, why in outcome.items() if why is not None]
        if unsure:  # one that is gone already (deleted meanwhile) counts as deleted
            still = self.ls_remote(remote, *unsure)
            outcome.update({ref: None for ref in unsure if ref not in still})
        return outcome


@dataclass(frozen=True)
class NewCommit:
    parent: str
    files: dict  # path → blob id, or None to delete
    message: str
    when: str  # ISO 8601 with offset


def _raw_date(iso: str) -> str:
    from datetime import datetime

    moment = datetime.fromisoformat(iso)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "-" if minutes < 0 else "+"
    return f"{int(moment.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def init_repo(path: Path, bare: bool = False, branch: str = "main") -> Git:
    """A new repository (used by tests, the demo and the test double)."""
    Path(path).mkdir(parents=True, exist_ok=True)
    git = Git(path)
    git.run("init", "--quiet", f"--initial-branch={branch}", *(["--bare"] if bare else []))
    return git


# -- used by `commons validate --changed-since` (from main, kept when merging the assign branch) --
def run(repo: Path, *args: str, check: bool = True, input: str | None = None) -> str:
    return Git(repo).run(*args, input=input, check=check)


def absolute_git_dir(repo: Path) -> Path | None:
    """The git directory of the repository ``repo`` is in; None outside one (or without git)."""
    try:
        proc = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=repo, capture_output=True, text=True,
                              check=False)
    except OSError:
        return None
    return Path(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip() else None


def changed_files(repo: Path, ref: str) -> list[str]:
    """Repository-relative paths added or modified since ``ref`` (committed or not), plus untracked ones."""

    if ref.startswith("-"):
        raise UsageError("--changed-since: " + say("git.not_a_ref", ref=ref))
    try:
        run(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise UsageError("--changed-since: " + say("git.not_a_commit", ref=ref, repo=repo)) from None
    base = run(repo, "merge-base", ref, "HEAD", check=False).strip() or ref
    changed = run(repo, "-c", "core.quotepath=off", "diff", "--name-only", "--diff-filter=ACMR", "-z", base, "--")
    untracked = run(repo, "-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard", "-z")
    names = [n for n in (changed + untracked).split("\0") if n]
    return sorted(set(names))


def clean_blob_ids(repo: Path, folder: str, *more: str) -> dict[str, str]:
    """Repository-relative path → git blob id of the tracked files under ``folder`` (and ``more``
    folders) whose working copy is what the index holds (``git diff-files`` lists the others,
    untracked files are not tracked): their ids are known without reading them. Empty outside a
    repository's top folder or without git, so callers read the files as before.

    Git vouches only where the blob id is the id of the bytes on disk: a regular file (a link's
    blob is its target's name), unchanged since the index saw it (``diff-files``), not marked
    assume-unchanged or skip-worktree (git would not look), no end-of-line conversion or filter
    between index and disk (``core.autocrlf``; the attributes text, eol, filter, ident,
    working-tree-encoding). Any other file there is read."""
    folders = [folder, *more]
    git = Git(repo)
    try:
        if Path(git.run("rev-parse", "--show-toplevel").strip()).resolve() != Path(repo).resolve():
            return {}  # a subfolder of a work tree (paths would not be ours), or a scratch tree in .git
        if git.run("config", "--get", "core.autocrlf", check=False).strip().lower() not in ("", "false", "no", "off", "0"):
            return {}  # every text file may differ on disk from its blob
        listing = git.run("-c", "core.quotepath=off", "ls-files", "-s", "-v", "-z", "--", *folders)
        # ctime aside: a hard link made and removed (publish's dry run) or a backup tool changes it and
        # not the bytes; size, mtime, inode and mode still tell an edit, and git would say "changed"
        # of every such file until the next git status.
        dirty = set(filter(None, git.run("-c", "core.quotepath=off", "-c", "core.trustctime=false", "diff-files",
                                         "--name-only", "-z", "--", *folders).split("\0")))
        converted = _converted(git.run("-c", "core.quotepath=off", "check-attr", "-a", "-z", "--stdin",
                                       input="".join(r[r.find("\t") + 1:] + "\0" for r in listing.split("\0") if "\t" in r)))
    except (GitError, OSError):
        return {}
    vouched: dict[str, str] = {}
    # "<tag> <mode> <id> <stage>\t<path>" (tag H: a plain cached file; h: assume-unchanged, S:
    # skip-worktree; stage 0: not in a conflict), taken apart by position: a year is ~14,000.
    for record in listing.split("\0"):
        tab = record.find("\t")
        path = record[tab + 1:]
        if (tab >= 0 and record[0] == "H" and record[2:8] in ("100644", "100755") and record[tab - 1] == "0"
                and path not in dirty and path not in converted):
            vouched[path] = record[9:tab - 2]
    return vouched


CONVERTING_ATTRIBUTES = {"text", "crlf", "eol", "filter", "ident", "working-tree-encoding"}


def _converted(out: str) -> set[str]:
    """The paths git converts between blob and disk by their attributes, from what ``check-attr -a
    -z`` says of them (``-a`` names only attributes that are specified, so a repository without
    any costs one quick run)."""
    fields = out.split("\0")
    return {fields[i] for i in range(0, len(fields) - 2, 3)
            if fields[i + 1] in CONVERTING_ATTRIBUTES and fields[i + 2] != "unset"}
