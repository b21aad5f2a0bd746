"""Markdown lines outside fenced code blocks: the one walk that every rewriter of markdown shares."""

from __future__ import annotations

import re

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")  # CommonMark: at most three spaces of indent


def outside_fences(text: str, change, inside=lambda line: line) -> str:
    """``text`` with ``change(line)`` applied to each line outside fenced code and ``inside(line)``
    to the fences' lines; a fence closes with the same character, at least as long as it opened."""
    out, fence = [], None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(inside(line))
        elif match:
            fence = match.group(1)
            out.append(inside(line))
        else:
            out.append(change(line))
    return "\n".join(out)


_TICKS_OR_ESCAPE = re.compile(r"\\[\s\S]|`+")


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each code span in ``line``, found as CommonMark finds them: a run of
    backticks not escaped by a backslash, closed by the next run of the same length."""
    spans, at = [], 0
    while (match := _TICKS_OR_ESCAPE.search(line, at)) is not None:
        at = match.end()
        if match.group(0).startswith("\\"):
            continue
        close = re.compile(rf"(?<!`){match.group(0)}(?!`)").search(line, match.end())
        if close is not None:
            spans.append((match.start(), close.end()))
            at = close.end()
    return spans


def blank_code(text: str) -> str:
    """``text`` with fenced code and code spans turned to spaces: what is left is what renders as
    markup, at the same lines and columns."""
    def blank_spans(line: str) -> str:
        for start, end in code_spans(line):
            line = line[:start] + " " * (end - start) + line[end:]
        return line
    return outside_fences(text, blank_spans, inside=lambda line: " " * len(line))
