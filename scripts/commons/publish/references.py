"""Items judged ``handbook`` become references in the chapter the reviewer named.

They live in the chapter's ``<!-- commons:news start -->`` … ``end`` region; when
the chapter has none, the region is created at the end of its resources section
(or before the generated previous/next links, or at the end of the file). Lines
already there are kept as they are, an item already listed (same link) is never
added twice, and nothing outside the markers changes. Pure.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from markdown_it import MarkdownIt

from .. import i18n
from ..content import regions
from ..content.frontmatter import parse
from . import markdown as md

REGION = "news"
NAV_REGION = "nav"

_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    why: str
    cycle: str
    reviewers: tuple[str, ...]


def line(reference: Reference, chapter_path: str) -> str:
    """One resource line in the shape chapters use: kind in bold, link, a dash and the reason."""
    newsletter = posixpath.relpath(f"news/{reference.cycle}/README.md", posixpath.dirname(chapter_path))
    who = ", ".join(md.handle(r) for r in reference.reviewers)
    reason = md.text(reference.why) if reference.why.strip() else ""
    credit = f"([{reference.cycle}]({newsletter}), {who})" if who else f"([{reference.cycle}]({newsletter}))"
    return f"- **news** · {md.link(reference.title, reference.url)} — {reason} {credit}".replace("—  (", "— (")


def _section_end(body: str, titles: tuple[str, ...]) -> int | None:
    """The 0-based line index where the resources section ends (the next level-1/2 heading or the nav region)."""
    lines = body.split("\n")
    tokens = _md.parse(body)
    start = None
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        level = int(token.tag[1])
        if start is not None and level <= 2:
            return _before_nav(lines, start, token.map[0])
        if level <= 2 and tokens[index + 1].content.strip() in titles:
            start = token.map[0]
    if start is None:
        return None
    return _before_nav(lines, start, len(lines))


def _before_nav(lines: list[str], start: int, end: int) -> int:
    nav = regions.start_marker(NAV_REGION)
    for index in range(start, end):
        if lines[index].strip() == nav:
            end = index
            break
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _insert_region(body: str, titles: tuple[str, ...]) -> str:
    block = [regions.start_marker(REGION), regions.end_marker(REGION)]
    lines = body.split("\n")
    at = _section_end(body, titles)
    if at is None:
        nav = regions.start_marker(NAV_REGION)
        at = next((i for i, text in enumerate(lines) if text.strip() == nav), None)
        if at is None:
            return regions.replace(body, REGION, "")
        while at > 0 and not lines[at - 1].strip():
            at -= 1
    before, after = lines[:at], lines[at:]
    if after and after[0].strip():
        block = [*block, ""]
    return "\n".join([*before, "", *block, *after])


def add(text: str, chapter_path: str, references: list[Reference], *, language: str = "ko",
        resource_titles: tuple[str, ...] = ("자료", "Resources")) -> str:
    """The chapter file's text with ``references`` in its news region. Raises ContentError on broken markers."""
    doc = parse(text)
    body = doc.body
    existing = regions.read(body, REGION)
    if existing is None:
        body = _insert_region(body, resource_titles)
        existing = ""
    kept = [ln for ln in existing.split("\n") if ln.strip()]
    have = "\n".join(kept)
    new = []
    for reference in references:
        target = md.url(reference.url)
        if target and f"]({target})" in have:
            continue  # listed by an earlier run (or by an earlier cycle)
        entry = line(reference, chapter_path)
        if entry not in new:
            new.append(entry)
            have += "\n" + entry
    heading = f"### {i18n.catalog(language)('references.heading')}"
    items = [ln for ln in kept if not ln.startswith("### ")] + new  # the region's one heading, in any language it was written in
    if not new:
        return text  # nothing to add: the file stays byte for byte as it is
    content = "\n".join([heading, "", *items]) + "\n"
    new_body = regions.replace(body, REGION, content)
    if new_body == doc.body:
        return text
    doc.body = new_body
    return doc.render()
