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

from ..content.fences import FENCE as _FENCE, code_spans, outside_fences
from . import sanitize

_ALERT = re.compile(r"^>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.IGNORECASE)
ADMONITIONS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}

# The allow-list that holds is sanitize.py's, on the HTML; here a tag it would drop is shown as
# text instead (as a reader of the markdown expects), and one it keeps passes with its attributes.
ALLOWED_TAGS = sanitize.TAGS
ALLOWED_ATTRIBUTES = frozenset().union(*sanitize.ATTRIBUTES.values())
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s+[^<>]*?)?)\s*(/?)>|<!--.*?-->|<[!?][^<>]*>", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _safe_url(value: str) -> bool:
    scheme = urlsplit(value.strip()).scheme.lower()
    return scheme in ("", "http", "https", "mailto")


def _escaped(match: re.Match) -> bool:
    """The ``<`` is escaped (an odd run of backslashes before it): text, as CommonMark reads it."""
    before = match.string[: match.start()]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 1


def _clean_tag(match: re.Match) -> str:
    if _escaped(match):
        return match.group(0)
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
    for start, end in code_spans(line):
        out.append(change(line[last:start]))
        out.append(line[start:end])
        last = end
    out.append(change(line[last:]))
    return "".join(out)


def sanitize(text: str) -> str:
    """Raw HTML outside code reduced to the allowed tags and attributes; the rest shown as text."""
    return outside_fences(text, lambda line: _outside_code_spans(line, lambda part: _TAG.sub(_clean_tag, part)))


# The one rule for text GitHub and Python-Markdown must read alike: CommonMark's backslash escapes
# (any ASCII punctuation, read left to right, so ``\\\\<`` is a backslash then ``<``) become
# character references, which both read as the character and never as markup. Python-Markdown
# knows only some escapes, so ``\\<img …>`` would be a backslash and a live tag there.
_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\$")


def _reference(match: re.Match) -> str:
    if match.group(1) is None:
        return "  "  # a backslash at the end of a line: a hard break, as two trailing spaces
    return _NAMED.get(match.group(1), f"&#{ord(match.group(1))};")


def github_inline(text: str) -> str:
    """GitHub-only inline syntax made Python-Markdown's: every CommonMark escape a character
    reference, and a backslash at the end of a line (a hard break) two trailing spaces."""
    return outside_fences(text, lambda line: _outside_code_spans(line, lambda part: _ESCAPE.sub(_reference, part)))


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
