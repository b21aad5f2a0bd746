"""Re-measure the week's commands on a kept `bench/year` run as it stood after chosen weeks.

``run.py --keep DIR`` leaves the simulated GitHub repository in ``DIR/github``; its history
holds every week (the k-th "assign: record" commit opens week k). This checks out the state
at the end of each chosen week and runs, with today's code, the commands that need no
GitHub: collect (a dry run against the last day's feeds: loading the dedup history is the
cost), triage with nothing to do, assign's plan (``--dry-run``), publish without GitHub
(``--offline --dry-run``), index, status, whole-repository validate; then collect, validate and
status again on the same clone after they ran on the week before (their caches a week old).
Wall time and the child's own peak memory (VmHWM), so code changed after a long run can be
measured on the same history in minutes.

``--as-merged`` makes each week what a crew's repository would have held: a kept run that
merged its reviews late (``run.py --merge-kept-reviews``) has none in its early weeks, so the
reviews of the week's cycles are taken from the final tree, and ``commons index`` is run and
committed (publish leaves the index and the portfolio cache committed every week). Without it
early weeks are lighter than a real crew's and every ratio against them is inflated.

The weeks are prepared first, then each command runs in them by turns (week 4, week 52, week
4, …) ``--repeat`` times: a drift in the shared machine's load reaches every week alike (run one
week after the other, it once read 1.69× for a command that reads 1.3× interleaved).

Usage: python bench/year/snapshots.py DIR [--weeks 4,13,26] [--as-merged] [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FIRST_SUNDAY, ROOT, SEOUL, folder_stats, git  # noqa: E402
from run import run as measure  # noqa: E402

COMMANDS = [
    ("collect (dry run), dedup store built from nothing", ["collect", "--dry-run", "--workers", "1"], "sat"),
    ("triage, nothing to do", ["triage", "--provider", "offline"], "sat"),
    ("assign (plan only)", ["assign", "--dry-run"], "sun"),
    ("publish (offline, dry run)", ["publish", "--offline", "--dry-run"], "wed"),
    ("index (dry run), no rows kept (cold)", ["index", "--dry-run"], "sat"),
    ("status, no cache (cold)", ["status"], "sat"),
    ("validate, whole repository, no cache", ["validate", "--no-cache"], "sat"),
]
# Then the same clone as it stood a week earlier runs collect, validate, status and index (filling
# collect's dedup store, validate's result cache, the calibration history's cache and the
# portfolio rows, all in .git/commons), and is moved on to the week: what a kept clone (a maintainer's) pays in a week
# where a week of news, reviews and pages came in.
WARM = [
    ("collect (dry run), dedup store a week old", ["collect", "--dry-run", "--workers", "1"], "sat"),
    ("validate, whole repository, cache a week old", ["validate"], "sat"),
    ("status, cache a week old", ["status"], "sat"),
    ("index (dry run), rows kept a week old", ["index", "--dry-run"], "sat"),
]


STATE = ".commons/collect/sources.json"


def measured(work: Path, argv: list[str], env: dict):
    """One command; collect runs without its HTTP validators and body hashes, so every feed is parsed
    and deduplicated against the history (the last day's feeds were collected already: unchanged
    bytes would skip the history altogether)."""
    if argv[0] == "collect" and (work / STATE).is_file():
        (work / STATE).unlink()
        try:
            return measure(["--repo", str(work), *argv], work, env)
        finally:
            git(work, "checkout", "-q", "--", STATE)
    return measure(["--repo", str(work), *argv], work, env)


def as_merged(work: Path, tip: str, env: dict, when: datetime) -> None:
    """Bring the reviews of the cycles checked out from ``tip`` (where the late merge put them),
    then index and commit, as the week's publish would have."""
    cycles = sorted(p.name for p in (work / "news").iterdir() if p.is_dir())
    present = set(git(work, "ls-tree", "--name-only", tip, "news/").split())
    folders = [f"news/{c}/reviews" for c in cycles if f"news/{c}" in present]
    folders = [f for f in folders if git(work, "ls-tree", "--name-only", tip, f + "/").strip()]
    if folders:
        git(work, "checkout", "-q", tip, "--", *folders)
    measure(["--repo", str(work), "index"], work, {**env, "COMMONS_NOW": when.isoformat()})
    git(work, "add", "-A")
    if git(work, "status", "--porcelain").strip():
        git(work, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q",
            "-m", "bench: the week's reviews as merged, indexed")
    # The checkout above rewrote a year of reviews in a second: git marks such entries "racily
    # clean" and hashes them again on every diff-files until its index is refreshed, as the next
    # git status does. A crew's reviews arrive a week at a time; without this every command after
    # would pay for the bench's own rewrite (~40 ms a run at week 52).
    git(work, "update-index", "-q", "--refresh")
    shutil.rmtree(work / ".git" / "commons", ignore_errors=True)  # what that index kept: the cold rows start cold


def one_run(work: Path, argv: list[str], env: dict, caches: Path | None) -> tuple[float, float, int]:
    """(wall, peak memory, exit) of one run with .git/commons as ``caches`` holds it (None: empty)."""
    shutil.rmtree(work / ".git" / "commons", ignore_errors=True)
    if caches is not None:
        shutil.copytree(caches, work / ".git" / "commons")
    code, wall, rss, _ = measured(work, argv, env)
    return wall, rss, code


def prepare(week: int, bare: Path, opens: list[str], env: dict, as_merged_too: bool, tmp: Path) -> dict:
    """The week's clone as it stood at the end of the week, and (``kept``) its .git/commons as the
    WARM commands left it on the week before: each measured run starts from one or the other."""
    commit = (git(bare, "rev-parse", f"{opens[week]}^").strip() if week < len(opens)
              else git(bare, "rev-parse", "main").strip())
    sunday = FIRST_SUNDAY + timedelta(days=7 * (week - 1))
    moments = {"sun": datetime.combine(sunday + timedelta(days=7), datetime.min.time(), SEOUL).replace(minute=5),
               "wed": datetime.combine(sunday + timedelta(days=3), datetime.min.time(), SEOUL).replace(hour=22),
               "sat": datetime.combine(sunday + timedelta(days=6), datetime.min.time(), SEOUL).replace(hour=23)}
    work = tmp / f"week-{week}"
    git(tmp, "clone", "-q", "--no-checkout", str(bare), str(work))
    git(work, "checkout", "-q", "--detach", commit)
    tip = git(bare, "rev-parse", "main").strip()
    if as_merged_too:
        as_merged(work, tip, env, moments["sat"])
        commit = git(work, "rev-parse", "HEAD").strip()
    kept = None
    earlier = git(bare, "rev-parse", f"{opens[week - 1]}^").strip() if week > 1 else None
    if earlier:
        git(work, "checkout", "-q", "--detach", earlier)
        before = {**env, "COMMONS_NOW": (moments["sat"] - timedelta(days=7)).isoformat()}
        if as_merged_too:
            as_merged(work, tip, env, moments["sat"] - timedelta(days=7))
        for _, argv, _ in WARM:
            measured(work, argv, before)
        git(work, "checkout", "-q", "--detach", commit)
        kept = tmp / f"kept-caches-{week}"  # .git/commons a week old
        shutil.copytree(work / ".git" / "commons", kept)
        shutil.rmtree(work / ".git" / "commons", ignore_errors=True)
    return {"work": work, "moments": moments, "kept": kept}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kept", type=Path)
    parser.add_argument("--weeks", default="4,13,26")
    parser.add_argument("--as-merged", action="store_true",
                        help="each week with its cycles' reviews merged and indexed (see above)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each command in each week, the median wall time kept (a shared machine's "
                             "noise is ±0.3 s a run); each starts from the same caches, and the weeks take turns")
    args = parser.parse_args()
    bare = args.kept / "github"
    bare = next(bare.glob("*.git"))
    opens = [line.split()[0] for line in git(bare, "log", "--reverse", "--format=%H %s", "main").splitlines()
             if line.endswith("assign: record")]
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("GITHUB_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT / "scripts")
    # As a runner runs them: with bytecode kept (compiling ~100 modules each run is a fixed cost
    # that would flatter every ratio against week 4).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    weeks = [int(w) for w in args.weeks.split(",")]
    results: dict[int, dict] = {week: {} for week in weeks}
    with tempfile.TemporaryDirectory() as tmp:
        prepared = {week: prepare(week, bare, opens, env, args.as_merged, Path(tmp)) for week in weeks}
        # Each command's runs alternate between the weeks (4, 52, 4, 52, …): a drift in the
        # machine's load reaches every week alike instead of one week's half of the table.
        for group, cold in ((COMMANDS, True), (WARM, False)):
            for label, argv, when in group:
                runs: dict[int, list] = {week: [] for week in weeks if cold or prepared[week]["kept"]}
                for _ in range(args.repeat):
                    for week in runs:
                        ready = prepared[week]
                        runs[week].append(one_run(ready["work"], argv,
                                                  {**env, "COMMONS_NOW": ready["moments"][when].isoformat()},
                                                  None if cold else ready["kept"]))
                for week, found in runs.items():
                    results[week][label] = (statistics.median(r[0] for r in found), max(r[1] for r in found),
                                            found[-1][2])
        for week in weeks:
            biggest, where, files, over = folder_stats(prepared[week]["work"])
            results[week]["largest folder"], results[week]["files"], results[week]["over"] = (biggest, where), files, over
    for week in weeks:
        row = results[week]
        print(f"week {week}: " + ", ".join(f"{k} {v[0]:.2f} s / {v[1]:.0f} MB (exit {v[2]})" for k, v in row.items()
                                            if isinstance(v, tuple) and len(v) == 3), flush=True)
    cols = sorted(results)
    print("\n| | " + " | ".join(f"week {w}" for w in cols) + f" | week {cols[-1]} ÷ week {cols[0]} (time, memory) |")
    print("|---|" + "---:|" * (len(cols) + 1))
    for label, _, _ in COMMANDS + WARM:
        if not all(label in results[w] for w in cols):
            continue
        cells = [f"{results[w][label][0]:.2f} s / {results[w][label][1]:.0f} MB" for w in cols]
        first, last = results[cols[0]][label], results[cols[-1]][label]
        print(f"| `{label}` | " + " | ".join(cells) + f" | {last[0] / first[0]:.2f}×, {last[1] / first[1]:.2f}× |")
    print("| files | " + " | ".join(f"{results[w]['files']:,}" for w in cols) + " | |")
    print("| largest folder | " + " | ".join(f"{results[w]['largest folder'][0]}" for w in cols) + " | |")
    print("| folders over 1,000 entries | " + " | ".join(str(results[w]["over"]) for w in cols) + " | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
