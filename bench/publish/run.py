"""bench/publish: what `commons publish` costs.

A. The core (plan + indexes) on a synthetic history: C cycles of I items, two
   completed reviews each, a handbook chapter. Baseline, measured in the same
   run: only parsing every item and review file the plan reads (this cycle's
   items, twelve cycles of reviews), which no implementation can skip.
B. GitHub: N review pull requests against the local GitHub double (half
   approved and green, half not approved), a first run and a rerun. Baseline:
   the first run's own calls; the rerun should make no content-creating call.

Run: python bench/publish/run.py [--cycles 52] [--items 40] [--pulls 20]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from publish.sample import CHAPTER, item, review  # noqa: E402

from commons.cli import main as commons_main  # noqa: E402
from commons.config import load_config, load_members  # noqa: E402
from commons.content import layout  # noqa: E402
from commons.content.cycles import next_cycle  # noqa: E402
from commons.content.frontmatter import read  # noqa: E402
from commons.publish import plan as publish_plan  # noqa: E402

MEMBERS = ["nlx-maintainer", "hyeonwoo-dev", "jiyoon-nlp", "seongwoo-ai", "minji-builder", "taeho-mlops"]
CATEGORIES = ["model-updates", "frameworks", "productivity", "business", "usage", "papers"]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def base_repo(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("commons.yml", "members.yml"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "schemas", target / "schemas")
    write(target / "handbook/02-rag/rag.md", CHAPTER)
    return target


def synthetic(root: Path, cycles: int, items: int) -> list[str]:
    names, cycle = [], "2025-W49"
    for c in range(cycles):
        names.append(cycle)
        for k in range(items):
            item_id = f"item-{c:02d}-{k:03d}"
            text = item(item_id, f"소식 {c}-{k}: a model, a tool, a paper", score=1 + (k * 7 + c) % 5,
                        category=CATEGORIES[k % 6]).replace("cycle: 2026-W48", f"cycle: {cycle}")
            write(layout.item_path(root, cycle, item_id), text)
            for r in range(2):
                member = MEMBERS[(k + r + c) % 6]
                verdict = ("newsletter", "skip", "handbook", "newsletter")[(k + r) % 4]
                write(layout.review_path(root, cycle, member, item_id),
                      review(item_id, member, 1 + (k + r * 3) % 5, verdict, chapter="rag" if verdict == "handbook" else None)
                      .replace("cycle: 2026-W48", f"cycle: {cycle}"))
        cycle = next_cycle(cycle)
    return names


def bench_core(cycles: int, items: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = base_repo(Path(tmp) / "repo")
        names = synthetic(root, cycles, items)
        last = names[-1]
        config = load_config(root)
        members = load_members(root, config)

        start = time.perf_counter()
        files = list(layout.items_dir(root, last).glob("*.md"))
        for name in names[-12:]:
            files += list(layout.reviews_dir(root, name).glob("*/*.md"))
        for file in files:
            read(file)
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        result = publish_plan.apply_to(root, publish_plan.build(root, config, members, last), config)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        again = publish_plan.apply_to(root, publish_plan.build(root, config, members, last), config)
        rerun = time.perf_counter() - start
    print(f"A. core: {cycles} cycles × {items} items, 2 reviews each ({len(files)} files read for the cycle)")
    print(f"   baseline (parse those files only): {baseline * 1000:8.1f} ms")
    print(f"   commons publish plan + indexes:    {ours * 1000:8.1f} ms  = {ours / baseline:.2f}× baseline, "
          f"{len(result.changes)} files written")
    print(f"   rerun (nothing to change):         {rerun * 1000:8.1f} ms  = {rerun / baseline:.2f}× baseline, "
          f"{len(again.changes)} files written")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def bench_github(pulls: int) -> None:
    from github_double import GitHubDouble

    from commons.github import GitHub

    cycle = "2026-W48"
    with tempfile.TemporaryDirectory() as tmp, GitHubDouble(Path(tmp) / "gh", check_responses=False) as double:
        seed = double.clone(Path(tmp) / "seed")
        repo = base_repo(Path(tmp) / "content")
        handles = [f"member-{k:03d}" for k in range(pulls)]
        with open(repo / "members.yml", "a", encoding="utf-8") as fh:
            fh.writelines(f"  - github: {h}\n" for h in handles)
        for k in range(pulls):
            write(layout.item_path(repo, cycle, f"item-{k:03d}"), item(f"item-{k:03d}", f"Item {k}", score=3 + k % 3))
        assignments = {h: [f"item-{k:03d}"] for k, h in enumerate(handles)}  # the record publish checks against
        write(repo / f".commons/assign/{cycle}.json", json.dumps({"cycle": cycle, "assignments": assignments}))
        for entry in repo.iterdir():
            (shutil.copytree if entry.is_dir() else shutil.copy)(entry, seed / entry.name)
        git(seed, "add", "-A")
        git(seed, "commit", "-q", "-m", "seed")
        git(seed, "push", "-q", "origin", "HEAD:main")
        env = {**double.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"}
        client = GitHub.from_env(env)
        for k, handle in enumerate(handles):
            branch = f"commons/review/{cycle}/{handle}"
            git(seed, "checkout", "-q", "-B", branch, "origin/main")
            write(seed / f"news/{cycle}/reviews/{handle}/item-{k:03d}.md", review(f"item-{k:03d}", handle, 4))
            git(seed, "add", "-A")
            git(seed, "commit", "-q", "-m", "review")
            git(seed, "push", "-q", "origin", branch)
            pull = client.create_pull(head=branch, base="main", title=handle, body="")
            client.set_labels_and_assignees(pull.number, labels=["review"], assignees=[handle])  # as assign does
            sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=seed, capture_output=True, text=True).stdout.strip()
            double.add_check_run(sha, "validate changed files", "completed", "success")  # the required check
            if k % 2 == 0:
                double.add_review(pull.number, "nlx-maintainer", "APPROVED")
        runner = double.clone(Path(tmp) / "runner")
        os.environ.update(env)
        os.environ["COMMONS_NOW"] = "2026-11-25T13:00:00+00:00"
        os.environ.pop("GITHUB_STEP_SUMMARY", None)
        rows = []
        for label in ("first run", "rerun"):
            before_all, before_writes = len(double.requests), double.count(writes_only=True)
            start = time.perf_counter()
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                code = commons_main(["--repo", str(runner), "publish"])
            seconds = time.perf_counter() - start
            rows.append((label, code, len(double.requests) - before_all,
                         double.count(writes_only=True) - before_writes, seconds))
        merged = sum(1 for p in double.pulls.values() if p.get("merged_at"))
    first_calls, first_writes = rows[0][2], rows[0][3]
    print(f"B. GitHub: {pulls} review pull requests ({(pulls + 1) // 2} approved, {merged} merged), local double, "
          "no write spacing")
    for label, code, calls, writes, seconds in rows:
        print(f"   {label:9s}: exit {code}, {calls:4d} API calls ({calls / first_calls:.2f}× first run), "
              f"{writes:3d} content-creating ({writes / max(first_writes, 1):.2f}× first run), {seconds:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=52)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--pulls", type=int, default=20)
    args = parser.parse_args()
    bench_core(args.cycles, args.items)
    bench_github(args.pulls)


if __name__ == "__main__":
    main()
