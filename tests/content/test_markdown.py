"""Untrusted text placed in generated markdown renders as the same words, never as markup."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from commons.content import markdown as md

RENDER = MarkdownIt("commonmark").enable(["strikethrough", "table"])


@pytest.mark.parametrize("raw", [
    "1. not a list", "# not a heading", "> not a quote", "- not an item", "2026) a year",
    "*stars* _under_ `code` ~~gone~~", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
    "![pixel](https://tracker.example/p.gif)", "a | b", "&lt; stays &amp;", "GPT-4o (mini) #1 + !",
])
def test_text_renders_as_the_same_words(raw):
    for prefix in ("", "1. ", "- **@x**: ", "### "):
        html = RENDER.render(prefix + md.text(raw))
        inner = RENDER.render(prefix + "PLACEHOLDER").split("PLACEHOLDER")
        assert html.startswith(inner[0]) and html.endswith(inner[1]), (prefix, raw, html)
        words = html[len(inner[0]): len(html) - len(inner[1])].replace("\u200b", "")  # inert, same words
        assert words == raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_links_accept_only_web_addresses():
    assert md.url("javascript:alert(1)") is None and md.url("data:text/html,x") is None
    assert md.url("https://e.com/a b(c)") == "https://e.com/a%20b%28c%29"
    assert md.link("T", "ftp://x") == "T"
    assert md.handle("x<y>_z") == "@xyz"
