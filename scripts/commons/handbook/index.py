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
from ..publish.markdown import text as markdown_text
from .book import HANDBOOK, Book, Chapter, load

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


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


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


def _read(path: Path, plan: Plan) -> str | None:
    """The file's text, None when it does not exist; an unreadable file is noted, never replaced."""
    if not path.exists():
        return None
    try:
        return read_text(path).replace("\r\n", "\n")
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


def _news(repo: Path, result: Plan, name: str, description: str, language: str, news_url: str) -> None:
    """news/README.md, each issue's links, news/feed.xml and the latest-issue regions."""
    from ..publish import feed, issues as news_issues, pages

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
    feed_path = f"{layout.NEWS}/feed.xml"
    try:
        before = _read(repo / feed_path, result)
    except _Unreadable:
        return
    _propose(result, feed_path, before, feed.render(published, community=name, title=words["news_title"],
                                                    description=description, language=language, base=news_url))


def plan(repo: Path, name: str, description: str, language: str, news_url: str = "") -> Plan:
    """Everything ``commons index`` would write, read from the repository as it is."""
    repo = Path(repo)
    result = Plan()
    book = load(repo)
    result.notes.extend(book.notes)
    words = labels(language)

    readme = f"{HANDBOOK}/README.md"
    try:
        before = _read(repo / readme, result)
        base = before if before is not None else _new_file(name, description or "", HANDBOOK_REGION)
        index_text = handbook_index(book, language)
        _propose(result, readme, before, _with_region(readme, base, HANDBOOK_REGION, index_text, result))
    except _Unreadable:
        pass

    for chapter in book.chapters:
        path = f"{HANDBOOK}/{chapter.path}"
        try:
            raw = read_text(repo / path)
            doc = parse(raw)
        except ContentError:
            continue  # load() has already noted it
        body = _with_region(path, doc.body, NAV_REGION, chapter_nav(book, chapter, language), result)
        if body is None:
            continue
        doc.body = body
        after = doc.render()
        _propose(result, path, raw, after)

    news = repo / layout.NEWS
    if news.is_dir():
        _news(repo, result, name, description, language, news_url)
    return result
