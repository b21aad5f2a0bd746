"""Markdown written for GitHub → markdown that MkDocs renders the same way, safely.

- GitHub alerts (``> [!NOTE]``) become MkDocs admonitions (``!!! note``).
- Raw HTML is what GitHub's sanitizer would let through, at most: a short list of
  tags with harmless attributes; anything else is shown as text, never run. GitHub
  sanitizes members' files for us on the repository; MkDocs would not on the site.
- Links are rewritten by a callback, so a page keeps working wherever it lands.

Pure: text in, text out. Fenced code is never touched.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..content.fences import FENCE as _FENCE, outside_fences
_ALERT = re.compile(r"^>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.IGNORECASE)
ADMONITIONS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}

# GitHub's sanitizer (html-pipeline) keeps roughly these; we keep fewer.
ALLOWED_TAGS = {
    "a", "img", "br", "hr", "p", "div", "span", "sub", "sup", "b", "i", "em", "strong", "s", "del",
    "ins", "kbd", "code", "pre", "details", "summary", "table", "thead", "tbody", "tr", "td", "th",
    "ul", "ol", "li", "figure", "figcaption", "center", "picture", "source", "blockquote", "small",
    "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "mark", "abbr", "caption", "q",
}
ALLOWED_ATTRIBUTES = {"href", "src", "srcset", "alt", "title", "width", "height", "align", "colspan",
                      "rowspan", "open", "name", "id", "lang", "dir"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s+[^<>]*?)?)\s*(/?)>|<!--.*?-->|<[!?][^<>]*>", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _safe_url(value: str) -> bool:
    scheme = urlsplit(value.strip()).scheme.lower()
    return scheme in ("", "http", "https", "mailto")


def _clean_tag(match: re.Match) -> str:
    if match.group(2) is None:  # a comment, doctype or processing instruction
        return ""
    closing, name, attributes, self_closing = match.group(1), match.group(2).lower(), match.group(3), match.group(4)
    if name not in ALLOWED_TAGS:
        return match.group(0).replace("<", "&lt;").replace(">", "&gt;")
    if closing:
        return f"</{name}>"
    kept = []
    for attribute in _ATTRIBUTE.finditer(attributes or ""):
        key = attribute.group(1).lower()
        value = next((v for v in attribute.groups()[1:] if v is not None), "")
        if key not in ALLOWED_ATTRIBUTES or (key in ("href", "src", "srcset") and not _safe_url(value)):
            continue
        value = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        kept.append(f'{key}="{value}"')
    inside = (" " + " ".join(kept)) if kept else ""
    return f"<{name}{inside}{' /' if self_closing else ''}>"


def _outside_code_spans(line: str, change) -> str:
    out, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        out.append(change(line[last : span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(change(line[last:]))
    return "".join(out)


def sanitize(text: str) -> str:
    """Raw HTML outside code reduced to the allowed tags and attributes; the rest shown as text."""
    return outside_fences(text, lambda line: _outside_code_spans(line, lambda part: _TAG.sub(_clean_tag, part)))


# CommonMark lets any ASCII punctuation be escaped; Python-Markdown only some. These would
# show their backslash on the site, so they become entities there.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;", '"': "&quot;", "'": "&#39;",
            "$": "&#36;", "%": "&#37;", "@": "&#64;", "^": "&#94;", "=": "&#61;", ",": "&#44;",
            ";": "&#59;", ":": "&#58;", "?": "&#63;", "/": "&#47;"}
_ESCAPED = re.compile(r"(?<!\\)\\([&<>|~\"'$%@^=,;:?/])")
_HARD_BREAK = re.compile(r"(?<!\\)\\$")


def github_inline(text: str) -> str:
    """GitHub-only inline syntax made Python-Markdown's: CommonMark escapes it lacks become
    entities, and a backslash at the end of a line (a hard break) two trailing spaces."""

    def change(part: str) -> str:
        return _ESCAPED.sub(lambda m: _ESCAPES[m.group(1)], part)

    return outside_fences(text, lambda line: _HARD_BREAK.sub("  ", _outside_code_spans(line, change)))


def alerts_to_admonitions(text: str) -> str:
    """``> [!NOTE]`` blocks → ``!!! note`` with the quoted lines indented under it."""
    lines = text.split("\n")
    out: list[str] = []
    index, fence = 0, None
    while index < len(lines):
        line = lines[index]
        match = _FENCE.match(line)
        if fence or match:
            if fence and match and match.group(1)[0] == fence[0]:
                fence = None
            elif not fence and match:
                fence = match.group(1)
            out.append(line)
            index += 1
            continue
        alert = _ALERT.match(line)
        if not alert:
            out.append(line)
            index += 1
            continue
        out.append(f"!!! {ADMONITIONS[alert.group(1).upper()]}")
        out.append("")
        index += 1
        while index < len(lines) and lines[index].startswith(">"):
            inner = lines[index][1:]
            inner = inner[1:] if inner.startswith(" ") else inner
            out.append(f"    {inner}".rstrip())
            index += 1
        out.append("")
    return "\n".join(out)
