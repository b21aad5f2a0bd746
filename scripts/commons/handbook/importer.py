"""``commons import``'s core: an existing markdown handbook → a plan of chapter files.

Each page keeps its own text (links rewritten so they keep working) under new
front matter: title from the first-level heading, author and date from the
"작성자"/"작성일" lines, part and order from a Jupyter Book ``_toc.yml``.
Imported chapters are marked ``status: draft``: they are the community's own
writing, not yet in the chapter shape (summary, why, connections, resources),
and the validator checks their front matter and links but not that shape.

A page that is a section of a toc chapter goes into a part named after that
chapter (order 0 is the chapter's own page); a toc chapter without sections
goes into a part named after the toc caption; the book's front page (``root:``)
opens the first part. Parts of drafts are listed after the curated parts
(:mod:`commons.handbook.book`). Pages the toc does not list are imported into a
part of their own and reported, so every page is accounted for. MyST markup
becomes markdown GitHub renders (:mod:`commons.handbook.myst`); front matter
holds short values only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from markdown_it import MarkdownIt

from ..content.fences import outside_fences
from ..content.frontmatter import ContentError, parse, read_text
from ..content.layout import slugify
from . import myst
from . import toc as toc_module
from ..content.romanize import has_hangul, romanize

UNLISTED_PART = "Not in the table of contents"
SKIP_DIRS = {"_build", "node_modules", ".git", ".github"}
_md = MarkdownIt("commonmark")


@dataclass
class PlannedChapter:
    source: str  # relative to the book folder
    target: str  # relative to the repository
    meta: dict
    body: str
    action: str = "create"  # create | overwrite | skip
    reason: str = ""


@dataclass
class PlannedAsset:
    source: Path
    target: str  # relative to the repository


@dataclass
class ImportPlan:
    chapters: list[PlannedChapter] = field(default_factory=list)
    assets: list[PlannedAsset] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be mapped
    unreadable: list[str] = field(default_factory=list)  # pages not imported at all


# --- reading one page -----------------------------------------------------------------

_HTML_TAG = re.compile(r"<[^>]+>")
_BYLINE = re.compile(r"^\s*(작성자|작성일|author|authors|date|written by)\s*[:：]\s*(.+?)\s*$", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*[.)]?\s+")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _inline_plain(inline) -> str:
    return "".join(
        c.content for c in (inline.children or []) if c.type in ("text", "code_inline", "html_inline")
    ).strip()


def title_of(body: str) -> tuple[str | None, int | None]:
    """The page's first heading when it is a first-level one: (title, 1-based line)."""
    tokens = _md.parse(body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            if token.tag != "h1":
                return None, None
            return _inline_plain(tokens[index + 1]) or None, token.map[0] + 1
    return None, None


def byline(body: str) -> tuple[list[str], str | None]:
    """Authors and the written date from lines like ``<div> 작성자 : 이경찬</div>``."""
    authors: list[str] = []
    written = None
    for line in body.split("\n")[:40]:
        match = _BYLINE.match(_HTML_TAG.sub("", line))
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in ("작성일", "date"):
            written = written or value
        elif value:
            authors += [a.strip() for a in re.split(r"[,/·、]|\band\b", value) if a.strip()]
    return authors, written


def parse_date(text: str) -> str | None:
    """'2024-09-03', '2024.9.3', '2024년 9월 3일', 'Sep. 2024', '2024-09' → YYYY-MM-DD (day 01 when only the month is known)."""
    text = text.strip()
    if m := re.match(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]?\s*(?:(\d{1,2})\s*일?)?\.?$", text):
        year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
    elif m := re.match(r"^([A-Za-z]{3})[a-z]*\.?\s*(?:(\d{1,2}),?\s+)?(\d{4})$", text):
        month = _MONTHS.get(m[1].lower())
        if month is None:
            return None
        year, day = int(m[3]), int(m[2] or 1)
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _name_for(text: str) -> str:
    stripped = _NUMBERING.sub("", text.replace("*", "").replace("_", " ")).strip() or text
    return "" if has_hangul(stripped) else slugify(stripped)


def ascii_name(text: str) -> str:
    """An ASCII slug for any title: Hangul is romanized (평가 → pyeongga)."""
    return slugify(romanize(_NUMBERING.sub("", text.replace("*", "")).strip() or text))


def chapter_slug(title: str, source: Path) -> str:
    """A file name for a page: its title, else its own file name when that is ASCII, else
    the title romanized (LLM 평가 with file Evaluation.md → evaluation)."""
    for candidate in (title, source.stem):
        if slug := _name_for(candidate):
            return slug
    return ascii_name(title) or ascii_name(source.stem) or "page"


def level_of(*texts: str) -> str:
    return "advanced" if any(re.search(r"\badvanced?\b|심화", t, re.IGNORECASE) for t in texts) else "intro"


# --- links ------------------------------------------------------------------------------

# The middle alternative: Jupyter Book also takes `![x](my picture.png)`, which CommonMark (and
# GitHub) do not; such paths are found by their file suffix and rewritten percent-encoded.
_INLINE_LINK = re.compile(
    r"(\]\(\s*)(<[^>\n]*>"
    r"|[^()<>\n\"']*? [^()<>\n\"']*?\.(?i:png|jpe?g|gif|svg|webp|pdf|md|ipynb)(?=\s*\))"
    r"|(?:[^\s()<>]|\([^\s()]*\))+)"
)
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(<[^>\n]*>|\S+)")
_HTML_ATTR = re.compile(r"(<(?:img|a|source|video)\b[^>]*?\b(?:src|href)\s*=\s*)([\"'])(.*?)\2", re.IGNORECASE)


def rewrite_links(body: str, rewrite) -> str:
    """Apply ``rewrite(destination) -> new destination | None`` to every link and image
    outside fenced code: inline ``[x](dest)``, reference definitions and HTML src/href."""
    def inline(m):
        raw = m.group(2)
        dest = raw[1:-1] if raw.startswith("<") else raw
        new = rewrite(dest)
        return m.group(0) if new is None else m.group(1) + new

    def attr(m):
        new = rewrite(m.group(3))
        return m.group(0) if new is None else f"{m.group(1)}{m.group(2)}{new}{m.group(2)}"

    return outside_fences(body, lambda line: _HTML_ATTR.sub(attr, _INLINE_LINK.sub(inline, _REFERENCE.sub(inline, line))))


def _is_relative(dest: str) -> bool:
    parts = urlsplit(dest)
    return not (parts.scheme or parts.netloc or dest.startswith(("#", "//")) or not parts.path)


# --- the plan ---------------------------------------------------------------------------


def _pages_without_toc(book: Path, notes: list[str]) -> list[Path]:
    found = []
    for path in sorted(book.rglob("*.md")):
        relative = path.relative_to(book)
        if any(part in SKIP_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        why = toc_module.outside(book, path)
        if why:  # a link to a file elsewhere on the machine is not a page of this book
            notes.append(f"{relative.as_posix()}: {why}; skipped")
            continue
        found.append(path)
    return found


def plan_import(
    book: Path,
    repo: Path,
    today: str,
    toc_path: Path | None = None,
    dest: str = "handbook",
    force: bool = False,
    toc_only: bool = False,
) -> ImportPlan:
    """What ``commons import`` would write. Reads the book and the repository; writes nothing."""
    book, repo = Path(book).resolve(), Path(repo).resolve()
    plan = ImportPlan()
    everything = _pages_without_toc(book, plan.notes)

    # 1. Which pages, in which part and order.
    placed: list[tuple[Path, str, int]] = []  # (page, part title, order)
    if toc_path is None and (book / "_toc.yml").is_file():
        toc_path = book / "_toc.yml"
    titles: dict[Path, str] = {}

    def title_for(page: Path) -> str:
        if page not in titles:
            try:
                titles[page] = title_of(read_text(page))[0] or page.stem
            except (ContentError, OSError):
                titles[page] = page.stem
        return titles[page]

    if toc_path is not None:
        try:
            toc = toc_module.read(book, Path(toc_path))
        except (OSError, ValueError) as exc:
            raise ValueError(str(exc)) from None
        plan.notes += toc.notes
        in_parts: list[tuple[Path, str | None]] = []
        for listed in toc.pages:
            if listed.root:
                part = None  # the front page opens the first part, whatever that is called
            elif listed.group is not None:
                part = title_for(listed.group)
            elif listed.leads:
                part = title_for(listed.source)
            else:
                part = listed.caption or "Chapters"
            in_parts.append((listed.source, part))
        first_part = next((part for _, part in in_parts if part is not None), None) or title_for(toc.pages[0].source)
        in_parts = [(page, part or first_part) for page, part in in_parts]
        in_parts.sort(key=lambda entry: 0 if entry[1] == first_part and entry[0] == toc.pages[0].source else 1)
        counters: dict[str, int] = {}
        for page, part in in_parts:
            order = counters.get(part, 0)
            counters[part] = order + 1
            placed.append((page, part, order))
        listed_set = {p.resolve() for p, _, _ in placed}
        unlisted = [p for p in everything if p.resolve() not in listed_set]
        for order, page in enumerate(unlisted):
            relative = page.relative_to(book).as_posix()
            if toc_only:
                plan.unreadable.append(f"{relative}: not in {Path(toc_path).name}; skipped (--toc-only)")
            else:
                plan.notes.append(f"{relative}: not in {Path(toc_path).name}; imported into part '{UNLISTED_PART}'")
                placed.append((page, UNLISTED_PART, order))
    else:
        counters = {}
        for page in everything:
            parent = page.parent.relative_to(book).as_posix()
            part = "Imported" if parent == "." else parent.replace("/", " / ")
            order = counters.get(part, 0)
            counters[part] = order + 1
            placed.append((page, part, order))

    # 2. Where each page goes: handbook/<part>/<slug>.md, unique, never over someone else's file.
    targets: dict[Path, str] = {}
    taken: set[str] = set()
    for page, part, _ in placed:
        folder = f"{dest}/{slugify(romanize(part)) or 'imported'}"
        slug = chapter_slug(title_for(page), page)
        candidate, n = f"{folder}/{slug}.md", 2
        while candidate in taken:
            candidate, n = f"{folder}/{slug}-{n}.md", n + 1
        taken.add(candidate)
        targets[page.resolve()] = candidate

    # 3. Each page's front matter and body.
    asset_targets: dict[Path, str] = {}
    for page, part, order in placed:
        relative = page.relative_to(book).as_posix()
        target = targets[page.resolve()]
        try:
            text = read_text(page).replace("\r\n", "\n").lstrip("\ufeff")
            if text.startswith("---\n"):
                text = parse(text).body  # a page with front matter of its own: keep the body
        except ContentError as exc:
            plan.unreadable.append(f"{relative}:{exc.line}:{exc.column}: {exc.message}; not imported")
            continue
        title, title_line = title_of(text)
        title = title or page.stem
        authors, written = byline(text)
        updated = parse_date(written) if written else None
        if written and updated is None:
            plan.notes.append(f"{relative}: date '{written}' not understood; updated set to {today}")

        def rewrite(dest_link: str, page=page, relative=relative, target=target) -> str | None:
            if not _is_relative(dest_link):
                return None
            parts = urlsplit(dest_link)
            path_text = unquote(parts.path)
            base = book if path_text.startswith("/") else page.parent
            resolved = (base / path_text.lstrip("/")).resolve()
            if not resolved.exists() and not resolved.suffix and (resolved.with_suffix(".md")).is_file():
                resolved = resolved.with_suffix(".md")
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            if resolved.is_dir() or not resolved.exists() or book not in resolved.parents:
                plan.notes.append(f"{relative}: link '{dest_link}' points to nothing in the book; left as it is")
                return None
            if resolved in targets:
                new_target = targets[resolved]
            else:
                if resolved not in asset_targets:
                    folder = f"{dest}/assets/{PurePosixPath(target).stem}"
                    stem = slugify(romanize(resolved.stem)) or "file"
                    name, n = f"{folder}/{stem}{resolved.suffix.lower()}", 2
                    while name in asset_targets.values():
                        name, n = f"{folder}/{stem}-{n}{resolved.suffix.lower()}", n + 1
                    asset_targets[resolved] = name
                    plan.assets.append(PlannedAsset(resolved, name))
                new_target = asset_targets[resolved]
            link = PurePosixPath(_relpath(new_target, PurePosixPath(target).parent.as_posix()))
            return quote(link.as_posix()) + fragment

        text, myst_notes = myst.convert(text)
        plan.notes += [f"{relative}: {note}" for note in myst_notes]
        body = rewrite_links(text, rewrite)
        meta = {
            "title": title,
            "part": part,
            "order": order,
            "level": level_of(part, title),
            "status": "draft",
            "updated": updated or today,
        }
        if authors:
            meta["authors"] = ", ".join(authors)
        meta["imported_from"] = f"{book.name}/{relative}"
        chapter = PlannedChapter(relative, target, meta, body)
        existing = repo / target
        if existing.exists():
            origin = _origin_of(existing)
            if not force:
                chapter.action = "skip"
                # a code: the command words it from the catalogs (importer.reason.*)
                chapter.reason = "same_origin" if origin == meta["imported_from"] else "chapter_exists"
            else:
                chapter.action = "overwrite"
        plan.chapters.append(chapter)
    return plan


def _relpath(target: str, start: str) -> str:
    import posixpath

    return posixpath.relpath(target, start or ".")


def _origin_of(path: Path) -> str | None:
    try:
        return parse(read_text(path)).meta.get("imported_from")
    except (ContentError, OSError):
        return None
