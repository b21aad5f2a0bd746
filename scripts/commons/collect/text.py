"""HTML reduced to plain text, and titles reduced to what near-duplicates share."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote pre section article header footer hr dd dt".split()
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b\u2028\u2029]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str, limit: int = 0) -> str:
    """Visible text of an HTML fragment: tags, scripts and styles gone, entities decoded."""
    if not markup:
        return ""
    if "<" in markup:
        parser = _TextExtractor()
        try:
            parser.feed(markup)
            parser.close()
            text = "".join(parser.parts)
        except Exception:  # html.parser is lenient; anything left is treated as text
            text = re.sub(r"<[^>]*>", " ", markup)
    else:
        text = html.unescape(markup)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # single breaks inside a paragraph
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(" ,.;:") + "…"
    return text


def clean_title(raw: str) -> str:
    return html_to_text(raw, 0).replace("\n", " ").strip()


def normalized_title(title: str) -> str:
    """Casefolded, width-folded, punctuation-free: what two spellings of a headline share."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())
