"""Simulated members: what each one writes in their review files. Pure and deterministic.

A member's impact starts from the AI's score, one point up when the item is in their
interests, and moves by -1, 0 or +1 from a hash of (member, item), so reviewers of
the same item disagree a little, as people do. Items worth 4 or more that match a
handbook chapter by its tags get ``handbook`` with that chapter; 3 or more
``newsletter``; the rest ``skip``. One member falls behind: they finish only their
first item by Wednesday, so their review branch does not pass validation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .. import i18n
from ..content import frontmatter, yamlsafe
from ..handbook.sections import split_tags
from . import voices

FIELDS = ("impact", "verdict", "summary", "why")


@dataclass(frozen=True)
class ChapterInfo:
    name: str  # path under handbook/ without .md, as reviews name chapters
    title: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    item: str
    impact: int
    verdict: str
    summary: str
    why: str
    chapter: str = ""


def load_chapters(handbook: Path) -> list[ChapterInfo]:
    """Every chapter with its tags, in path order (the order ties are broken in)."""
    chapters = []
    for file in sorted(Path(handbook).rglob("*.md")):
        if file.name == "README.md":
            continue
        try:
            meta = frontmatter.read(file).meta
        except frontmatter.ContentError:
            continue
        tags = meta.get("tags")
        tags = split_tags(tags)
        title = meta.get("title_ko") or meta.get("title") or file.stem
        chapters.append(ChapterInfo(file.relative_to(handbook).with_suffix("").as_posix(), str(title), tags))
    return chapters


def _tag_pattern(tag: str) -> re.Pattern:
    words = [re.escape(w) for w in re.split(r"[-\s]+", tag.lower()) if w]
    return re.compile(r"(?<![a-z0-9])" + r"[-\s]".join(words) + r"(?![a-z0-9])")


def matched_tags(text: str, chapter: ChapterInfo) -> list[str]:
    lowered = text.lower()
    return [tag for tag in chapter.tags if _tag_pattern(tag).search(lowered)]


def best_chapter(text: str, chapters: list[ChapterInfo]) -> ChapterInfo | None:
    """The chapter whose tags the text mentions most (at least one); the first by path on a tie."""
    best, best_hits = None, 0
    for chapter in chapters:
        hits = len(matched_tags(text, chapter))
        if hits > best_hits:
            best, best_hits = chapter, hits
    return best


def _jitter(handle: str, item_id: str) -> int:
    return int(hashlib.sha256(f"{handle.lower()}/{item_id}".encode()).hexdigest(), 16) % 3 - 1


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    match = re.search(r"(?<=[.!?。])\s", text)
    sentence = text[: match.start()] if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def judge(handle: str, interests: tuple[str, ...], item: dict, chapters: list[ChapterInfo],
          categories: dict[str, str], language: str = "ko", source: str = "") -> Review:
    """One member's review of one item (``item`` is the item's front matter)."""
    item_id = str(item.get("id", ""))
    score = item.get("score") if isinstance(item.get("score"), int) else 3
    category = str(item.get("category") or "")
    impact = max(1, min(5, score + (1 if category in interests else 0) + _jitter(handle, item_id)))
    about = f"{item.get('title', '')} {item.get('summary', '')}"
    chapter = best_chapter(about, chapters)
    korean = language.split("-")[0] == "ko"
    text = i18n.catalog(language).section("demo_review")  # a community without sample voices: plain reviews in its language
    summary = _first_sentence(str(item.get("summary") or item.get("title") or item_id))
    if korean:  # members write in their own words: a take on the sample item, else one composed from its facts
        own = voices.take(handle, item, source) or voices.composed(handle, item, source, summary)
        summary, own_why = own
    if impact >= 4 and chapter is not None:
        tags = ", ".join(matched_tags(about, chapter))
        return Review(item_id, impact, "handbook", summary,
                      own_why if korean else text["handbook"].format(tags=tags), chapter.name)
    if impact >= 3:
        return Review(item_id, impact, "newsletter", summary,
                      own_why if korean else text["newsletter"].format(category=categories.get(category, category)))
    return Review(item_id, impact, "skip", summary, voices.skip_reason(handle, item_id) if korean else text["skip"])


def behind(assignments: dict[str, list[str]], maintainers: tuple[str, ...]) -> str | None:
    """The member who falls behind this week: the last by handle who is not a maintainer and has 2+ items."""
    keep = {m.lower() for m in maintainers}
    candidates = sorted(h for h, ids in assignments.items() if h.lower() not in keep and len(ids) >= 2)
    return candidates[-1] if candidates else None


def fill(template: str, review: Review) -> str:
    """The review file with the member's fields filled in where the template leaves them empty.

    Only the four template lines change (as a member editing the file would do);
    when the file does not have them, the front matter is rewritten instead.
    """
    values = {"impact": review.impact, "verdict": review.verdict, "summary": review.summary, "why": review.why}
    lines = template.split("\n")
    seen = set()
    out = []
    fences = 0
    for line in lines:
        fences += line == "---"
        key = line.split(":", 1)[0]
        if fences != 1 or not line.startswith(f"{key}:"):
            out.append(line)
            continue
        if key == "chapter":
            continue  # written after the verdict, once
        if key in values and key not in seen:
            seen.add(key)
            out.append(yamlsafe.dump({key: values[key]}).rstrip("\n"))
            if key == "verdict" and review.chapter:
                out.append(yamlsafe.dump({"chapter": review.chapter}).rstrip("\n"))
            continue
        out.append(line)
    text = "\n".join(out)
    expected = {**values, **({"chapter": review.chapter} if review.chapter else {})}
    try:
        doc = frontmatter.parse(text)
        if all(doc.meta.get(k) == v for k, v in expected.items()):
            return text
        doc = frontmatter.parse(template)
    except frontmatter.ContentError:
        doc = frontmatter.parse(template)
    doc.meta.update(expected)
    return doc.render()
