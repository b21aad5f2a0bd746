"""site/sanitize.py: the one allow-list every page's HTML, title and nav label passes."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from commons.site import sanitize

pytest.importorskip("nh3")


@pytest.mark.parametrize("html", [
    '<img src=x onerror=alert(1)>', '<img/src/onerror=alert(1)//<b >', '<svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">x</a>', '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<details open ontoggle=alert(1)>x</details>', '<p style="background:url(javascript:alert(1))">x</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<form action="javascript:alert(1)"><button>x</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<base href="javascript:/">',
    '<object data="javascript:alert(1)">', '<embed src="javascript:alert(1)">', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<img srcset="javascript:alert(1) 1x">', '<div id="__config">{"search": "x"}</div>', '<a class="md-search__input" href="#">x</a>',
])
def test_nothing_that_acts_survives(html):
    out = sanitize.clean(html)
    parser = _Elements()
    parser.feed(out)
    for tag, attributes in parser.found:
        assert tag in sanitize.TAGS, (html, out)
        for name, value in attributes:
            assert not name.startswith("on") and name not in ("style", "srcdoc", "srcset", "action"), (html, out)
            if name in ("href", "src"):
                assert (value or "").split(":", 1)[0].lower() in ("http", "https", "mailto") or ":" not in (value or ""), (html, out)
            if name in ("id", "class"):
                assert "__" not in value and "md-" not in value, (html, out)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_what_markdown_makes_stays():
    html = ('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
            '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>'
            '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>'
            '<p><a href="https://e.org/a?b=1&amp;c=2">e</a> <a href="../x/">x</a> <a href="mailto:a@e.org">m</a>'
            ' <img alt="a" src="pic.png"></p><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>'
            '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>')
    assert sanitize.clean(html) == html


def test_a_title_is_text():
    assert sanitize.label('<img src=x onerror=alert(1)>  "a" & b') == "&lt;img src=x onerror=alert(1)&gt; &quot;a&quot; &amp; b"
    assert sanitize.toc_label("a <b>b</b> &lt;i&gt; <script>x</script>") == "a b &lt;i&gt; "


def test_an_open_iframe_does_not_take_the_rest_of_the_page():
    assert "more words" in sanitize.clean('<p>a</p><iframe srcdoc="x"><p>more words</p>')
