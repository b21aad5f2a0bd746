"""bench/season: a simulated season of review — 30 members, 8 cycles, 120 items a cycle.

What it measures, per cycle and for the season: coverage (share of the kept
items — this cycle's items at or above the triage threshold plus last cycle's
carried-over ones — that got the full number of reviewers, and that got at
least one), load spread (max − min reviews among the members available that
cycle, and cumulated over the season among members available every cycle so
far), carry-over (items carried in, and carried items that went unreviewed a
second time and so drop out), and GitHub API calls of `commons assign` (all,
and content-creating ones) with the wait GitHub's secondary limits would
impose.

How: everything runs in a temporary commons repository laid out as in
production and pushed to the GitHub REST double (tests/github_double.py). Each
cycle, 120 triaged items are written (random scores; the threshold keeps
about 40 %), then the real `commons assign --cycle C` runs against the double
(branches by one `git push`, one PR per member; GitHub's limits applied in
virtual time, so nothing sleeps). Its plan is checked against
`build_plan` on the same files. The workflow's commit of the assignment
record and item statuses is made, then members review: each member has a
completion rate (random, seeded) and finishes each of their items with that
probability. A finished review lands on main as a merged review PR leaves it
(news/<cycle>/reviews/<member>/<item>.md, fields filled in), the item's status
moves as `commons publish` moves it, and the cycle's PRs are marked merged in
the double directly (publish's own API calls are bench/publish's subject).
So history (the planner's last eight cycles of load) and carry-over come from
the repository's files exactly as in production (assign/inputs.py).
Members are away at random (about a third take one break of one to three
weeks, written as `away:` periods in members.yml).

Baseline, same run, same candidates each cycle: naive round-robin — roster
order, restarting at the top every cycle, two consecutive members per item,
skipping members who are away or full — which is what a spreadsheet rota does
and has no memory of earlier cycles. The ratio printed is the baseline's
season load spread over the planner's. Per cycle, the planner's spread can be
the larger one: it deliberately gives more to whoever got less in the last
eight cycles (a member back from a break), so that the season evens out.

Run: python bench/season/run.py [--members 30] [--cycles 8] [--items 120] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from commons_repo import CATEGORIES, commit_and_push, item_text, member_yaml, run_command, write_repo  # noqa: E402
from github_double import GitHubDouble  # noqa: E402

from commons import github as github_module  # noqa: E402
from commons.assign.command import build_plan  # noqa: E402
from commons.assign.inputs import reviewers  # noqa: E402
from commons.assign.render import review_relpath  # noqa: E402
from commons.content.layout import REVIEW_BRANCHES  # noqa: E402
from commons.config import load_config, load_members  # noqa: E402
from commons.content import cycles  # noqa: E402
from commons.github import Limits  # noqa: E402
from github_double import VirtualClock  # noqa: E402

TZ = "Asia/Seoul"
FIRST_CYCLE = "2026-W49"
SCORE_WEIGHTS = {1: 25, 2: 35, 3: 22, 4: 13, 5: 5}  # most of the news is noise; threshold 3 keeps ~40 %
CAPACITIES = (3, 4, 5, 5, 6, 6)
RPI, MAX_PER_MEMBER = 2, 6
ROOMY = 5  # season spread is measured among members whose capacity is above a fair share (~4 a cycle):
# a member with capacity 3 gets 3 a cycle under any method, which is no imbalance of the method


# -- the season's inputs (seeded) -----------------------------------------------------------------
def season_cycles(first: str, n: int) -> list[str]:
    out = [first]
    while len(out) < n:
        out.append(cycles.next_cycle(out[-1]))
    return out


def make_roster(rng: random.Random, n: int, season: list[str]) -> tuple[list[str], dict[str, float]]:
    """members.yml entries (capacity, interests, maybe one away period) and each member's completion rate."""
    start = cycles.distribution_date(season[0])
    entries, rates = [], {}
    for k in range(n):
        handle = f"member-{k:02d}"
        away = None
        if rng.random() < 0.35:
            begin = start + timedelta(days=rng.randrange(0, 7 * len(season)))
            away = (begin.isoformat(), (begin + timedelta(days=rng.choice((6, 10, 13, 20)))).isoformat())
        entries.append(member_yaml(handle, capacity=rng.choice(CAPACITIES), interests=rng.sample(CATEGORIES, 2), away=away))
        rates[handle] = round(rng.uniform(0.45, 1.0), 2)
    return entries, rates


def make_items(rng: random.Random, cycle: str, n: int) -> dict[str, dict]:
    scores, weights = list(SCORE_WEIGHTS), list(SCORE_WEIGHTS.values())
    return {
        f"{cycle.lower()}-item-{k:03d}": {"score": rng.choices(scores, weights)[0], "category": rng.choice(CATEGORIES), "cycle": cycle}
        for k in range(n)
    }


# -- the production steps ---------------------------------------------------------------------------
def write_items(work: Path, items: dict[str, dict]) -> None:
    for item_id, fields in items.items():
        target = work / "news" / fields["cycle"] / "items" / f"{item_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item_text(item_id, **fields), encoding="utf-8")


def run_assign(work: Path, cycle: str) -> tuple[int, dict, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run_command("commons.assign.command", work, "--cycle", cycle, "--format", "json")
    return code, json.loads(out.getvalue()), err.getvalue()


def item_file(work: Path, item_id: str) -> Path:
    cycle = item_id[:8].upper()  # ids are "<cycle>-item-NNN"
    return work / "news" / cycle / "items" / f"{item_id}.md"


def set_status(path: Path, status: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("status:"))
    lines[index] = f"status: {status}"
    path.write_text("\n".join(lines), encoding="utf-8")


def review_text(item_id: str, handle: str, rng: random.Random) -> str:
    impact = rng.randint(1, 5)
    verdict = "newsletter" if impact >= 4 else "skip"
    return (f"---\nitem: {item_id}\nreviewer: {handle}\nimpact: {impact}\nverdict: {verdict}\n"
            f"summary: 읽었습니다 — {item_id}\nwhy: simulated review\n---\n")


def simulate_reviews(work: Path, cycle: str, assignments: dict[str, list[str]], rates: dict[str, float],
                     rng: random.Random) -> tuple[int, int, set[str]]:
    """Members finish items at their rate; finished reviews land on main as merged PRs leave them."""
    done, given, reviewed = 0, 0, set()
    for handle, ids in sorted(assignments.items()):
        for item_id in ids:
            given += 1
            if rng.random() >= rates[handle]:
                continue
            path = work / review_relpath(cycle, handle, item_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(review_text(item_id, handle, rng), encoding="utf-8")
            done += 1
            reviewed.add(item_id)
    for item_id in sorted(reviewed):
        set_status(item_file(work, item_id), "reviewed")  # as publish does
    return done, given, reviewed


def close_cycle_pulls(double: GitHubDouble, cycle: str) -> None:
    """Publish merges the review PRs; here they are marked merged without API calls."""
    with double.lock:
        for number, pull in double.pulls.items():
            if pull["head"].startswith(f"{REVIEW_BRANCHES}{cycle}/") and double.issues[number]["state"] == "open":
                pull["merged_at"] = double.issues[number]["closed_at"] = double._now()
                double.issues[number]["state"] = "closed"


# -- the baseline ---------------------------------------------------------------------------------
def round_robin(candidates, available: list[tuple[str, int]], rpi: int) -> dict[str, list[str]]:
    """Roster order from the top every cycle; the next member who can take the item takes it."""
    assigned = {h: [] for h, _ in available}
    if not available:
        return assigned
    capacity = dict(available)
    handles = [h for h, _ in available]
    pointer = 0
    for item in sorted(candidates, key=lambda c: (-c.score, c.id)):
        for _ in range(rpi):
            for step in range(len(handles)):
                h = handles[(pointer + step) % len(handles)]
                if item.id not in assigned[h] and len(assigned[h]) < capacity[h]:
                    assigned[h].append(item.id)
                    pointer = (pointer + step + 1) % len(handles)
                    break
    return assigned


# -- measures ------------------------------------------------------------------------------------------
def coverage(candidate_ids: list[str], assignments: dict[str, list[str]], rpi: int) -> tuple[float, float]:
    holders = {i: 0 for i in candidate_ids}
    for ids in assignments.values():
        for i in ids:
            holders[i] += 1
    n = len(candidate_ids) or 1
    return sum(v >= rpi for v in holders.values()) / n, sum(v >= 1 for v in holders.values()) / n


def spread(counts: dict[str, int], among: list[str]) -> int:
    values = [counts.get(h, 0) for h in among]
    return max(values) - min(values) if values else 0


def ratio(baseline: int, ours: int) -> str:
    if ours == 0:
        return "both even" if baseline == 0 else "planner perfectly even"
    return f"baseline/planner {baseline / ours:.1f}x"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=8)
    parser.add_argument("--items", type=int, default=120, help="items collected and triaged per cycle")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    season = season_cycles(FIRST_CYCLE, args.cycles)
    roster, rates = make_roster(rng, args.members, season)

    clock = VirtualClock()
    original = github_module.GitHub.__init__

    def init(self, settings, **kwargs):
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("limits", Limits())  # GitHub's real limits, in virtual time: nothing sleeps
        original(self, settings, **kwargs)

    github_module.GitHub.__init__ = init
    started = time.perf_counter()
    rows, totals = [], {"kept": 0, "full": 0, "one": 0, "carried": 0, "expired": 0, "calls": 0, "writes": 0,
                        "done": 0, "given": 0, "wait": 0.0, "reviewed": 0}
    season_load = {"plan": {}, "rr": {}}
    always_available: set[str] | None = None
    per_cycle_spreads = {"plan": [], "rr": []}
    rerun = None
    try:
        with tempfile.TemporaryDirectory() as tmp, GitHubDouble(Path(tmp) / "remote", check_responses=False) as double:
            os.environ.update(double.env())
            os.environ.pop("GITHUB_TOKEN", None)
            os.environ.pop("GITHUB_STEP_SUMMARY", None)
            os.environ.pop("COMMONS_SECONDS_BETWEEN_WRITES", None)  # GitHub's 1 s spacing, in virtual time
            work = double.clone(Path(tmp) / "work")
            write_repo(work, roster, {}, rpi=RPI, max_items=MAX_PER_MEMBER)
            commit_and_push(work, "season start")
            config = load_config(work)
            members = load_members(work, config)
            capacity_of = {m.github: min(m.capacity, MAX_PER_MEMBER) for m in members}
            for cycle in season:
                os.environ["COMMONS_NOW"] = cycles.distribution_time(cycle, cycles.Week(timezone=TZ)).isoformat()
                double.epoch = cycles.distribution_time(cycle, cycles.Week(timezone=TZ)) - timedelta(minutes=5)
                double._tick = 0
                write_items(work, make_items(rng, cycle, args.items))
                commit_and_push(work, f"collect+triage {cycle}")

                expected, _ = build_plan(work, config, members, cycle, [])
                candidates = list(expected.items.values())
                calls0, writes0, wait0 = len(double.requests), double.count(writes_only=True), clock.now()
                code, plan_json, err = run_assign(work, cycle)
                calls, writes, wait = len(double.requests) - calls0, double.count(writes_only=True) - writes0, clock.now() - wait0
                if code not in (0, 1) or plan_json != expected.as_json():
                    print(f"bench/season: commons assign {cycle} exited {code} or its plan differs from build_plan:\n{err}")
                    return 1
                commit_and_push(work, f"assign {cycle}")  # the workflow commits the record and statuses
                if rerun is None:  # idempotence, measured once: the same command again changes nothing
                    c0, w0 = len(double.requests), double.count(writes_only=True)
                    run_assign(work, cycle)
                    rerun = (len(double.requests) - c0, double.count(writes_only=True) - w0)

                assignments = plan_json["assignments"]
                ids = [c.id for c in candidates]
                full, one = coverage(ids, assignments, RPI)
                carried = [c.id for c in candidates if c.carried_over]
                done, given, reviewed = simulate_reviews(work, cycle, assignments, rates, rng)
                commit_and_push(work, f"reviews {cycle}")
                close_cycle_pulls(double, cycle)
                # Carried items left unreviewed again are not carried a second time (inputs.candidates).
                expired = sorted(i for i in carried if i not in reviewed)

                pool = reviewers(config, members, cycle)
                available = [(r.handle, r.capacity) for r in pool if not r.unavailable and r.capacity > 0]
                names = [h for h, _ in available]
                rr = round_robin(candidates, available, RPI)
                plan_counts = {h: len(assignments.get(h, [])) for h in names}
                rr_counts = {h: len(v) for h, v in rr.items()}
                rr_full, _ = coverage(ids, rr, RPI)
                for key, counts in (("plan", plan_counts), ("rr", rr_counts)):
                    for h, n in counts.items():
                        season_load[key][h] = season_load[key].get(h, 0) + n
                always_available = set(names) if always_available is None else always_available & set(names)
                steady = sorted(h for h in always_available if capacity_of[h] >= ROOMY)
                per_cycle_spreads["plan"].append(spread(plan_counts, names))
                per_cycle_spreads["rr"].append(spread(rr_counts, names))
                rows.append([
                    cycle, f"{len(names)}/{args.members}", len(ids), len(carried), f"{full:.0%}", f"{one:.0%}",
                    f"{rr_full:.0%}", spread(plan_counts, names), spread(rr_counts, names),
                    spread(season_load["plan"], steady), spread(season_load["rr"], steady),
                    f"{done}/{given}", len(expired), calls, writes, f"{wait / 60:.1f}m",
                ])
                totals["kept"] += len(ids)
                totals["full"] += round(full * len(ids))
                totals["one"] += round(one * len(ids))
                totals["carried"] += len(carried)
                totals["expired"] += len(expired)
                totals["calls"] += calls
                totals["writes"] += writes
                totals["done"] += done
                totals["reviewed"] += len(reviewed)
                totals["given"] += given
                totals["wait"] += wait
            if double.violations:
                print("bench/season: the double saw requests outside the API description:", *double.violations[:5], sep="\n  ")
                return 1
            left_unreviewed = sum(1 for i in {c.id for c in candidates} if i not in reviewed)
    finally:
        github_module.GitHub.__init__ = original
    elapsed = time.perf_counter() - started

    headers = ["cycle", "avail", "kept", "carried in", "full cov", "≥1 cov", "RR full", "spread", "RR spread",
               "season spread", "RR season", "reviews done", "dropped", "API calls", "writes", "imposed wait"]
    widths = [max(len(str(x)) for x in [h] + [r[i] for r in rows]) for i, h in enumerate(headers)]
    print(f"Season: {args.members} members, {args.cycles} cycles from {season[0]}, {args.items} items a cycle "
          f"(seed {args.seed}), {RPI} reviewers per item, max {MAX_PER_MEMBER} per member")
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths)))
    for r in rows:
        print("  ".join(str(x).rjust(w) for x, w in zip(r, widths)))
    everyone = sorted(always_available or [])
    steady = [h for h in everyone if capacity_of[h] >= ROOMY]
    plan_season, rr_season = spread(season_load["plan"], steady), spread(season_load["rr"], steady)
    kept = totals["kept"] or 1
    print()
    print("Columns: kept = this cycle's items at or above the threshold plus carried-in ones; full/≥1 cov = share of kept")
    print("items with 2 / at least 1 reviewer; spread = max−min reviews this cycle among available members; season")
    print("spread = max−min reviews so far among members available every cycle so far with capacity ≥ 5; RR = the round-robin baseline;")
    print("dropped = carried items unreviewed a second time (not carried again); API calls / writes = `commons assign`")
    print("requests to GitHub / content-creating ones; imposed wait = what GitHub's secondary limits cost, virtual time.")
    print()
    print("Season summary")
    print(f"  coverage: {totals['full'] / kept:.1%} of {totals['kept']} kept items given the full {RPI} reviewers, "
          f"{totals['one'] / kept:.1%} with at least one reviewer; "
          f"{totals['reviewed'] / kept:.1%} got at least one finished review in their cycle")
    print(f"  reviews: {totals['done']} of {totals['given']} assigned were done ({totals['done'] / max(totals['given'], 1):.0%}); "
          f"{totals['carried']} items carried over, {totals['expired']} dropped after their second cycle, "
          f"{left_unreviewed} of the last cycle's unreviewed at season end")
    print(f"  load spread per cycle (max): planner {max(per_cycle_spreads['plan'])}, round-robin {max(per_cycle_spreads['rr'])}; "
          f"season spread among the {len(steady)} members available every cycle with capacity ≥ {ROOMY}: "
          f"planner {plan_season}, round-robin {rr_season} ({ratio(rr_season, plan_season)}); among all {len(everyone)} available every "
          f"cycle: planner {spread(season_load['plan'], everyone)}, round-robin {spread(season_load['rr'], everyone)}")
    print(f"  GitHub API: {totals['calls']} calls, {totals['writes']} content-creating, over {args.cycles} runs "
          f"({totals['calls'] / args.cycles:.0f} and {totals['writes'] / args.cycles:.0f} a cycle); rerun of {season[0]}: "
          f"{rerun[0]} calls, {rerun[1]} content-creating; imposed wait {totals['wait'] / 60:.1f} min in all")
    print(f"  wall time {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
