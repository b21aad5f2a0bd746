#!/usr/bin/env python3
"""Tokens per item: batched requests vs one request per item, on the same items.

Runs the real ``commons triage`` (real openai client) against the local
OpenAI-compatible test server and reads the token counts from the server's own
accounting. The server counts tokens with a deterministic approximation,
ceil(UTF-8 bytes / 4) per message + 4 per message + 3 per request (no
tokenizer download needed: tiktoken fetches its BPE files from the network at
first use, which this machine cannot). For English that is ~4 characters per
token; for Hangul ~0.75 tokens per syllable, close to GPT-4o's o200k tokenizer.

The items: entries from ../shared/corpus/feeds-real (real feeds, English
mostly) plus the Korean and English samples of the tests. Output tokens come
from the test server's stand-in model, which answers at the lengths the prompt
asks for (summary ≤ 120 characters of Korean, why ≤ 50, 2 tags).

    python bench/triage/run.py [--items N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from triage.fake_openai import FakeOpenAI  # noqa: E402
from triage.triage_fixtures import SAMPLES, make_item, set_triage  # noqa: E402

GOAL_INPUT, GOAL_OUTPUT = 700, 150
CORPUS = ROOT.parent / "shared" / "corpus" / "feeds-real"


def corpus_items(limit: int) -> list[tuple[str, str, str, str]]:
    """(id, title, source, text) from the real feeds, a few entries per feed, in a fixed order."""
    if not CORPUS.is_dir():
        return []
    import feedparser

    out = []
    for folder in sorted(CORPUS.iterdir()):
        files = sorted(folder.iterdir()) if folder.is_dir() else [folder]
        for path in files:
            parsed = feedparser.parse(path.read_bytes())
            for n, entry in enumerate(parsed.entries[:3]):
                title = (entry.get("title") or "").strip()
                text = entry.get("summary") or ""
                if not title:
                    continue
                out.append((f"{folder.name[:12]}-{n}", title, "hn-llm", text))
                if len(out) >= limit:
                    return out
    return out


def measure(items, batch_size: int) -> dict:
    from commons.cli import main

    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as server:
        repo = Path(tmp)
        for name in ("commons.yml", "members.yml"):
            shutil.copy(ROOT / name, repo / name)
        shutil.copytree(ROOT / "schemas", repo / "schemas")
        set_triage(repo, batch_size=batch_size, max_items=10_000, max_tokens=10_000_000)
        for item_id, title, source, text in items:
            make_item(repo, item_id, title, text, source=source)
        os.environ["OPENAI_BASE_URL"] = server.base_url
        os.environ["OPENAI_API_KEY"] = "sk-bench"
        os.environ.pop("GITHUB_STEP_SUMMARY", None)
        with open(os.devnull, "w") as devnull:
            stdout, sys.stdout = sys.stdout, devnull
            try:
                code = main(["--repo", str(repo), "triage"])
            finally:
                sys.stdout = stdout
        n = len(items)
        return {"batch": batch_size, "code": code, "requests": server.calls,
                "in": server.prompt_tokens / n, "out": server.completion_tokens / n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=40)
    args = parser.parse_args()
    items = corpus_items(max(args.items - len(SAMPLES), 0))
    items += [(i, t, s, x) for i, t, s, x in SAMPLES]
    source = "feeds-real corpus + test samples" if CORPUS.is_dir() else "test samples only (../shared absent)"
    print(f"{len(items)} items ({source}); tokens counted by the local server, ~4 bytes/token\n")
    baseline = measure(items, 1)
    rows = [baseline] + [measure(items, b) for b in (5, 10, 20)]
    print(f"{'batch':>5} {'requests':>8} {'in/item':>8} {'out/item':>9} {'in vs 1':>8} {'out vs 1':>9}  goal ≤{GOAL_INPUT}+{GOAL_OUTPUT}")
    ok = True
    for r in rows:
        meets = r["in"] <= GOAL_INPUT and r["out"] <= GOAL_OUTPUT
        ok &= meets or r["batch"] == 1
        print(f"{r['batch']:>5} {r['requests']:>8} {r['in']:>8.0f} {r['out']:>9.0f} "
              f"{r['in'] / baseline['in']:>7.2f}x {r['out'] / baseline['out']:>8.2f}x  {'yes' if meets else 'no'}"
              + ("" if r["code"] == 0 else f"  (exit {r['code']})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
