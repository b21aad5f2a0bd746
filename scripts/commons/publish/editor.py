"""The editor pass: one summary per item and the TL;DR, made from the members' reviews.

The members judge; the editor only edits. :func:`from_members` is the
deterministic editor: for each item it takes the words of the reviewer who rated
it highest (a Korean summary preferred, then the longer one), the "why" from the
first reviewer who wrote one, and for the TL;DR the gist (first sentence) of the
top items' summaries (what happened), under a lead on the week's fields and best stories. :mod:`commons.publish.editor_ai` asks a model for the same shape;
whatever it returns is checked here (:func:`accept`) and anything missing or
unusable is filled from :func:`from_members`, so the page never depends on it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

TLDR_MAX = 5
TLDR_MIN = 3
SUMMARY_LIMIT = 600
LINE_LIMIT = 220
LEAD_LIMIT = 400
BY_MEMBERS = "members"
BY_AI = "ai"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A sentence ends at . ! ? 。 (a closing quote or bracket may follow: “… system.” 404 Media에서…; so may …),
# and a Korean one at 다. / 요. even with no space after it.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?。])|(?<=[.!?。…][”’\"')\]]))\s+|(?<=다\.)\s*|(?<=요\.)\s*")
GIST_LIMIT = 160  # a TL;DR line: one sentence a phone shows in two or three lines


@dataclass(frozen=True)
class ItemEdit:
    summary: str
    why: str = ""
    voices: tuple[str, ...] = ()  # the handles whose words these are (or whose reviews the AI merged)


@dataclass(frozen=True)
class Edition:
    tldr: tuple[tuple[str, str], ...]  # (item id, one line in the community's language)
    items: dict = field(default_factory=dict)  # item id → ItemEdit
    by: str = BY_MEMBERS  # members | ai
    model: str = ""
    headline: str = ""
    lead: str = ""  # two or three sentences on what the week was about, above the TL;DR


def one_line(text) -> str:
    return " ".join(str(text or "").split())


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (Korean and English punctuation)."""
    parts = [p.strip() for p in _SENTENCE_END.split(one_line(text))]
    return [p for p in parts if p]


def korean_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if _HANGUL.match(ch)) / len(letters) if letters else 0.0


def _clip(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _voice_order(entry) -> list:
    """Non-skip reviews first, higher impact first, Korean before other languages, longer first."""
    return sorted(entry.judgements, key=lambda j: (j.verdict == "skip", -j.impact,
                                                   korean_share(j.summary) < 0.3, -len(j.summary), j.reviewer.lower()))


def edit_item(entry) -> ItemEdit:
    ordered = _voice_order(entry)
    chosen = next((j for j in ordered if j.summary.strip()), None)
    summary = one_line(chosen.summary) if chosen else ""
    why_from = next((j for j in ordered if j.why.strip() and one_line(j.why) != summary), None)
    why = one_line(why_from.why) if why_from else ""
    voices = tuple(dict.fromkeys(j.reviewer for j in (chosen, why_from) if j is not None))
    return ItemEdit(_clip(summary, SUMMARY_LIMIT), _clip(why, SUMMARY_LIMIT), voices)


def gist(text: str, limit: int = GIST_LIMIT) -> str:
    """The first sentence of ``text``, whole when it fits in ``limit``, else cut at the last word
    that fits (with "…"): what happened, in a line."""
    return _cut(next(iter(sentences(text)), ""), limit)


def _cut(text: str, limit: int) -> str:
    """``text`` whole when it fits in ``limit``, else cut at the last word that fits, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut[:cut.rfind(" ")] if " " in cut[limit // 2:] else cut).rstrip(" ,;:·—-") + "…"


def tldr_line(edit: ItemEdit, used: set[str] = frozenset()) -> str:
    """What happened, in one sentence: the gist of the member's summary (else of their "why") that no
    earlier line has said. The "why" is the reviewer's reason to pick it, not the news."""
    for text in (edit.summary, edit.why):
        for sentence in sentences(text):
            line = gist(sentence)
            if line not in used:
                return line
    return ""


def _title(text: str, limit: int = 60) -> str:
    """A title short enough to quote in a sentence, cut at a word."""
    return _cut(one_line(text), limit)


def lead(chosen: list, categories=(), language: str = "", chapters: dict | None = None) -> str:
    """What the week was about, from the issue itself, in two or three sentences: which fields the
    stories came from (most first, the community's order among equals); the story the members rated
    highest in each of the two biggest fields; and, when reviewers asked for it, which handbook
    chapters the week adds to (``chapters``: a review's chapter name → its title). Deterministic; the
    per-item gists are the TL;DR's, right below, so none is repeated here."""
    if not chosen or not language:
        return ""
    from .. import i18n

    words = i18n.catalog(language).section("newsletter")
    titles = {c.id: c.title for c in categories}
    by_field: dict[str, list] = {}
    for entry in chosen:  # rank order: each field's first is its best
        by_field.setdefault(titles.get(entry.item.category, words["other"]), []).append(entry)
    order = list(titles.values()) + [words["other"]]
    fields = sorted(by_field, key=lambda name: (-len(by_field[name]), order.index(name)))
    top = len(by_field[fields[0]])
    tied = [name for name in fields if len(by_field[name]) == top]
    count = words["lead_count_each" if len(tied) > 1 else "lead_count"].format(n=top)
    rest = ", ".join(words["lead_group"].format(category=name, n=len(by_field[name])) for name in fields[len(tied):][:3])
    if len(fields) == 1:
        out = [words["lead_all"].format(n=len(chosen), category=fields[0])]
    elif rest:
        out = [words["lead_most_rest"].format(category="·".join(tied), count=count, rest=rest)]
    else:
        out = [words["lead_most"].format(category="·".join(tied), count=count)]
    picks = [(name, by_field[name][0]) for name in fields[:2]]
    if len(picks) == 1:
        out.append(words["lead_best_one"].format(title=_title(picks[0][1].item.title)))
    else:
        out.append(words["lead_best"].format(picks=", ".join(
            words["lead_pick"].format(category=name, title=_title(e.item.title)) for name, e in picks)))
    named = chapters or {}
    asked = [e for e in chosen if any(c in named for c in e.chapters)]
    if asked:
        wanted = list(dict.fromkeys(named[c] for e in asked for c in e.chapters if c in named))
        shown = ", ".join(words["lead_chapter"].format(title=_title(t, 40)) for t in wanted[:2])
        if len(wanted) > 2:
            shown = words["lead_chapters_more"].format(chapters=shown)
        out.append(words["lead_handbook"].format(n=len(asked), chapters=shown))
    return " ".join(out)


def from_members(chosen: list, categories=(), language: str = "", chapters: dict | None = None) -> Edition:
    """The deterministic edition from ``chosen`` (ranked entries that reach the newsletter);
    ``chapters``: a review's chapter name → its title, for the lead."""
    items = {e.item.id: edit_item(e) for e in chosen}
    tldr, used = [], set()
    for entry in chosen[:TLDR_MAX - 1]:  # four items leave room under five lines
        line = tldr_line(items[entry.item.id], used)
        if line:
            used.add(line)
            tldr.append((entry.item.id, line))
    headline = chosen[0].item.title if chosen else ""
    return Edition(tuple(tldr), items, BY_MEMBERS, "", headline, lead(chosen, categories, language, chapters))


def accept(answer: dict, chosen: list, fallback: Edition, model: str) -> tuple[Edition, list[str]]:
    """An AI answer checked and clamped; every gap filled from ``fallback``. Returns (edition, warnings)."""
    warnings: list[str] = []
    known = {e.item.id for e in chosen}
    items = dict(fallback.items)
    merged = 0
    for raw in answer.get("items") or []:
        if not isinstance(raw, dict) or raw.get("id") not in known:
            warnings.append("the editor answered for an item that is not in the newsletter; ignored")
            continue
        summary, why = one_line(raw.get("summary")), one_line(raw.get("why"))
        if not summary or korean_share(summary) < 0.3:
            warnings.append(f"{raw['id']}: the editor's summary is empty or not in Korean; the members' words are used")
            continue
        items[raw["id"]] = ItemEdit(_clip(summary, SUMMARY_LIMIT), _clip(why, SUMMARY_LIMIT),
                                    tuple(j.reviewer for e in chosen if e.item.id == raw["id"] for j in e.judgements))
        merged += 1
    tldr = []
    for raw in answer.get("tldr") or []:
        if isinstance(raw, dict) and raw.get("id") in known and korean_share(one_line(raw.get("line"))) >= 0.3:
            tldr.append((raw["id"], _clip(raw["line"], LINE_LIMIT)))
    if not TLDR_MIN <= len(tldr) <= TLDR_MAX and len(tldr) < len(chosen):
        warnings.append(f"the editor's TL;DR had {len(tldr)} usable line(s); the members' version is used")
        tldr = list(fallback.tldr)
    headline = _clip(answer.get("headline") or "", 120)
    if korean_share(headline) < 0.3:
        headline = fallback.headline
    written = _clip(answer.get("lead") or "", LEAD_LIMIT)
    if korean_share(written) < 0.3:
        written = fallback.lead
    if not merged and tldr == list(fallback.tldr) and written == fallback.lead:
        return fallback, warnings
    return Edition(tuple(tldr[:TLDR_MAX]), items, BY_AI, model, headline, written), warnings


# -- caching: one key for everything the editor reads ----------------------------------------------
def input_hash(chosen: list, model: str, prompt_version: str) -> str:
    data = [[e.item.id, e.item.title, [[j.reviewer, j.impact, j.verdict, j.summary, j.why] for j in e.judgements]]
            for e in chosen]
    raw = json.dumps([model, prompt_version, data], ensure_ascii=False, sort_keys=True)
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def to_json(edition: Edition) -> dict:
    return {"by": edition.by, "model": edition.model, "headline": edition.headline, "lead": edition.lead,
            "tldr": [{"id": i, "line": line} for i, line in edition.tldr],
            "items": [{"id": i, "summary": e.summary, "why": e.why, "voices": list(e.voices)}
                      for i, e in edition.items.items()]}


def from_json(data: dict) -> Edition | None:
    try:
        return Edition(
            tuple((str(t["id"]), str(t["line"])) for t in data["tldr"]),
            {str(i["id"]): ItemEdit(str(i["summary"]), str(i.get("why", "")), tuple(map(str, i.get("voices", ()))))
             for i in data["items"]},
            str(data.get("by", BY_MEMBERS)), str(data.get("model", "")), str(data.get("headline", "")),
            str(data.get("lead", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None
