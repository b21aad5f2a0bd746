"""How long `commons index` takes on a big handbook, against reading that handbook.

Baseline (same run, same files): reading every chapter's front matter, which any index
must do. (The book itself reads each body too: the summary and related chapters are
body sections.) The ratio shows what building the table of contents and every chapter's
previous/next/related region adds on top. Usage: python bench/handbook/run.py [CHAPTERS]
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from commons.content.frontmatter import read
from commons.handbook.book import chapter_files
from commons.pages.index import plan

ROOT = Path(__file__).resolve().parents[2]


def make(repo: Path, chapters: int) -> None:
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    shutil.copy(ROOT / "commons.yml", repo / "commons.yml")
    sample = (ROOT / "handbook" / "02-vector-db-rag" / "advanced-rag.md").read_text(encoding="utf-8")
    body = sample.split("\n---\n", 1)[1].split("<!-- commons:nav start -->")[0]
    body = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", body)  # its links lead to chapters not in this book
    for i in range(chapters):
        part = i // 25
        path = repo / "handbook" / f"{part:02d}-part" / f"chapter-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        # related chapters are the links under 연결 (front matter holds short values only)
        links = " · ".join(
            f"[Chapter {j}](../{j // 25:02d}-part/chapter-{j:05d}.md)" for j in ((i * 7) % chapters, (i * 13) % chapters)
        )
        path.write_text(
            f"---\ntitle: Chapter {i}\npart: {part}. Part {part}\norder: {i % 25}\nlevel: intro\n"
            f"updated: \"2026-11-22\"\ntags: bench, rag\n---\n{body.replace('## 연결', '## 연결' + chr(10) + chr(10) + '- ' + links, 1)}",
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
        baseline = best_of(3, lambda: [read(p).meta for p in chapter_files(repo)])
        index = best_of(3, lambda: plan(repo, "Bench", "", "ko"))
    print(f"chapters: {chapters}")
    print(f"baseline (read all front matter): {baseline:.3f} s")
    print(f"commons index plan (index + every chapter's links): {index:.3f} s")
    print(f"ratio: {index / baseline:.2f}x the baseline")


if __name__ == "__main__":
    main()
