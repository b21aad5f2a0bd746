"""Stories across weeks: a new item that continues one the members already reviewed.

A release line is recognised by its title: the words before the first version number,
within the same source ("vllm v0.7.1" continues "vllm v0.7.0"; "Llama 3.3 is out"
continues "Llama 3.1 405B" from the same blog). A paper's new version is already the same
item (collect drops arXiv versions). The newest reviewed item of the line is the one
followed, so a chain of releases links one step back each week.
"""

from __future__ import annotations

import re

from .judgements import Judgement

_VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.\d+){1,3}(?:[-.]?(?:rc|a|b|alpha|beta|post|dev)\d*)?(?![\w.])", re.I)
_WORD = re.compile(r"[a-z0-9가-힣][a-z0-9가-힣+_-]*")
_SKIP = {"release", "released", "releases", "the", "a", "an", "version", "new"}
MAX_WORDS = 3


def line_of(title: str, source: str) -> str | None:
    """``source:words-before-the-version`` for a versioned title, else None."""
    match = _VERSION.search(title)
    if not match:
        return None
    words = [w for w in _WORD.findall(title[: match.start()].lower()) if w not in _SKIP][-MAX_WORDS:]
    return f"{source}:{' '.join(words)}" if words else None


class Stories:
    def __init__(self, judgements: list[Judgement]):
        self.latest: dict[str, Judgement] = {}
        for j in judgements:  # oldest first: the newest of a line wins
            line = line_of(j.title, j.source)
            if line:
                self.latest[line] = j

    def follows(self, payload: dict) -> Judgement | None:
        line = line_of(payload.get("title", ""), payload.get("source", ""))
        earlier = self.latest.get(line) if line else None
        return earlier if earlier is not None and earlier.item_id != payload.get("id") else None
