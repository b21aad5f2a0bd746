"""How long `commons site build` takes to plan the site of a big handbook, against `commons index`.

Baseline (same run, same files): `commons index`'s plan, which reads the same book and
writes every chapter's links. The measured part is `commons site`'s plan: every chapter
page (header, sanitizing, links) and the MkDocs configuration; the MkDocs build itself is
MkDocs' own time and is reported apart. Usage: python bench/site/run.py [CHAPTERS] [--mkdocs]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "handbook"))

from run import best_of, make  # noqa: E402  (bench/handbook/run.py: the same synthetic book)

from commons.pages.index import plan as index_plan  # noqa: E402
from commons.site.plan import plan as site_plan  # noqa: E402
from commons.site.plan import read_repository  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    chapters = int(args[0]) if args else 1000
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        make(repo, chapters)
        baseline = best_of(3, lambda: index_plan(repo, "Bench", "", "ko"))

        def site():
            book, files, _ = read_repository(repo)
            return site_plan(book, files, name="Bench", description="", language="ko")

        planned = best_of(3, site)
        print(f"chapters: {chapters}")
        print(f"baseline (commons index plan): {baseline:.3f} s")
        print(f"commons site plan (every page + mkdocs.yml): {planned:.3f} s")
        print(f"ratio: {planned / baseline:.2f}x the baseline")
        if "--mkdocs" in sys.argv:
            from commons.cli import main as commons

            start = time.perf_counter()
            code = commons(["--repo", str(repo), "site", "build", "--out", str(repo / "build" / "site")])
            print(f"commons site build with mkdocs build --strict: {time.perf_counter() - start:.1f} s (exit {code})")


if __name__ == "__main__":
    main()
