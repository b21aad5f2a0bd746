"""bench/year stays runnable: one small week through the real commands; the queue is the crew's capacity."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench  # seconds to minutes each: deselected by default, run by CI's bench job

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


def test_a_kept_run_resumes_where_it_stopped_and_reviews_reach_the_newsletter(tmp_path):
    kept = tmp_path / "kept"
    common = ["--measure", "9", "--members", "4", "--inflow", "0.1"]
    first = subprocess.run([sys.executable, str(ROOT / "bench" / "year" / "run.py"), "--weeks", "1", "--keep", str(kept),
                            *common], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    second = subprocess.run([sys.executable, str(ROOT / "bench" / "year" / "run.py"), "--weeks", "2", "--resume", str(kept),
                             *common], capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "week 2: 12 items, 24 reviews, assign exit 0" in second.stdout and "week 1:" not in second.stdout
    bare = next((kept / "github").glob("*.git"))
    log = subprocess.run(["git", "log", "--format=%s", "main"], cwd=bare, capture_output=True, text=True, check=True).stdout
    published = re.findall(r"^publish (\S+): newsletter \((\d+) items?\)", log, flags=re.M)
    # the maintainer's approvals and the checks count, so both weeks' reviews were merged and published
    assert [cycle for cycle, _ in published] == ["2026-W50", "2026-W49"] and all(int(n) > 0 for _, n in published)
    assert log.count("assign: record") == 2
    # production.py measures the kept weeks in fresh checkouts, restoring only what the workflows restore
    shape = subprocess.run([sys.executable, str(ROOT / "bench" / "year" / "production.py"), str(kept), "--weeks", "1,2",
                            "--repeat", "1"], capture_output=True, text=True, timeout=600)
    assert shape.returncode == 0, shape.stdout + shape.stderr
    assert "| ci.yml (Monday) | `validate, whole repository` (depth 2) | validate-cache.json |" in shape.stdout
    assert "| collect.yml (daily) | `collect` (depth 1) | — |" in shape.stdout
    assert "fresh checkout, depth all" in shape.stdout
