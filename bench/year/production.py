"""The weekly workflows' commands as Actions runs them, on a kept ``bench/year`` run at chosen weeks.

Production shape: every workflow starts from a fresh checkout of main at the week's end, fetched
at the workflow's ``fetch-depth`` (actions/checkout: 1 unless the workflow says 2 or 0), with
nothing in ``.git/commons`` except what that workflow restores with actions/cache: the weekly
whole-repository validate its result cache as last week's run left it. Each command's wall time and the child's own peak memory
(VmHWM), the median of ``--repeat`` runs, the weeks by turns (4, 52, 4, …) so a drift in the
shared machine's load reaches every week alike; the fresh checkout's own time is a row too.

Commands that need GitHub run as their dry or offline variants: ``assign --dry-run`` (the
plan), ``publish --offline --dry-run`` (merges planned from the files, the newsletter, the
indexes in a scratch tree), ``collect --dry-run`` against the last day's feeds with the
sources' HTTP validators cleared (every feed parsed and deduplicated against the history).

Usage: python bench/year/production.py KEPT_DIR [--weeks 4,52] [--repeat 3]
(KEPT_DIR from ``python bench/year/run.py --keep KEPT_DIR``)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FIRST_SUNDAY, ROOT, SEOUL, folder_stats, git  # noqa: E402
from run import run as measure  # noqa: E402

STATE = ".commons/collect/sources.json"
# (label, workflow, arguments, fetch depth, what actions/cache restores (its name in .git/commons), day)
COMMANDS = [
    ("collect", "collect.yml (daily)", ["collect", "--dry-run", "--workers", "1"], 1, None, "sat"),
    ("triage, nothing to do", "collect.yml (daily)", ["triage", "--provider", "offline"], 1, None, "sat"),
    ("assign (plan)", "assign.yml (Sunday)", ["assign", "--dry-run"], 1, None, "sun"),
    ("publish (offline, dry run; indexes in its scratch tree)", "publish.yml (Wednesday)",
     ["publish", "--offline", "--dry-run"], 0, None, "wed"),
    ("validate, whole repository", "ci.yml (Monday)", ["validate"], 2, "validate-cache.json", "sat"),
    ("validate, whole repository, first run (no cache)", "ci.yml", ["validate"], 2, None, "sat"),
    ("validate what the last commit changed", "validate.yml / ci.yml (each PR)",
     ["validate", "--changed-since", "HEAD^1"], 2, None, "sat"),
]


def checkout(bare: Path, commit: str, depth: int, where: Path) -> float:
    """A fresh clone of ``commit`` as actions/checkout makes it; its wall time."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    start = time.perf_counter()
    git(where, "init", "-q")
    git(where, "fetch", "-q", *(["--depth", str(depth)] if depth else []), f"file://{bare}", commit)
    git(where, "checkout", "-q", "--detach", "FETCH_HEAD")
    return time.perf_counter() - start


def one_run(work: Path, argv: list[str], env: dict, restored: Path | None, name: str | None):
    shutil.rmtree(work / ".git" / "commons", ignore_errors=True)
    if restored is not None and (restored / name).is_file():
        (work / ".git" / "commons").mkdir(parents=True)
        shutil.copy2(restored / name, work / ".git" / "commons" / name)
    if argv[0] == "collect" and (work / STATE).is_file():
        (work / STATE).unlink()  # no HTTP validators: every feed parsed and deduplicated against the history
        try:
            return measure(["--repo", str(work), *argv], work, env)
        finally:
            git(work, "checkout", "-q", "--", STATE)
    return measure(["--repo", str(work), *argv], work, env)


def prepare(week: int, bare: Path, opens: list[str], env: dict, tmp: Path) -> dict:
    """The week's end commit, its moments, one fresh clone a depth, and what actions/cache would
    restore: the cache validate left a week before."""
    commit = (git(bare, "rev-parse", f"{opens[week]}^").strip() if week < len(opens)
              else git(bare, "rev-parse", "main").strip())
    sunday = FIRST_SUNDAY + timedelta(days=7 * (week - 1))
    moments = {"sun": datetime.combine(sunday + timedelta(days=7), datetime.min.time(), SEOUL).replace(minute=5),
               "wed": datetime.combine(sunday + timedelta(days=3), datetime.min.time(), SEOUL).replace(hour=22),
               "sat": datetime.combine(sunday + timedelta(days=6), datetime.min.time(), SEOUL).replace(hour=23)}
    clones, checkouts = {}, {}
    for depth in sorted({c[3] for c in COMMANDS}):
        clones[depth] = tmp / f"week-{week}-depth-{depth}"
        checkouts[depth] = checkout(bare, commit, depth, clones[depth])
    restored = tmp / f"restored-{week}"
    restored.mkdir()
    earlier = {"validate-cache.json": (f"{opens[week - 1]}^" if week > 1 else None, ["validate"], timedelta(days=7))}
    for name, (rev, argv, back) in earlier.items():
        if rev is None:
            continue
        before = tmp / "before"
        checkout(bare, git(bare, "rev-parse", rev).strip(), 2, before)
        one_run(before, argv, {**env, "COMMONS_NOW": (moments["sat"] - back).isoformat()}, None, None)
        if (before / ".git" / "commons" / name).is_file():
            shutil.copy2(before / ".git" / "commons" / name, restored / name)
        shutil.rmtree(before)
    return {"clones": clones, "checkouts": checkouts, "moments": moments, "restored": restored}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kept", type=Path)
    parser.add_argument("--weeks", default="4,52")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command a week; the median is kept")
    args = parser.parse_args()
    bare = next((args.kept / "github").glob("*.git"))
    opens = [line.split()[0] for line in git(bare, "log", "--reverse", "--format=%H %s", "main").splitlines()
             if line.endswith("assign: record")]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT / "scripts")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a runner keeps bytecode between a job's commands
    weeks = [int(w) for w in args.weeks.split(",")]
    results: dict[int, dict] = {week: {} for week in weeks}
    with tempfile.TemporaryDirectory() as tmp:
        ready = {week: prepare(week, bare, opens, env, Path(tmp)) for week in weeks}
        for label, _, argv, depth, name, when in COMMANDS:
            runs: dict[int, list] = {week: [] for week in weeks}
            for _ in range(args.repeat):
                for week in weeks:  # by turns
                    r = ready[week]
                    code, wall, rss, _ = one_run(r["clones"][depth], argv, {**env, "COMMONS_NOW": r["moments"][when].isoformat()},
                                                 r["restored"] if name else None, name)
                    runs[week].append((wall, rss, code))
            for week in weeks:
                found = runs[week]
                results[week][label] = (statistics.median(w for w, _, _ in found), max(m for _, m, _ in found), found[-1][2])
        for week in weeks:
            results[week]["checkout"] = ready[week]["checkouts"]
            results[week]["files"] = folder_stats(ready[week]["clones"][1])[2]
    print_table(results, weeks)
    return 0


def print_table(results: dict, weeks: list[int]) -> None:
    first, last = weeks[0], weeks[-1]
    print(f"| workflow | command | restored | " + " | ".join(f"week {w}" for w in weeks)
          + f" | week {last} ÷ week {first} (time) |")
    print("|---|---|---|" + "---:|" * (len(weeks) + 1))
    for label, workflow, _, depth, name, _ in COMMANDS:
        cells = [f"{results[w][label][0]:.2f} s / {results[w][label][1]:.0f} MB" for w in weeks]
        ratio = results[last][label][0] / results[first][label][0]
        print(f"| {workflow} | `{label}` (depth {depth or 'all'}) | {name or '—'} | " + " | ".join(cells) + f" | {ratio:.2f}× |")
    for depth in sorted(results[first]["checkout"]):
        cells = [f"{results[w]['checkout'][depth]:.2f} s" for w in weeks]
        print(f"| every workflow | fresh checkout, depth {depth or 'all'} | — | " + " | ".join(cells)
              + f" | {results[last]['checkout'][depth] / results[first]['checkout'][depth]:.2f}× |")
    print("| | files in the repository | | " + " | ".join(f"{results[w]['files']:,}" for w in weeks) + " | |")


if __name__ == "__main__":
    sys.exit(main())
