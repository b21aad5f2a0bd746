"""Validation of notes, posts and logs beyond their schemas: names, owners, chapters, body shape.

Every rule returns ``(file line, column, field, message)``; the caller turns them into
problems. ``line`` comes from the front matter's key positions or the body's lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from ..content import regions
from ..content.frontmatter import ContentError, Document
from ..validate.body import check_links, outline
from . import layout
from ..i18n import say

_md = MarkdownIt("commonmark").enable("table")

# The parts of a log, found by words in a heading (any level) — seed 004 writes '# Agenda',
# '### 다음주 계획' and '## 한 주간 진행 했던 것 공유'. Checked in this order; a heading counts once.
LOG_PARTS = {
    "agenda": (("agenda", "안건", "아젠다", "의제"), "works.part_agenda"),
    "check-in": (("체크인", "check-in", "checkin", "check in"), "works.part_check_in"),
    "next": (("다음주", "다음 주", "다음 모임", "next", "todo", "할 일", "앞으로"), "works.part_next"),
    "progress": (("진행", "한 일", "한일", "progress", "done", "결과", "만든 것"), "works.part_progress"),
}
REQUIRED_PARTS = {"log": ("progress", "next"), "minutes": ("agenda", "check-in", "progress", "next")}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def log_parts(body: str) -> set[str]:
    """Which parts of a log ``body`` has, by its headings and its tables' header cells."""
    tokens = _md.parse(regions.blank(body))
    found: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "th_open"):
            continue
        text = _squash(tokens[index + 1].content)
        for part, (words, _) in LOG_PARTS.items():
            if token.type == "th_open" and part != "check-in":
                continue
            if any(_squash(word) in text for word in words):
                found.add(part)
                break
    return found


def check_body(kind: str, meta: dict, body: str, path: Path, body_line: int) -> list[tuple[int, str, str]]:
    """Problems in the body of a note, post or log as (file line, field, message)."""
    problems: list[tuple[int, str, str]] = []
    try:
        regions.regions(body)
    except ContentError as exc:
        problems.append((body_line + exc.line - 1, exc.field, exc.message))
    if not body.strip():
        return problems + [(body_line, "body", say(f"works.empty_{kind}"))]
    shape = outline(body)
    if kind == "note" and not any(h.level == 2 for h in shape.headings):
        problems.append((body_line, "body", say("works.note_sections")))
    if kind == "log":
        log_type = meta.get("type") if meta.get("type") in REQUIRED_PARTS else "log"
        have = log_parts(body)
        for part in REQUIRED_PARTS[log_type]:
            if part not in have:
                problems.append((body_line, "body", say(f"works.{log_type}_needs", part=say(LOG_PARTS[part][1]))))
    problems.extend(check_links(shape, path, body_line))
    return problems


def _folder_problems(kind: str, folder: str, members: frozenset[str]) -> list[tuple[int, int, str, str]]:
    if not layout.FOLDER_NAME.match(folder):
        return [(1, 1, "", say("works.team_folder" if kind == "log" else "works.member_folder", folder=folder))]
    if kind in ("note", "post") and members and folder not in members:
        return [(1, 1, "", say("works.folder_not_member", folder=folder))]
    return []


def check_file(kind: str, doc: Document, parts: tuple[str, ...], path: Path,
               chapters: frozenset[str], members: frozenset[str], in_layout: bool = True, week=None,
               ) -> list[tuple[int, int, str, str]]:
    """Names, owners and cross-file facts of a note, post or log at ``parts`` (from the repository
    root). ``in_layout``: the file sits where its kind lives, so its folder and name are judged too."""
    meta = doc.meta
    out: list[tuple[int, int, str, str]] = []
    parts = parts if in_layout else ("", "", parts[-1] if parts else "")

    def add(key, message: str, field: str | None = None):
        line, column = doc.position(key if isinstance(key, tuple) else (key,))
        out.append((line, column, field or (key if isinstance(key, str) else ""), message))

    folder, name = parts[-2], parts[-1]
    pattern, expected = layout.NAME_RULES[kind]
    if in_layout and not pattern.match(name):
        out.append((1, 1, "", say(f"works.bad_{kind}_name", name=name, expected=say(expected))))
    if in_layout:
        out.extend(_folder_problems(kind, folder, members))

    if in_layout and kind == "note" and isinstance(meta.get("author"), str) and meta["author"].lower() != folder.lower():
        add("author", say("validate.same_as_folder_name", value=meta['author'], folder=folder))
    if kind == "post":
        match = layout.POST_NAME.match(name)
        day = layout.day_of(meta.get("date")) if isinstance(meta.get("date"), str) else None
        if match and day is not None and day.isoformat() != match.group(1):
            add("date", say("works.post_date", date=day.isoformat(), named=match.group(1)))
    if kind == "log":
        match = layout.LOG_NAME.match(name)
        cycle = meta.get("cycle")
        if match and isinstance(cycle, str) and cycle != match.group(1):
            add("cycle", say("works.log_cycle", cycle=cycle, named=match.group(1)))
        day = layout.day_of(meta.get("date")) if isinstance(meta.get("date"), str) else None
        if day is not None and isinstance(cycle, str) and layout.is_cycle(cycle) and layout.cycle_of_day(day, week) != cycle:
            add("date", say("works.date_cycle", date=day.isoformat(), actual=layout.cycle_of_day(day, week), cycle=cycle))
        authors = meta.get("authors")
        if members and isinstance(authors, list):
            for i, author in enumerate(authors):
                if isinstance(author, str) and author.lower() not in members:
                    add(("authors", i), say("validate.not_a_member", handle=author), f"authors[{i}]")
    linked = meta.get("chapters")
    if chapters and isinstance(linked, list):
        for i, chapter in enumerate(linked):
            if isinstance(chapter, str) and chapter.removesuffix(".md") not in chapters:
                add(("chapters", i), say("validate.no_chapter", chapter=chapter), f"chapters[{i}]")
    return out
