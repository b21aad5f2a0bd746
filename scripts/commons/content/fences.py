"""Markdown lines outside fenced code blocks: the one walk that every rewriter of markdown shares."""

from __future__ import annotations

import re

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")  # CommonMark: at most three spaces of indent


def outside_fences(text: str, change) -> str:
    """``text`` with ``change(line)`` applied to each line outside fenced code; a fence closes with
    the same character, at least as long as it opened."""
    out, fence = [], None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
        elif match:
            fence = match.group(1)
            out.append(line)
        else:
            out.append(change(line))
    return "\n".join(out)
