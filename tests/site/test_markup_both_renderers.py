"""One rule for outside text: what `untrusted.for_github` writes reads the same on GitHub
(CommonMark, as markdown-it-py renders it) and on the site (markup.github_inline, then
Python-Markdown with the site's extensions): the same words, and no tag on either."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from commons.site import markup
from commons.untrusted import for_github, link

markdown = pytest.importorskip("markdown")

GITHUB = MarkdownIt("commonmark").enable(["strikethrough", "table"])
PAYLOADS = [
    "\\<img/src/onerror=alert(document.domain)//<b >",
    "\\&lt;img/src/onerror=alert(1)//&lt;b &gt;",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<script>alert(1)</script>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">", "[x](javascript:alert(1))", "[x](javascript&#58;alert(1))",
    "![a](x){: onerror=alert(1) }", "[x](https://ok){: href=\"javascript:alert(1)\"}", "\\\\\\<b>",
    "`<b>` and \\`<i>\\`", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "1. not a list", "# not a heading", "> not a quote", "| a | b |", "~~x~~ **y** _z_", "a\\", "&#x3C;b&#x3E;",
]


def _site_html(text: str) -> str:
    return markdown.markdown(markup.github_inline(text), extensions=["admonition", "attr_list", "tables", "footnotes",
                                                                    "pymdownx.tilde", "pymdownx.superfences"])


def _words(rendered: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def _tags(rendered: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<\s*/?\s*([A-Za-z][\w-]*)", rendered)}


def _same(text: str, allowed=frozenset({"p"})) -> None:
    on_github, on_site = GITHUB.render(text), _site_html(text)
    assert _words(on_github) == _words(on_site), (text, on_github, on_site)
    assert _tags(on_github) <= allowed and _tags(on_site) <= allowed, (text, on_github, on_site)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_outside_text_is_the_same_words_on_both_renderers(payload):
    _same(for_github(payload))
    assert _words(GITHUB.render(for_github(payload))).replace("\u200b", "") == " ".join(payload.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_link_with_outside_words_is_one_link_on_both(payload):
    _same(link(payload, "https://example.com/a(b)?c=<d>"), frozenset({"p", "a"}))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\`*_[]()<>!&#;:/=\"' |~-+.1aZ가\n")), max_size=40))
def test_any_punctuation_reads_the_same(text):
    _same(for_github(text))
