"""A chapter's summary and connections read from its body (front matter holds short values only)."""

from commons.handbook.sections import first_paragraph, plain_inline, read_sections, related, summary

BODY = """# Title

## 요약

**RAG**는 [검색](https://example.com)과 `생성`을
잇습니다. 두 번째 문장.

- a list is not the summary

## 왜 중요한가

```markdown
## 연결
[not a connection](fake.md)
```

## 연결

- [Embeddings](../02-rag/embeddings.md#개요), [same](<../02-rag/embeddings.md>)
- [Self](me.md) · [Contents](../README.md) · [web](https://example.com/x.md) · [up](../../x.md)

<!-- commons:nav start -->
[Generated](other.md)
<!-- commons:nav end -->

## 자료
"""


def test_summary_is_the_first_paragraph_as_plain_words():
    assert summary(BODY) == "RAG는 검색과 생성을 잇습니다. 두 번째 문장."
    assert plain_inline("\\*not emphasis\\* **bold** ![alt](a.png)") == "*not emphasis* bold alt"


def test_related_are_chapter_links_under_connections_only():
    assert related(BODY, "01-one/me.md") == ("02-rag/embeddings",)


def test_sections_keep_their_heading_lines_and_ignore_code():
    found = read_sections(BODY)
    assert [(s.id, s.line) for s in found.values()] == [("summary", 3), ("why", 10), ("connections", 17), ("resources", 26)]
    assert "fake.md" not in found["why"].links and found["why"].paragraphs == ()


def test_a_draft_without_sections_shows_its_first_paragraph():
    page = "# 소개\n\n<div> 작성자 : 홍길동</div>\n\n    code\n\n이 책은 *연습용*입니다.\n"
    assert first_paragraph(page) == "이 책은 연습용입니다."
    assert summary(page) == "이 책은 연습용입니다."
