"""Shared by the site tests: the optional tools they need, built site, a local server.

The site extra (MkDocs, Material, Playwright) and Debian's chromium are optional on a
developer's machine, so tests that need them skip there; in CI (``CI`` or
``COMMONS_REQUIRE_BROWSER`` set, as `.ci/run` does) a missing tool fails the test instead.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("COMMONS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


# Read once, when the suite starts: each test then runs in a plain shell (conftest.plain_shell).
REQUIRED = bool(os.environ.get("CI") or os.environ.get("COMMONS_REQUIRE_BROWSER"))


def need(*modules: str, chromium: bool = False) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if chromium and not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        missing.append(f"{CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)")
    if not missing:
        return
    message = f"not installed: {', '.join(missing)} (pip install -e '.[site]')"
    if REQUIRED:
        pytest.fail(f"{message}; CI must have it (.ci/run installs it)")
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path):
    """The folder over HTTP on 127.0.0.1 (a free port); the server stops when the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
