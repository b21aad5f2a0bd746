"""Response bytes → normalized entries, per source kind.

Everything here is a pure function of (kind, bytes, headers) and returns plain
data, so it can run in a worker process: feedparser is the bottleneck of a big
collection and a process pool lets it use every core.
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from . import failure
from .text import clean_title, html_to_text, shorten
from .urls import arxiv_id, canonical_url, doi

EXCERPT_CHARS = 600
MAX_TAGS = 8
FEEDPARSER_HEADERS = frozenset({"content-type", "content-location", "content-language"})
KINDS = ("feed", "arxiv", "hf-papers", "github-releases", "hn")


class NotAFeed(Exception):
    """The response parsed, but it is not something we can take items from (``str()``: failure.coded)."""

    def __init__(self, code: str, /, **params):
        super().__init__(failure.coded(code, **params))


def parse_feed(body: bytes, headers: dict | None = None):
    """feedparser on bytes, told the HTTP headers so a charset sent only there is honoured.

    A stream, never a str or bytes: feedparser would treat a short string as a
    URL or a file name to open.
    """
    import feedparser

    lowered = {k.lower(): v for k, v in (headers or {}).items() if k.lower() in FEEDPARSER_HEADERS}
    if "content-type" not in lowered:
        # Without a media type the headers say nothing about the bytes; feedparser would
        # flag the feed for the missing header instead of judging the document itself.
        lowered = {}
    # No sanitizing and no relative-URI rewriting inside HTML: we keep only plain text
    # (html_to_text), never markup, and the two passes cost feedparser three quarters of its time.
    return feedparser.parse(io.BytesIO(body), response_headers=lowered, sanitize_html=False, resolve_relative_uris=False)


def parse_source(kind: str, source_id: str, body: bytes, headers: dict, max_items: int) -> dict:
    """Entries of one response, or ``{"error": ...}``. Never raises for bad input."""
    try:
        if kind == "hf-papers":
            entries = _hf_papers(body, source_id)
            warning = ""
        else:
            result = parse_feed(body, headers)
            warning = _check_feed(result, headers)
            entries = [_entry(kind, source_id, e, result) for e in result.entries]
        entries = [e for e in entries if e is not None][:max_items]
        return {"entries": entries, "warning": warning}
    except NotAFeed as exc:
        return {"error": str(exc)}
    except Exception as exc:  # a parser crash on hostile input is this source's failure only
        return {"error": failure.coded("unparsable", detail=f"{type(exc).__name__}: {exc}")}


def _check_feed(result, headers: dict) -> str:
    """Raise NotAFeed when nothing usable came back; return a warning for a damaged feed."""
    content_type = {k.lower(): v for k, v in (headers or {}).items()}.get("content-type", "")
    problem = str(result.get("bozo_exception", "")) if result.get("bozo") else ""
    if not result.entries:
        if not result.version:
            if "html" in content_type.lower() or _looks_like_html(result):
                raise NotAFeed("html_page")
            raise NotAFeed("not_a_feed", detail=problem) if problem else NotAFeed("no_feed_document")
        if problem:
            raise NotAFeed("malformed_feed", format=result.version.upper(), detail=problem)
        return ""
    return failure.coded("damaged_feed", detail=problem) if problem else ""


def _looks_like_html(result) -> bool:
    exc = str(result.get("bozo_exception", "")).lower()
    return "html" in exc


def _iso(struct) -> str | None:
    if not struct:
        return None
    try:
        moment = datetime(*struct[:6], tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None
    if not 1990 <= moment.year <= 2100:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _link(entry) -> str:
    link = entry.get("link") or ""
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                return candidate["href"]
    return link


def _authors(entry) -> list[str]:
    names = [a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"].strip()]
    out: list[str] = []
    for name in names:
        # arXiv and some blogs put every author in one dc:creator
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", clean_title(name)) if "," in name else [clean_title(name)]:
            if part and part not in out:
                out.append(part)
    return out[:20]


def _summary_text(entry, limit: int = EXCERPT_CHARS * 10) -> str:
    """The text of the start of the entry's summary or content, whichever says more: an excerpt needs
    no more, and whole articles in content:encoded would cost more to reduce to text than to parse.

    The summary wins unless it is only a scrap of the content: a blog's summary can be the caption of
    its first picture ("Our new Hong Kong office.") while the content holds the article."""
    summary = (entry.get("summary") or "")[:limit]
    content = next((c["value"][:limit] for c in entry.get("content", []) if c.get("value")), "")
    if not summary or not content or summary == content:
        return html_to_text(summary or content)
    texts = html_to_text(summary), html_to_text(content)  # each reduced once: the shapers take the winner's
    short, full = (" ".join(t.split()) for t in texts)
    scrap = len(short) < len(full) and (short in full or len(short) * 3 < min(len(full), EXCERPT_CHARS))
    return texts[1] if scrap else texts[0]


def _tags(entry) -> list[str]:
    tags: list[str] = []
    for tag in entry.get("tags", []):
        term = clean_title(tag.get("term") or "")[:60]
        if term and term not in tags:
            tags.append(term)
    return tags[:MAX_TAGS]


def _entry(kind: str, source_id: str, entry, result) -> dict | None:
    title = clean_title(entry.get("title", ""))[:1000]
    summary = _summary_text(entry)
    link = _link(entry)
    entry_id = entry.get("id", "") or ""
    item = {
        "source": source_id,
        "title": title,
        "url": canonical_url(link),
        "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        "authors": _authors(entry),
        "excerpt": shorten(summary, EXCERPT_CHARS),
        "tags": _tags(entry),
        "arxiv": arxiv_id(link, entry_id),
        "doi": doi(
            entry.get("prism_doi", ""), entry.get("arxiv_doi", ""), entry.get("dc_identifier", ""),
            link if "doi" in link.lower() else "", entry_id if entry_id.lower().startswith(("doi:", "10.")) else "",
        ),
    }
    shape = {"arxiv": _arxiv, "github-releases": _github_release, "hn": _hn}.get(kind)
    if shape:
        item = shape(item, entry, result, summary)
    if item is None or not item["url"]:
        return None  # nothing to point a reader to: an entry without a web address is not an item
    if not item["title"]:
        item["title"] = item["excerpt"][:80] or item["url"]
    return item


_ARXIV_PREFIX = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s*(Abstract:\s*)?", re.I)


def _arxiv(item: dict, entry, result, summary: str) -> dict | None:
    if str(entry.get("arxiv_announce_type", "")).startswith("replace"):
        return None  # a new version of an old paper is not news
    identifier = item["arxiv"] or arxiv_id(entry.get("id", ""), "arxiv " + entry.get("id", ""))
    if not identifier:
        return item
    item["arxiv"] = identifier
    item["url"] = f"https://arxiv.org/abs/{identifier}"
    item["excerpt"] = html_to_text(_ARXIV_PREFIX.sub("", summary), EXCERPT_CHARS)
    item["title"] = re.sub(r"\s*\(arXiv:[^)]*\)\s*$", "", item["title"])  # old arXiv RSS suffix
    return item


def _github_release(item: dict, entry, result, summary: str) -> dict:
    parts = urlsplit(item["url"]).path.strip("/").split("/")
    if len(parts) >= 2:
        repo = parts[1]
        if repo.lower() not in item["title"].lower():
            item["title"] = f"{repo} {item['title']}".strip()
    if "release" not in item["tags"]:
        item["tags"] = ["release", *item["tags"]][:MAX_TAGS]
    return item


_HN_FIELDS = re.compile(r"(Article URL|Comments URL|Points|# Comments):\s*(\S+)")


def _hn(item: dict, entry, result, summary: str) -> dict:
    raw = summary
    fields = dict(_HN_FIELDS.findall(raw))
    comments = entry.get("comments") or fields.get("Comments URL", "")
    if comments:
        item["discussion"] = canonical_url(comments)
    rest = _HN_FIELDS.sub("", raw).strip()
    numbers = []
    if fields.get("Points", "").isdigit():
        numbers.append(f"{fields['Points']} points")
    if fields.get("# Comments", "").isdigit():
        numbers.append(f"{fields['# Comments']} comments")
    lead = f"Hacker News: {', '.join(numbers)}" if numbers else ""
    item["excerpt"] = html_to_text(" ".join(p for p in (rest, lead) if p), EXCERPT_CHARS)
    item["tags"] = ["hacker-news", *[t for t in item["tags"] if t != "hacker-news"]][:MAX_TAGS]
    return item


def _hf_papers(body: bytes, source_id: str) -> list[dict]:
    """Hugging Face daily papers: ``[{"paper": {"id", "title", "summary", "authors"}, ...}]``."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotAFeed("hf_not_json", detail=str(exc)) from None
    if not isinstance(data, list):
        raise NotAFeed("hf_not_list")
    entries = []
    for row in data:
        paper = row.get("paper") if isinstance(row, dict) else None
        if not isinstance(paper, dict) or not isinstance(paper.get("id"), str):
            continue
        identifier = arxiv_id("arxiv " + paper["id"])
        published = row.get("publishedAt") or paper.get("publishedAt") or ""
        authors = [a.get("name", "") for a in paper.get("authors", []) if isinstance(a, dict)]
        keywords = paper.get("ai_keywords") or []
        entries.append(
            {
                "source": source_id,
                "title": clean_title(str(paper.get("title") or row.get("title") or ""))[:1000],
                "url": canonical_url(f"https://huggingface.co/papers/{paper['id']}"),
                "published": _iso_text(published),
                "authors": [clean_title(a) for a in authors if a][:20],
                "excerpt": html_to_text(str(paper.get("summary") or ""), EXCERPT_CHARS),
                "tags": [clean_title(str(k))[:60] for k in keywords if isinstance(k, str)][:MAX_TAGS],
                "arxiv": identifier,
                "doi": "",
            }
        )
    return [e for e in entries if e["title"] and e["url"]]


def _iso_text(value: str) -> str | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def die_with_parent() -> None:
    """Pool initializer: a worker ends when the process that forked it dies (Linux).

    A collect run killed by SIGKILL (a cancelled job, a test) cannot shut its pool down;
    without this its workers would sit on their queue for minutes as orphans.
    """
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def warm_up() -> bool:
    """Import feedparser in a fresh worker before the first response arrives."""
    import feedparser  # noqa: F401

    return True
