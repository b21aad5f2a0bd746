"""How long `commons index` takes on a big handbook, against reading that handbook.

Baseline (same run, same files): reading every chapter's front matter, which any index
must do. The ratio shows what building the table of contents and every chapter's
previous/next/related region adds on top. Usage: python bench/handbook/run.py [CHAPTERS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from commons.handbook.book import load
from commons.handbook.index import plan

ROOT = Path(__file__).resolve().parents[2]


def make(repo: Path, chapters: int) -> None:
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    shutil.copy(ROOT / "commons.yml", repo / "commons.yml")
    sample = (ROOT / "handbook" / "02-vector-db-rag" / "advanced-rag.md").read_text(encoding="utf-8")
    body = sample.split("\n---\n", 1)[1].split("<!-- commons:nav start -->")[0]
    for i in range(chapters):
        part = i // 25
        path = repo / "handbook" / f"{part:02d}-part" / f"chapter-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        related = f"[chapter-{(i * 7) % chapters:05d}, chapter-{(i * 13) % chapters:05d}]"
        path.write_text(
            f"---\ntitle: Chapter {i}\npart: {part}. Part {part}\norder: {i % 25}\nlevel: intro\n"
            f"summary: Chapter {i} of the benchmark book.\nrelated: {related}\nupdated: \"2026-11-22\"\n---\n{body}",
            encoding="utf-8",
        )


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    chapters = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        make(repo, chapters)
        baseline = best_of(3, lambda: load(repo))
        index = best_of(3, lambda: plan(repo, "Bench", "", "ko"))
    print(f"chapters: {chapters}")
    print(f"baseline (read all front matter): {baseline:.3f} s")
    print(f"commons index plan (index + every chapter's links): {index:.3f} s")
    print(f"ratio: {index / baseline:.2f}x the baseline")


if __name__ == "__main__":
    main()
