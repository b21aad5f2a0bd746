"""What a chapter says about itself in its body: the summary and the chapters it connects to.

Front matter holds short scalars only (GitHub shows it as a table above the page), so the
summary lives under ``## 요약`` and related chapters are the links under ``## 연결``
(section titles from ``commons.yml`` ``handbook.sections``). Pure: text in, facts out.

A line scan, not a full markdown parse: every ``commons index`` reads every chapter, and
paragraphs as plain text and link targets are all the book needs (the validator parses
bodies properly for its own rules).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..config import DEFAULT_SECTIONS
from ..content import regions

@dataclass(frozen=True)
class Section:
    id: str
    title: str
    line: int  # 1-based, within the body
    paragraphs: tuple[str, ...]  # plain text of each paragraph directly in the section
    links: tuple[str, ...]  # every link destination in the section, as written (unquoted)


def _titles(sections) -> dict[str, str]:
    return {
        " ".join(title.split()).casefold(): section["id"]
        for section in sections for title in section["titles"]
    }


from ..content.fences import FENCE as _FENCE  # noqa: E402
_LINK = re.compile(r"!?\[((?:[^\[\]]|\\[\[\]])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+[^)]*)?\)")
# `*` opens and closes inside words too (CommonMark); `_` only at word edges.
_EMPHASIS = re.compile(r"(?<!\\)\*\*|__|(?<!\\)\*(?=\S)|(?<=[^\s\\])\*|(?<![\w\\])_(?=\S)|(?<=[^\s\\])_(?!\w)|`+")
_BLOCK_START = re.compile(r"^\s{0,3}(?:[-*+]\s|\d{1,9}[.)]\s|>|<|\||[-*_](?:\s*[-*_]){2,}\s*$)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?\s*$")


def plain_inline(text: str) -> str:
    """Markdown inline text as words: links and images become their text, emphasis and
    code marks go, backslash escapes are undone."""
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    return " ".join(text.split())


def _lines(body: str):
    """(1-based line number, line, heading level (0: not a heading), heading text) outside fenced code."""
    fence = None
    for number, line in enumerate(body.split("\n"), start=1):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            yield number, "", 0, ""  # code ends a paragraph and holds no links
            continue
        if match:
            fence = match.group(1)
            yield number, "", 0, ""
            continue
        heading = _HEADING.match(line)
        if heading:
            yield number, line, len(heading.group(1)), (heading.group(2) or "").rstrip("#").strip()
        else:
            yield number, line, 0, ""


def _paragraph_line(line: str, open_paragraph: bool) -> bool:
    """Whether a line is paragraph text (continuing one, or starting one)."""
    if not line.strip():
        return False
    if open_paragraph:
        return not _BLOCK_START.match(line)
    return not _BLOCK_START.match(line) and not line.startswith(("    ", "\t"))


def read_sections(body: str, sections=DEFAULT_SECTIONS) -> dict[str, Section]:
    """The level-2 sections a chapter is made of, by section id (the first of each wins)."""
    by_title = _titles(sections)
    found: dict[str, dict] = {}
    current: dict | None = None
    paragraph: list[str] = []

    def close() -> None:
        if current is not None and paragraph:
            text = plain_inline(" ".join(paragraph))
            if text:
                current["paragraphs"].append(text)
        paragraph.clear()

    for number, line, level, title in _lines(regions.blank(body)):
        if level:
            close()
            if level <= 2:
                current = None
                key = by_title.get(plain_inline(title).casefold()) if level == 2 else None
                if key and key not in found:
                    current = found[key] = {"title": plain_inline(title), "line": number, "paragraphs": [], "links": []}
            continue
        if current is None:
            continue
        for match in _LINK.finditer(line):
            target = match.group(2)
            if target:
                current["links"].append(unquote(target[1:-1] if target.startswith("<") else target))
        if _paragraph_line(line, bool(paragraph)):
            paragraph.append(line.strip())
        else:
            close()
    close()
    return {
        key: Section(key, value["title"], value["line"], tuple(value["paragraphs"]), tuple(value["links"]))
        for key, value in found.items()
    }


def first_paragraph(body: str) -> str:
    """The first paragraph's plain text (what a draft without a summary section shows)."""
    paragraph: list[str] = []
    for _, line, level, _ in _lines(regions.blank(body)):
        if not level and _paragraph_line(line, bool(paragraph)):
            paragraph.append(line.strip())
            continue
        text = plain_inline(" ".join(paragraph))
        if text:
            return text
        paragraph.clear()
    return plain_inline(" ".join(paragraph))


def summary(body: str, sections=DEFAULT_SECTIONS, found_sections: dict | None = None) -> str:
    """The summary section's first paragraph; else (a draft) the page's first paragraph."""
    found = (found_sections if found_sections is not None else read_sections(body, sections)).get("summary")
    if found and found.paragraphs:
        return found.paragraphs[0]
    if found is None:
        return first_paragraph(body)
    return ""


def related(body: str, chapter_path: str, sections=DEFAULT_SECTIONS,
            found_sections: dict | None = None) -> tuple[str, ...]:
    """Chapters the connections section links to, as names (path under handbook/ without .md).

    ``chapter_path`` is the chapter's own path under handbook/; links are resolved
    from its folder, and only ``.md`` files inside handbook/ count. ``found_sections``:
    :func:`read_sections`'s answer when the caller has it already (reading a body is the cost).
    """
    found = (found_sections if found_sections is not None else read_sections(body, sections)).get("connections")
    if found is None:
        return ()
    names: list[str] = []
    folder = posixpath.dirname(chapter_path)
    for href in found.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
            continue
        target = posixpath.normpath(posixpath.join(folder, parts.path))
        if target.startswith("../") or target == "README.md":
            continue
        name = target[: -len(".md")]
        if name != chapter_path[: -len(".md")] and name not in names:
            names.append(name)
    return tuple(names)


def split_tags(value) -> tuple[str, ...]:
    """Tags as written: ``a, b`` (a short scalar, as chapters now write them) or a list."""
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list):
        return tuple(str(t).strip() for t in value if str(t).strip())
    return ()
