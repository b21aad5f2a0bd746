"""The issue form's answers and the commons.yml edit (sources/core.py), pure."""

from __future__ import annotations

import pytest
import yaml

from commons.sources.core import FormError, Suggestion, add_source, parse_form, source_id, source_line

FORM = ("### 피드 주소 · Feed URL\n\nhttps://blog.example.org/feed.xml\n\n### 이름 · Name\n\n카카오 기술 블로그\n\n"
        "### 종류 · Kind\n\ngithub-releases\n\n### 언어 · Language\n\n한국어 · Korean\n\n"
        "### 왜 따라갈 만한가요 · Why is it worth following?\n\n### 피드 주소 · Feed URL\n\nnot read twice\n")


def test_the_forms_answers_are_read_and_checked():
    assert parse_form(FORM) == Suggestion("https://blog.example.org/feed.xml", "카카오 기술 블로그", "github-releases", "ko")
    with pytest.raises(FormError) as caught:
        parse_form(FORM.replace("github-releases", "_No response_").replace("https://blog", "https://a b"))
    assert caught.value.field == "url"


def test_the_new_line_keeps_every_comment_and_reads_back_as_yaml():
    text = "name: X\nsources:\n  # Research\n  - {id: a, url: \"https://a.org/f\"}\n\n  # Labs\n  - {id: b, url: \"https://b.org/f\"}\n\ncategories: []\n"
    new_id = source_id("카카오 기술 블로그", "https://blog.example.org/feed.xml", {"a", "b"})
    assert new_id == "kakao-gisul-beulrogeu"  # romanized as the importer does
    edited = add_source(text, source_line(new_id, Suggestion("https://x.org/f", 'Say "hi": #1', "arxiv", "en")), 7)
    assert edited.startswith(text.split("\n\ncategories")[0]) and edited.endswith("\n\ncategories: []\n")
    assert "  # Suggested in issue 7\n" in edited
    data = yaml.safe_load(edited)
    assert data["sources"][-1] == {"id": new_id, "title": 'Say "hi": #1', "url": "https://x.org/f", "kind": "arxiv", "language": "en"}
    assert source_id("A", "https://a.org", {"a", "a-2"}) == "a-3"
    with pytest.raises(ValueError):
        add_source("name: X\n", "  - {id: c}", 1)
