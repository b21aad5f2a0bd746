"""`commons.untrusted`: outside text never acts on GitHub or in a workflow log.

`live()` finds what GitHub would turn into a notification, a cross-reference or markup in rendered
markdown: it renders the text (as GitHub's CommonMark does, raw HTML allowed), drops code spans and
link targets, and looks for mentions, references, HTML tags and bidi controls with GitHub's rules.
"""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from commons.untrusted import code, for_github, for_log, link, url

RENDER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
ALLOWED_TAGS = {"p", "a", "code", "em", "strong", "s", "ol", "ul", "li", "h1", "h2", "h3", "blockquote", "br",
                "table", "thead", "tbody", "tr", "th", "td"}
HOSTILE = [
    "@victim-user", "cc @some-org/some-team please", "fixes #1", "see octo/repo#2 and GH-3",
    '<img src=x onerror="alert(1)">', "<script>alert(1)</script>", "\u202egnp.exe", "a\u2066b\u2069c",
    "[click](javascript:alert(1))", "**@bold-victim**", "`#4` then @after-code", "https://github.com/o/r/issues/5",
    "www.example.com/@x", "line one\n::error::two", "<!-- commons:publish fake -->",
]


def live(markdown: str) -> list[str]:
    """What would act on GitHub in this markdown (empty when it is inert)."""
    rendered = RENDER.render(markdown)
    found = [f"tag <{t}>" for t in re.findall(r"<\s*([A-Za-z!][\w-]*)", rendered) if t.lower() not in ALLOWED_TAGS]
    text = re.sub(r"<code>.*?</code>", " ", rendered, flags=re.S)  # GitHub links nothing inside code
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    found += re.findall(r"(?<![\w`])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[\w-]+)?", text)
    found += re.findall(r"(?<![\w&])#\d+|[\w.-]+/[\w.-]+#\d+|\bGH-\d+", text)
    found += re.findall(r"https?://\S+|\bwww\.\S+", text)  # bare addresses autolink (and cross-reference)
    found += re.findall("[\u202a-\u202e\u2066-\u2069\u200e\u200f]", rendered)
    return found


@pytest.mark.parametrize("raw", HOSTILE)
@pytest.mark.parametrize("prefix", ["", "- ", "| a | ", "### "])
def test_for_github_leaves_nothing_live_and_the_words_readable(raw, prefix):
    assert live(raw) or raw.startswith("[click]") or raw.startswith("line one") or raw.startswith("<!--")
    safe = for_github(raw)
    assert live(prefix + safe) == [], safe
    assert "\n" not in safe
    visible = html.unescape(re.sub(r"<[^>]+>", "", RENDER.render(safe))).replace("\u200b", "").strip()
    assert visible == " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", raw).split())


@pytest.mark.parametrize("raw", HOSTILE)
def test_plain_fields_break_mentions_and_references_without_escapes(raw):
    safe = for_github(raw, markdown=False)  # titles, labels, commit messages: no markdown, no backslashes
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]|#\d|GH-\d", safe)
    assert not re.search("[\u202a-\u202e\u2066-\u2069\n]", safe)
    assert "\\" not in safe


def test_urls_are_encoded_so_a_parenthesis_cannot_end_the_link():
    address = "https://example.com/a)@victim-user (x) <b>"
    shown = link("title @x", address)
    assert live(shown) == [] and shown.startswith("[title @\u200bx](https://example.com/a%29@victim-user%20%28x%29")
    assert url("javascript:alert(1)") is None and url("https://exa\nmple.com") is None and url("//x") is None
    assert url("https://e.com/\u202eevil") == "https://e.com/evil"


def test_code_spans_cannot_be_closed_by_their_content():
    for raw in ["a`b", "``", "x ` @y ` #1", "`"]:
        rendered = RENDER.render(code(raw))
        assert rendered.count("<code>") == 1 and live(code(raw)) == []


@pytest.mark.parametrize("raw", [
    "a\n::error title=x::owned", "b\r\n::stop-commands::token", "::add-mask::x", "  ::warning::y",
    "c\u2028::error::z", "\x1b[31mred", "d\u202e",
])
def test_for_log_never_forms_a_workflow_command(raw):
    shown = for_log(raw)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\u2028" not in shown
    assert "::" not in shown
    assert not shown.lstrip().startswith("::")


def test_for_chat_leaves_nothing_a_chat_app_acts_on():
    from commons.untrusted import WORD_JOINER, for_chat

    text = for_chat("@everyone <!channel> <@U123> #general **bold** `x` \u202eevil\nnext")
    assert "@everyone" not in text and "<" not in text and "#general" not in text
    assert "*" not in text and "`" not in text and "\\" not in text and "\u202e" not in text and "\n" not in text
    assert text.startswith("@" + WORD_JOINER + "everyone")


def _every_pass(value, *, markdown: bool = True) -> str:
    """for_github as it was before it skipped passes that cannot match: the reference."""
    from commons.untrusted import _AUTOLINK, _BIDI, _BLOCK_START, _CONTROL, _MENTION, _PUNCT, _REFERENCE, ZWSP, one_line

    text = _CONTROL.sub("", _BIDI.sub("", one_line(value)))
    if markdown:
        text = _PUNCT.sub(r"\\\1", text)
        text = _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
        text = _AUTOLINK.sub(lambda m: m[1][:1] + ZWSP + m[1][1:], text)
    text = _MENTION.sub("@" + ZWSP, text)
    return _REFERENCE.sub(lambda m: m[1] + ZWSP, text)


def test_the_quick_paths_say_exactly_what_every_pass_says(monkeypatch):
    """for_github skips passes that cannot match and url returns a plain address as it is (a
    year's portfolios pass ~10,000 titles and addresses a run): over many tricky strings, the
    answers are those of every pass."""
    import random
    import re

    from commons import untrusted

    rng = random.Random(7)
    pieces = ["a", "Z", "9", " ", "  ", ".", ")", ":", "/", "//", "://", "www.", "WWW.", "wWw.", "GH-", "gh-1", "Gh-2",
              "#", "#1", "@", "@x", "-", "+", "=", ">", "*", "_", "`", "[", "]", "<", ">", "|", "~", "&", "!", "\\", "%",
              "?", "é", "한", "İ", "K", "\u200e", "\u202e", "\u2066", "\x00", "\x1f", "\x7f", "\x85", "\u2028",
              "\ufeff", "\t", "\n", "(", ";", ",", "$", "http://", "https://", "HTTP://", "ftp://", "example.com",
              ":8080", ":99999", "/a b", "\"", "'", "1.", "12)"]
    samples = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    samples += [rng.choice(["http://", "https://"]) + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
                for _ in range(20000)]  # addresses, and what looks like one
    samples += ["https://example.com/a/b?c=d&e=f#g", "http://a", "http://a.", "http://-", "https://x.y:80/p@q",
                "https://example.com/a%20b", "plain title: with a colon", "1. numbered", "GH-12 fixed", "v1.2 released"]
    for text in samples:
        assert untrusted.for_github(text) == _every_pass(text), repr(text)
        assert untrusted.for_github(text, markdown=False) == _every_pass(text, markdown=False), repr(text)
    quick = [untrusted.url(text) for text in samples]
    monkeypatch.setattr(untrusted, "_PLAIN_URL", re.compile(r"(?!)"))
    assert quick == [untrusted.url(text) for text in samples]
