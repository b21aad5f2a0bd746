"""A member's portfolio page: reviews (and the newsletter issues they appeared in), chapters,
notes, posts and logs, with a 잔디 of the last season — ``portfolio/<member>.md`` and ``.svg``.

Only the ``commons:portfolio`` region is generated; a member may write a bio or links around
it. A member with ``portfolio: false`` in members.yml gets no page (and validate says so
if one is there). :func:`reviews_by_member` reads the repository; the rest is pure.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import items as content_items
from ..content import layout as content_layout
from ..content.cycles import parse_cycle
from ..git import blob_id
from ..content.frontmatter import MAX_FILE_BYTES, ContentError, decode, parse, read_text
from ..content import markdown as md
from . import jandi
from ..works import layout
from ..works.collection import Work
from ..works.phrases import labels

REGION = "portfolio"
SEASON_CYCLES = 26  # half a year: a season of the crew, and about as wide as a page allows
ROW_KEYS = ("reviews", "chapters", "notes", "posts", "logs")


@dataclass(frozen=True)
class CycleRows:
    """A member's finished reviews of one cycle, as the lines of the page's review table."""
    cycle: str
    rows: tuple[str, ...]


@dataclass(frozen=True)
class WrittenChapter:
    path: str  # repository-relative
    title: str
    part: str
    updated: str
    cycle: str


@dataclass
class Portfolio:
    handle: str
    name: str = ""
    reviews: list[CycleRows] = field(default_factory=list)  # newest cycle first
    chapters: list[WrittenChapter] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Work]:
        return [w for w in self.works if w.kind == kind]

    def counts(self) -> dict[tuple[str, str], int]:
        """Contributions per (row, cycle) for the 잔디."""
        out: dict[tuple[str, str], int] = {}

        def add(row: str, cycle: str):
            if cycle:
                out[(row, cycle)] = out.get((row, cycle), 0) + 1

        for block in self.reviews:
            for _ in block.rows:
                add("reviews", block.cycle)
        for chapter in self.chapters:
            add("chapters", chapter.cycle)
        for work in self.works:
            add(f"{work.kind}s", work.cycle)
        return out


def reviewers(repo: Path, listed: dict[str, list[str]]) -> set[str]:
    """Everyone with a review folder in any cycle (lowercase): cheap, no file is read. The folders
    are walked; ``listed`` (see listed_by_cycle) adds what the tree here leaves out."""
    repo = Path(repo)
    found = {folder.name.lower() for cycle in content_layout.cycles(repo)
             for folder in content_layout.reviews_dir(repo, cycle).glob("*") if folder.is_dir()}
    for files in listed.values():
        found.update(relative.split("/")[3].lower() for relative in files)
    return found


CACHE = ".commons/portfolio/reviews.jsonl"  # what each review file said, by the file's git blob id
# ~350 bytes a review: a year of 30 members is ~3.3 MB, past the 1 MB a member's file may have.
CACHE_MAX_BYTES = 1 << 30


@functools.cache  # the same for the whole process; index and publish ask for it several times
def entry_code() -> str:
    """The code that makes an entry (_review_entry, the front matter's parser, what "finished"
    means, the YAML library): a cache written by other code says nothing and is rebuilt from the
    files, so the committed file can never say what this code would not."""
    import inspect
    from importlib import metadata

    from ..content import frontmatter, yamlsafe

    digest = hashlib.sha256(metadata.version("PyYAML").encode())
    for source in (inspect.getsource(_ENTRY_MAKER), *(Path(m.__file__).read_bytes().decode()
                                                       for m in (frontmatter, yamlsafe, content_items))):
        digest.update(source.encode() + b"\0")
    return digest.hexdigest()[:16]


def cache_header() -> str:
    return f'{{"version": 3, "code": "{entry_code()}"}}\n'


def read_cache(text: str | None) -> dict[str, list]:
    """The cache's entries; anything unreadable or written by other code counts as empty (it is
    rebuilt from the files).

    One JSON list a line, ``[path, digest, item, title, url, impact, verdict, finished]``, after
    a first line naming the format and the code: quick to read and write, and a small diff when a
    cycle is added. A line ends only at "\n" (JSON writes no other inside a string; a title may
    hold U+2028).
    """
    header = cache_header()
    if not text or not text.startswith(header):
        return {}
    try:
        rows = json.loads("[" + text[len(header):].rstrip("\n").replace("\n", ",") + "]")
    except ValueError:
        return {}
    return {row[0]: row[1:] for row in rows if isinstance(row, list) and len(row) == 8 and isinstance(row[0], str)}


def load_cache(repo: Path) -> dict[str, list]:
    """The committed cache's entries, read whole (a year's is ~3.5 MB, past a member file's limit);
    one that cannot be read counts as empty, as in read_cache."""
    try:
        return read_cache(read_text(Path(repo) / CACHE, CACHE_MAX_BYTES))
    except (OSError, ContentError):
        return {}


def _cache_lines(entries: dict[str, list]) -> str:
    """The cache's lines for ``entries`` (after cache_header()), sorted by path."""
    return "".join(json.dumps([path, *entries[path]], ensure_ascii=False) + "\n" for path in sorted(entries))


def _review_entry(path: Path, data: bytes) -> list | None:
    """[digest, item, title, url, impact, verdict, finished] of one review file; None when unreadable."""
    try:
        meta = parse(decode(data)).meta
    except ContentError:
        return None
    finished = not content_items.unfinished_fields(meta)
    item = str(meta.get("item") or path.stem)
    return [blob_id(data), item, str(meta.get("title") or item), str(meta.get("url") or ""),
            meta.get("impact") if finished else None, meta.get("verdict") if finished else None, finished]


_ENTRY_MAKER = _review_entry  # what entry_code reads (a test may stand in for _review_entry)


def untrue_entries(repo: Path, cache_text: str | None) -> list[tuple[int, str]]:
    """(line, path) of the cache's entries a reader would trust (a review file of that path with that
    blob id is here) that say something else than the file: a line edited by hand, or written by
    other code under this code's name. CI rebuilds each such entry from its file and compares
    (``commons index --verify``), so the committed cache can only say what the files say."""
    header = cache_header()
    if not cache_text or not cache_text.startswith(header):
        return []  # nobody trusts it: rebuilt from the files
    untrue = []
    for number, line in enumerate(cache_text[len(header):].split("\n"), 2):
        try:
            path, *entry = json.loads(line)
        except (ValueError, TypeError):
            continue  # read_cache drops the whole cache then: nothing in it is trusted
        if not isinstance(path, str) or not _REVIEW_PATH.fullmatch(path):
            continue  # never looked up
        try:
            with open(Path(repo) / path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError:
            continue  # no such file here: nothing to vouch for
        if entry[:1] == [blob_id(data)] and json.dumps(entry) != json.dumps(_review_entry(Path(path), data)):
            untrue.append((number, path))
    return untrue


def _review_paths(repo: Path, cycle: str, listed=()) -> list[tuple[str, str, str]]:
    """(member folder, repository-relative path, absolute path) of a cycle's review files, sorted:
    the cycle's folders walked (os.scandir: a year has ~1,600 of them), and the repository-relative
    paths ``listed`` (see listed_by_cycle) that are not there: publish builds its scratch tree
    without the old reviews the cache answers for (publish.plan.needed)."""
    prefix = f"{content_layout.NEWS}/{cycle}/reviews/"
    found = []
    base = content_layout.reviews_dir(repo, cycle)
    try:
        folders = sorted((e for e in os.scandir(base) if e.is_dir()), key=lambda e: e.name)
    except OSError:
        folders = []
    for folder in folders:
        try:
            names = sorted(e.name for e in os.scandir(folder.path) if e.name.endswith(".md") and e.is_file())
        except OSError:
            continue
        found.extend((folder.name, f"{prefix}{folder.name}/{name}", os.path.join(folder.path, name))
                     for name in names)
    if listed:
        here = {relative for _, relative, _ in found}
        for relative in listed:
            if relative not in here:
                here.add(relative)
                found.append((relative.split("/")[3], relative, os.path.join(repo, relative)))
        found.sort(key=lambda f: (f[0], f[1]))
    return found


def review_cycles(repo: Path, listed: dict[str, list[str]]) -> list[str]:
    """The cycles, oldest first: the tree's, and those only the ``listed`` review files (see
    listed_by_cycle) name (a scratch tree built without a cycle's reviews may have nothing else of it)."""
    return sorted(set(content_layout.cycles(repo)) | set(listed))


def listed_by_cycle(paths) -> dict[str, list[str]]:
    """Cycle → the review files (news/<cycle>/reviews/<member>/<file>.md) among ``paths``."""
    out: dict[str, list[str]] = {}
    review = _REVIEW_PATH.fullmatch
    for relative in paths or ():
        if relative.endswith(".md") and (found := review(relative)):  # (a year is ~10,000 paths)
            out.setdefault(found[1], []).append(relative)
    return out


_REVIEW_PATH = re.compile(rf"{re.escape(content_layout.NEWS)}/({content_layout.CYCLE_FOLDER.pattern})/reviews/[^/]+/[^/]+")


def answered(cache: dict[str, list], vouched: dict[str, str]) -> set[str]:
    """The review files the cache answers for by the blob id git gives them (``vouched``): review_entries
    neither reads them nor needs them in the tree."""
    return {path for path, known in cache.items() if vouched.get(path) == known[0]}


def review_entries(repo: Path, cycles, cache: dict[str, list], blob_ids: dict[str, str], listed: dict[str, list[str]]):
    """(cycle, member folder, path, entry) of the review files of ``cycles``; an entry is
    ``[digest, item, title, url, impact, verdict, finished]``. A review file whose bytes the
    cache knows is not parsed again: a long history stays cheap to index (bench/publish).
    ``blob_ids`` (git.clean_blob_ids): files git says are unchanged since committed; one whose
    id the cache holds is not even read (nor need it be in the tree); ``listed`` what
    listed_by_cycle makes of them (once: a year is ~10,000 paths)."""
    for cycle in cycles:
        for member, relative, absolute in _review_paths(repo, cycle, listed.get(cycle, ())):
            known = cache.get(relative)
            if known and blob_ids.get(relative) == known[0]:
                entry = known
            else:
                try:
                    with open(absolute, "rb") as fh:
                        data = fh.read(MAX_FILE_BYTES + 1)
                except OSError:
                    continue  # validate reports it
                entry = known if known and known[0] == blob_id(data) else _review_entry(Path(absolute), data)
            if entry is not None:
                yield cycle, member, relative, entry


def reviews_by_member(repo: Path, language: str, cache_text: str | None, blob_ids: dict[str, str],
                      listed: dict[str, list[str]]) -> tuple[dict[str, list[CycleRows]], str]:
    """Every finished review in the repository by reviewer (lowercase), as table rows, newest cycle
    first; and the cache (``cache_text``: the committed one) as it should now be (see review_entries)."""
    repo = Path(repo)
    cache = read_cache(cache_text)
    entries: dict[str, list] = {}
    out: dict[str, list[CycleRows]] = {}
    words = labels(language)
    for cycle in reversed(review_cycles(repo, listed)):
        published = content_layout.newsletter_path(repo, cycle).is_file()
        found = {}
        for _, member, relative, entry in review_entries(repo, [cycle], cache, blob_ids, listed):
            found[relative] = (member, entry)
            entries[relative] = entry
        for handle, rows in _cycle_rows(cycle, list(found.values()), published, words).items():
            out.setdefault(handle, []).append(CycleRows(cycle, tuple(rows)))
    return out, cache_header() + _cache_lines(entries)


def _cycle_rows(cycle: str, entries: list[tuple[str, list]], published: bool, words: dict) -> dict[str, list[str]]:
    """Reviewer (lowercase) → the table lines of their finished reviews of ``cycle``."""
    finished = [(m, e) for m, e in entries if e[6]]
    chosen = {e[1] for _, e in finished if e[5] != "skip"}
    verdicts, issue = words["verdicts"], words["issue"]
    out: dict[str, list[str]] = {}
    for member, entry in finished:
        title, url, impact, verdict = entry[2], entry[3], entry[4], entry[5]
        in_newsletter = published and entry[1] in chosen
        out.setdefault(member.lower(), []).append(  # the folder is the reviewer, never a name in the file
            f"- {md.link(title, url)} · {words['impact']} {impact} · {verdicts.get(verdict, verdict)}"
            + (f" · [{issue}](../news/{cycle}/README.md)" if in_newsletter else ""))
    return out


def season(latest: str, n: int = SEASON_CYCLES) -> list[str]:
    """The ``n`` cycles ending with ``latest``, oldest first."""
    from datetime import timedelta

    from ..content.cycles import cycle_name, due_date

    end = due_date(latest)
    return [cycle_name(end - timedelta(weeks=k)) for k in range(n - 1, -1, -1)]


def picture(portfolio: Portfolio, cycles: list[str], language: str) -> str:
    """The member's 잔디 over their own weeks: from their first contribution in ``cycles`` (a new
    member sees the weeks they have been here, not a season of empty columns), at most
    jandi.MAX_COLUMNS, so that it stays legible on a phone."""
    from .. import i18n

    words = labels(language)
    rows = list(words["rows"])
    counts = {(rows[ROW_KEYS.index(row)], cycle): n for (row, cycle), n in portfolio.counts().items()}
    active = {cycle for (_, cycle), n in counts.items() if n}
    first = next((k for k, cycle in enumerate(cycles) if cycle in active), max(len(cycles) - 1, 0))
    shown = cycles[max(first, len(cycles) - jandi.MAX_COLUMNS):]
    title = f"{md.handle(portfolio.handle)} · " + words["jandi"].format(n=len(shown))
    return jandi.grid(title, rows, shown, counts, words["legend"], column_label=i18n.catalog(language).week_axis)


def _rel_from_page(path: str) -> str:
    return "../" + path


def render(portfolio: Portfolio, community: str, latest: str | None, language: str) -> str:
    """The content of the page's ``commons:portfolio`` region."""
    words = labels(language)
    page = layout.portfolio_page(portfolio.handle)
    out = [""]
    if latest:
        from .. import i18n

        week = i18n.catalog(language).week_name(latest)
        out += [f"_{md.text(words['as_of'].format(community=community, cycle=week))}_", ""]
    totals = words["totals"].format(
        reviews=sum(len(block.rows) for block in portfolio.reviews), chapters=len(portfolio.chapters), notes=len(portfolio.of_kind("note")),
        posts=len(portfolio.of_kind("post")), logs=len(portfolio.of_kind("log")))
    out += [f"**{totals}**", ""]
    if latest:
        picture_name = layout.portfolio_picture(portfolio.handle).rsplit("/", 1)[-1]
        out += [f"![{words['jandi_alt']}]({picture_name})", ""]

    if any(block.rows for block in portfolio.reviews):
        from .. import i18n

        week = i18n.catalog(language).week_name
        out += [f"## {words['reviews']}", ""]
        for block in portfolio.reviews:  # a list under each week: a table would break a syllable a line on a phone
            if block.rows:
                out += [f"**{week(block.cycle)}**", "", *block.rows, ""]
    if portfolio.chapters:
        out += [f"## {words['chapter_list']}", "", f"| {words['chapters']} | {words['part']} | {words['updated']} |",
                "|---|---|---|"]
        for chapter in portfolio.chapters:
            out.append(f"| [{md.text(chapter.title)}]({_rel_from_page(chapter.path)}) | {md.text(chapter.part)} | "
                       f"{md.text(chapter.updated) or '—'} |")
        out.append("")
    for kind, heading in (("note", "notes"), ("post", "posts"), ("log", "logs")):
        found = portfolio.of_kind(kind)
        if not found:
            continue
        out += [f"## {words[heading]}", ""]
        for work in found:
            day = work.day.isoformat() if work.day else work.cycle
            extra = f" — {md.text(work.subtitle)}" if work.subtitle else ""
            if kind == "log":
                extra = f" ({md.text(words['log_type'].get(work.log_type, work.log_type))}, {md.text(work.team)})"
            out.append(f"- {day} · [{md.text(work.title)}]({work.link_from(page)}){extra}")
        out.append("")
    out += ["---", "", f"<sub>{words['footer']}</sub>", ""]
    return "\n".join(out) + "\n"


def new_page(handle: str, name: str, language: str) -> str:
    """A page to put the region in when the member has none yet."""
    from ..content import regions

    words = labels(language)
    heading = f"{md.text(name)} ({md.handle(handle)})" if name else md.handle(handle)
    return (f"# {heading}\n\n<!-- {words['page_hint']} -->\n\n"
            f"{regions.start_marker(REGION)}\n{regions.end_marker(REGION)}\n")


def latest_cycle(cycles: list[str]) -> str | None:
    known = []
    for cycle in cycles:
        try:
            parse_cycle(cycle)
        except ValueError:
            continue
        known.append(cycle)
    return max(known) if known else None
