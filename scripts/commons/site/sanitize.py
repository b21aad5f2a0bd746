"""Every piece of HTML the site emits, reduced to an allow-list (nh3, the binding of Rust's ammonia).

Markdown from members and from feeds reaches readers on the site, which shares an origin
with the owner's other Pages sites: what GitHub's own sanitizer does on the repository,
this does on the site. It runs on each page's HTML after Python-Markdown and its extensions
(so ``attr_list`` cannot add an attribute the list refuses), and titles and nav labels are
made text before Material for MkDocs prints them (it prints them unescaped).

- tags: what markdown, admonitions, footnotes and highlighted code make, and GitHub's
  harmless inline HTML; never ``script``, ``iframe``, ``svg``, ``form``, ``style``, ``object``;
- attributes: a short list per tag; never ``on*``, ``style``, ``srcdoc``, ``srcset``;
  an ``id`` or ``class`` that could clobber Material's own (``__config``, ``md-…``) is dropped;
- addresses: http, https, mailto and relative ones; ``javascript:``, ``data:``, ``vbscript:``
  in any spelling (ammonia decodes entities before it looks) never survive.

Pure: text in, text out. Needs the ``site`` extra.
"""

from __future__ import annotations

import functools
import html
import re

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
# Dropped with what is inside them: their text is code, never words for a reader. Other tags
# that are not allowed go and leave their text: an <iframe> left open would otherwise take the
# rest of the page with it.
CONTENT_DROPPED = frozenset({"script", "style"})
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
    "abbr": set(),
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Names Material's own script finds the page by (#__config, #__search, .md-…): a member's id or
# class must not stand in for them.
_RESERVED = re.compile(r"^(?:__|md-|md_)", re.IGNORECASE)


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and _RESERVED.match(value):
        return None
    if name == "class":
        kept = [c for c in value.split() if not _RESERVED.match(c)]
        return " ".join(kept) or None
    return value


@functools.cache
def _cleaner():
    import nh3

    return nh3.Cleaner(tags=set(TAGS), clean_content_tags=set(CONTENT_DROPPED),
                       attributes={k: set(v) for k, v in ATTRIBUTES.items()}, attribute_filter=_attribute,
                       strip_comments=True, link_rel=None, url_schemes=set(URL_SCHEMES))


def clean(fragment: str) -> str:
    """An HTML fragment with only the allowed tags, attributes and addresses."""
    return _cleaner().clean(fragment)


@functools.cache
def _text_only():
    import nh3

    return nh3.Cleaner(tags=set(), clean_content_tags=set(CONTENT_DROPPED), attributes={}, link_rel=None)


def label(value) -> str:
    """A title or nav label as HTML that shows it as text (Material prints these unescaped).

    Markup in it shows as written; an entity written in it stays as written too."""
    return html.escape(" ".join(str(value if value is not None else "").split()), quote=True)


def toc_label(fragment: str) -> str:
    """A table-of-contents entry (Python-Markdown gives HTML) with every tag taken out."""
    return _text_only().clean(fragment)
