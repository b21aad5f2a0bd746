"""Generated regions inside hand-written files.

A region sits between two marker comments on lines of their own::

    <!-- commons:NAME start -->
    …generated text…
    <!-- commons:NAME end -->

Only the text between the markers is ever rewritten (DESIGN.md); everything
around them belongs to people. Markers that do not pair up are an error that
names the line, never something to guess about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .frontmatter import ContentError
from ..i18n import say

NAME = r"[a-z0-9][a-z0-9-]*"
_MARKER = re.compile(rf"^[ \t]*<!--[ \t]*commons:({NAME})[ \t]+(start|end)[ \t]*-->[ \t]*$")


def start_marker(name: str) -> str:
    return f"<!-- commons:{name} start -->"


def end_marker(name: str) -> str:
    return f"<!-- commons:{name} end -->"


@dataclass(frozen=True)
class Region:
    name: str
    start_line: int  # 1-based line of the start marker
    end_line: int  # 1-based line of the end marker
    content: str  # the text between the markers (lines joined with "\n", ending in "\n" when not empty)


def regions(text: str) -> dict[str, Region]:
    """Every region in ``text`` by name. Raises ContentError for markers that do not pair."""
    lines = text.split("\n")
    found: dict[str, Region] = {}
    open_name, open_line = None, 0
    for number, line in enumerate(lines, start=1):
        match = _MARKER.fullmatch(line)
        if not match:
            continue
        name, which = match.group(1), match.group(2)
        if which == "start":
            if open_name is not None:
                raise ContentError(
                    say("regions.nested", marker=start_marker(name), open=open_name, line=open_line),
                    number, 1, "region",
                )
            if name in found:
                raise ContentError(
                    say("regions.second", name=name, line=found[name].start_line),
                    number, 1, "region",
                )
            open_name, open_line = name, number
        else:
            if open_name != name:
                expected = f"'{end_marker(open_name)}'" if open_name else say("regions.a_start_marker")
                raise ContentError(say("regions.stray_end", marker=end_marker(name), expected=expected),
                                   number, 1, "region")
            inner = lines[open_line : number - 1]
            content = "\n".join(inner) + ("\n" if inner else "")
            found[name] = Region(name, open_line, number, content)
            open_name = None
    if open_name is not None:
        raise ContentError(say("regions.unclosed", start=start_marker(open_name), end=end_marker(open_name)),
                           open_line, 1, "region")
    return found


def read(text: str, name: str) -> str | None:
    """The content of region ``name``, or None when the text has no such region."""
    region = regions(text).get(name)
    return region.content if region else None


def replace(text: str, name: str, content: str, *, append: bool = True) -> str:
    """``text`` with region ``name`` holding ``content``.

    When the region is missing it is added at the end (``append``) or a
    ContentError is raised. Text outside the markers is returned unchanged.
    """
    content = content if not content or content.endswith("\n") else content + "\n"
    found = regions(text).get(name)
    block = f"{start_marker(name)}\n{content}{end_marker(name)}"
    if found is None:
        if not append:
            raise ContentError(say("regions.missing", start=start_marker(name), end=end_marker(name)), 1, 1, "region")
        if not text:
            return block + "\n"
        separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return text + separator + block + "\n"
    lines = text.split("\n")
    before = lines[: found.start_line - 1]
    after = lines[found.end_line :]
    return "\n".join(before + block.split("\n") + after)


def blank(text: str) -> str:
    """``text`` with every region's content replaced by empty lines (line numbers kept).

    For rules about what people wrote: generated links must not count as theirs.
    Unpaired markers leave the text as it is (the region check reports them).
    """
    try:
        found = regions(text)
    except ContentError:
        return text
    lines = text.split("\n")
    for region in found.values():
        for index in range(region.start_line, region.end_line - 1):
            lines[index] = ""
    return "\n".join(lines)
