import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # collect_support, beside this file

from collect_support import FeedServer  # noqa: E402


@pytest.fixture
def feeds():
    """A local HTTP server (127.0.0.1) whose answers each test scripts."""
    server = FeedServer()
    yield server
    server.close()
