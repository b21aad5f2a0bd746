"""Atomic file writes: a reader or a crash never sees half a file; and a lock for state two runs share."""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..problems import UsageError
from ..i18n import say

WRITE_ADVICE = {  # errno → the catalog's advice
    errno.ENOSPC: "files.disk_full",
    errno.EDQUOT: "files.quota",
    errno.EROFS: "files.read_only",
    errno.EACCES: "files.permission",
    errno.EPERM: "files.permission",
    errno.EISDIR: "files.folder_in_way",
    errno.ENOTDIR: "files.file_in_way",
}


class StateError(UsageError, OSError):
    """A file the command keeps cannot be read or written: one line naming it and what to do, exit 2.
    Still an OSError, so callers that handle a failed write keep doing so."""


def write_error(path: Path, exc: OSError) -> StateError:
    advice = say(WRITE_ADVICE[exc.errno]) if exc.errno in WRITE_ADVICE else say("files.other", error=exc.strerror or exc)
    return StateError(say("files.cannot_write", path=path, advice=advice))


@contextmanager
def exclusive(folder: Path, on_wait=None):
    """Hold an exclusive lock on ``folder`` (made when missing) while the block runs: two runs that
    read, change and write the same state take turns instead of one losing the other's changes.
    ``on_wait()`` is called once when another run holds it. No lock file is left in the repository."""
    try:
        import fcntl
    except ImportError:  # not POSIX: nothing to lock with; runs are serialized by the workflows
        yield
        return
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise write_error(folder, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def atomic_write(path: Path, data: bytes) -> bool:
    """See :func:`_atomic_write`; a file system that refuses (full, read-only) is one clear line, exit 2."""
    try:
        return _atomic_write(path, data)
    except OSError as exc:
        raise write_error(path, exc) from None


def _atomic_write(path: Path, data) -> bool:
    """Write ``data`` to ``path`` via a temporary file and rename.

    Returns False, touching nothing, when the file already holds exactly ``data``
    (so a second run of any command changes nothing, not even mtimes).
    """
    path = Path(path)
    mode = 0o644
    try:
        st = path.stat()
        if st.st_size == len(data) and path.read_bytes() == data:
            return False
        mode = st.st_mode & 0o777
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".commons-tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; keep the file readable like any other
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def atomic_write_text(path: Path, text: str) -> bool:
    return atomic_write(path, text.encode("utf-8"))
