"""What in a member's markdown or SVG would run script on the site, named with its line.

The site strips all of it (site/sanitize.py) whatever validate says; this tells the author in
the PR check, where it can be fixed, instead of letting the words vanish from the page:

- raw ``<script>``, ``<iframe>`` and the other tags that carry code or other documents;
- event attributes (``onerror=``), in an HTML tag (over several lines too) or an attr_list
  (``{: onerror=… }``), and ``srcdoc``;
- addresses with a script scheme (``javascript:``, ``vbscript:``, ``data:``) in a link, an image,
  a reference definition, an HTML attribute or an attr_list, in any spelling (entities, spaces);
- in an SVG: scripts, event attributes, ``foreignObject``, entities and links out (sanitize.svg_problems).

Fenced code and code spans are text and never judged. Pure.
"""

from __future__ import annotations

import re

from ..content.active import line_at as _line, plain, script_scheme, svg_problems
from ..content.fences import blank_code
from ..i18n import say

_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form",
         "style", "svg", "math", "template", "noscript", "portal")
_RAW_TAG = re.compile(rf"<\s*({'|'.join(_TAGS)})(?=[\s/>]|$)", re.IGNORECASE)
# A tag, possibly over lines, with quoted values that may hold < and > (``<img/src/onerror=…>`` too).
_HTML_TAG = re.compile(r"""<[A-Za-z][\w:-]*(?:[\s/](?:"[^"]*"|'[^']*'|[^<>"'])*)?>?""")
_ATTR_LIST = re.compile(r"\{:?[ \t]*[#.\w][^{}\n]*\}|\{:[^{}\n]*\}")
_EVENT = re.compile(r"(?:^|[\s/\"'{])(on[a-z]+|srcdoc|formaction)\s*=", re.IGNORECASE)
_ADDRESS_ATTR = re.compile(r"""\b(?:href|src|action|data|poster|background|xlink:href|cite)\s*=\s*("[^"]*"|'[^']*'|[^\s>}]+)""",
                           re.IGNORECASE)
_LINK_DESTINATION = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(\S+)", re.MULTILINE)
_STYLE = re.compile(r"""\bstyle\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE)


def markdown_problems(text: str) -> list[tuple[int, str]]:
    """(line within ``text``, message) for each construct the site would strip."""
    text = blank_code(text)
    found: set[tuple[int, str]] = set()
    for match in _RAW_TAG.finditer(text):
        found.add((_line(text, match.start()), say("validate.active_tag", tag=match.group(1).lower())))
    pieces = [m for m in _HTML_TAG.finditer(text)] + [m for m in _ATTR_LIST.finditer(text)]
    for piece in pieces:
        inside = piece.group(0)
        for event in _EVENT.finditer(inside):
            found.add((_line(text, piece.start() + event.start(1)), say("validate.active_attribute",
                                                                        attribute=event.group(1).lower())))
        for address in _ADDRESS_ATTR.finditer(inside):
            scheme = script_scheme(address.group(1))
            if scheme:
                found.add((_line(text, piece.start() + address.start()), say("validate.active_address", scheme=scheme)))
        for style in _STYLE.finditer(inside):
            value = plain(style.group(1)).lower()
            if "expression(" in value or "javascript:" in value or "url(" in value:
                found.add((_line(text, piece.start() + style.start()), say("validate.active_style")))
    for pattern in (_LINK_DESTINATION, _REFERENCE):
        for match in pattern.finditer(text):
            scheme = script_scheme(match.group(1))
            if scheme:
                found.add((_line(text, match.start(1)), say("validate.active_address", scheme=scheme)))
    return sorted(found)


def field_problems(meta: dict, position) -> list[tuple[int, int, str, str]]:
    """(line, column, field, message) for front-matter text (a title, a subtitle) with the same constructs."""
    out = []
    for key, value in meta.items():
        if isinstance(value, str) and ("<" in value or "{" in value):
            for _, message in markdown_problems(value):
                line, column = position((key,))
                out.append((line, column, str(key), message))
    return out


def svg_file_problems(text: str) -> list[tuple[int, str]]:
    return [(line, say("validate.active_svg", what=what)) for line, what in svg_problems(text)]
