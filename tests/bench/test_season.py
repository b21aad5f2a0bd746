"""bench/season stays runnable: a small season through the real `commons assign` and the GitHub double."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench  # seconds to minutes each: deselected by default, run by CI's bench job

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))


def test_small_season_runs_and_reruns_change_nothing():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "season" / "run.py"), "--members", "6", "--cycles", "2", "--items", "20", "--seed", "3"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert sum(1 for line in lines if line.startswith(("2026-W49 ", "2026-W50 "))) == 2
    assert "0 content-creating; imposed wait" in proc.stdout  # the rerun of the first cycle wrote nothing
