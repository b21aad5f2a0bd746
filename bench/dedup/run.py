"""False positives of the title rule as history grows: all history against the window.

Collect drops an entry as a duplicate when its normalized title equals, or is 92 %
alike to (same numbers), a title already collected. Every title kept adds one more
chance for a *different* story to look alike, so against all history the rule drops
more real news the longer the commons runs; compared only with the last
``TITLE_WINDOW_CYCLES`` cycles it should not. This measures both in the same run.

World: a year of the issue-13 volume (1,700 new items a week) whose titles come from an
order-2 word Markov chain trained on the real feeds in ``../shared/corpus/feeds-real``
(6,555 entries): real vocabulary and real templates ("Show HN: …", "Release v… of …",
"Introducing …"). Every generated title is a different story by construction (exact
repeats of a title, or of a real one, are discarded, since no rule could tell them
apart). Such titles look alike more often than real ones do (the first line printed
measures real titles among themselves), so the absolute rates are pessimistic; how they
grow with history is the figure. At weeks 1, 4, 13, 26 and 52:

- *false positives*: 1,000 fresh stories of that week queried against the history; any
  title match is a different story dropped as a duplicate (the baseline is all history);
- *recall*: 300 retellings of stories collected that week or the week before (another
  outlet's headline: a word dropped or added, another separator), which must match.

Usage: python bench/dedup/run.py [--per-week N] [--weeks W] [--seed S]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from commons.collect.index import TITLE_WINDOW_CYCLES, SeenIndex, title_window  # noqa: E402
from commons.collect.text import normalized_title  # noqa: E402
from commons.content import cycles  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "feeds-real"
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
TAGS = re.compile(r"<[^>]+>")
CHECKPOINTS = (1, 4, 13, 26, 52)


def real_titles() -> list[str]:
    seen, out = set(), []
    for path in sorted(CORPUS.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        for raw in TITLE.findall(text)[1:]:  # the first is the feed's own title
            title = " ".join(TAGS.sub(" ", html.unescape(CDATA.sub(r"\1", raw))).split())
            key = normalized_title(title)
            if len(key) >= 8 and key not in seen:
                seen.add(key)
                out.append(title)
    return out


class Markov:
    def __init__(self, titles: list[str], rng: random.Random):
        self.rng = rng
        self.next: dict[tuple[str, str], list[str]] = defaultdict(list)
        for title in titles:
            words = ["^", "^"] + title.split() + ["$"]
            for a, b, c in zip(words, words[1:], words[2:]):
                self.next[(a, b)].append(c)

    def title(self) -> str:
        a, b, words = "^", "^", []
        while len(words) < 20:
            c = self.rng.choice(self.next[(a, b)])
            if c == "$":
                break
            words.append(c)
            a, b = b, c
        return " ".join(words)


def retelling(title: str, rng: random.Random) -> str:
    """Another outlet's headline for the same story."""
    words = title.split()
    how = rng.randrange(4)
    if how == 0 and len(words) > 6:
        del words[rng.randrange(1, len(words))]  # a word dropped
    elif how == 1:
        words.insert(rng.randrange(1, len(words) + 1), rng.choice(["new", "the", "now", "official"]))
    elif how == 2:
        return title.replace(" - ", ": ").replace(": ", " — ") + ("" if title.endswith("!") else "!")
    else:
        return title.upper()
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-week", type=int, default=1700)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--fresh", type=int, default=1000)
    parser.add_argument("--retold", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent: this benchmark needs ../shared beside the clone (as in CI).")
        return
    rng = random.Random(args.seed)
    start = time.perf_counter()
    reals = real_titles()
    chain = Markov(reals, rng)
    used: set[str] = {normalized_title(t) for t in reals}

    def fresh_title() -> str:
        while True:
            title = chain.title()
            key = normalized_title(title)
            if len(key) >= 8 and key not in used:
                used.add(key)
                return title

    # reality anchor: real titles of different stories against the other real titles
    anchor = SeenIndex()
    probe = set(rng.sample(range(len(reals)), min(args.fresh, len(reals) // 5)))
    for i, title in enumerate(reals):
        if i not in probe:
            anchor.add({"id": f"r{i}", "cycle": "2026-W01", "source": "s", "title": normalized_title(title)})
    real_false = sum(1 for i in probe if anchor.find({"title": reals[i], "url": ""}) is not None)
    print(f"{len(reals):,} distinct real titles; {real_false / len(probe):.2%} of {len(probe):,} of them match "
          f"one of the other {len(anchor.records):,}; {args.per_week:,} new items a week; window {TITLE_WINDOW_CYCLES} "
          f"cycles; seed {args.seed}", flush=True)

    index = SeenIndex()
    cycle = "2026-W01"
    rows = []
    n = 0
    for week in range(1, args.weeks + 1):
        week_items = []
        for _ in range(args.per_week):
            n += 1
            title = fresh_title()
            index.add({"id": f"i{n}", "cycle": cycle, "source": "s", "title": normalized_title(title)})
            week_items.append((f"i{n}", title))
        cycle = cycles.next_cycle(cycle)
        if week not in CHECKPOINTS and week != args.weeks:
            continue
        # next week's entries: different stories, and other outlets' retellings of this week's
        fresh = [fresh_title() for _ in range(args.fresh)]
        retold = [(item_id, retelling(title, rng)) for item_id, title in rng.sample(week_items, min(args.retold, len(week_items)))]
        row = {"week": week, "history": len(index.records)}
        for mode, window in (("all", None), ("window", title_window(cycle))):
            t0 = time.perf_counter()
            false = sum(1 for t in fresh if index.find({"title": t, "url": ""}, window) is not None)
            elapsed = time.perf_counter() - t0
            hit = sum(1 for item_id, t in retold if (m := index.find({"title": t, "url": ""}, window)) and m.item_id == item_id)
            row[mode] = (false / len(fresh), hit / max(len(retold), 1), elapsed / len(fresh) * 1000)
        rows.append(row)
        print(f"  after week {week}: {row['history']:,} items; false positives all {row['all'][0]:.2%} / "
              f"window {row['window'][0]:.2%}", flush=True)
    rows = [r for r in rows if r["week"] in CHECKPOINTS]
    print()
    print("| after week | titles in history | false positives, all history | false positives, window | "
          "recall, all | recall, window | ms a query, all | ms a query, window |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        a, w = r["all"], r["window"]
        print(f"| {r['week']} | {r['history']:,} | {a[0]:.2%} | {w[0]:.2%} | {a[1]:.1%} | {w[1]:.1%} | {a[2]:.2f} | {w[2]:.2f} |")
    # from the first week whose window is full (TITLE_WINDOW_CYCLES - 1 weeks behind the cycle being collected)
    first = next((r for r in rows if r["week"] >= TITLE_WINDOW_CYCLES - 1), rows[0])
    last = rows[-1]
    for mode, label in (("all", "all history"), ("window", "window")):
        a, b = first[mode][0], last[mode][0]
        print(f"false positives, {label}: {a:.2%} after week {first['week']} → {b:.2%} after week {last['week']}"
              + (f" (×{b / a:.1f})" if a else ""))
    if last["all"][0]:
        print(f"after week {last['week']} the window drops {last['window'][0] / last['all'][0]:.2f}× the real news "
              f"all history drops; a query takes {last['window'][2] / last['all'][2]:.2f}× the time")
    print(f"wall time {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
