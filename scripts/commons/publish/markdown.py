"""Untrusted text (feed titles, AI output, members' words) made safe to place in generated markdown.

Everything is kept on one line and markdown punctuation is backslash-escaped, so
a title cannot open a heading, close a link, start raw HTML or fake a
``<!-- commons:… -->`` marker. Links accept only http(s) addresses.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Only what can start markup in the middle of a line (text never starts a line here):
# emphasis, code, links and images, raw HTML and entities, strikethrough, table cells.
_PUNCT = re.compile(r"([\\`*_\[\]<>|~&])")


def one_line(text) -> str:
    return " ".join(str(text or "").split())


_BLOCK_START = re.compile(r"^(?:(\d{1,9})([.)])|([#>+=-]))")


def text(value) -> str:
    """Plain words for a markdown paragraph, list item or table cell."""
    escaped = _PUNCT.sub(r"\\\1", one_line(value))
    # Text that ends up first in a block must not open a list, a heading or a quote.
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def url(value) -> str | None:
    """An http(s) address percent-encoded for a link destination, or None when it is not one."""
    raw = one_line(value)
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(raw, safe=":/?#@!$&'*+,;=%-._~")


def link(label, address) -> str:
    target = url(address)
    return f"[{text(label)}]({target})" if target else text(label)


def handle(login: str) -> str:
    """A GitHub handle as ``@handle`` (mentions in committed files notify nobody)."""
    return "@" + re.sub(r"[^A-Za-z0-9-]", "", login or "")
