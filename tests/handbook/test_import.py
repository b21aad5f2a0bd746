"""`commons import`: a Jupyter Book with Hangul and spaces in its paths → chapters."""

from pathlib import Path

import pytest

from commons.cli import main
from commons.content.frontmatter import read
from commons.handbook.importer import chapter_slug, parse_date, rewrite_links
from commons.content.romanize import romanize

from handbook.helpers import CORPUS

TOC = """format: jb-book
root: intro
parts:
- caption: 본문
  chapters:
  - file: 1. 기초/1. 기초
    sections:
    - glob: 1. 기초/sections/**
  chapters:
  - file: missing/page
"""

PNG = b"\x89PNG\r\n\x1a\n fake image bytes"


def make_book(root: Path, broken_link: bool = False) -> Path:
    book = root / "old book"
    (book / "1. 기초" / "sections").mkdir(parents=True)
    (book / "1. 기초" / "images").mkdir()
    (book / "_toc.yml").write_text(TOC, encoding="utf-8")
    (book / "intro.md").write_text(
        "# 소개\n\n<div style=\"text-align: right\"> 작성자 : 홍길동, 김철수</div>\n\n"
        "<div style=\"text-align: right\"> 작성일 : 2024년 3월 5일</div>\n\n이 책은 연습용입니다.\n",
        encoding="utf-8",
    )
    (book / "1. 기초" / "1. 기초.md").write_text(
        "# 1. 기초\n\n## Summary\n기초를 다룹니다.\n\n"
        "[다음 쪽](<sections/벡터 검색.md>) · ![그림](<images/그림 1.png>)\n\n"
        "<img src=\"images/그림 1.png\" width=\"100\">\n\n```\n[not a link](images/nothing.png)\n```\n",
        encoding="utf-8",
    )
    (book / "1. 기초" / "sections" / "벡터 검색.md").write_text(
        "# 벡터 검색\n\n작성일: Sep. 2024\n\n[위로](../1.%20기초.md#1-기초)\n"
        + ("\n[사라진 쪽](nowhere.md)\n" if broken_link else ""),
        encoding="utf-8",
    )
    (book / "1. 기초" / "images" / "그림 1.png").write_bytes(PNG)
    (book / "extra.md").write_text("Just text, no heading.\n", encoding="utf-8")
    return book


def run(repo: Path, *args: str) -> int:
    return main(["--repo", str(repo), *args])


def test_import_maps_toc_names_links_and_assets(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMMONS_NOW", "2026-11-22T09:00:00+09:00")
    book = make_book(tmp_path)
    assert run(repo, "import", str(book)) == 1  # the toc lists a missing page: a person should look
    captured = capsys.readouterr()
    assert "missing/page' lists a page that does not exist" in captured.err
    assert "extra.md: not in _toc.yml" in captured.err

    handbook = repo / "handbook"
    intro = read(handbook / "1-gicho" / "intro.md")  # the front page opens the first part
    assert (intro.meta["part"], intro.meta["order"]) == ("1. 기초", 0)
    assert intro.meta["title"] == "소개" and intro.meta["authors"] == "홍길동, 김철수"
    assert intro.meta["updated"] == "2024-03-05" and intro.meta["status"] == "draft"
    assert "summary" not in intro.meta and "related" not in intro.meta  # short scalars only

    lead = read(handbook / "1-gicho" / "gicho.md")
    assert (lead.meta["part"], lead.meta["order"]) == ("1. 기초", 1)
    assert lead.meta["imported_from"] == "old book/1. 기초/1. 기초.md"
    assert "[다음 쪽](bekteo-geomsaek.md)" in lead.body
    assert "![그림](../assets/gicho/geurim-1.png)" in lead.body
    assert '<img src="../assets/gicho/geurim-1.png" width="100">' in lead.body
    assert "[not a link](images/nothing.png)" in lead.body  # code is left as it is
    assert (handbook / "assets" / "gicho" / "geurim-1.png").read_bytes() == PNG

    section = read(handbook / "1-gicho" / "bekteo-geomsaek.md")
    assert (section.meta["part"], section.meta["order"], section.meta["updated"]) == ("1. 기초", 2, "2024-09-01")
    assert "[위로](gicho.md#1-기초)" in section.body
    extra = read(handbook / "not-in-the-table-of-contents" / "extra.md")
    assert extra.meta["updated"] == "2026-11-22" and extra.meta["title"] == "extra"

    assert run(repo, "index") == 0
    index = (handbook / "README.md").read_text(encoding="utf-8")
    for title in ("소개", "1. 기초", "벡터 검색", "extra"):
        assert f"[{title}](" in index
    assert index.index("[소개]") < index.index("[1. 기초]") < index.index("[벡터 검색]")
    assert "이 책은 연습용입니다." in index  # a draft's first paragraph stands in for its summary
    capsys.readouterr()
    assert run(repo, "validate", str(handbook)) == 0, capsys.readouterr().out


def test_second_run_changes_nothing_and_never_overwrites(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMMONS_NOW", "2026-11-22T09:00:00+09:00")
    book = make_book(tmp_path)
    run(repo, "import", str(book))
    files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    capsys.readouterr()
    run(repo, "import", str(book))
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == files
    assert "already imported from this page" in capsys.readouterr().out

    mine = repo / "handbook" / "1-gicho" / "gicho.md"
    mine.write_text("---\ntitle: mine\n---\nhand-written\n", encoding="utf-8")
    assert run(repo, "import", str(book)) == 1
    assert "a chapter already exists there; use --force" in capsys.readouterr().out
    assert mine.read_text(encoding="utf-8").endswith("hand-written\n")
    run(repo, "import", str(book), "--force")
    assert read(mine).meta["title"] == "1. 기초"


def test_dry_run_prints_the_plan_and_writes_nothing(repo, tmp_path, capsys):
    book = make_book(tmp_path)
    before = sorted(p for p in repo.rglob("*"))
    run(repo, "import", str(book), "--dry-run")
    assert sorted(p for p in repo.rglob("*")) == before
    out = capsys.readouterr().out
    assert "would create" in out and "handbook/1-gicho/gicho.md ← 1. 기초/1. 기초.md" in out
    assert "would copy" in out


def test_a_link_to_nothing_is_reported_and_left_for_the_validator(repo, tmp_path, capsys):
    book = make_book(tmp_path, broken_link=True)
    run(repo, "import", str(book), "--toc-only")
    err = capsys.readouterr().err
    assert "link 'nowhere.md' points to nothing in the book" in err
    assert "extra.md: not in _toc.yml; skipped (--toc-only)" in err
    assert not (repo / "handbook" / "not-in-the-table-of-contents").exists()
    run(repo, "validate", str(repo / "handbook"))
    assert "'nowhere.md' points to a file that does not exist" in capsys.readouterr().out


def test_bad_usage_exits_2(repo, tmp_path, capsys):
    assert run(repo, "import", str(tmp_path / "nope")) == 2
    book = make_book(tmp_path)
    (book / "_toc.yml").write_text("parts: [\n", encoding="utf-8")
    assert run(repo, "import", str(book)) == 2
    assert "_toc.yml:" in capsys.readouterr().err


def test_without_a_toc_folders_become_parts(repo, tmp_path, monkeypatch):
    book = make_book(tmp_path)
    (book / "_toc.yml").unlink()
    assert run(repo, "import", str(book)) == 0
    assert read(repo / "handbook" / "1-gicho-sections" / "bekteo-geomsaek.md").meta["part"] == "1. 기초 / sections"


@pytest.mark.parametrize(
    "text, expected",
    [("2024-09-03", "2024-09-03"), ("2024.9.3", "2024-09-03"), ("2024년 9월 3일", "2024-09-03"),
     ("2024년 9월", "2024-09-01"), ("Sep. 2024", "2024-09-01"), ("September 3, 2024", "2024-09-03"),
     ("2024-13-01", None), ("언젠가", None)],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_names_are_ascii():
    assert romanize("아키텍쳐 평가") == "akitekchyeo pyeongga"
    assert chapter_slug("LLM 평가", Path("Evaluation.md")) == "evaluation"
    assert chapter_slug("1. Transformer 아키텍쳐", Path("1. Transformer 아키텍쳐.md")) == "transformer-akitekchyeo"
    assert chapter_slug("**Foundation Models**", Path("x.md")) == "foundation-models"


def test_rewrite_links_skips_fences_and_external():
    body = "[a](x.md) [b](https://e.org/x.md)\n~~~\n[c](x.md)\n~~~\n[ref]: x.md\n"
    out = rewrite_links(body, lambda d: None if d.startswith("http") else "y.md")
    assert out == "[a](y.md) [b](https://e.org/x.md)\n~~~\n[c](x.md)\n~~~\n[ref]: y.md\n"


def test_the_real_llm_handbook(repo, capsys, monkeypatch):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the clone ({CORPUS})")
    monkeypatch.setenv("COMMONS_NOW", "2026-11-22T09:00:00+09:00")
    pages = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.md"))
    run(repo, "import", str(CORPUS))
    captured = capsys.readouterr()
    imported = {read(p).meta["imported_from"].split("/", 1)[1]: p for p in (repo / "handbook").rglob("*.md")}
    reported = [page for page in pages if page not in imported and page in captured.err]
    assert sorted([*imported, *reported]) == pages  # every page accounted for
    assert len(pages) == 53 and len(imported) == 53
    assert "_contents/intro' lists a page that does not exist" in captured.err
    assert "contribution_intro/contribution-guide/intro' lists a page that does not exist" in captured.err

    tr = read(next(p for p in imported.values() if "Transformer" in str(read(p).meta["title"])))
    assert tr.meta["part"] == "0. Prologue - What is LLM" and tr.meta["order"] == 1
    for path in imported.values():
        relative = path.relative_to(repo).as_posix()
        assert relative.isascii() and relative == relative.lower() and " " not in relative

    assert run(repo, "index") == 0
    index = (repo / "handbook" / "README.md").read_text(encoding="utf-8")
    for path in imported.values():
        assert f"]({path.relative_to(repo / 'handbook').as_posix()})" in index
    capsys.readouterr()
    assert run(repo, "validate", str(repo / "handbook")) == 0, capsys.readouterr().out


MYST_PAGE = """# 3. RAG 기초

```{note}
RAG는 **검색**과 생성을 잇습니다.

두 번째 문단.
```

:::{admonition} 직접 해 보기
:class: tip
노트북을 여세요.
:::

```{figure} images/rag pipeline.png
:width: 600px
:name: fig-rag

RAG 파이프라인
```

```{image} images/rag pipeline.png
:alt: 파이프라인 그림
```

```python
# ```{note} inside code stays code
print("hi")
```

````{warning}
바깥 경고

```{tip}
안쪽 팁
```
````

{doc}`앞 장 <../intro>`을 보세요.

```{mermaid}
graph LR; A-->B
```
"""


def test_myst_directives_become_github_markdown(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMMONS_NOW", "2026-11-22T09:00:00+09:00")
    book = tmp_path / "book"
    (book / "rag" / "images").mkdir(parents=True)
    (book / "intro.md").write_text("# 들어가며\n\n이 책을 여는 글.\n", encoding="utf-8")
    (book / "rag" / "rag.md").write_text(MYST_PAGE, encoding="utf-8")
    (book / "rag" / "images" / "rag pipeline.png").write_bytes(PNG)
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n- caption: 본문\n  chapters:\n  - file: rag/rag\n", encoding="utf-8")
    assert run(repo, "import", str(book)) == 1  # the mermaid block is noted for a person
    err = capsys.readouterr().err
    assert "rag/rag.md: line 40: {mermaid} has no GitHub form; kept as a code block" in err
    body = read(repo / "handbook" / "bonmun" / "rag.md").body
    assert "> [!NOTE]\n> RAG는 **검색**과 생성을 잇습니다.\n>\n> 두 번째 문단.\n" in body
    assert "> [!TIP]\n> **직접 해 보기**\n>\n> 노트북을 여세요.\n" in body
    assert "![RAG 파이프라인](../assets/rag/rag-pipeline.png)\n\n*RAG 파이프라인*" in body
    assert "![파이프라인 그림](../assets/rag/rag-pipeline.png)" in body
    assert ":width:" not in body and "{figure}" not in body and "{note}" not in body.split("```python")[0]
    assert "# ```{note} inside code stays code" in body
    assert "> [!WARNING]\n> 바깥 경고\n>\n> > [!TIP]\n> > 안쪽 팁\n" in body
    assert "[앞 장](intro.md)을 보세요." in body
    assert "```text\ngraph LR; A-->B\n```" in body
    assert (repo / "handbook" / "assets" / "rag" / "rag-pipeline.png").read_bytes() == PNG


def test_imported_drafts_come_after_the_curated_order_front_page_first(repo, tmp_path, capsys, monkeypatch):
    from commons.handbook import book as book_module
    from handbook.helpers import GOOD_BODY, chapter

    monkeypatch.setenv("COMMONS_NOW", "2026-11-22T09:00:00+09:00")
    curated = repo / "handbook" / "02-rag" / "rag.md"
    curated.parent.mkdir(parents=True)
    curated.write_text(chapter("RAG", "2. RAG", 1, GOOD_BODY), encoding="utf-8")
    book = tmp_path / "book"
    (book / "one").mkdir(parents=True)
    (book / "intro.md").write_text("# 들어가며\n\n여는 글.\n", encoding="utf-8")
    (book / "one" / "basics.md").write_text("# RAG 기초\n\n기초.\n", encoding="utf-8")
    (book / "one" / "more.md").write_text("# 더 보기\n\n더.\n", encoding="utf-8")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n- caption: 1. RAG 기초\n  chapters:\n"
        "  - file: one/basics\n  - file: one/more\n", encoding="utf-8")
    assert run(repo, "import", str(book)) == 0, capsys.readouterr().err
    loaded = book_module.load(repo)
    assert [part for part, _ in loaded.parts] == ["2. RAG", "1. RAG 기초"]
    assert [c.title for c in loaded.chapters] == ["RAG", "들어가며", "RAG 기초", "더 보기"]
    rag, front = loaded.chapters[0], loaded.chapters[1]
    assert loaded.neighbours(rag)[1] is None and loaded.neighbours(front)[0] is None
    assert run(repo, "index") == 0
    nav = curated.read_text(encoding="utf-8")
    assert "다음:" not in nav and "들어가며" not in nav


@pytest.mark.parametrize("with_toc", [True, False])
def test_import_stays_inside_the_book_and_says_what_it_skipped(repo, tmp_path, capsys, with_toc):
    book = make_book(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("# 비밀\n\nthe runner's private notes\n", encoding="utf-8")
    (book / "linked.md").symlink_to(secret)  # a page that is a link to a file elsewhere
    (book / "linked folder").symlink_to(tmp_path, target_is_directory=True)
    if with_toc:
        (book / "_toc.yml").write_text(TOC + "  - file: ../secret\n  - file: linked\n  - glob: ../*\n", encoding="utf-8")
    else:
        (book / "_toc.yml").unlink()
    run(repo, "import", str(book))
    err = capsys.readouterr().err
    written = "\n".join(p.read_text(encoding="utf-8") for p in (repo / "handbook").rglob("*.md"))
    assert "private notes" not in written
    assert "linked.md' is a symbolic link; skipped" in err or "linked.md: is a symbolic link; skipped" in err, err
    if with_toc:
        assert "'../secret.md' is outside the book; skipped" in err, err
