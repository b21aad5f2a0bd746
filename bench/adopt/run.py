"""What adopting costs at run time: catalog messages, the week's cron lines and the time gate, the drift check.

Each figure is printed next to a baseline measured in the same run:
- a catalog message (plural chosen, placeholders filled) against the f-string it replaced;
- `commons validate commons.yml` with the workflows' schedule check against the same run without it;
- the time gate's decision against parsing commons.yml, which the gate must do anyway.
Usage: python bench/adopt/run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from commons import i18n
    from commons.config import load_config
    from commons.content.cycles import Week
    from commons.schedule import workflows
    from commons.schedule.core import cron_lines, is_due

    start = time.perf_counter()
    english = i18n.catalog("en")
    english("assign.pull_title", cycle="2026-W48", n=2, due="Wed 2026-11-25")
    first = time.perf_counter() - start
    n = 20_000
    catalog = best(lambda: [english("assign.pull_title", cycle="2026-W48", n=k % 3, due="Wed 2026-11-25") for k in range(n)], args.repeat)
    inline = best(lambda: [f"[2026-W48] Review {k % 3} item{'s' if k % 3 != 1 else ''}, due Wed 2026-11-25" for k in range(n)], args.repeat)
    print(f"catalog: first message {first * 1000:.1f} ms (loads en.yml); then {catalog / n * 1e6:.2f} µs a message "
          f"vs {inline / n * 1e6:.2f} µs for the f-string it replaced ({catalog / inline:.1f}×)")

    ny = Week(timezone="America/New_York")
    lines = best(lambda: [cron_lines(ny, e) for e in ("collect", "distribute", "remind", "publish")], args.repeat)
    config = best(lambda: load_config(ROOT), args.repeat)
    now = datetime(2026, 11, 1, 4, 7, tzinfo=timezone.utc)
    gate = best(lambda: is_due(ny, "distribute", "0 4 * * 0", now), args.repeat)
    print(f"cron lines for 4 workflows (America/New_York, 11 years of offsets): {lines * 1000:.1f} ms; "
          f"time gate decision {gate * 1e6:.0f} µs; loading commons.yml (baseline) {config * 1000:.1f} ms "
          f"(gate {gate / config:.3f}× of it, cron lines {lines / config:.1f}×)")

    week = load_config(ROOT).week
    drift = best(lambda: workflows.drifts(ROOT, week), args.repeat)
    print(f"validate commons.yml: schedule check {drift * 1000:.1f} ms on top of the config check {config * 1000:.1f} ms "
          f"({(config + drift) / config:.1f}× the config check alone)")


if __name__ == "__main__":
    main()
