"""What the model answered, checked against our schema and clamped.

A model's answer is untrusted text like any feed: every field is coerced to
the type we store, cut to a sane length and flattened to one line of plain
text; an answer that cannot be tied to exactly one item of the batch is an
error for that item, never a guess.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

from .prompt import plain_text

SUMMARY_MAX = 400   # characters kept; the prompt asks for far less
WHY_MAX = 160
TAG_MAX = 32
TAGS_MAX = 5


@dataclass
class Verdict:
    item_id: str
    score: int
    category: str
    summary: str
    why: str
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was clamped or replaced
    calibration: str = ""  # the learned corrections that moved the score (offline triager)
    follows: str = ""  # the id of a past reviewed story the model says this item continues (checked by the runner)


@dataclass
class BatchAnswer:
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # item id → why it has no verdict
    warnings: list[str] = field(default_factory=list)      # about the answer as a whole
    whole: bool = False  # the answer failed as a whole (refused, cut off, not JSON), not item by item


def clamp_text(value, limit: int) -> str:
    text = plain_text(value) if isinstance(value, str) else ""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for stop in (". ", "다. ", "。", "! ", "? "):
        at = cut.rfind(stop)
        if at > limit // 2:
            return cut[: at + len(stop)].rstrip()
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def clamp_score(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int):
        return min(5, max(1, value))
    if isinstance(value, float) and math.isfinite(value):
        return int(min(5, max(1, round(value))))
    return None


_TAG_CHARS = re.compile(r"[^\w .+#-]")


def clamp_tags(value) -> list[str]:
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for tag in value:
        if not isinstance(tag, str):
            continue
        tag = _TAG_CHARS.sub("", plain_text(tag)).strip().lower()[:TAG_MAX].strip()
        if tag and tag not in out:
            out.append(tag)
    return out[:TAGS_MAX]


def match_category(value, categories) -> str | None:
    """A category id from the answer, forgiving case and titles; None when it names none."""
    if not isinstance(value, str):
        return None
    wanted = value.strip().lower()
    for c in categories:
        if wanted in (c.id.lower(), c.title.lower(), (c.title_en or "").lower()):
            return c.id
    return None


def verdict_from(entry: dict, categories, fallback_category: str) -> tuple[Verdict | None, str]:
    """One entry of an answer → a clamped Verdict, or (None, why not)."""
    item_id = entry["id"]
    notes = []
    score = clamp_score(entry.get("score"))
    if score is None:
        return None, f"the model's score {json.dumps(entry.get('score'), ensure_ascii=False)[:40]} is not a number 1-5"
    if entry.get("score") != score:
        notes.append(f"score {json.dumps(entry.get('score'))[:20]} clamped to {score}")
    category = match_category(entry.get("category"), categories)
    if category is None:
        notes.append(f"category {json.dumps(entry.get('category'), ensure_ascii=False)[:40]} is not in commons.yml; used {fallback_category}")
        category = fallback_category
    summary = clamp_text(entry.get("summary"), SUMMARY_MAX)
    if not summary:
        return None, "the model gave no summary"
    why = clamp_text(entry.get("why"), WHY_MAX)
    if not why:
        return None, "the model gave no 'why'"
    notes = [plain_text(n) for n in notes]  # they quote the model: make them one plain line too
    follows = entry.get("follows")
    follows = follows.strip() if isinstance(follows, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,119}", follows.strip()) else ""
    return Verdict(item_id, score, category, summary, why, clamp_tags(entry.get("tags")), notes, follows=follows), ""


def parse_batch(text: str | None, expected_ids: list[str], categories, fallback: dict[str, str]) -> BatchAnswer:
    """Tie each entry of a batch answer to exactly one expected id.

    ``fallback`` maps each id to the category used when the model names none of ours.
    """
    result = BatchAnswer()
    expected = set(expected_ids)

    def fail_all(message: str) -> BatchAnswer:
        for item_id in expected_ids:
            result.errors[item_id] = message
        result.whole = True
        return result

    if not text or not text.strip():
        return fail_all("the model's answer was empty")
    try:
        data = json.loads(_strip_fence(text))
    except ValueError as exc:
        return fail_all(f"the model's answer is not valid JSON ({exc.msg} at char {exc.pos})")
    entries = data.get("items") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        return fail_all("the model's answer has no list of items")

    seen: dict[str, dict] = {}
    duplicated: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            result.warnings.append("an answer entry without an item id was ignored")
            continue
        item_id = entry["id"].strip()
        if item_id not in expected:
            result.warnings.append(f"the answer named an item that was not asked about: {plain_text(item_id)[:60]!r}")
            continue
        if item_id in seen:
            duplicated.add(item_id)
        seen[item_id] = {**entry, "id": item_id}
    for item_id in expected_ids:
        if item_id in duplicated:
            result.errors[item_id] = "the model answered this item twice; neither answer was used"
        elif item_id not in seen:
            result.errors[item_id] = "the model's answer left this item out"
        else:
            verdict, why_not = verdict_from(seen[item_id], categories, fallback[item_id])
            if verdict is None:
                result.errors[item_id] = why_not
            else:
                result.verdicts[item_id] = verdict
    return result


def _strip_fence(text: str) -> str:
    """Servers without JSON mode often wrap JSON in ```json fences."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    return stripped
