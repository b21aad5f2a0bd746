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
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2028\u2029]+")
_INVISIBLE = re.compile("[\u200b\u2060\u00ad]")  # zero-width space, word joiner, soft hyphen: gone, not a gap
_ITEM = "\x02"  # where a list item starts, until it becomes "- " (input control characters are gone by then)
_SENTENCE_END = re.compile(r"(?:[.!?。]|다\.|요\.)[\"'”’)\]]*(?=\s|$)")
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
        elif tag == "li":
            self.parts.append("\n" + _ITEM)
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
            self.parts.append(_CONTROL.sub("", data))


def html_to_text(markup: str, limit: int = 0) -> str:
    """Visible text of an HTML fragment: tags, scripts and styles gone, entities decoded, invisible
    characters dropped. Paragraphs stay apart (a blank line) and list items stay items (``- `` lines,
    as release notes list their changes); a text cut at ``limit`` ends at a sentence where it can."""
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
        text = _CONTROL.sub("", html.unescape(markup))
    text = re.sub(r"\x02\s*", _ITEM, _INVISIBLE.sub("", text))  # an item's text may start on the next line
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    text = re.sub(r"(?<!\n)\n(?![\n\x02])", " ", text)  # single breaks inside a paragraph
    text = re.sub(r"\n*\x02 ?", "\n- ", text).strip()  # consecutive items, one a line
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """``text`` as html_to_text would cut it at ``limit`` (0: whole)."""
    return _cut(text, limit) if limit and len(text) > limit else text


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit``: after its last whole sentence or list item when that keeps
    at least half of it, else at a word, with an ellipsis."""
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)] + [m.start() for m in re.finditer(r"\n", head)]
    good = max((e for e in ends if e >= limit // 2), default=0)
    if good:
        return head[:good].rstrip()
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,.;:") + "…"


def clean_title(raw: str) -> str:
    return html_to_text(raw, 0).replace("\n", " ").strip()


def normalized_title(title: str) -> str:
    """Casefolded, width-folded, punctuation-free: what two spellings of a headline share."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())
