"""One web page a member shared → the fields collect keeps for an entry. Pure.

A feed entry comes with a title and a summary; a page has them in its ``<head>``:
Open Graph / Twitter card tags, ``<title>``, ``<meta name=description>``, the
``citation_*`` tags that arXiv, journals and preprint servers write, and
``<link rel=canonical>``. Nothing of the page is kept as markup: only plain text
(collect's ``html_to_text``/``clean_title``), clipped as a feed's excerpt is.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

from . import failure
from .parse import EXCERPT_CHARS
from .text import clean_title, html_to_text
from .urls import arxiv_id, canonical_url, doi

MAX_PAGE_BYTES = 2_000_000  # a page's head is at its start; the rest is read only for a fallback excerpt
HTML_TYPES = ("text/html", "application/xhtml+xml")


class NotAPage(Exception):
    """The address answered, but not with a web page we can take a title from."""


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.canonical = ""
        self.paragraphs: list[str] = []
        self._in_title = False
        self._in_p = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").strip().lower()
            if key and key not in self.meta and values.get("content", "").strip():
                self.meta[key] = values["content"]
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split() and not self.canonical:
            self.canonical = values.get("href", "")
        elif tag == "title" and not self.title:
            self._in_title = True
        elif tag == "p":
            self._in_p += 1
            self._text = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "p" and self._in_p:
            self._in_p -= 1
            text = " ".join("".join(self._text).split())
            if len(text) >= 40 and len(self.paragraphs) < 3:
                self.paragraphs.append(text)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_p:
            self._text.append(data)


def decode(body: bytes, content_type: str) -> str:
    """The page's text: the charset the server named, else UTF-8 (replacing what is not)."""
    charset = ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def page_entry(body: bytes, content_type: str, final_url: str, source: str) -> dict:
    """An entry as collect's parser makes one (title, url, excerpt, arxiv, doi, published).
    Raises NotAPage when the answer is not an HTML page or names no title."""
    media = content_type.split(";")[0].strip().lower()
    if media and media not in HTML_TYPES:
        raise NotAPage(failure.coded("not_a_page", media=media))
    head = _Head()
    try:
        head.feed(decode(body[:MAX_PAGE_BYTES], content_type))
        head.close()
    except Exception as exc:  # noqa: BLE001 - hostile markup is this page's failure only
        raise NotAPage(failure.coded("unreadable_page", detail=type(exc).__name__)) from None
    meta = head.meta
    title = clean_title(meta.get("citation_title") or meta.get("og:title") or meta.get("twitter:title") or head.title)
    if not title:
        raise NotAPage(failure.coded("no_title"))
    described = meta.get("og:description") or meta.get("description") or meta.get("twitter:description") or \
        meta.get("citation_abstract") or " ".join(head.paragraphs)
    url = canonical_url(final_url)
    canonical = canonical_url(urljoin(final_url, head.canonical)) if head.canonical else ""
    entry = {
        "source": source,
        "url": url,
        "title": title[:1000],
        "published": _date(meta.get("article:published_time") or meta.get("citation_publication_date")
                           or meta.get("citation_date") or ""),
        "excerpt": html_to_text(described, EXCERPT_CHARS),
        "arxiv": arxiv_id(url, canonical, meta.get("citation_arxiv_id", "") and f"arxiv {meta['citation_arxiv_id']}"),
        "doi": doi(meta.get("citation_doi", ""), meta.get("dc.identifier", ""), url if "doi" in url else ""),
    }
    if canonical and canonical != url:
        entry["canonical"] = canonical  # dedup looks at both addresses
    return {k: v for k, v in entry.items() if v not in ("", None) or k == "published"}


def _date(text: str) -> str | None:
    """An ISO date or date-time the item schema accepts, else None."""
    from .parse import _iso_text

    text = text.strip().replace("/", "-")
    return _iso_text(text) if text else None
