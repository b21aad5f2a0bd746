"""``commons index``'s core: the handbook's table of contents, the newsletter index and
the previous/next/related links at the foot of every chapter, as a plan of file changes.

Everything generated lives between ``<!-- commons:NAME start/end -->`` markers
(:mod:`commons.content.regions`); text around them is never touched. Pure apart
from :func:`plan`, which reads the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..content import layout, regions
from ..content.cycles import due_date
from ..content.frontmatter import ContentError, parse, read_text
from ..content.markdown import text as markdown_text
from ..works import collection as works_collection
from . import works as works_index
from ..works import layout as works_layout
from . import portfolio as works_portfolio
from ..handbook.book import HANDBOOK, Book, Chapter, load

HANDBOOK_REGION = "handbook-index"
NEWS_REGION = "news-index"
NAV_REGION = "nav"

def labels(language: str) -> dict:
    """The index's words in ``language`` (the catalog's ``index`` section)."""
    return i18n.catalog(language).section("index")


@dataclass(frozen=True)
class Change:
    path: str  # repository-relative
    before: str | None  # None: the file does not exist yet
    after: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)  # things a person should look at

    @property
    def problems(self) -> bool:
        return bool(self.notes)


def _text(title: str) -> str:
    """A title safe inside a link's [brackets]."""
    return " ".join(str(title).split()).replace("[", "\\[").replace("]", "\\]")


def _short(text: str, limit: int = 100) -> str:
    """A summary cut to fit one line of the index, at a word boundary."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(".,;:…") + "…"


_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


def first_sentence(text: str) -> str:
    """The first sentence of a summary ("…다. 다음 문장" → "…다.")."""
    text = " ".join(str(text).split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def _level(chapter: Chapter, words: dict) -> str:
    level = words.get(chapter.level, chapter.level)
    return f"{level} · {words['draft']}" if chapter.draft else level


def _inline(text: str) -> str:
    """Text from a file that is shown as plain words in a list line (no markup takes effect)."""
    return markdown_text(" ".join(str(text).split()))


def chapter_entry(chapter: Chapter, language: str, words: dict, link: str) -> list[str]:
    """One chapter as a numbered list item: the title people read first, then level,
    date and the summary's first sentence on a line of their own (readable on a phone)."""
    title = f"**[{_text(chapter.shown_title(language))}]({link})**"
    other = chapter.other_title(language)
    head = f"{title} · {_inline(other)}" if other else title
    facts = [_level(chapter, words)]
    if chapter.updated:
        facts.append(chapter.updated)
    line = " · ".join(facts)
    summary = _short(first_sentence(chapter.summary), 110)
    if summary:
        line += f" — {_inline(summary)}"
    return [f"1. {head}\\", f"   {line}"]


def handbook_index(book: Book, language: str) -> str:
    """The table of contents: one section per part, one numbered list item per chapter."""
    words = labels(language)
    if not book.chapters:
        return f"\n{words['no_chapters']}\n\n"
    drafts = sum(1 for c in book.chapters if c.draft)
    count = words["count"].format(n=len(book.chapters), d=drafts)
    if not drafts:
        count = count.split(" · ")[0]
    out = ["", f"_{count}_", ""]
    for part, chapters in book.parts:
        out += [f"### {_inline(part)}", ""]
        for chapter in chapters:
            out += chapter_entry(chapter, language, words, chapter.path)
        out.append("")
    return "\n".join(out) + "\n"


def chapter_nav(book: Book, chapter: Chapter, language: str) -> str:
    """Previous / contents / next, then the related chapters, for the foot of a chapter."""
    words = labels(language)
    before, after = book.neighbours(chapter)
    to_readme = Chapter(path="README.md", title="", part="", order=0)
    steps = []
    if before:
        steps.append(f"[← {words['previous']}: {_text(before.shown_title(language))}]({chapter.link_to(before)})")
    steps.append(f"[{words['contents']}]({chapter.link_to(to_readme)})")
    if after:
        steps.append(f"[{words['next']}: {_text(after.shown_title(language))} →]({chapter.link_to(after)})")
    out = ["", "---", "", " · ".join(steps), ""]
    related = book.related(chapter)
    if related:
        links = " · ".join(
            f"[{_text(other.shown_title(language))}]({chapter.link_to(other)})" for other in related
        )
        out += [f"**{words['related']}:** {links}", ""]
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Cycle:
    name: str
    items: int
    newsletter: bool


def news_index(cycles: list[Cycle], language: str, week=None) -> str:
    """Every cycle, newest first, linking its newsletter when there is one."""
    words = labels(language)
    if not cycles:
        return f"\n{words['no_cycles']}\n\n"
    out = ["", f"| {words['cycle']} | {words['due']} | {words['newsletter']} | {words['items']} |", "|---|---|---|---|"]
    for cycle in sorted(cycles, key=lambda c: c.name, reverse=True):
        letter = f"[{words['newsletter_link']} {cycle.name}]({cycle.name}/README.md)" if cycle.newsletter else words["not_yet"]
        out.append(f"| {cycle.name} | {due_date(cycle.name, week).isoformat()} | {letter} | {cycle.items} |")
    return "\n".join(out) + "\n\n"


def _new_file(title: str, intro: str, region: str) -> str:
    intro = f"{intro}\n\n" if intro else ""
    return f"# {title}\n\n{intro}{regions.start_marker(region)}\n{regions.end_marker(region)}\n"


def _with_region(path: str, text: str, name: str, content: str, plan: Plan) -> str | None:
    try:
        return regions.replace(text, name, content)
    except ContentError as exc:
        plan.notes.append(f"{path}:{exc.line}:{exc.column}: {exc.field}: {exc.message}; left as it is")
        return None


def _propose(plan: Plan, path: str, before: str | None, after: str | None) -> None:
    if after is None:
        return
    if before == after:
        plan.unchanged += 1
    else:
        plan.changes.append(Change(path, before, after))


class _Unreadable(Exception):
    pass


def _read(path: Path, plan: Plan, max_bytes: int | None = None) -> str | None:
    """The file's text, None when it does not exist; an unreadable file is noted, never replaced."""
    if not path.exists():
        return None
    try:
        return (read_text(path, max_bytes) if max_bytes else read_text(path)).replace("\r\n", "\n")
    except (ContentError, OSError) as exc:
        plan.notes.append(f"{path}: cannot be read ({getattr(exc, 'message', exc)}); left as it is")
        raise _Unreadable from None


def _region_in(path: str, repo: Path, result: Plan, name: str, content: str, *, create: str | None = None) -> None:
    """Region ``name`` of ``path`` set to ``content``, on top of any change already planned for the file;
    a file without the markers is left alone unless ``create`` gives the text of a new file."""
    earlier = next((c for c in result.changes if c.path == path), None)
    if earlier is not None:
        before, base = earlier.before, earlier.after
    else:
        try:
            before = _read(repo / path, result)
        except _Unreadable:
            return
        base = before if before is not None else create
    if base is None:
        return
    try:
        if create is None and name not in regions.regions(base):
            return
    except ContentError as exc:
        result.notes.append(f"{path}:{exc.line}:{exc.column}: {exc.field}: {exc.message}; left as it is")
        return
    after = _with_region(path, base, name, content, result)
    if after is None:
        return
    if earlier is not None:
        result.changes = [c for c in result.changes if c.path != path]
        if before == after:
            result.unchanged += 1
            return
        result.changes.append(Change(path, before, after))
        return
    _propose(result, path, before, after)


def _news(repo: Path, result: Plan, name: str, description: str, language: str, news_url) -> None:
    """news/README.md, each issue's links, news/feed.xml and the latest-issue regions."""
    from . import feed, news as pages
    from ..content import issues as news_issues

    words = labels(language)
    published = news_issues.published(repo)
    done = {i.cycle for i in published}
    pending = [c for c in layout.cycles(repo) if c not in done and any(layout.items_dir(repo, c).glob("*.md"))]
    _region_in(f"{layout.NEWS}/README.md", repo, result, pages.INDEX_REGION,
               pages.news_index(published, pending, language),
               create=_new_file(words["news_title"], "", pages.INDEX_REGION))
    for issue in published:
        path = f"{layout.NEWS}/{issue.cycle}/README.md"
        links = pages.nav(published, issue.cycle, language)

        _region_in(path, repo, result, pages.NAV_TOP, links)
        _region_in(path, repo, result, pages.NAV_BOTTOM, links)
    for path, to_news in pages.LATEST_IN.items():
        _region_in(path, repo, result, pages.LATEST_REGION, pages.latest(published, to_news, language))
    feed_path = feed.PATH
    try:
        before = _read(repo / feed_path, result)
    except _Unreadable:
        return
    _propose(result, feed_path, before, feed.render(published, community=name, title=words["news_title"],
                                                    description=description, language=language, links=news_url or feed.Links()))


def plan(repo: Path, name: str, description: str, language: str, news_url=None,
         vouched: dict[str, str] | None = None, week=None) -> Plan:
    """Everything ``commons index`` would write, read from the repository as it is. ``vouched``:
    path → git blob id of the review files git vouches for (git.clean_blob_ids of the repository
    by default; the portfolio cache answers for them by blob id); publish passes its source's
    for a scratch tree that leaves out the old reviews the cache answers for."""
    repo = Path(repo)
    result = Plan()
    if vouched is None:
        from ..git import clean_blob_ids

        vouched = clean_blob_ids(repo, layout.REVIEW_FILES)
    book = load(repo)
    result.notes.extend(book.notes)

    works, unreadable = works_collection.load(repo, week)  # week: commons.yml's, for the cycle of a dated work
    result.notes.extend(unreadable)
    roster = _roster(repo, result)
    listed = works_portfolio.listed_by_cycle(vouched)  # once: a year is ~10,000 paths
    reviewers = works_portfolio.reviewers(repo, listed)
    who = _who(roster)
    credited = {h for w in works for h in w.credited} | {who[a.casefold()] for c in book.chapters
                                                         for a in c.authors if a.casefold() in who}
    portfolios = [(m.github.lower(), m.name) for m in roster
                  if m.portfolio and _has_page(repo, m, credited | reviewers)]
    linked = frozenset(handle for handle, _ in portfolios)
    chapter_paths = {c.slug: (c.title, f"{HANDBOOK}/{c.path}") for c in book.chapters}
    chapter_paths.update({c.name: (c.title, f"{HANDBOOK}/{c.path}") for c in book.chapters})

    readme = f"{HANDBOOK}/README.md"
    try:
        before = _read(repo / readme, result)
        base = before if before is not None else _new_file(name, description or "", HANDBOOK_REGION)
        index_text = handbook_index(book, language)
        text = _with_region(readme, base, HANDBOOK_REGION, index_text, result)
        if text is not None and (works or portfolios or works_index.WORKS_REGION in text):
            region = works_index.handbook_region(works, portfolios, chapter_paths, language)
            text = _with_region(readme, text, works_index.WORKS_REGION, region, result)
        _propose(result, readme, before, text)
    except _Unreadable:
        pass

    feeding = works_index.feeding(works)
    for chapter in book.chapters:
        path = f"{HANDBOOK}/{chapter.path}"
        try:
            raw = read_text(repo / path)
            doc = parse(raw)
        except ContentError:
            continue  # load() has already noted it
        these = feeding.get(chapter.name, []) or feeding.get(chapter.slug, [])
        body = _with_region(path, doc.body, NAV_REGION, chapter_nav(book, chapter, language), result)
        if body is None:
            continue
        # The notes, posts and logs that name the chapter, in a region of their own after the
        # nav: the site drops the nav (it has its own) but keeps these.
        if these or f"commons:{works_index.CHAPTER_REGION} start" in body:
            lines = works_index.chapter_lines(path, these, language)
            body = _with_region(path, body, works_index.CHAPTER_REGION, "\n" + "\n".join(lines) + "\n" if lines else "", result)
            if body is None:
                continue
        doc.body = body
        after = doc.render()
        _propose(result, path, raw, after)

    news = repo / layout.NEWS
    if news.is_dir():
        _news(repo, result, name, description, language, news_url)

    for kind in works_layout.KINDS:
        page = works_index.index_page(kind)
        if not (repo / works_layout.FOLDER_OF_KIND[kind]).is_dir():
            continue
        title, intro = works_index.kind_page_intro(kind, language)
        region = works_index.KIND_REGION[kind]
        try:
            before = _read(repo / page, result)
            base = before if before is not None else _new_file(title, intro, region)
            content = works_index.kind_region(kind, works, linked, chapter_paths, language)
            _propose(result, page, before, _with_region(page, base, region, content, result))
        except _Unreadable:
            pass
    _plan_portfolios(repo, result, book, works, roster, name, language, linked, vouched, listed, week)
    return result


def _roster(repo: Path, result: Plan) -> tuple:
    from ..config import load_members
    from ..problems import UsageError

    if not (repo / "members.yml").is_file():
        return ()
    try:
        return load_members(repo)
    except UsageError as exc:
        result.notes.append(f"members.yml: {exc}; portfolio pages left as they are")
        return ()


def _who(roster: tuple) -> dict[str, str]:
    """A chapter's author as written (a handle or the name in members.yml) → the member's handle."""
    out = {m.name.casefold(): m.github.lower() for m in roster if m.name}
    out.update({m.github.casefold(): m.github.lower() for m in roster})
    return out


def _has_page(repo: Path, member, contributors: set[str]) -> bool:
    """A member gets a page with their first contribution and keeps it (a CV may link it)."""
    return member.github.lower() in contributors or (repo / works_layout.portfolio_page(member.github)).is_file()


def _plan_portfolios(repo: Path, result: Plan, book: Book, works: list, roster: tuple, community: str,
                     language: str, linked: frozenset[str], vouched: dict[str, str],
                     listed: dict, week=None) -> None:
    """portfolio/<member>.md (the region only) and its 잔디, for every member who has not opted out."""
    if not roster:
        return
    who = _who(roster)
    try:  # a year's cache is 3.5 MB, past a member file's limit
        cache_before = _read(repo / works_portfolio.CACHE, result, works_portfolio.CACHE_MAX_BYTES)
    except _Unreadable:
        cache_before = None
    # Committed reviews the cache knows are not read at all: index costs the week's reviews, not the year's.
    reviews, cache = works_portfolio.reviews_by_member(repo, language, cache_before, vouched, listed)
    if cache != (cache_before if cache_before is not None else works_portfolio.cache_header()):
        _propose(result, works_portfolio.CACHE, cache_before, cache)
    chapters_by = {}
    for chapter in book.chapters:
        day = works_layout.day_of(chapter.updated)
        written = works_portfolio.WrittenChapter(
            f"{HANDBOOK}/{chapter.path}", chapter.title, chapter.part, chapter.updated,
            works_layout.cycle_of_day(day, week) if day else "")
        for author in dict.fromkeys(who[a.casefold()] for a in chapter.authors if a.casefold() in who):
            chapters_by.setdefault(author, []).append(written)
    cycles = list(layout.cycles(repo)) + [w.cycle for w in works if w.cycle]
    cycles += [c.cycle for found in chapters_by.values() for c in found if c.cycle]
    latest = works_portfolio.latest_cycle(cycles)
    season = works_portfolio.season(latest) if latest else []
    for member in roster:
        handle = member.github.lower()
        page = works_layout.portfolio_page(handle)
        if not member.portfolio:
            if (repo / page).exists():
                result.notes.append(f"{page}: {handle} opted out (portfolio: false in members.yml); delete this page")
            continue
        if handle not in linked:
            continue
        portfolio = works_portfolio.Portfolio(
            handle, member.name, reviews.get(handle, []), chapters_by.get(handle, []),
            [w for w in works if handle in w.credited and w.listed])
        content = works_portfolio.render(portfolio, community, latest, language)

        try:
            before = _read(repo / page, result)
        except _Unreadable:
            continue
        base = before if before is not None else works_portfolio.new_page(handle, member.name, language)
        _propose(result, page, before, _with_region(page, base, works_portfolio.REGION, content, result))
        if latest:
            picture = works_layout.portfolio_picture(handle)
            try:
                before_picture = _read(repo / picture, result)
            except _Unreadable:
                continue
            _propose(result, picture, before_picture, works_portfolio.picture(portfolio, season, language))
