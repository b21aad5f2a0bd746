"""bench/year stays runnable: one small week through the real commands; the queue is the crew's capacity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_one_small_week_runs_green_with_the_queue_at_capacity():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "year" / "run.py"), "--weeks", "1", "--measure", "1", "--members", "4",
         "--inflow", "0.1"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "week 1: 12 items, 24 reviews, assign exit 0" in proc.stdout  # 4 members × 6 ÷ 2 reviewers
    assert "| folders over 1,000 entries | 0 |" in proc.stdout
