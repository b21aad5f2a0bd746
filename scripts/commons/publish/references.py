"""Items judged ``handbook`` become references in the chapter the reviewer named.

They live in the chapter's ``<!-- commons:news start -->`` … ``end`` region; when
the chapter has none, the region is created at the end of its resources section
(or before the generated previous/next links, or at the end of the file). Lines
already there are kept as they are, an item already listed (same link) is never
added twice, and nothing outside the markers changes. Pure.

The region is bounded: at most ``MAX_REFERENCES`` lines, the newest cycles'
(within a cycle, highest impact first), and below them one link to the
newsletter index, where every earlier reference still is. A chapter read a year
on carries its eight freshest resources, not a year of them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from .. import i18n
from ..content import regions
from ..content.frontmatter import parse
from ..content import markdown as md

REGION = "news"
NAV_REGION = "nav"
MAX_REFERENCES = 8

_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    why: str
    cycle: str
    reviewers: tuple[str, ...]
    impact: float = 0.0  # the reviewers' mean impact: the best of a cycle come first and stay longest


def line(reference: Reference, chapter_path: str, language: str = "ko") -> str:
    """One resource line in the shape chapters use: kind in bold, link, a dash and the reason; the
    issue it was in named by its week as people say it ("12월 둘째 주"), its code only in the link."""
    newsletter = posixpath.relpath(f"news/{reference.cycle}/README.md", posixpath.dirname(chapter_path))
    who = ", ".join(md.handle(r) for r in reference.reviewers)
    reason = md.text(reference.why) if reference.why.strip() else ""
    week = i18n.catalog(language).week_name(reference.cycle)
    credit = f"([{week}]({newsletter}), {who})" if who else f"([{week}]({newsletter}))"
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


_CYCLE_CREDIT = re.compile(r"news/(\d{4}-W\d{2})/README\.md\)|\(\[(\d{4}-W\d{2})\]\(")  # the link; older lines: the text


def _bounded(lines: list[str]) -> list[str]:
    """At most MAX_REFERENCES lines: the oldest cycle gives way first, its lowest-ranked line first
    (lines are appended cycle by cycle, best first within a cycle)."""
    excess = len(lines) - MAX_REFERENCES
    if excess <= 0:
        return lines
    groups: list[list[str]] = []
    last = None
    for text in lines:
        found = _CYCLE_CREDIT.search(text)
        cycle = (found[1] or found[2]) if found else None
        if groups and cycle is not None and cycle == last:
            groups[-1].append(text)
        else:
            groups.append([text])
        last = cycle
    for group in groups:
        while group and excess > 0:
            group.pop()
            excess -= 1
    return [text for group in groups for text in group]


def add(text: str, chapter_path: str, references: list[Reference], *, language: str = "ko",
        resource_titles: tuple[str, ...] = ("자료", "Resources")) -> str:
    """The chapter file's text with ``references`` in its news region. Raises ContentError on broken markers."""
    doc = parse(text)
    body = doc.body
    existing = regions.read(body, REGION)
    if existing is None:
        body = _insert_region(body, resource_titles)
        existing = ""
    t = i18n.catalog(language)
    more = t("references.more", index=posixpath.relpath("news/README.md", posixpath.dirname(chapter_path)))
    lines = [ln for ln in existing.split("\n") if ln.strip()]
    # The region holds one heading, the reference lines and at most one "earlier news" line; the heading and
    # that line are recognized by shape, so a region written in another language (or an older wording) is kept tidy.
    kept = [ln for ln in lines if ln.startswith("- ")]
    had_more = any(not ln.startswith(("- ", "### ", "  ")) for ln in lines)
    have = "\n".join(kept)
    new = []
    for reference in sorted(references, key=lambda r: -r.impact):
        target = md.url(reference.url)
        if target and f"]({target})" in have:
            continue  # listed by an earlier run (or by an earlier cycle)
        entry = line(reference, chapter_path, language)
        if entry not in new:
            new.append(entry)
            have += "\n" + entry
    heading = f"### {t('references.heading')}"
    if not new:
        return text  # nothing to add: the file stays byte for byte as it is
    old = kept
    items = _bounded(old + new[:MAX_REFERENCES])
    tail = ["", more] if had_more or len(old) + len(new) > len(items) else []
    content = "\n".join([heading, "", *items, *tail]) + "\n"
    new_body = regions.replace(body, REGION, content)
    if new_body == doc.body:
        return text
    doc.body = new_body
    return doc.render()
