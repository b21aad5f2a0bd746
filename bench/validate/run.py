"""Benchmark: `commons validate` over 10,000 generated files vs a naive loop.

The naive loop is what one writes first: for every file, load the schema,
build a jsonschema validator and parse the YAML with PyYAML's safe_load.
Both run in this process on the same files; the ratio is what matters.

    python bench/validate/run.py [--files 10000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures_content import CHAPTER, ITEM, REVIEW  # noqa: E402

ITEM_ID = "2026-11-20-vllm-0-7-released-3f2a1c"


def generate(repo: Path, count: int) -> None:
    for name in ("commons.yml", "members.yml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    chapters = max(1, count // 50)
    reviews = count // 4
    items = count - chapters - reviews
    for i in range(items):
        cycle = f"2026-W{10 + i % 40:02d}"
        item_id = f"item-{i:06d}"
        path = repo / "news" / cycle / "items" / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ITEM.replace(ITEM_ID, item_id).replace("2026-W48", cycle), encoding="utf-8")
    for i in range(reviews):
        cycle = f"2026-W{10 + i % 40:02d}"
        item_id = f"item-{i:06d}"
        path = repo / "news" / cycle / "reviews" / f"member-{i % 30}" / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = REVIEW.replace(ITEM_ID, item_id).replace("2026-W48", cycle).replace("jiyoon-nlp", f"member-{i % 30}")
        path.write_text(text, encoding="utf-8")
    for i in range(chapters):
        path = repo / "handbook" / f"part-{i % 7}" / f"chapter-{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CHAPTER, encoding="utf-8")


def naive(repo: Path) -> tuple[float, int]:
    import jsonschema
    import yaml

    kinds = {"items": "item", "reviews": "review"}
    start = time.perf_counter()
    problems = 0
    files = [p for p in (repo / "news").rglob("*.md")] + list((repo / "handbook").rglob("*.md"))
    for path in files:
        parts = path.relative_to(repo).parts
        kind = "chapter" if parts[0] == "handbook" else kinds[parts[2]]
        schema = yaml.safe_load((repo / "schemas" / f"{kind}.schema.yml").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        problems += sum(1 for _ in validator.iter_errors(meta))
    return time.perf_counter() - start, len(files)


def ours(repo: Path, jobs: int | None) -> tuple[float, int]:
    from commons.validate import checker

    start = time.perf_counter()
    targets, _ = checker.discover([repo], repo)
    problems = checker.check_all(targets, checker.settings_for(repo), jobs)
    elapsed = time.perf_counter() - start
    assert not problems, problems[:3]
    return elapsed, len(targets)


def cli(repo: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "commons.cli", "--repo", str(repo), "validate"],
        capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        generate(repo, args.files)
        naive_s, naive_n = naive(repo)
        one_s, n = ours(repo, 1)
        all_s, _ = ours(repo, None)
        cli_s = cli(repo)
    cores = os.cpu_count()
    print(f"files: {n} (naive loop saw {naive_n}; it skips config files)")
    print(f"naive (validator built per file, PyYAML safe_load): {naive_s:6.2f} s  {naive_n / naive_s:8.0f} files/s")
    print(f"commons, 1 process:                                 {one_s:6.2f} s  {n / one_s:8.0f} files/s  {naive_s / one_s:5.1f}x naive")
    print(f"commons, {cores} processes:                                 {all_s:6.2f} s  {n / all_s:8.0f} files/s  {naive_s / all_s:5.1f}x naive")
    print(f"`commons validate` end to end (new process):        {cli_s:6.2f} s  {n / cli_s:8.0f} files/s  {naive_s / cli_s:5.1f}x naive")


if __name__ == "__main__":
    main()
