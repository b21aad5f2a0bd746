"""Benchmark ``commons collect`` on 200 real feeds served locally with 100–500 ms latency.

Prints, all measured in this run:
  sequential  a plain loop (httpx GET, then feedparser) over the same server: the baseline
  floor       feedparser's one-core parse time for the same bytes, divided by the cores
  cold        ``commons collect`` on an empty repository (best of three)
  warm        ``commons collect`` again: every source answers 304 (best of three)
Goals (issue 3): cold ≥ 6× faster than sequential and ≤ 1.2× the floor; warm ≤ 1 s, no parse.

    python bench/collect/run.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "feeds-real"


def make_repo(target: Path, base: str, names: list[str]) -> None:
    target.mkdir()
    shutil.copytree(ROOT / "schemas", target / "schemas")
    shutil.copy(ROOT / "members.yml", target / "members.yml")
    sources = "\n".join(f'  - {{id: feed-{n}, url: "{base}/{n}", max_items: 1000}}' for n in names)
    config = (ROOT / "commons.yml").read_text(encoding="utf-8")
    head, rest = config.split("\nsources:\n", 1)
    rest = rest[rest.index("\ncategories:") :]
    (target / "commons.yml").write_text(f"{head}\nsources:\n{sources}\n{rest}", encoding="utf-8")


def sequential(base: str, names: list[str]) -> tuple[float, float, int]:
    """Wall time of a one-by-one loop, and the part of it feedparser spent parsing."""
    import feedparser
    import httpx

    parse_time, entries = 0.0, 0
    start = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        for name in names:
            response = client.get(f"{base}/{name}")
            began = time.perf_counter()
            result = feedparser.parse(response.content, response_headers={k.lower(): v for k, v in response.headers.items()})
            parse_time += time.perf_counter() - began
            entries += len(result.entries)
    return time.perf_counter() - start, parse_time, entries


def collect(repo: Path) -> tuple[float, str]:
    env = {**os.environ, "COMMONS_NOW": "2026-11-20T12:00:00+09:00"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "commons.cli", "--repo", str(repo), "collect"],
        capture_output=True, text=True, env=env,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"commons collect failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[0]


def dedup_at_100k(repo: Path) -> str:
    """The real titles of this run's items repeated into 100k of history (ids and URLs
    unique), then every title looked up again with a new address: the title rule's cost."""
    from commons.collect.index import SeenIndex

    index, _ = SeenIndex.load(repo)
    titles = [r["title"] for r in sorted(index.records.values(), key=lambda r: (r["cycle"], r["id"])) if r.get("title")]
    history = SeenIndex()
    for n in range(100_000):
        base = titles[n % len(titles)]
        history.add({"id": f"h-{n}", "cycle": "2026-W01", "source": "s", "url": f"h.example/{n}",
                     "title": f"{base} {n}" if n >= len(titles) else base})
    queries = [{"title": t + "s", "url": f"https://q.example/{i}"} for i, t in enumerate(titles[:200])]
    start = time.perf_counter()
    matched = sum(history.find(q) is not None for q in queries)
    per = (time.perf_counter() - start) / len(queries) * 1000
    return f"{per:.1f} ms per new entry against 100,000 items ({matched}/{len(queries)} found by title)"


def start_server(port_file: Path, *extra: str) -> subprocess.Popen:
    port_file.write_text("")
    server = subprocess.Popen([sys.executable, str(HERE / "server.py"), str(CORPUS), str(port_file), *extra])
    for _ in range(200):
        if port_file.read_text():
            break
        time.sleep(0.05)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N feeds")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is absent: the shared corpus sits beside the clone")
    names = sorted(p.name for p in CORPUS.iterdir())[: args.limit or None]
    megabytes = sum((CORPUS / n).stat().st_size for n in names) / 1e6
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        server = start_server(port_file)
        try:
            port = port_file.read_text()
            base = f"http://127.0.0.1:{port}"
            print(f"{len(names)} feeds, {megabytes:.1f} MB, 100-500 ms latency each, {cores} cores")
            seq_wall, parse_one_core, entries = sequential(base, names)
            floor = parse_one_core / cores
            print(f"sequential loop : {seq_wall:6.2f} s  (feedparser {parse_one_core:.2f} s of one core, {entries} entries)")
            print(f"parse floor     : {floor:6.2f} s  (that parse time over {cores} cores)")
            repo = Path(tmp) / "repo"
            make_repo(repo, base, names)
            cold_runs = []
            for _ in range(3):  # a shared 2-core machine is noisy: report every run, rate the best
                for state in ("news", ".commons"):
                    shutil.rmtree(repo / state, ignore_errors=True)
                subprocess.run(["sync"], check=False)  # the last run's deletions are not this run's cost
                cold_runs.append(collect(repo))
            cold, cold_line = min(cold_runs)
            print(f"cold collect    : {cold:6.2f} s  (best of {', '.join(f'{c:.2f}' for c, _ in cold_runs)}) "
                  f"-> {seq_wall / cold:.1f}x faster than sequential, "
                  f"{cold / floor:.2f}x the floor   [{cold_line}]")
            items = sum(1 for _ in (repo / "news").rglob("*.md"))
            warm_runs = []
            for _ in range(3):  # idempotent: each is the same all-304 run
                subprocess.run(["sync"], check=False)
                warm_runs.append(collect(repo))
            warm, warm_line = min(warm_runs)
            state = json.loads((repo / ".commons" / "collect" / "sources.json").read_text())
            print(f"warm collect    : {warm:6.2f} s  (best of {', '.join(f'{w:.2f}' for w, _ in warm_runs)}) "
                  f"-> {seq_wall / warm:.0f}x faster than sequential   [{warm_line}]")
            # the same warm run against a server with socketserver's default backlog of 5 (the doubles' before)
            server.terminate()
            server.wait()
            server = start_server(port_file, "5", port)
            small_runs = []
            for _ in range(3):
                subprocess.run(["sync"], check=False)
                small_runs.append(collect(repo))
            small, _ = min(small_runs)
            print(f"warm, backlog 5 : {small:6.2f} s  (best of {', '.join(f'{w:.2f}' for w, _ in small_runs)}) "
                  f"-> {small / warm:.2f}x the warm run against the backlog of 256")
            print(f"items written   : {items}; sources in state: {len(state['sources'])}")
            print(f"title dedup     : {dedup_at_100k(repo)}")
            print(f"goals: cold >= 6x sequential: {'met' if seq_wall / cold >= 6 else 'NOT met'}; "
                  f"cold <= 1.2x floor: {'met' if cold <= 1.2 * floor else 'NOT met'}; "
                  f"warm <= 1 s: {'met' if warm <= 1 else 'NOT met'}")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
