"""A deterministic token estimate, used for budgets before a request is sent.

Roughly 4 bytes of UTF-8 per token: about 4 characters for English and about
0.75 tokens per Hangul syllable (3 bytes each), close to what the GPT-4o
tokenizer gives. Exact counts come back from the server in ``usage``; this only
has to be cheap, stable and not far off.
"""

from __future__ import annotations

BYTES_PER_TOKEN = 4


def estimate(text: str) -> int:
    return -(-len(text.encode("utf-8")) // BYTES_PER_TOKEN)


def clip(text: str, max_tokens: int) -> str:
    """``text`` cut (at a word when possible) so that ``estimate`` ≤ ``max_tokens``."""
    limit = max_tokens * BYTES_PER_TOKEN
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[: max(limit - 3, 0)].decode("utf-8", "ignore")
    space = cut.rfind(" ")
    if space > len(cut) * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"
