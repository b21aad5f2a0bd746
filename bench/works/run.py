"""What members' works and portfolio pages add to `commons index`.

A season: M members, C cycles of reviews (R finished reviews a member a cycle, half of the
cycles published), and W notes, posts and logs a member. Baseline, measured in the same run:
parsing every review and work file once, which an index without a cache must do. Then
`commons index`'s plan three times: cold (no review cache), warm (the cache written by the
cold run), and warm after one new cycle of reviews (only those files are parsed).

Run: python bench/works/run.py [--members 30] [--cycles 26] [--reviews 4] [--works 6]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from works.works_support import LOG, NOTE, POST  # noqa: E402

from commons.content.cycles import cycle_name, due_date, next_cycle  # noqa: E402
from commons.content.files import atomic_write_text  # noqa: E402
from commons.content.frontmatter import read  # noqa: E402
from commons.pages.index import plan  # noqa: E402

REVIEW = """---
item: {item}
reviewer: {member}
title: "소식 {item}: a model, a tool, a paper"
url: https://example.com/{item}
cycle: {cycle}
impact: {impact}
verdict: {verdict}
{chapter}summary: 요약입니다. 한두 문장으로 무엇인지 적었습니다.
why: 우리에게 왜 중요한지 한 문장으로 적었습니다.
---
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def season(repo: Path, members: list[str], cycles: list[str], reviews: int, works: int) -> None:
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    shutil.copy(ROOT / "commons.yml", repo / "commons.yml")
    shutil.copytree(ROOT / "handbook", repo / "handbook")
    write(repo / "members.yml", "members:\n" + "".join(f"  - github: {m}\n" for m in members))
    for c, cycle in enumerate(cycles):
        add_cycle(repo, members, cycle, reviews, published=c % 2 == 0)
    for m, member in enumerate(members):
        for k in range(works):
            day = due_date(cycles[(m + k * 5) % len(cycles)])
            if k % 3 == 0:
                write(repo / f"notes/{member}/note-{k}.md", NOTE.replace("jiyoon-nlp", member)
                      .replace('date: "2026-11-24"', f'date: "{day}"'))
            elif k % 3 == 1:
                write(repo / f"posts/{member}/{day}-post-{k}.md", POST.replace("2026-11-23", str(day)))
            else:
                cycle = cycle_name(day)
                write(repo / f"logs/team-{m % 5}/{cycle}-{member}-{k}.md",
                      LOG.replace("2026-W48", cycle).replace("seongwoo-ai", member))


def add_cycle(repo: Path, members: list[str], cycle: str, reviews: int, published: bool) -> None:
    for m, member in enumerate(members):
        for r in range(reviews):
            item = f"item-{cycle.lower()}-{m:02d}-{r}"
            verdict = ("newsletter", "skip", "handbook", "newsletter")[(m + r) % 4]
            write(repo / f"news/{cycle}/reviews/{member}/{item}.md",
                  REVIEW.format(item=item, member=member, cycle=cycle, impact=1 + (m + r) % 5, verdict=verdict,
                                chapter="chapter: embeddings\n" if verdict == "handbook" else ""))
    if published:
        write(repo / f"news/{cycle}/README.md", f"# 이주의 소식 · {cycle}\n")


def timed(repo: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = plan(repo, "Bench", "", "ko")
    elapsed = time.perf_counter() - start
    for change in result.changes:
        atomic_write_text(repo / change.path, change.after)
    return elapsed, len(result.changes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=26)
    parser.add_argument("--reviews", type=int, default=4)
    parser.add_argument("--works", type=int, default=6)
    args = parser.parse_args()
    members = [f"member-{m:02d}" for m in range(args.members)]
    cycles, cycle = [], "2026-W01"
    for _ in range(args.cycles):
        cycles.append(cycle)
        cycle = next_cycle(cycle)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        season(repo, members, cycles, args.reviews, args.works)
        files = sorted(repo.glob("news/*/reviews/*/*.md")) + sorted(repo.glob("notes/*/*.md")) \
            + sorted(repo.glob("posts/*/*.md")) + sorted(repo.glob("logs/*/*.md"))
        start = time.perf_counter()
        for file in files:
            read(file)
        baseline = time.perf_counter() - start
        cold, written = timed(repo)
        warm, unchanged = timed(repo)
        add_cycle(repo, members, cycle, args.reviews, published=True)
        new_cycle, rewritten = timed(repo)
    print(f"{args.members} members × {args.cycles} cycles × {args.reviews} reviews, "
          f"{args.works} works a member: {len(files)} files")
    print(f"  baseline (parse every review and work once): {baseline * 1000:8.1f} ms  1×")
    print(f"  index, cold (no review cache):               {cold * 1000:8.1f} ms  {cold / baseline:.2f}×  ({written} files written)")
    print(f"  index, warm (nothing changed):               {warm * 1000:8.1f} ms  {warm / baseline:.2f}×  ({unchanged} files written)")
    print(f"  index, one new cycle of reviews:             {new_cycle * 1000:8.1f} ms  {new_cycle / baseline:.2f}×  ({rewritten} files written)")


if __name__ == "__main__":
    main()
