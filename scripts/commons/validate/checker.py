"""Check files: front matter against its schema, the body against its rules,
and the few facts that tie a file to the rest of the repository.

Every failure becomes a :class:`Problem`; nothing here raises for bad input.
Large runs are spread over processes, because parsing YAML is CPU work.
"""

from __future__ import annotations

import difflib
import hashlib
import operator
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .. import config as config_module
from .. import schemas
from ..content import cycles, regions
from ..content.frontmatter import ContentError, read, read_text
from ..content.items import oversized_review
from ..problems import Problem
from ..works import layout as works_layout
from ..works import rules as works_rules
from . import active
from . import body as body_rules
from .kinds import classify, parts_of
from .. import i18n
from ..i18n import say

# Chapter keys that moved from front matter into body sections (DESIGN.md, "chapter").
MOVED_TO_BODY = {"summary": "summary", "why": "why", "related": "connections", "connections": "connections"}


def _moved_message(key: str, sections: tuple[dict, ...]) -> str:
    titles = next((s["titles"] for s in sections if s["id"] == MOVED_TO_BODY[key]), [key])
    return say("validate.moved_related" if key == "related" else "validate.moved_to_body", title=titles[0])

PARALLEL_THRESHOLD = 400  # below this, starting processes costs more than it saves
CHUNK = 250


class Target(NamedTuple):  # one per file of the repository: a tuple is the quickest to make
    path: str  # as shown to people: repository-relative when inside the repository
    absolute: str
    kind: str | None
    explicit: bool = False  # named on the command line (not found by walking a folder)
    placed: bool = False  # in the repository where the layout gives it this kind (not only by --kind)


@dataclass(frozen=True)
class Settings:
    repo: str
    schema_dir: str
    sections: tuple[dict, ...] = config_module.DEFAULT_SECTIONS
    resource_kinds: tuple[str, ...] = config_module.DEFAULT_RESOURCE_KINDS
    # Facts about the rest of the repository, gathered once per run.
    chapters: frozenset[str] = field(default_factory=frozenset)
    item_ids: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (cycle, id)
    members: frozenset[str] = field(default_factory=frozenset)  # lowercase handles in members.yml
    opted_out: frozenset[str] = field(default_factory=frozenset)  # members with `portfolio: false`
    category_ids: frozenset[str] | None = None  # commons.yml's, or None when it is broken
    language: str = "en"  # the run's language (i18n.active), for worker processes
    week: object = None  # commons.yml's week (cycles.Week): the cycle a dated log falls in


def settings_for(repo: Path) -> Settings:
    """Read what every check needs once: config sections, known chapters and items."""
    repo = Path(repo)
    schemas.forget()  # what the result cache's fingerprint reads is what the checks use
    sections = config_module.DEFAULT_SECTIONS
    resource_kinds = config_module.DEFAULT_RESOURCE_KINDS
    category_ids = week = None
    try:
        config = config_module.load_config(repo)
        week = config.week
        sections, resource_kinds = config.handbook.sections, config.handbook.resource_kinds
        category_ids = frozenset(c.id for c in config.categories)
    except Exception:  # a broken commons.yml is reported as its own problem; use defaults here
        pass
    handbook = repo / "handbook"
    chapters = frozenset(
        p.relative_to(handbook).with_suffix("").as_posix()
        for p in handbook.rglob("*.md")
        if p.name != "README.md"
    ) if handbook.is_dir() else frozenset()
    chapter_names = chapters | {c.rsplit("/", 1)[-1] for c in chapters}
    items = _item_ids(repo / "news")
    members = opted_out = frozenset()
    try:
        roster = config_module.load_members(repo)
        members = frozenset(m.github.lower() for m in roster)
        opted_out = frozenset(m.github.lower() for m in roster if not m.portfolio)
    except Exception:  # a broken members.yml is reported as its own problem; skip roster rules here
        pass
    return Settings(
        str(repo), str(repo / "schemas"), tuple(sections), tuple(resource_kinds), chapter_names, items,
        members, opted_out, category_ids, i18n.active().language, week,
    )


def _item_ids(news: Path) -> frozenset[tuple[str, str]]:
    """(cycle, id) of every item file, from the names alone."""
    return frozenset((path.parent.parent.name, path.stem) for path in news.glob("*/items/*.md"))


def _item_known(item_ids: frozenset[tuple[str, str]], cycle: str, item_id: str) -> bool:
    """An item of the review's cycle, or one of the previous cycle that `commons assign` carried over."""
    if (cycle, item_id) in item_ids:
        return True
    try:
        return (cycles.previous_cycle(cycle), item_id) in item_ids
    except ValueError:  # a folder that is not a cycle name; the schema and path rules say so
        return False


CHECKED_SUFFIXES = (".md", ".yml", ".jsonl", ".svg")
# Members' markdown the site shows: what in it would run script there is named here first.
ACTIVE_KINDS = ("chapter", "review", *works_layout.KINDS)


def check_target(target: Target, settings: Settings) -> list[Problem]:
    try:
        return _check(target, settings)
    except Exception as exc:  # never a traceback for one file; the others still get checked
        return [Problem(target.path, 1, 1, "", say("validate.not_checked", error=f"{type(exc).__name__}: {exc}"))]


def _check(target: Target, settings: Settings) -> list[Problem]:
    """The file's problems, by the check for its kind (WHOLE_FILE, else front matter and FRONT_MATTER)."""
    return WHOLE_FILE.get(target.kind, _check_document)(target, settings)


def _unknown(target: Target, settings: Settings) -> list[Problem]:
    return [Problem(target.path, 1, 1, "", say("validate.unknown_file"))]


def _check_config(target: Target, settings: Settings) -> list[Problem]:
    return [Problem(target.path, p.line, p.column, p.field, p.message)
            for p in config_module.check_file(Path(target.absolute), target.kind, Path(settings.schema_dir),
                                              settings.category_ids)]


def _check_review(target: Target, settings: Settings) -> list[Problem]:
    too_big = oversized_review(Path(target.absolute))
    return [Problem(target.path, 1, 1, "", too_big)] if too_big else _check_document(target, settings)


@dataclass
class _Document:
    """A file with front matter being checked: what a kind's rules look at, and the problems so far."""
    target: Target
    settings: Settings
    path: Path
    doc: object
    parts: tuple[str, ...]
    in_layout: bool  # where the layout gives it its kind: rules tying it to its folders apply
    problems: list[Problem]

    @property
    def meta(self) -> dict:
        return self.doc.meta

    def add(self, key: str, message: str) -> None:
        line, column = self.doc.position((key,))
        self.problems.append(Problem(self.target.path, line, column, key, message))


def _check_document(target: Target, settings: Settings) -> list[Problem]:
    path = Path(target.absolute)
    try:
        doc = read(path)
    except ContentError as exc:
        return [Problem(target.path, exc.line, exc.column, exc.field, exc.message)]
    except OSError as exc:
        return [Problem(target.path, 1, 1, "", say("validate.unreadable", error=exc.strerror or exc))]
    problems = []
    for key_path, field_name, message in schemas.check(Path(settings.schema_dir), target.kind, doc.meta):
        line, column = doc.position(key_path)
        problems.append(Problem(target.path, line, column, field_name, message))
    parts = parts_of(target.path)
    # With --kind a file may sit anywhere: the rules tying it to its folders apply only where it has them.
    found = _Document(target, settings, path, doc, parts, classify(parts, anchored=False) == target.kind, problems)
    rules = FRONT_MATTER.get(target.kind)
    if rules is not None:
        rules(found)
    if target.kind in ACTIVE_KINDS:
        _active_rules(found)
    return found.problems


def _active_rules(d: _Document) -> None:
    """What the site would strip from a member's markdown: named with its file and line."""
    for line, message in active.markdown_problems(d.doc.body):
        d.problems.append(Problem(d.target.path, d.doc.body_line + line - 1, 1, "", message))
    for line, column, field_name, message in active.field_problems(d.meta, d.doc.position):
        d.problems.append(Problem(d.target.path, line, column, field_name, message))


def _item_rules(d: _Document) -> None:
    cycle, meta, stem = d.parts[-3] if d.in_layout else None, d.meta, d.path.stem
    if isinstance(meta.get("id"), str) and meta["id"] != stem:
        d.add("id", say("validate.same_as_file_name", value=meta["id"], name=stem))
    if cycle and isinstance(meta.get("cycle"), str) and meta["cycle"] != cycle:
        d.add("cycle", say("validate.same_as_folder", value=meta["cycle"], folder=cycle))


def _review_rules(d: _Document) -> None:
    cycle, member = (d.parts[-4], d.parts[-2]) if d.in_layout else (None, None)
    meta, stem, settings = d.meta, d.path.stem, d.settings
    if isinstance(meta.get("item"), str):
        if meta["item"] != stem:
            d.add("item", say("validate.same_as_file_name", value=meta["item"], name=stem))
        elif cycle and settings.item_ids and not _item_known(settings.item_ids, cycle, meta["item"]):
            d.add("item", say("validate.no_such_item", item=meta["item"], cycle=cycle))
    if member and isinstance(meta.get("reviewer"), str) and meta["reviewer"].lower() != member.lower():
        d.add("reviewer", say("validate.same_as_folder_name", value=meta["reviewer"], folder=member))
    _review_chapter(d)


def _review_chapter(d: _Document) -> None:
    chapter, chapters = d.meta.get("chapter"), d.settings.chapters
    if isinstance(chapter, str) and (chapter.endswith(".md") or chapter.startswith("handbook/")):
        # One message with the fix, not the schema's "not in the expected form" and "no chapter" both.
        fixed = chapter.removeprefix("handbook/").removesuffix(".md")
        d.problems[:] = [p for p in d.problems if p.field != "chapter"]
        known = not chapters or fixed in chapters
        d.add("chapter", say("validate.chapter_as_name" if known else "validate.chapter_as_name_unknown", chapter=fixed))
    elif d.meta.get("verdict") == "handbook" and isinstance(chapter, str) and chapters and chapter not in chapters:
        close = difflib.get_close_matches(chapter, sorted(chapters), n=1)
        d.add("chapter", say("validate.no_chapter_close", chapter=chapter, close=close[0]) if close
              else say("validate.no_chapter_list", chapter=chapter))


def _chapter_rules(d: _Document) -> None:
    settings = d.settings
    d.problems[:] = [p for p in d.problems if p.field not in MOVED_TO_BODY]
    for key in MOVED_TO_BODY:
        if key in d.meta:
            d.add(key, _moved_message(key, settings.sections))
    for line, field_name, message in body_rules.check_chapter_body(
        d.doc.body, d.path, settings.sections, d.doc.body_line,
        resource_kinds=settings.resource_kinds, draft=d.meta.get("status") == "draft",
    ):
        d.problems.append(Problem(d.target.path, line, 1, field_name, message))


def _work_rules(d: _Document) -> None:
    kind, doc, path = d.target.kind, d.doc, d.path
    # A file checked with --kind outside the layout has no folder or name to judge.
    in_layout = classify(d.parts, anchored=not Path(d.target.path).is_absolute()) == kind
    for line, column, field_name, message in works_rules.check_file(
        kind, doc, d.parts, path, d.settings.chapters, d.settings.members, in_layout, d.settings.week
    ):
        d.problems.append(Problem(d.target.path, line, column, field_name, message))
    for line, field_name, message in works_rules.check_body(kind, d.meta, doc.body, path, doc.body_line):
        d.problems.append(Problem(d.target.path, line, 1, field_name, message))


def _check_svg(target: Target, settings: Settings) -> list[Problem]:
    """A picture the site serves from its own origin: nothing in it may run script there."""
    try:
        text = Path(target.absolute).read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        return [Problem(target.path, 1, 1, "", say("validate.unreadable", error=exc.strerror or exc))]
    return [Problem(target.path, line, 1, "", message) for line, message in active.svg_file_problems(text)]


def _check_portfolio(target: Target, settings: Settings) -> list[Problem]:
    """A portfolio page: a member's, who has not opted out, with its generated region intact."""
    path = Path(target.absolute)
    try:
        doc = read(path, require_front_matter=False)
    except ContentError as exc:
        return [Problem(target.path, exc.line, exc.column, exc.field, exc.message)]
    except OSError as exc:
        return [Problem(target.path, 1, 1, "", say("validate.unreadable", error=exc.strerror or exc))]
    problems = []
    handle = path.stem.lower()
    if handle in settings.opted_out:
        problems.append(Problem(target.path, 1, 1, "portfolio",
                                say("validate.opted_out", handle=handle)))
    elif settings.members and handle not in settings.members:
        problems.append(Problem(target.path, 1, 1, "", say("validate.not_a_member", handle=handle)))
    try:
        regions.regions(doc.body)
    except ContentError as exc:
        problems.append(Problem(target.path, doc.body_line + exc.line - 1, 1, exc.field, exc.message))
    return problems


def _check_pool(target: Target, settings: Settings) -> list[Problem]:
    """Every line of a pool file is one item: its fields against the item schema, by line."""
    from ..content import items as content_items

    path = Path(target.absolute)
    cycle = parts_of(target.path)[-3]
    try:
        text = read_text(path, max_bytes=1 << 30)
    except (ContentError, OSError) as exc:
        return [Problem(target.path, 1, 1, "", say("validate.unreadable", error=getattr(exc, 'message', None) or exc))]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    schema_dir = Path(settings.schema_dir)
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        try:
            meta = content_items.parse_pool_line(raw)
        except ValueError as exc:
            field_name, _, message = str(exc).partition(": ") if str(exc).startswith("id: ") else ("", "", str(exc))  # noqa
            problems.append(Problem(target.path, number, 1, field_name, message))
            continue
        for key_path, field_name, message in schemas.check(schema_dir, "item", meta):
            problems.append(Problem(target.path, number, 1, field_name, message))
        item_id = meta["id"]
        if item_id in seen:
            problems.append(Problem(target.path, number, 1, "id", say("validate.already_on_line", id=item_id, line=seen[item_id])))
        seen.setdefault(item_id, number)
        if isinstance(meta.get("cycle"), str) and meta["cycle"] != cycle:
            problems.append(Problem(target.path, number, 1, "cycle", say("validate.same_as_folder", value=meta['cycle'], folder=cycle)))
        if meta.get("status") in ("assigned", "reviewed", "published"):
            problems.append(Problem(target.path, number, 1, "status",
                                    say("validate.pool_status", status=meta['status'], cycle=cycle, id=item_id)))
    return problems


# Kinds checked their own way, whole; every other kind is a file with front matter (_check_document).
WHOLE_FILE = {None: _unknown, "pool": _check_pool, "svg": _check_svg, "commons": _check_config,
              "members": _check_config, "review": _check_review, "portfolio": _check_portfolio}
# What a kind's front matter must say beyond its schema, about its place and the rest of the repository.
FRONT_MATTER = {"item": _item_rules, "review": _review_rules, "chapter": _chapter_rules,
                **{kind: _work_rules for kind in works_layout.KINDS}}


def _check_chunk(args) -> list[Problem]:
    targets, settings = args
    i18n.use(settings.language)  # a worker process says its problems in the run's language too
    out: list[Problem] = []
    for target in targets:
        out.extend(check_target(target, settings))
    return out


def check_all(targets: list[Target], settings: Settings, workers: int | None = None, cache=None,
              blob_ids: dict[str, str] | None = None) -> list[Problem]:
    """Check every target; spreads the work over processes when there is a lot of it. With a
    :class:`~commons.validate.cache.ResultCache`, unchanged files are answered from it.

    ``blob_ids`` (``git.clean_blob_ids``): the files git vouches are, on disk, these committed
    blobs: their keys are known without reading them, so an unchanged repository costs no read
    of its history. Any other file is read and hashed."""
    if cache is None:
        return _check_many(targets, settings, workers)
    from ..git import blob_id

    blob_ids = blob_ids or {}
    answered: list[Problem] = []
    todo: list[Target] = []
    keys: dict[str, tuple[Target, str, str]] = {}
    context_of, cacheable, key_of, cached = _Contexts(settings).of, cache.cacheable, cache.key, cache.get
    for target in targets:  # (a year is ~13,000 times round: names bound once)
        if cacheable(target):
            known = blob_ids.get(target.path)
            if known is None:
                try:
                    known = blob_id(Path(target.absolute).read_bytes())
                except OSError:
                    todo.append(target)  # the check says what is wrong with it
                    continue
            key = key_of(target, known, context_of(target))
            hit = cached(key)
            if hit is not None:
                if hit:
                    answered += [Problem(target.path, *found) for found in hit]
                continue
            keys[target.path] = (target, key, known)
        todo.append(target)
    found = _check_many(todo, settings, workers)
    by_path: dict[str, list[list]] = {}
    for problem in found:
        by_path.setdefault(problem.path, []).append([problem.line, problem.column, problem.field, problem.message])
    for path, (target, key, known) in keys.items():
        # Kept only for the bytes that were checked: a file edited since it was keyed (by git or
        # by reading it) is not filed under its old id, so that id can never answer for other bytes.
        if _still(target, known):
            cache.put(key, by_path.get(path, []))
    return sorted(answered + found)


def _still(target: Target, known: str) -> bool:
    from ..git import blob_id

    try:
        return blob_id(Path(target.absolute).read_bytes(), len(known)) == known
    except OSError:
        return False


class _Contexts:
    """What a cached answer depends on beyond its file: for a review, the items it may name (its
    cycle's and the previous cycle's, see _item_known) and the chapters."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.by_cycle: dict[str, list[str]] = {}
        self.reviews: dict[str, str] = {}  # cycle → its reviews' context
        self.chapters = hashlib.sha256("\n".join(sorted(settings.chapters)).encode()).hexdigest()

    def of(self, target: Target) -> str:
        return self._of_cycle(parts_of(target.path)[-4]) if target.kind == "review" else ""

    def _of_cycle(self, cycle: str) -> str:
        if cycle not in self.reviews:
            if not self.by_cycle:
                for item_cycle, item_id in self.settings.item_ids:
                    self.by_cycle.setdefault(item_cycle, []).append(item_id)
            try:
                previous = cycles.previous_cycle(cycle)
            except ValueError:
                previous = ""
            digest = hashlib.sha256(self.chapters.encode())
            digest.update(b"items" if self.settings.item_ids else b"no items")
            for name in (cycle, previous):
                digest.update(("\0" + name + "\0" + "\n".join(sorted(self.by_cycle.get(name, [])))).encode())
            self.reviews[cycle] = digest.hexdigest()
        return self.reviews[cycle]


def _check_many(targets: list[Target], settings: Settings, workers: int | None = None) -> list[Problem]:
    workers = workers or os.cpu_count() or 1
    if len(targets) < PARALLEL_THRESHOLD or workers < 2:
        return sorted(_check_chunk((targets, settings)))
    chunks = [(targets[i : i + CHUNK], settings) for i in range(0, len(targets), CHUNK)]
    problems: list[Problem] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for found in pool.map(_check_chunk, chunks):
            problems.extend(found)
    return sorted(problems)


_name = operator.attrgetter("name")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".commons", ".github"}


def discover(paths: list[Path], repo: Path, forced_kind: str | None = None) -> tuple[list[Target], list[str]]:
    """Turn command-line paths into targets. Returns (targets, paths that do not exist)."""
    repo = Path(repo).resolve()
    targets: list[Target] = []
    missing: list[str] = []
    seen: set[str] = set()

    def add_target(shown: str, key: str, inside: bool, name: str, explicit: bool) -> None:
        if key in seen:
            return
        seen.add(key)
        placed_kind = classify(parts_of(shown), anchored=inside)
        kind = forced_kind or placed_kind
        if kind is None and not explicit:
            return
        if (forced_kind and not explicit
                and PurePosixPath(name).suffix != (".yml" if forced_kind in ("commons", "members") else ".md")):
            return
        placed = inside and (placed_kind if not forced_kind else classify(parts_of(shown))) == kind
        targets.append(Target(shown, key, kind, explicit, placed))

    def add(file: Path, explicit: bool) -> None:
        absolute = file.resolve()
        try:
            shown, inside = absolute.relative_to(repo).as_posix(), True
        except ValueError:
            shown, inside = str(file), False
        add_target(shown, str(absolute), inside, file.name, explicit)

    def walk(folder: str, relative: str, resolved_prefix: str, shown_root: str | None) -> None:
        """os.walk's order and rules (links to folders are not followed) with strings, not a Path and a
        realpath per file: a year's repository is ~14,000 files."""
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            return  # os.walk skips a folder it cannot list, and so do we
        folders = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                folders.append(entry)
                continue
            name = entry.name
            if not name.lower().endswith(CHECKED_SUFFIXES):
                continue
            if entry.is_symlink():
                add(Path(entry.path), explicit=False)  # where the link leads
                continue
            below = relative + name
            # Shown as the repository calls it, or outside it as it was given.
            shown, inside = (shown_root + below, True) if shown_root is not None else (str(Path(entry.path)), False)
            add_target(shown, resolved_prefix + below, inside, name, explicit=False)
        for entry in folders:
            if entry.name in SKIP_DIRS or entry.name.startswith(".") or entry.is_symlink():
                continue
            walk(entry.path, relative + entry.name + "/", resolved_prefix, shown_root)

    for given in paths:
        if not given.exists():
            missing.append(str(given))
        elif given.is_dir():
            resolved_root = given.resolve()
            try:
                shown_root = resolved_root.relative_to(repo).as_posix()
                shown_root = "" if shown_root == "." else shown_root + "/"
            except ValueError:
                shown_root = None
            walk(str(given), "", str(resolved_root).rstrip("/") + "/", shown_root)
        else:
            add(given, explicit=True)
    return targets, missing
