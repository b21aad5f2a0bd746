"""Rules for the markdown body of a chapter, read with markdown-it-py.

A chapter (seed 001) opens with a thin summary, says why the concept matters
and how it connects to other chapters, and ends with curated resources. The
section titles come from ``commons.yml`` (``handbook.sections``) so another
community can rename them. Relative links and ``#anchors`` must resolve.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from ..content import regions
from ..content.frontmatter import ContentError, read
from ..content.romanize import has_hangul
from ..handbook.sections import read_sections
from .resources import check_resources
from ..i18n import say


_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 1-based, within the body


@dataclass(frozen=True)
class Link:
    href: str
    line: int  # 1-based, within the body
    section: str | None  # the level-2 heading it sits under


@dataclass(frozen=True)
class Outline:
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]

    def anchors(self) -> set[str]:
        return github_anchors([h.text for h in self.headings])


def outline(body: str) -> Outline:
    """Headings and links of a markdown body, with their lines."""
    tokens = _md.parse(body)
    lines = body.split("\n")
    headings: list[Heading] = []
    links: list[Link] = []
    section = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            text = _plain_text(inline)
            heading = Heading(int(token.tag[1]), text, token.map[0] + 1)
            headings.append(heading)
            if heading.level <= 2:
                section = text
        elif token.type == "inline" and token.children:
            start = token.map[0] if token.map else 0
            for child in token.children:
                href = child.attrs.get("href") if child.type == "link_open" else None
                if child.type == "image":
                    href = child.attrs.get("src")
                if href is None:
                    continue
                # markdown-it percent-encodes; messages show the plain form people wrote
                plain = unquote(str(href))
                line = _line_of(lines, start, token.map, (plain, str(href)))
                links.append(Link(plain, line, section))
    return Outline(tuple(headings), tuple(links))


def _plain_text(inline) -> str:
    return "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline")).strip()


def _line_of(lines: list[str], start: int, span, needles: tuple[str, ...]) -> int:
    end = span[1] if span else start + 1
    for number in range(start, min(end, len(lines))):
        if any(needle in lines[number] for needle in needles):
            return number + 1
    return start + 1


def github_anchor(text: str) -> str:
    """The id GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = text.strip().lower()
    kept = "".join(
        ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in ("L", "N", "M")
    )
    return kept.replace(" ", "-")


def github_anchors(texts: list[str]) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for text in texts:
        base = github_anchor(text)
        count = seen.get(base, 0)
        anchors.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return anchors


def _normalize_title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def check_chapter_body(
    body: str,
    path: Path,
    sections: tuple[dict, ...],
    body_line: int,
    resource_kinds: tuple[str, ...] = ("paper", "video", "blog", "docs", "code", "course"),
    draft: bool = False,
) -> list[tuple[int, str, str]]:
    """Problems in a chapter body as (file line, field, message).

    A ``draft`` (e.g. a page brought in by ``commons import``, ``status: draft``)
    keeps its own shape: only its links are checked until someone shapes it.
    """
    problems: list[tuple[int, str, str]] = []
    try:
        regions.regions(body)
    except ContentError as exc:
        problems.append((body_line + exc.line - 1, exc.field, exc.message))
    if draft:
        return problems + check_links(outline(body), path, body_line)
    # Generated regions (previous/next, related) are not what the author wrote.
    shape = outline(regions.blank(body))
    by_title = {
        _normalize_title(title): section["id"] for section in sections for title in section["titles"]
    }
    found: dict[str, Heading] = {}
    for heading in shape.headings:
        if heading.level == 2:
            section_id = by_title.get(_normalize_title(heading.text))
            if section_id and section_id not in found:
                found[section_id] = heading

    order = [s["id"] for s in sections]
    for section in sections:
        if section["id"] not in found:
            names = " / ".join(f"'## {t}'" for t in _titles_for_reader(section["titles"])[:2])
            problems.append((body_line, "body", say("body.missing_section", names=names)))
    previous = None
    for section_id in (s for s in order if s in found):
        heading = found[section_id]
        if previous is not None and heading.line < previous.line:
            problems.append(
                (body_line + heading.line - 1, "body", say("body.order", heading=heading.text, previous=previous.text))
            )
        else:
            previous = heading

    written = read_sections(body, sections)
    for section_id in ("summary", "why"):
        section = written.get(section_id)
        if section is not None and not section.paragraphs and not _has_list(body, section):
            problems.append((body_line + section.line - 1, "body",
                             say("body.empty_section", title=section.title)))

    resources_id = order[-1] if order else None
    resources = found.get(resources_id) if resources_id else None
    if resources is not None:
        resource_links = [link for link in shape.links if link.section == resources.text]
        if not resource_links:
            problems.append(
                (
                    body_line + resources.line - 1,
                    "body",
                    say("body.no_resource", title=resources.text),
                )
            )
        problems.extend(check_resources(regions.blank(body), resources.text, resource_kinds, body_line))
    problems.extend(check_links(outline(body), path, body_line))
    return problems


def _has_list(body: str, section) -> bool:
    """Whether the section holds a list (a summary may be written as bullet points)."""
    lines = body.split("\n")[section.line:]
    for line in lines:
        if line.startswith("## ") or line.startswith("# "):
            return False
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s+\S", line):
            return True
    return False


def check_links(shape: Outline, path: Path, body_line: int) -> list[tuple[int, str, str]]:
    """Relative links must point at files that exist; ``#anchors`` at headings that exist."""
    problems = []
    own_anchors = None
    for link in shape.links:
        parts = urlsplit(link.href)
        if parts.scheme or parts.netloc or link.href.startswith("//"):
            continue  # external: checking the web is not the validator's job
        line = body_line + link.line - 1
        target_path = parts.path
        if not target_path:
            if parts.fragment:
                own_anchors = own_anchors if own_anchors is not None else shape.anchors()
                if parts.fragment.lower() not in own_anchors:
                    problems.append((line, "link", say("body.no_anchor_here", anchor=parts.fragment)))
            continue
        target = (path.parent / target_path) if not target_path.startswith("/") else None
        if target is None:
            continue  # site-absolute links depend on where the book is served
        if not target.exists():
            problems.append((line, "link", say("body.no_file", href=link.href)))
            continue
        if parts.fragment and target.suffix == ".md" and target.is_file():
            anchors = _anchors_of(str(target.resolve()))
            if anchors is not None and parts.fragment.lower() not in anchors:
                problems.append((line, "link", say("body.no_anchor_there", anchor=parts.fragment, path=target_path)))
    return problems


@lru_cache(maxsize=4096)
def _anchors_of(path: str) -> set[str] | None:
    try:
        doc = read(Path(path), require_front_matter=False)
    except (ContentError, OSError):
        return None
    return outline(doc.body).anchors()


def _titles_for_reader(titles: list[str]) -> list[str]:
    """The accepted titles a reader of the run's language can use: the default sections carry a Korean
    and an English title, and an English reader is not asked for '## 왜 중요한가'."""
    from .. import i18n

    korean = i18n.active().language.startswith("ko")
    mine = [t for t in titles if has_hangul(t) == korean]
    return mine or list(titles)
