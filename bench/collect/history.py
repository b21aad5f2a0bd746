"""collect's dedup history at a year of full volume, as the daily workflow meets it.

``build DIR``: a repository whose ``.commons/collect/seen`` holds 51 whole cycles and three days of
the 52nd (1,700 records a week, ~87,000 in all: addresses, titles, one in ten with an arXiv id, one
in fifty with a DOI, one in thirty seen from a second source), committed once, and ``DIR/clone``,
cloned from it at depth 1 as actions/checkout makes the workflow's tree.

``day CLONE``: one process doing what a day's collect does with the history: load it, then 250
entries (150 new, 60 seen before from the same source, 25 from another source of this month's
stories, 15 reposts of months-old addresses), then write the shards that changed. Prints one JSON
line: seconds to load, for the day, to write, peak memory (MB), and a digest of the answers and
of the shards written, so two versions of the code can be held to the same output.

Usage: python bench/collect/history.py build DIR | day CLONE  (time ``day`` from outside the process)
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

PER_WEEK, WEEKS, DAYS_IN = 1700, 52, 3
SOURCES = ["arxiv-cs-cl", "hn-llm", "geeknews", "hf-daily-papers", "langchain-blog", "openai-blog", "reddit-ml",
           "simon-willison", "the-batch", "import-ai"]
WORDS = ("agent model language reasoning kernel training dataset benchmark vision retrieval context memory release "
         "open weights tokenizer korean evaluation inference latency cache quantization sparse mixture experts "
         "alignment safety robotics speech code search graph startup funding paper survey scaling law").split()


def _cycles() -> list[str]:
    return [f"2026-W{w:02d}" for w in range(1, 53)]


def _title(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 12))) + f" {n}"


def _record(rng: random.Random, n: int, cycle: str) -> dict:
    source = SOURCES[n % len(SOURCES)]
    title = _title(rng, n)
    record = {"id": f"{title.replace(' ', '-')[:52]}-{n:08x}", "cycle": cycle, "source": source,
              "title": title, "url": f"{source}.example.com/{cycle}/{n:06d}/{rng.getrandbits(40):010x}"}
    if n % 10 == 0:
        record["arxiv"] = f"26{n % 12 + 1:02d}.{n:05d}"
    if n % 50 == 0:
        record["doi"] = f"10.48550/arxiv.{n}"
    if n % 30 == 0:
        record["sources"] = [SOURCES[(n + 3) % len(SOURCES)]]
    return record


def build(folder: Path) -> None:
    rng = random.Random(29)
    origin, n = folder / "origin", 0
    seen = origin / ".commons" / "collect" / "seen"
    seen.mkdir(parents=True)
    for c, cycle in enumerate(_cycles()):
        count = PER_WEEK if c < WEEKS - 1 else PER_WEEK * DAYS_IN // 7
        rows = []
        for _ in range(count):
            rows.append(_record(rng, n, cycle))
            n += 1
        rows.sort(key=lambda r: r["id"])
        (seen / f"{cycle}.jsonl").write_text("".join(
            json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" for r in rows), encoding="utf-8")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main", str(origin)], check=True)
    subprocess.run([*git, "-C", str(origin), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(origin), "commit", "-q", "-m", "a year of history"], check=True)
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(folder / "clone")], check=True)
    print(f"{n:,} records in {len(_cycles())} shards; clone at {folder / 'clone'}")


def _entries(clone: Path) -> list[dict]:
    """The day's entries, chosen from the history on disk (the same for every version of the code)."""
    rng = random.Random(7)
    shards = sorted((clone / ".commons" / "collect" / "seen").glob("*.jsonl"))
    recent = [json.loads(line) for line in shards[-1].read_text(encoding="utf-8").splitlines()]
    month = [json.loads(line) for s in shards[-4:-1] for line in s.read_text(encoding="utf-8").splitlines()]
    old = [json.loads(line) for s in shards[:-8] for line in s.read_text(encoding="utf-8").splitlines()]
    entries = [{"source": r["source"], "url": f"https://{r['url']}", "title": r["title"]} for r in rng.sample(recent, 60)]
    for r in rng.sample(month, 25):
        entries.append({"source": "another-feed", "url": f"https://another.example.net/{r['id']}", "title": r["title"].upper()})
    for r in rng.sample(old, 15):
        entries.append({"source": "another-feed", "url": f"https://{r['url']}/", "title": "a repost"})
    fresh = random.Random(11)
    for k in range(150):
        title = _title(fresh, 10_000_000 + k)
        entries.append({"source": SOURCES[k % len(SOURCES)], "url": f"https://new.example.org/{k}", "title": title})
    rng.shuffle(entries)
    return entries


def day(clone: Path) -> None:
    entries = _entries(clone)
    started = time.perf_counter()
    from commons.collect.index import SeenIndex, record_from_entry, seen_dir, title_window
    from commons.content.files import atomic_write_text

    index, problems = SeenIndex.load(clone)
    loaded = time.perf_counter()
    cycle = _cycles()[-1]
    since = title_window(cycle)
    answers = []
    for k, entry in enumerate(entries):
        match = index.find(entry, since)
        if match is None:
            index.add(record_from_entry(f"new-{k:04d}", cycle, entry))
            answers.append(None)
            continue
        record = index.record(match.item_id)
        answers.append((match.item_id, match.rule, record["cycle"]))
        if entry["source"] != record["source"] and entry["source"] not in record.get("sources", []):
            index.note_also_seen(match.item_id, entry["source"], entry)
    shards = index.shards()
    planned = time.perf_counter()
    for name, text in shards.items():
        atomic_write_text(seen_dir(clone) / f"{name}.jsonl", text)
    written = time.perf_counter()
    digest = hashlib.sha256(json.dumps([answers, shards], sort_keys=True).encode()).hexdigest()[:16]
    print(json.dumps({"load_s": round(loaded - started, 3), "day_s": round(planned - loaded, 3),
                      "write_s": round(written - planned, 3), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "problems": len(problems), "shards_written": len(shards), "digest": digest}))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("build", "day"):
        sys.exit(__doc__.strip().splitlines()[-1])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    (build if sys.argv[1] == "build" else day)(Path(sys.argv[2]))
