"""bench/calibration runs end to end on a short season, and calibration helps."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench  # seconds to minutes each: deselected by default, run by CI's bench job

ROOT = Path(__file__).resolve().parents[2]


def test_short_season_calibration_lowers_the_error():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "calibration" / "run.py"), "--cycles", "8", "--items", "16"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [l.split() for l in proc.stdout.splitlines() if re.match(r"^\s+\d+\s", l)]
    assert len(rows) == 8
    plain, calibrated = float(rows[-1][1]), float(rows[-1][2])
    assert calibrated < plain
    assert "AI input tokens per item at most" in proc.stdout
