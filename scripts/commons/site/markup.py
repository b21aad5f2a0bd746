"""Markdown written for GitHub → markdown that MkDocs renders the same way, safely.

- GitHub alerts (``> [!NOTE]``) become MkDocs admonitions (``!!! note``).
- Raw HTML is left to the one allow-list, :mod:`.sanitize`, which every page's HTML
  passes after Python-Markdown (GitHub sanitizes members' files for us on the
  repository; MkDocs would not on the site).
- Links are rewritten by a callback, so a page keeps working wherever it lands.

Pure: text in, text out. Fenced code is never touched.
"""

from __future__ import annotations

import re

from ..content.fences import FENCE as _FENCE, code_spans, outside_fences

_ALERT = re.compile(r"^>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.IGNORECASE)
ADMONITIONS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}


def _outside_code_spans(line: str, change) -> str:
    out, last = [], 0
    for start, end in code_spans(line):
        out.append(change(line[last:start]))
        out.append(line[start:end])
        last = end
    out.append(change(line[last:]))
    return "".join(out)


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
