"""A Jupyter Book ``_toc.yml`` → the pages it lists, in order, with the part each belongs to.

Read with PyYAML's safe loader, but forgiving where real books are sloppy: a key
repeated in one mapping (``chapters:`` three times under one part) joins the lists
and is noted, instead of silently keeping the last one as YAML loaders do.
Pure apart from resolving globs and file names against the book's folder.
"""

from __future__ import annotations

import os

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..i18n import say

PAGE_SUFFIXES = (".md", ".ipynb", ".rst", ".myst")


@dataclass(frozen=True)
class Listed:
    source: Path  # the page file
    caption: str  # the toc part's caption ("" when the book has none)
    group: Path | None  # the top-level chapter page this page is a section of (None: it is one)
    line: int  # line of its entry in _toc.yml
    leads: bool = False  # a top-level chapter with sections of its own (even if none were found)
    root: bool = False  # the book's front page (``root:``), which readers meet first


@dataclass
class Toc:
    pages: list[Listed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Loader(yaml.SafeLoader):
    notes: list[str]


def _construct_mapping(loader: _Loader, node, deep=False):
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        if key in mapping:
            line = key_node.start_mark.line + 1
            if isinstance(mapping[key], list) and isinstance(value, list):
                mapping[key] = mapping[key] + value
                loader.notes.append(f"line {line}: '{key}' repeated in one entry; its lists were joined")
                continue
            loader.notes.append(f"line {line}: '{key}' repeated in one entry; the last value was kept")
        mapping[key] = value
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _with_lines(loader: _Loader, node):
    """Mappings carry the line they start on, so notes can point at the toc entry."""
    data = _construct_mapping(loader, node)
    data["__line__"] = node.start_mark.line + 1
    return data


class _LineLoader(_Loader):
    pass


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _with_lines)


def parse(text: str, toc_name: str = "_toc.yml") -> tuple[dict, list[str]]:
    loader = _LineLoader(text)
    loader.notes = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{toc_name}:{mark.line + 1}:{mark.column + 1}" if mark else toc_name
        raise ValueError(f"{where}: " + say("yaml.invalid", problem=getattr(exc, 'problem', exc))) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ValueError(f"{toc_name}: " + say("importer.not_a_toc"))
    return data, [f"{toc_name} {note}" for note in loader.notes]


def outside(book: Path, path: Path) -> str:
    """Why ``path`` is not a page of ``book`` to import ("" when it is): a symbolic link (to a file, or
    a folder on the way) could lead anywhere on the machine, and ``..`` out of the book too."""
    book = Path(book).absolute()
    path = Path(path).absolute()
    try:
        relative = path.relative_to(book)
    except ValueError:
        return "is outside the book"
    if ".." in relative.parts:
        return "is outside the book"
    step = book
    for part in relative.parts:
        step = step / part
        if step.is_symlink():
            return "is a symbolic link"
    if not path.resolve().is_relative_to(book.resolve()):
        return "is outside the book"
    return ""


def _resolve(book: Path, name: str) -> Path | None:
    candidate = book / name
    if candidate.is_file():
        return candidate
    for suffix in PAGE_SUFFIXES:
        with_suffix = book / f"{name}{suffix}"
        if with_suffix.is_file():
            return with_suffix
    return None


def read(book: Path, toc_path: Path) -> Toc:
    """Pages listed by ``toc_path``, in the order a reader meets them."""
    book = Path(book)
    data, notes = parse(toc_path.read_text(encoding="utf-8"), toc_path.name)
    toc = Toc(notes=notes)
    explicit: set[Path] = set()

    def collect_files(entries) -> None:  # files named explicitly are left out of every glob
        for entry in entries or []:
            if isinstance(entry, dict):
                if isinstance(entry.get("file"), str):
                    found = _resolve(book, entry["file"])
                    if found:
                        explicit.add(found.resolve())
                for key in ("sections", "chapters", "parts", "subtrees"):
                    collect_files(entry.get(key))

    root = data.get("root")
    if isinstance(root, str) and (found := _resolve(book, root)):
        explicit.add(found.resolve())
    collect_files(data.get("parts"))
    collect_files(data.get("chapters"))
    seen: set[Path] = set()

    def add(path: Path, caption: str, group: Path | None, line: int, leads: bool = False, root: bool = False) -> None:
        why = outside(book, path)
        if why:
            shown = os.path.relpath(path, book)
            toc.notes.append(f"{toc_path.name}:{line}: '{shown}' {why}; skipped")
            return
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        if path.suffix != ".md":
            toc.notes.append(f"{toc_path.name}:{line}: '{path.relative_to(book)}' is not markdown; not imported")
            return
        toc.pages.append(Listed(path, caption, group, line, leads, root))

    def walk(entries, caption: str, group: Path | None) -> None:
        for entry in entries or []:
            if not isinstance(entry, dict):
                toc.notes.append(f"{toc_path.name}: an entry that is not a mapping ({entry!r}); skipped")
                continue
            line = entry.get("__line__", 0)
            page = group
            if isinstance(entry.get("file"), str):
                found = _resolve(book, entry["file"])
                if found is None:
                    toc.notes.append(f"{toc_path.name}:{line}: '{entry['file']}' lists a page that does not exist")
                else:
                    add(found, caption, group, line, group is None and bool(entry.get("sections")))
                    page = group or found
            elif isinstance(entry.get("glob"), str):
                pattern = entry["glob"].rstrip("/")
                if pattern.endswith("**"):  # Jupyter Book's "dir/**" means every page below dir
                    pattern += "/*"
                matches = sorted(
                    p for p in book.glob(pattern) if p.is_file() and p.suffix in PAGE_SUFFIXES
                )
                matches = [p for p in matches if p.resolve() not in explicit]
                if not matches:
                    toc.notes.append(f"{toc_path.name}:{line}: glob '{entry['glob']}' matches no page")
                for match in matches:
                    add(match, caption, group, line)
            elif isinstance(entry.get("url"), str):
                toc.notes.append(f"{toc_path.name}:{line}: '{entry['url']}' is a web link, not a page; not imported")
            for key in ("sections", "chapters"):
                walk(entry.get(key), caption, page)

    if isinstance(root, str):
        found = _resolve(book, root)
        if found is None:
            toc.notes.append(f"{toc_path.name}: root '{root}' lists a page that does not exist")
        else:
            add(found, "", None, 0, root=True)
    for part in data.get("parts") or []:
        if not isinstance(part, dict):
            continue
        walk(part.get("chapters"), str(part.get("caption") or ""), None)
    walk(data.get("chapters"), "", None)
    return toc
