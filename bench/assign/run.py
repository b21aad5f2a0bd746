"""bench/assign: GitHub API calls of `commons assign` for M = 10, 100, 500 members.

For each M: a roster of M members and 3·M/2 items (two reviewers each, so three
items per member), a real run and a rerun against the local GitHub double, with
GitHub's secondary limits (80 content-creating calls a minute, 500 an hour, 1 s
between writes) applied in virtual time, so the wall time they impose is
measured without waiting for it.

Baseline, measured in the same run on the same double: the API-only way
(PyGithub for everything: a ref, one contents PUT per review file, the PR, then
assignees and labels as separate calls), which is what a tool without git
would do. Goals (issue 5): ≤ 2 content-creating calls per member on a first
run, 0 on a rerun, ≤ 4·M calls in all.

Run: python bench/assign/run.py [M ...]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from commons_repo import NOW, commit_and_push, member_yaml, run_command, write_repo  # noqa: E402
from github_double import GitHubDouble  # noqa: E402

from commons import github as github_module  # noqa: E402
from commons.assign.render import review_file  # noqa: E402
from commons.github import Limits, Pacer  # noqa: E402
from github_double import VirtualClock  # noqa: E402


def roster(m: int):
    members = [member_yaml(f"member-{k:03d}", capacity=6, interests=[["papers", "usage", "frameworks"][k % 3]]) for k in range(m)]
    items = {f"item-{k:04d}": {"score": 3 + k % 3, "category": ["papers", "usage", "frameworks", "model-updates"][k % 4]} for k in range(3 * m // 2)}
    return members, items


def measure_commons(tmp: Path, m: int) -> dict:
    clock = VirtualClock()
    original = github_module.GitHub.__init__

    def init(self, settings, **kwargs):
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("limits", Limits())  # GitHub's real limits, in virtual time
        original(self, settings, **kwargs)

    github_module.GitHub.__init__ = init
    try:
        with GitHubDouble(tmp / "remote", check_responses=False) as double:
            os.environ.update(double.env())
            os.environ["COMMONS_NOW"] = NOW
            work = double.clone(tmp / "work")
            write_repo(work, *roster(m))
            commit_and_push(work)
            runs = {}
            for name in ("first", "rerun"):
                before_requests, before_writes, before_clock = len(double.requests), double.count(writes_only=True), clock.now()
                started = time.perf_counter()
                with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                    code = run_command("commons.assign.command", work)
                runs[name] = {
                    "exit": code,
                    "calls": len(double.requests) - before_requests,
                    "writes": double.count(writes_only=True) - before_writes,
                    "imposed_s": clock.now() - before_clock,
                    "elapsed_s": time.perf_counter() - started,
                }
            runs["pulls"] = len(double.pulls)
            return runs
    finally:
        github_module.GitHub.__init__ = original


def measure_api_only(tmp: Path, m: int) -> dict:
    """The baseline: files, branches and PRs all through the REST API, paced the same way."""
    from github import Auth, Github

    members, items = roster(m)
    with GitHubDouble(tmp / "remote", check_responses=False) as double:
        work = double.clone(tmp / "work")
        write_repo(work, members, items)
        commit_and_push(work)
        os.environ.update(double.env())
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            run_command("commons.assign.command", work, "--dry-run", "--format", "json")
        from commons.assign.command import build_plan
        from commons.config import load_config, load_members

        config = load_config(work)
        plan, _ = build_plan(work, config, load_members(work, config), "2026-W48", [])
        clock = VirtualClock()
        pacer = Pacer(Limits(), clock)
        gh = Github(auth=Auth.Token(double.token), base_url=double.url, retry=None, seconds_between_requests=None,
                    seconds_between_writes=None, lazy=True)
        repo = gh.get_repo(double.full_name)
        base = double.branch_sha("main")
        started = time.perf_counter()
        for handle, ids in plan.assignments.items():
            branch = f"commons/review/{plan.cycle}/{handle}"
            pacer.before_write()
            repo.create_git_ref(f"refs/heads/{branch}", base)
            for item_id in ids:
                pacer.before_write()
                path = f"news/{plan.cycle}/reviews/{handle}/{item_id}.md"
                repo.create_file(path, f"review {item_id}", review_file(plan.cycle, handle, plan.items[item_id]), branch=branch)
            pacer.before_write()
            pr = repo.create_pull(base="main", head=branch, title=f"review {handle}", body="…")
            pacer.before_write()
            repo.get_issue(pr.number).add_to_assignees(handle)
            pacer.before_write()
            repo.get_issue(pr.number).add_to_labels("review", plan.cycle)
        return {"calls": len(double.requests), "writes": double.count(writes_only=True), "imposed_s": clock.now(),
                "elapsed_s": time.perf_counter() - started}


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.2f} h" if seconds >= 3600 else f"{seconds / 60:.1f} min"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 100, 500])
    args = parser.parse_args()
    print("M     run       calls  calls/M  writes  writes/M  imposed wait   vs API-only (calls, writes, wait)")
    for m in args.sizes:
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            ours = measure_commons(Path(a), m)
            base = measure_api_only(Path(b), m)
        for name in ("first", "rerun"):
            r = ours[name]
            ratio = ""
            if name == "first":
                ratio = f"{r['calls'] / base['calls']:.2f}x, {r['writes'] / base['writes']:.2f}x, {r['imposed_s'] / base['imposed_s']:.2f}x"
            print(f"{m:<5} {name:<8} {r['calls']:>6}  {r['calls'] / m:>7.2f}  {r['writes']:>6}  {r['writes'] / m:>8.2f}  {hours(r['imposed_s']):>12}   {ratio}")
        print(f"{m:<5} API-only {base['calls']:>6}  {base['calls'] / m:>7.2f}  {base['writes']:>6}  {base['writes'] / m:>8.2f}  {hours(base['imposed_s']):>12}   (baseline)")
        first = ours["first"]
        ok = first["writes"] <= 2 * m + 2 and ours["rerun"]["writes"] == 0 and first["calls"] <= 4 * m
        print(f"      goals (≤2 writes/member +2 labels, 0 on rerun, ≤4·M calls): {'met' if ok else 'NOT met'}; "
              f"{ours['pulls']} PRs; local time {first['elapsed_s']:.1f} s first, {ours['rerun']['elapsed_s']:.1f} s rerun")
    return 0


if __name__ == "__main__":
    sys.exit(main())
