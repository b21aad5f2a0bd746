"""`commons validate` names, with file and line, what in a member's file would run script on the
site (which strips it anyway): the author learns it in the PR check."""

from __future__ import annotations

import pytest

from commons.validate.active import markdown_problems, script_scheme
from conftest import write
from fixtures_content import CHAPTER

CHAPTER_FILE = "handbook/02-vector-db-rag/rag.md"
BODY_START = CHAPTER.index("# Retrieval")  # the chapter's body starts after its front matter


@pytest.mark.parametrize("construct, words", [
    ("<img src=x onerror=alert(1)>", "onerror="),
    ("<img\n  src=x\n  onerror=alert(1)>", "onerror="),  # a tag split over lines
    ('<div title="a<b" onclick=alert(1)>x</div>', "onclick="),  # < inside an attribute value
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<iframe>"),
    ("<script>alert(1)</script>", "<script>"),
    ("<svg onload=alert(1)>", "<svg>"),
    ("![a](x.png){: onerror=alert(1) }", "onerror="),
    ('[x](https://example.com){: href="javascript:alert(1)"}', "javascript:"),
    ("[r]: javascript&#58;alert(1)", "javascript:"),
    ('<a href="&#106;ava&#x09;script:alert(1)">x</a>', "javascript:"),
    ("<img/src/onerror=alert(1)//", "onerror="),
    ('<p style="background:url(https://e.org/x)">x</p>', "style"),
])
def test_each_construct_is_named_with_its_line(repo, cli, construct, words):
    text = CHAPTER.replace("## 왜 중요한가\n", f"## 왜 중요한가\n\n{construct}\n")
    write(repo / CHAPTER_FILE, text)
    result = cli("--repo", repo, "validate", repo / CHAPTER_FILE)
    assert result.code == 1
    first = text[: text.index(construct)].count("\n") + 1  # named at the line where the construct is
    lines = {f"{CHAPTER_FILE}:{first + n}:" for n in range(construct.count("\n") + 1)}
    assert any(line in result.out for line in lines) and words in result.out, result.out
    assert "Traceback" not in result.out + result.err


def test_code_and_plain_html_pass(repo, cli):
    text = CHAPTER.replace("## 왜 중요한가\n", "## 왜 중요한가\n\n```html\n<script>alert(1)</script>\n```\n\n"
                           "`<img onerror=x>` <b>bold</b> <details><summary>s</summary>x</details>\n")
    write(repo / CHAPTER_FILE, text)
    result = cli("--repo", repo, "validate", repo / CHAPTER_FILE)
    assert result.code == 0, result.out


def test_a_title_with_an_event_attribute_is_named(repo, cli):
    text = CHAPTER.replace("title: Retrieval-Augmented Generation", "title: 'RAG <img src=x onerror=alert(1)>'")
    write(repo / CHAPTER_FILE, text)
    result = cli("--repo", repo, "validate", repo / CHAPTER_FILE)
    assert result.code == 1 and f"{CHAPTER_FILE}:2:" in result.out and "onerror=" in result.out, result.out


def test_an_svg_that_could_script_the_site_is_named(repo, cli):
    write(repo / "posts/jiyoon-nlp/assets/2026-11-20-x/chart.svg",
          '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1"/>\n<script>alert(1)</script>\n</svg>\n')
    write(repo / "posts/jiyoon-nlp/assets/2026-11-20-x/ok.svg",
          '<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><rect width="1"/></a></svg>\n')
    result = cli("--repo", repo, "validate")
    assert result.code == 1
    assert "posts/jiyoon-nlp/assets/2026-11-20-x/chart.svg:3:" in result.out, result.out
    assert "ok.svg" not in result.out


def test_script_schemes_in_any_spelling():
    assert script_scheme("JaVa&#x53;cript:x") == "javascript:"
    assert script_scheme(" java\nscript:x") == "javascript:"
    assert script_scheme("data:text/html,x") == "data:"
    assert script_scheme("https://e.org/javascript:") == ""
    assert markdown_problems("[ok](https://e.org) and `[x](javascript:y)`") == []
