"""What a chapter says about itself in its body: the summary and the chapters it connects to.

Front matter holds short scalars only (GitHub shows it as a table above the page), so the
summary lives under ``## 요약`` and related chapters are the links under ``## 연결``
(section titles from ``commons.yml`` ``handbook.sections``). Pure: text in, facts out.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from ..config import DEFAULT_SECTIONS
from ..content import regions

_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    line: int  # 1-based, within the body
    paragraphs: tuple[str, ...]  # plain text of each paragraph directly in the section
    links: tuple[str, ...]  # every link destination in the section, as written (unquoted)


def _plain(inline) -> str:
    out = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return " ".join("".join(out).split())


def _titles(sections) -> dict[str, str]:
    return {
        " ".join(title.split()).casefold(): section["id"]
        for section in sections for title in section["titles"]
    }


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _before_last_section(body: str, sections) -> str:
    """The body up to the last section's heading (the resources, usually the longest part):
    what the other sections need, at a fraction of the parsing."""
    last = {" ".join(t.split()).casefold() for t in sections[-1]["titles"]} if sections else set()
    fence = None
    lines = body.split("\n")
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0]:
                fence = None
        elif match:
            fence = match.group(1)
        elif line.startswith("## ") and " ".join(line[3:].strip("# ").split()).casefold() in last:
            return "\n".join(lines[:number])
    return body


def read_sections(body: str, sections=DEFAULT_SECTIONS) -> dict[str, Section]:
    """The level-2 sections a chapter is made of, by section id (the first of each wins),
    except the last one (resources), which has rules of its own."""
    tokens = _md.parse(regions.blank(_before_last_section(body, sections)))
    by_title = _titles(sections)
    found: dict[str, dict] = {}
    current: dict | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            current = None
            if token.tag == "h2":
                title = _plain(tokens[index + 1])
                section_id = by_title.get(title.casefold())
                if section_id and section_id not in found:
                    current = found[section_id] = {
                        "title": title, "line": token.map[0] + 1, "paragraphs": [], "links": []
                    }
        elif current is None:
            continue
        elif token.type == "paragraph_open" and token.level == 0:
            text = _plain(tokens[index + 1])
            if text:
                current["paragraphs"].append(text)
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open" and child.attrs.get("href"):
                    current["links"].append(unquote(str(child.attrs["href"])))
    return {
        key: Section(key, value["title"], value["line"], tuple(value["paragraphs"]), tuple(value["links"]))
        for key, value in found.items()
    }


def first_paragraph(body: str) -> str:
    """The first paragraph's plain text (what a draft without a summary section shows)."""
    tokens = _md.parse(regions.blank(body))
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            text = _plain(tokens[index + 1])
            if text:
                return text
    return ""


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
    from its folder, and only ``.md`` files inside handbook/ count.
    """
    found = read_sections(body, sections).get("connections")
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
