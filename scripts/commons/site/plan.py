"""``commons site``'s core: the repository's handbook and newsletters → a MkDocs project.

The site is built from the same files people read on GitHub; nothing is written
for the site alone. Chapters keep their reading order (curated parts, then drafts),
open with a compact header (level, date, tags, related chapters) instead of
GitHub's front-matter table, and keep previous/next within curated chapters or
within drafts. Newsletters form an archive with their pictures and the Atom feed.
Search is Material for MkDocs' lunr index with English and Korean (``lang: [en, ko]``),
which matches word prefixes: 트랜스포머 finds 트랜스포머를.

Pure apart from :func:`read_repository`, which gathers the files.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .. import i18n
from ..content import layout, regions
from ..content.frontmatter import ContentError, parse, read_text
from ..handbook.book import HANDBOOK, Book, Chapter, load
from ..handbook.importer import rewrite_links
from ..pages.index import NAV_REGION
from ..content.markdown import text as markdown_text
from . import markup

# Lunr splits words here; Korean has no stemmer, so prefix matching does the work
# (Material adds a trailing wildcard to every query word).
SEARCH_SEPARATOR = r"""[\s\-,:;!?()\[\]{}"'“”‘’·…/|<>=]+|\.(?!\d)"""
UNLINKED = "\x00unlinked"  # a destination marking a link to show as its text only
_UNLINKED_LINK = re.compile(r"!?\[((?:[^\[\]]|\\[\[\]])*)\]\(\x00unlinked\)")
PICTURES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True)
class SourceFile:
    path: str  # repository-relative
    text: str | None  # markdown text; None for a file copied as it is


@dataclass
class SitePlan:
    pages: dict[str, str] = field(default_factory=dict)  # docs path → markdown
    copies: dict[str, str] = field(default_factory=dict)  # docs path → repository path
    config: dict = field(default_factory=dict)  # mkdocs.yml
    notes: list[str] = field(default_factory=list)  # what a person should look at
    unlinked: list[str] = field(default_factory=list)  # links shown as text: nothing to fix


def docs_path(repo_path: str) -> str | None:
    """Where a repository file lands in the site (None: it is not part of the site)."""
    parts = repo_path.split("/")
    if parts[0] == HANDBOOK and len(parts) > 1:
        inner = "/".join(parts[1:])
        return "index.md" if inner == "README.md" else inner
    if parts[0] in WORK_FOLDERS and len(parts) > 1:
        return _work_docs_path(parts)
    if parts[0] == layout.NEWS and len(parts) > 1:
        if parts[-1] == "README.md" and len(parts) <= 3:
            return "/".join([*parts[:-1], "index.md"])
        if parts[-1] == "feed.xml" and len(parts) == 2:
            return repo_path
        if len(parts) == 3 and parts[-1].lower().endswith(PICTURES):
            return repo_path
    return None


# Members' works (commons.works): notes/, posts/, logs/ and the portfolio pages keep their
# repository paths on the site; their README.md indexes become the folders' pages.
WORK_FOLDERS = ("notes", "posts", "logs", "portfolio")


def _work_docs_path(parts: list[str]) -> str | None:
    if parts[-1] == "README.md":
        return f"{parts[0]}/index.md" if len(parts) == 2 else None
    if parts[0] == "portfolio":
        return "/".join(parts) if len(parts) == 2 and parts[-1].endswith((".md", ".svg")) else None
    if parts[-1].endswith(".md"):
        return "/".join(parts) if len(parts) == 3 else None
    if parts[0] == "posts" and len(parts) >= 4 and parts[2] == "assets" and parts[-1].lower().endswith(PICTURES):
        return "/".join(parts)  # a post's images
    return None


_SPACED_IMAGE = re.compile(r"!\[[^\]\n]*\]\(([^()\n<>]*\s[^()\n<>]*?)\)")


def work_page(text: str, rewrite, missing=lambda destination: False) -> str:
    """A note, post or log as the site shows it: its title as the page's only front matter
    (a member's keys never reach MkDocs: no ``template`` or ``hide`` from a file), then the body.

    An image whose address has spaces and whose file is not there (a post brought without
    its blog's images) stays text, as GitHub shows it, instead of failing the build."""
    try:
        doc = parse(text)
    except ContentError:
        return generic_page(text, rewrite)
    title = str(doc.meta.get("title") or "")
    body = _SPACED_IMAGE.sub(lambda m: markdown_text(m.group(0)) if missing(m.group(1)) else m.group(0), doc.body)
    subtitle = doc.meta.get("subtitle")
    if title and _first_heading(body) is None:
        lead = f"*{markdown_text(subtitle)}*\n\n" if isinstance(subtitle, str) and subtitle.strip() else ""
        body = f"# {markdown_text(title)}\n\n{lead}{body}"
    meta = f"---\ntitle: {_yaml_string(title)}\n---\n" if title else ""
    return meta + generic_page(body, rewrite)


def _link_rewriter(repo_path: str, site_files: set[str], repo_url: str, plan: SitePlan, exists):
    """A ``rewrite_links`` callback for a page that came from ``repo_path``."""
    here = docs_path(repo_path) or repo_path
    folder = posixpath.dirname(repo_path)

    def rewrite(destination: str) -> str | None:
        parts = urlsplit(destination)
        if parts.scheme and parts.scheme.lower() not in ("http", "https", "mailto"):
            return UNLINKED  # javascript: and the like: GitHub drops them, so does the site
        if parts.scheme or parts.netloc or destination.startswith(("#", "//")) or not parts.path:
            return None
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target.startswith("../") or target == "..":
            return None
        if target in site_files:
            relative = posixpath.relpath(docs_path(target), posixpath.dirname(here) or ".")
            return quote(relative) + fragment
        if not exists(target):
            return None  # a broken link stays as written: the strict build names it
        if repo_url:
            return f"{repo_url}/blob/HEAD/{quote(target)}{fragment}"
        plan.unlinked.append(f"{repo_path}: '{destination}' is not part of the site; shown as text there "
                          "(give --repo-url to link it on GitHub)")
        return UNLINKED

    return rewrite


def _first_heading(body: str) -> tuple[int, str] | None:
    in_fence = None
    for number, line in enumerate(body.split("\n")):
        fence = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
        if fence:
            in_fence = None if in_fence and fence.group(1)[0] == in_fence[0] else (in_fence or fence.group(1))
            continue
        if not in_fence and re.match(r"^# \S", line):
            return number, line[2:].strip()
    return None


def chapter_header(book: Book, chapter: Chapter, language: str, words: dict) -> str:
    """The compact header under a chapter's title: the other-language title, level, date,
    tags, then the related chapters as links."""
    facts = []
    other = chapter.other_title(language)
    if other:
        facts.append(f"*{markdown_text(other)}*")
    level = words.get(chapter.level, chapter.level)
    facts.append(f"**{level}**" + (f" · {words['draft']}" if chapter.draft else ""))
    if chapter.updated:
        facts.append(f"{words['updated']} {chapter.updated}")
    if chapter.tags:
        facts.append(" ".join(f"`{tag.replace('`', '')}`" for tag in chapter.tags))
    related = book.related(chapter)
    if related:
        links = " · ".join(
            f"[{markdown_text(other.shown_title(language))}]({quote(chapter.link_to(other))})" for other in related
        )
        lines = [" · ".join(facts) + "\\", f"{words['related']}: {links}"]
    else:
        lines = [" · ".join(facts)]
    return "\n".join(lines) + "\n{ .commons-meta }\n"


def chapter_footer(book: Book, chapter: Chapter, language: str, words: dict) -> str:
    before, after = book.neighbours(chapter)
    steps = []
    if before:
        steps.append(f"[← {words['previous']}: {markdown_text(before.shown_title(language))}]"
                     f"({quote(chapter.link_to(before))})")
    if after:
        steps.append(f"[{words['next']}: {markdown_text(after.shown_title(language))} →]"
                     f"({quote(chapter.link_to(after))})")
    return ("\n---\n\n" + " · ".join(steps) + "\n{ .commons-pager }\n") if steps else ""


def chapter_page(book: Book, chapter: Chapter, body: str, language: str, rewrite) -> str:
    """A chapter as the site shows it: its title (Korean first in a Korean book), the
    compact header, the body without the GitHub-only previous/next region, a pager."""
    words = i18n.catalog(language).section("site")
    try:
        body = regions.replace(body, NAV_REGION, "")
    except ContentError:
        pass
    title = chapter.shown_title(language)
    header = chapter_header(book, chapter, language, words)
    heading = _first_heading(body)
    lines = body.split("\n")
    if heading is not None:
        number, _ = heading
        lines[number : number + 1] = [f"# {markdown_text(title)}", "", header]
    else:
        lines[0:0] = [f"# {markdown_text(title)}", "", header]
    text = "\n".join(lines).rstrip("\n") + "\n" + chapter_footer(book, chapter, language, words)
    text = _links(markup.github_inline(markup.alerts_to_admonitions(text)), rewrite)
    meta = f"---\ntitle: {_yaml_string(title)}\n---\n"
    return meta + text


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generic_page(text: str, rewrite) -> str:
    """A generated page (index, newsletter) as Python-Markdown must read it, links rewritten; its
    HTML is made safe by site/sanitize.py, through the hooks."""
    return _links(markup.github_inline(markup.alerts_to_admonitions(text)), rewrite)


def _links(text: str, rewrite) -> str:
    return _UNLINKED_LINK.sub(lambda m: m.group(1), rewrite_links(text, rewrite)).replace(UNLINKED, "")


def plan(
    book: Book,
    files: list[SourceFile],
    *,
    name: str,
    description: str,
    language: str,
    repo_url: str = "",
    site_url: str = "",
    exists=lambda path: True,
) -> SitePlan:
    """The whole site: pages, copied files and the MkDocs configuration.

    ``exists(repository path)`` tells a link to a file outside the site (linked on
    GitHub) from a broken one (left for the strict build to report)."""
    result = SitePlan()
    words = i18n.catalog(language).section("site")
    repo_url = repo_url.rstrip("/")
    by_path = {f.path: f for f in files}
    site_files = {f.path for f in files if docs_path(f.path) is not None}
    chapters = {f"{HANDBOOK}/{c.path}": c for c in book.chapters}

    for source in files:
        target = docs_path(source.path)
        if target is None:
            continue
        if source.text is None:
            result.copies[target] = source.path
            continue
        rewrite = _link_rewriter(source.path, site_files, repo_url, result, exists)
        chapter = chapters.get(source.path)
        if chapter is not None:
            try:
                body = parse(source.text).body
            except ContentError as exc:
                result.notes.append(f"{source.path}:{exc.line}: left out of the site ({exc.message})")
                continue
            result.pages[target] = chapter_page(book, chapter, body, language, rewrite)
        elif source.path.split("/")[0] in WORK_FOLDERS and source.path.count("/") == 2:
            folder = posixpath.dirname(source.path)
            result.pages[target] = work_page(
                source.text, rewrite,
                lambda dest, folder=folder: not exists(posixpath.normpath(posixpath.join(folder, unquote(dest)))))
        else:
            text = news_first(source.text, words) if source.path == f"{HANDBOOK}/README.md" else source.text
            result.pages[target] = generic_page(text, rewrite)

    if "index.md" not in result.pages:
        result.pages["index.md"] = f"# {markdown_text(name)}\n\n{markdown_text(description)}\n"
    news_index = f"{layout.NEWS}/index.md"
    if news_index in result.pages:
        if f"{layout.NEWS}/feed.xml" in result.copies and "](feed.xml)" not in result.pages[news_index]:
            result.pages[news_index] = _under_title(result.pages[news_index],
                                                    ["", f"[{words['feed']}](feed.xml){{ .commons-feed }}", ""])
        cycles = sorted({p.split("/")[1] for p in site_files if p.count("/") == 2 and p.startswith(f"{layout.NEWS}/")},
                        reverse=True)
        latest = next((c for c in cycles if f"{layout.NEWS}/{c}/contributions.svg" in by_path), None)
        if latest:  # the archive is a list first; the members' chart comes after it
            result.pages[news_index] = (result.pages[news_index].rstrip("\n") + "\n\n"
                                        + f"![{words['contributions']}]({latest}/contributions.svg)\n")

    result.config = mkdocs_config(book, result, name=name, description=description, language=language,
                                  repo_url=repo_url, site_url=site_url, words=words)
    return result


def news_first(text: str, words: dict) -> str:
    """The handbook's front page as the site opens it: under the title, the latest issue and the way
    into the handbook's contents; the introduction after them (GitHub keeps the file's own order)."""
    from ..pages.index import HANDBOOK_REGION
    from ..publish.newsletter import anchor
    from ..pages.news import LATEST_REGION

    start, end = regions.start_marker(LATEST_REGION), regions.end_marker(LATEST_REGION)
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        return text
    block, rest = text[i:j + len(end)], text[:i] + text[j + len(end):]
    lines = rest.split("\n")
    index = next((n for n, line in enumerate(lines) if line.strip() == regions.start_marker(HANDBOOK_REGION)), None)
    contents = next((line[3:].strip() for line in reversed(lines[:index]) if line.startswith("## ")), None) \
        if index is not None else None
    way = [f"[{words['to_contents']}](#{anchor(contents)}){{ .commons-contents }}", ""] if contents else []
    return _under_title(rest, ["", block, "", *way])


def _under_title(text: str, block: list[str]) -> str:
    """``text`` with the lines of ``block`` right under its first heading (at the top when it has none)."""
    lines = text.split("\n")
    heading = _first_heading(text)
    at = heading[0] + 1 if heading else 0
    lines[at:at] = block
    return "\n".join(lines)


def _nav_title(text: str) -> str:
    return " ".join(str(text).split())


def mkdocs_config(book: Book, site: SitePlan, *, name: str, description: str, language: str,
                  repo_url: str, site_url: str, words: dict) -> dict:
    nav: list = [{words["home"]: "index.md"}]
    for part, chapters in book.parts:
        entries = [{_nav_title(c.shown_title(language)): c.path} for c in chapters if c.path in site.pages]
        if entries:
            nav.append({_nav_title(part): entries})
    news_index = f"{layout.NEWS}/index.md"
    if news_index in site.pages:
        letters = sorted((p for p in site.pages if p.count("/") == 2 and p.startswith(f"{layout.NEWS}/")),
                         reverse=True)
        week = i18n.catalog(language).week_name  # the reader's calendar, not the cycle's code
        nav.append({words["news"]: [news_index, *({week(p.split("/")[1]): p} for p in letters)]})
    works = []
    for folder in ("notes", "posts", "logs"):  # each kind's index opens its section (navigation.indexes)
        pages = sorted((p for p in site.pages if p.startswith(f"{folder}/") and p.count("/") == 2),
                       reverse=folder != "notes")  # posts and logs newest first: their names start with a date
        if f"{folder}/index.md" in site.pages:
            works.append({words[folder]: [f"{folder}/index.md", *pages]})
    portfolios = sorted(p for p in site.pages if p.startswith("portfolio/") and p.endswith(".md"))
    if portfolios:
        works.append({words["portfolios"]: portfolios})
    if works:
        nav.append({words["works"]: works})
    config = {
        "site_name": name,
        "site_description": description,
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": language.split("-")[0],
            "font": False,  # system fonts: no request to Google Fonts, Hangul from the reader's own fonts
            "custom_dir": "overrides",
            "features": ["navigation.sections", "navigation.top", "navigation.indexes", "search.highlight",
                         "search.suggest", "content.code.copy", "toc.follow"],
            "palette": [
                {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "white",
                 "accent": "green"},
                {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "black",
                 "accent": "green"},
            ],
        },
        "extra_css": ["assets/commons.css"],
        "plugins": [{"search": {"lang": ["en", "ko"], "separator": SEARCH_SEPARATOR}}],
        "markdown_extensions": [
            "admonition", "attr_list", "tables", "footnotes", "pymdownx.details", "pymdownx.superfences",
            "pymdownx.tilde", {"toc": {"permalink": True, "slugify": SLUGIFY}},
        ],
        "validation": {"nav": {"omitted_files": "info", "absolute_links": "info"},
                       "links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "info"}},
        "nav": nav,
        "hooks": [HOOKS],  # every page's HTML, title and nav label through site/sanitize.py
    }
    if repo_url:
        config["repo_url"] = repo_url
        config["edit_uri"] = ""
    if site_url:
        config["site_url"] = site_url
    return config


HOOKS = "hooks.py"  # written beside mkdocs.yml by the command; it imports commons.site.hooks
HOOKS_FILE = "from commons.site.hooks import on_config, on_nav, on_page_content  # noqa: F401\n"

# Heading ids as GitHub makes them (Hangul kept, lower case), so `#자료` links work on both.
SLUGIFY = "__slugify__"


def mkdocs_yaml(config: dict) -> str:
    """mkdocs.yml text. The slug function is a Python object, which MkDocs' loader
    builds from a tag that ``yaml.safe_dump`` cannot write, so it is put in by hand."""
    import yaml

    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    return text.replace(
        f"slugify: {SLUGIFY}",
        "slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}",
    )


STYLESHEET = """/* Knowledge Commons: Hangul that breaks between words, a compact chapter header. */
.md-typeset { word-break: keep-all; overflow-wrap: anywhere; }
.md-typeset .commons-meta { font-size: .72rem; color: var(--md-default-fg-color--light); margin-top: -.6rem; }
.md-typeset .commons-meta code { font-size: .68rem; }
.md-typeset .commons-pager { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.md-typeset .commons-feed::before { content: "📡 "; }
"""

FEED_LINK = """{% extends "base.html" %}
{% block extrahead %}
  {{ super() }}
  <link rel="alternate" type="application/atom+xml" title="{{ config.site_name }}" href="{{ 'news/feed.xml' | url }}">
{% endblock %}
"""


def site_feed(repo: Path, config, site_url: str) -> str:
    """news/feed.xml as the site serves it: the same entries, every link to the site's own pages
    (the committed feed may point at GitHub when commons.yml has no ``site_url``)."""
    from ..pages import feed
    from ..content import issues

    slash = site_url if site_url.endswith("/") else site_url + "/"
    return feed.render(issues.published(repo), community=config.name,
                       title=i18n.catalog(config.language).section("index")["news_title"],
                       description=config.description, language=config.language,
                       links=feed.Links(slash + f"{layout.NEWS}/", site=True))


def read_repository(repo: Path) -> tuple[Book, list[SourceFile], list[str]]:
    """The book and every file the site is made of, read from the repository."""
    repo = Path(repo)
    book = load(repo)
    notes = list(book.notes)
    files: list[SourceFile] = []
    handbook = repo / HANDBOOK
    if handbook.is_dir():
        for path in sorted(handbook.rglob("*")):
            relative = path.relative_to(repo).as_posix()
            if not path.is_file() or any(p.startswith(".") for p in relative.split("/")):
                continue
            files.append(_source(path, relative, notes))
    news = repo / layout.NEWS
    if news.is_dir():
        for path in sorted(news.glob("*")):
            relative = path.relative_to(repo).as_posix()
            if path.is_file() and docs_path(relative):
                files.append(_source(path, relative, notes))
        for cycle in layout.cycles(repo):
            folder = news / cycle
            for path in sorted(folder.glob("*")):
                relative = path.relative_to(repo).as_posix()
                if path.is_file() and docs_path(relative):
                    files.append(_source(path, relative, notes))
    for folder in WORK_FOLDERS:
        base = repo / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(repo).as_posix()
            if path.is_file() and not any(p.startswith(".") for p in relative.split("/")) and docs_path(relative):
                files.append(_source(path, relative, notes))
    return book, [f for f in files if f is not None], notes


def _source(path: Path, relative: str, notes: list[str]) -> SourceFile | None:
    if path.suffix != ".md":
        return SourceFile(relative, None)
    try:
        return SourceFile(relative, read_text(path).replace("\r\n", "\n"))
    except (ContentError, OSError) as exc:
        notes.append(f"{relative}: left out of the site ({getattr(exc, 'message', exc)})")
        return None
