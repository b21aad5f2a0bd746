"""Indexes of members' works: a region of handbook/README.md with the latest of each kind,
``notes/README.md``, ``posts/README.md`` and ``logs/README.md`` with all of them, and the
works linked from the foot of each chapter. Pure: works in, markdown out.
"""

from __future__ import annotations

import posixpath

from ..content import markdown as md
from ..works import layout
from ..works.collection import Work
from ..works.phrases import labels

WORKS_REGION = "works-index"  # in handbook/README.md
CHAPTER_REGION = "works"  # at the foot of a chapter, after its nav
KIND_REGION = {"note": "notes-index", "post": "posts-index", "log": "logs-index"}
LATEST = 5  # rows of each kind in handbook/README.md
FEEDING_LIMIT = 8  # works listed at the foot of a chapter


def index_page(kind: str) -> str:
    return f"{layout.FOLDER_OF_KIND[kind]}/README.md"


def _rel(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def member_link(handle: str, page: str, portfolios: frozenset[str]) -> str:
    """``@handle``, linking the member's portfolio when they have one."""
    shown = md.handle(handle)
    if handle.lower() in portfolios:
        return f"[{shown}]({_rel(layout.portfolio_page(handle), page)})"
    return shown


def _title(work: Work, page: str) -> str:
    return f"[{md.text(work.title)}]({_rel(work.path, page)})"


def _chapter_links(work: Work, page: str, chapter_paths: dict[str, tuple[str, str]]) -> str:
    links = []
    for name in work.chapters:
        found = chapter_paths.get(name)
        links.append(f"[{md.text(found[0])}]({_rel(found[1], page)})" if found else f"`{md.text(name)}`")
    return ", ".join(links) or "—"


def table(kind: str, works: list[Work], page: str, portfolios: frozenset[str],
          chapter_paths: dict[str, tuple[str, str]], language: str) -> list[str]:
    """One kind's rows, newest first, as a markdown table (lines)."""
    words = labels(language)
    if not works:
        return [words["none_yet"]]
    if kind == "log":
        out = [f"| {words['cycle']} | {words['team']} | {words['log']} | {words['authors']} |", "|---|---|---|---|"]
        for w in works:
            authors = ", ".join(member_link(a, page, portfolios) for a in w.credited) or "—"
            kind_word = words["log_type"].get(w.log_type, w.log_type)
            out.append(f"| {w.cycle} | {md.text(w.team)} | {_title(w, page)} ({md.text(kind_word)}) | {authors} |")
        return out
    name = words["note"] if kind == "note" else words["post"]
    out = [f"| {name} | {words['member']} | {words['date']} | {words['chapters']} |", "|---|---|---|---|"]
    for w in works:
        title = _title(w, page)
        if w.subtitle:
            title += f" — {md.text(w.subtitle)}"
        day = w.day.isoformat() if w.day else "—"
        out.append(f"| {title} | {member_link(w.owner, page, portfolios)} | {day} | {_chapter_links(w, page, chapter_paths)} |")
    return out


def by_kind(works: list[Work]) -> dict[str, list[Work]]:
    grouped: dict[str, list[Work]] = {kind: [] for kind in layout.KINDS}
    for work in works:
        if work.listed:
            grouped[work.kind].append(work)
    return grouped


def handbook_region(works: list[Work], portfolios: list[tuple[str, str]], chapter_paths: dict,
                    language: str) -> str:
    """The latest works of each kind and the member portfolios, for handbook/README.md."""
    words = labels(language)
    page = "handbook/README.md"
    grouped = by_kind(works)
    linked = frozenset(handle for handle, _ in portfolios)
    out = ["", f"## {words['works_title']}", ""]
    for kind, heading in (("note", "notes"), ("post", "posts"), ("log", "logs")):
        found = grouped[kind]
        out += [f"### {words[heading]}", ""]
        out += table(kind, found[:LATEST], page, linked, chapter_paths, language)
        if found:
            out += ["", f"[{words['all'].format(n=len(found))}]({_rel(index_page(kind), page)})"]
        out.append("")
    out += [f"### {words['portfolios']}", ""]
    if portfolios:
        out.append(" · ".join(
            f"[{md.text(name) + ' ' if name else ''}{md.handle(handle)}]({_rel(layout.portfolio_page(handle), page)})"
            for handle, name in portfolios
        ))
    else:
        out.append(words["none_yet"])
    return "\n".join(out) + "\n\n"


def kind_region(kind: str, works: list[Work], portfolios: frozenset[str], chapter_paths: dict,
                language: str) -> str:
    """Every listed work of one kind, for notes/README.md, posts/README.md or logs/README.md."""
    found = by_kind(works)[kind]
    return "\n" + "\n".join(table(kind, found, index_page(kind), portfolios, chapter_paths, language)) + "\n\n"


def kind_page_intro(kind: str, language: str) -> tuple[str, str]:
    words = labels(language)
    heading = {"note": "notes", "post": "posts", "log": "logs"}[kind]
    return words[heading], words[f"{heading}_intro"]


def feeding(works: list[Work]) -> dict[str, list[Work]]:
    """Chapter name → the listed works that name it, newest first."""
    out: dict[str, list[Work]] = {}
    for work in works:
        if not work.listed:
            continue
        for name in work.chapters:
            out.setdefault(name, []).append(work)
    return out


def chapter_lines(chapter_file: str, works: list[Work], language: str) -> list[str]:
    """The line at a chapter's foot linking the notes, posts and logs that feed it."""
    if not works:
        return []
    words = labels(language)
    kind_word = {"note": words["note"], "post": words["post"], "log": words["log"]}
    shown = [f"[{md.text(w.title)}]({w.link_from(chapter_file)}) ({kind_word[w.kind]})" for w in works[:FEEDING_LIMIT]]
    more = f" · {words['more'].format(n=len(works) - FEEDING_LIMIT)}" if len(works) > FEEDING_LIMIT else ""
    return [f"**{words['feeding']}:** " + " · ".join(shown) + more, ""]
