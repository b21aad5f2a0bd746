#!/usr/bin/env python3
"""Does triage learn the members' taste? 12 cycles through the real ``commons triage``.

A simulated community whose hidden taste differs from the keyword defaults: it loves
serving and quantization (5), likes evaluation and agents (4), finds most else ordinary
(3 or 2), and skips business news (1), whatever the keywords say. Each cycle brings new
items from the same mix of stories; ``commons triage`` (in-process, the real command)
scores them; then members review what a real crew would see — the top items by score plus
the audit sample of dropped ones — with impacts drawn from the hidden taste (± noise), and
the reviews are merged. The next cycle's triage can learn from them.

Measured per cycle, on ALL of that cycle's items against the hidden taste: mean absolute
error and quadratic weighted kappa, offline with calibration and without (the same items,
the same seed, in two repositories). The AI path runs through the local OpenAI-compatible
double and reports input tokens per item (goal ≤ 700); the double's stand-in model does
not read examples, so its agreement is not a measure of calibration and is not shown.

    python bench/calibration/run.py [--cycles 12] [--items 40] [--seed 5]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from calibration.calibration_support import reviewed_item  # noqa: E402
from commons.calibration import agreement  # noqa: E402
from commons.calibration.judgements import Judgement  # noqa: E402
from commons.cli import main as commons  # noqa: E402
from commons.content import frontmatter  # noqa: E402
from triage.fake_openai import FakeOpenAI  # noqa: E402
from triage.triage_fixtures import make_item, set_triage  # noqa: E402

# (hidden impact, source, title template, text) — the keyword triager sees only the words.
STORIES = [
    (5, "vllm-releases", "vLLM {v} adds faster serving for long prompts", "A release of the inference serving engine."),
    (5, "hn-llm", "Quantization to 3 bits without losing quality ({v})", "Quantization of model weights for inference."),
    (5, "nvidia-developer", "Serving LLMs at scale with speculative decoding ({v})", "Inference serving throughput."),
    (4, "arxiv-cs-cl", "A benchmark for agent evaluation, take {v}", "We propose a benchmark and dataset for agents."),
    (4, "langchain-blog", "Agents that call tools reliably ({v})", "An agent framework guide."),
    (3, "hf-blog", "Fine-tuning a small model on your data ({v})", "A tutorial on fine-tuning with a library."),
    (3, "simon-willison", "Notes on prompting a new model ({v})", "How I use prompts in my workflow."),
    (2, "arxiv-cs-lg", "Graph networks for molecule property prediction ({v})", "We propose a graph model and dataset."),
    (2, "google-research", "A new weather forecasting model ({v})", "Model training on weather data."),
    (1, "aws-ml-blog", "Enterprise customer adopts a generative AI model platform ({v})", "An enterprise case study, customer model deployment."),
    (1, "openai-news", "Company announces funding and new model partnership ({v})", "Funding, market and enterprise model launch."),
    (1, "hn-llm", "Startup raises a record round to build a model ({v})", "Funding for a startup; the model market."),
]
REVIEWED_PER_CYCLE = 14   # what the crew can read: the top items by score
AUDIT = 2                 # plus this many dropped ones
THRESHOLD = 3


def cycle_name(n: int) -> str:
    return f"2026-W{30 + n:02d}"


def make_cycle(repo: Path, n: int, items: int, rng: random.Random) -> dict[str, int]:
    taste = {}
    for k in range(items):
        impact, source, title, text = STORIES[rng.randrange(len(STORIES))]
        item_id = f"c{n:02d}-{k:03d}"
        make_item(repo, item_id, title.format(v=f"{n}.{k}"), text, source=source, cycle=cycle_name(n))
        taste[item_id] = impact
    return taste


def triage(repo: Path) -> None:
    with redirect_stdout(StringIO()):
        code = commons(["--repo", str(repo), "triage"])
    if code not in (0, 1):
        raise SystemExit(f"commons triage exited {code}")


def scores(repo: Path, cycle: str) -> dict[str, tuple[int, str, str, str]]:
    out = {}
    for path in sorted((repo / "news" / cycle / "items").glob("*.md")):
        meta = frontmatter.read(path).meta
        out[meta["id"]] = (meta["score"], meta["source"], meta["title"], meta["category"])
    return out


def review(repo: Path, cycle: str, scored: dict, taste: dict, rng: random.Random) -> None:
    ranked = sorted(scored, key=lambda i: (-scored[i][0], i))
    dropped = [i for i in ranked if scored[i][0] < THRESHOLD]
    for item_id in ranked[:REVIEWED_PER_CYCLE] + dropped[-AUDIT:]:
        score, source, title, category = scored[item_id]
        impacts = [min(5, max(1, taste[item_id] + rng.choice((-1, 0, 0, 0, 1)))) for _ in range(2)]
        path = repo / "news" / cycle / "items" / f"{item_id}.md"
        path.unlink()  # rewritten as a reviewed item, with the same triage score
        reviewed_item(repo, cycle, item_id, title, source, score, impacts, category=category)


def figures(scored: dict, taste: dict) -> tuple[float, float]:
    js = [Judgement(i, "", s[1], s[3], s[2], "", s[0], [taste[i]]) for i, s in scored.items()]
    return agreement.mae(js), agreement.weighted_kappa(agreement.confusion(js))


def season(calibrate: bool, args, ai: FakeOpenAI | None = None) -> list[tuple[float, float, float]]:
    rng_items, rng_reviews = random.Random(args.seed), random.Random(args.seed + 1)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        for name in ("commons.yml", "members.yml"):
            (repo / name).write_bytes((ROOT / name).read_bytes())
        (repo / "schemas").mkdir()
        for schema in (ROOT / "schemas").iterdir():
            (repo / "schemas" / schema.name).write_bytes(schema.read_bytes())
        set_triage(repo, calibration=calibrate, threshold=THRESHOLD, max_items=1000)
        for n in range(args.cycles):
            taste = make_cycle(repo, n, args.items, rng_items)
            before = ai.prompt_tokens if ai else 0
            triage(repo)
            scored = scores(repo, cycle_name(n))
            mae, kappa = figures(scored, taste)
            per_item = (ai.prompt_tokens - before) / len(scored) if ai else 0.0
            out.append((mae, kappa, per_item))
            review(repo, cycle_name(n), scored, taste, rng_reviews)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=12)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GITHUB_STEP_SUMMARY"):
        os.environ.pop(name, None)
    os.environ["COMMONS_AI_BACKOFF"] = "0"

    plain, learned = season(False, args), season(True, args)
    with FakeOpenAI() as fake:
        os.environ.update(OPENAI_BASE_URL=fake.base_url, OPENAI_API_KEY="sk-bench")
        ai = season(True, args, fake)
    print(f"bench/calibration: {args.cycles} cycles × {args.items} items, seed {args.seed}; "
          f"members review the top {REVIEWED_PER_CYCLE} + {AUDIT} audits a cycle")
    print("cycle  offline MAE: plain  calibrated  (ratio)   kappa: plain  calibrated   AI input tokens/item")
    for n, ((m0, k0, _), (m1, k1, _), (_, _, t)) in enumerate(zip(plain, learned, ai), 1):
        print(f"{n:>5}  {m0:>18.2f}  {m1:>10.2f}  ({m1 / m0:>5.2f})  {k0:>12.2f}  {k1:>10.2f}   {t:>8.0f}")
    m0, m1 = plain[7][0], learned[7][0]
    drop = 1 - m1 / m0
    worst = max(t for _, _, t in ai)
    print(f"by cycle 8: offline MAE {m0:.2f} → {m1:.2f} ({drop:.0%} lower; goal ≥ 30%: {'met' if drop >= 0.30 else 'NOT met'}); "
          f"AI input tokens per item at most {worst:.0f} (goal ≤ 700: {'met' if worst <= 700 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
