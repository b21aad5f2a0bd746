"""What in a text can make it act where it is shown: an address's script scheme however it is
spelled, and the constructs in an SVG that run script or load another document. validate names
them with their line; the site build leaves such an SVG out. Pure."""

from __future__ import annotations

import html
import re

_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|livescript|data):", re.IGNORECASE)


def line_at(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def plain(text: str) -> str:
    """``text`` as a browser may end up reading an address in it: entities decoded twice (an
    entity spelled with an entity, as HTML inside markdown gets), spaces and control characters gone."""
    return re.sub(r"[\s\x00-\x20]", "", html.unescape(html.unescape(text)))


def script_scheme(address: str) -> str:
    """The script-bearing scheme an address starts with, however it is spelled ("" when none)."""
    match = _BAD_SCHEME.match(plain(address.strip("\"'")))
    return match.group(0).lower() if match else ""


# -- SVG files copied to the site --------------------------------------------------------------
# A picture a member adds is served from the site's origin: opened on its own, an SVG runs its
# scripts there. These are what can make one act; validate names them with their line, and the
# site build leaves such a file out.
_SVG_ACTIVE = (
    (re.compile(r"<\s*(script|foreignObject|iframe|embed|object|handler|listener)\b", re.IGNORECASE), "element"),
    (re.compile(r"[\s/\"']on[a-z]+\s*=", re.IGNORECASE), "event"),
    (re.compile(r"<!\s*ENTITY", re.IGNORECASE), "entity"),
)
_SCHEME = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp)[;,]", re.IGNORECASE)
_HREF = re.compile(r"""\b(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def svg_problems(text: str) -> list[tuple[int, str]]:
    """(line, what) for each construct in an SVG that could run script or load another document."""
    found = set()
    for pattern, what in _SVG_ACTIVE:
        for match in pattern.finditer(text):
            found.add((line_at(text, match.start()), f"{what} {' '.join(match.group(0).split())!r}"))
    for match in _HREF.finditer(text):
        target = html.unescape(match.group(1) if match.group(1) is not None else match.group(2) or "").strip()
        if target and not target.startswith("#") and not _IMAGE_DATA.match(target):
            found.add((line_at(text, match.start()), f"link {target[:60]!r}"))
    scheme = _SCHEME.search(plain(text))
    if scheme:  # written with entities or across lines: the first line by which it has appeared
        lines = text.split("\n")
        low, high = 1, len(lines)
        while low < high:
            middle = (low + high) // 2
            if _SCHEME.search(plain("\n".join(lines[:middle]))):
                high = middle
            else:
                low = middle + 1
        found.add((low, f"address {scheme.group(0)!r}"))
    return sorted(found)
