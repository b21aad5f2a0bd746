"""Fixtures for the handbook tests."""

from pathlib import Path

import pytest

from handbook.helpers import make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)
