"""`commons index`: the table of contents, newsletters, previous/next/related links."""

from pathlib import Path

from commons.cli import main
from commons.handbook import book as book_module
from commons.pages.index import chapter_nav, handbook_index
from commons.content.issues import Issue
from commons.pages.news import news_index

from handbook.helpers import GOOD_BODY, chapter


def _chapter(repo: Path, path: str, title: str, part: str, order: int, **extra) -> Path:
    file = repo / "handbook" / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(chapter(title, part, order, GOOD_BODY, **extra), encoding="utf-8")
    return file


def _book(*specs):
    return book_module.build([(path, {"title": t, "part": p, "order": o, **extra}) for path, t, p, o, extra in specs])


def test_parts_follow_their_numbers_and_chapters_their_order():
    book = _book(
        ("b/x.md", "X", "10. Later", 1, {}),
        ("a/y.md", "Y", "2. Second", 2, {}),
        ("a/z.md", "Z", "2. Second", 1, {}),
        ("c/w.md", "W", "Appendix", 0, {}),
        ("d/v.md", "V", "9. Ninth", 0, {}),
    )
    assert [part for part, _ in book.parts] == ["2. Second", "9. Ninth", "10. Later", "Appendix"]
    assert [c.title for c in book.chapters] == ["Z", "Y", "V", "X", "W"]


def test_nav_links_cross_parts_and_show_related_both_ways():
    book = _book(
        ("p1/a.md", "A", "1. One", 1, {"related": ["c"]}),
        ("p1/b.md", "B", "1. One", 2, {}),
        ("p2/c.md", "C", "2. Two", 1, {}),
    )
    a, b, c = book.chapters
    nav_b = chapter_nav(book, b, "en")
    assert "[← Previous: A](a.md)" in nav_b and "[Next: C →](../p2/c.md)" in nav_b
    assert "[Contents](../README.md)" in nav_b and "Related" not in nav_b
    assert "**Related:** [C](../p2/c.md)" in chapter_nav(book, a, "en")
    assert "**관련 챕터:** [A](../p1/a.md)" in chapter_nav(book, c, "ko")  # a backlink
    assert "Previous" not in chapter_nav(book, a, "en") and "Next" not in chapter_nav(book, c, "en")


def test_index_lists_level_update_first_sentence_and_drafts():
    book = _book(
        ("p/a.md", "A | pipe", "1. One", 1, {"level": "advanced", "updated": "2026-01-02", "summary": "S. Second."}),
        ("p/b.md", "B", "1. One", 2, {"status": "draft", "updated": "2025-05-01", "summary": "x " * 200}),
    )
    text = handbook_index(book, "ko")
    assert "1. **[A | pipe](p/a.md)**\\\n   심화 · 2026-01-02 — S." in text
    assert "1. **[B](p/b.md)**\\\n   입문 · 초안 · 2025-05-01 — x x" in text
    assert "_챕터 2개 · 초안 1개_" in text
    line = next(line for line in text.splitlines() if "초안 · 2025" in line)
    assert len(line) < 140 and line.endswith("…")
    assert "|---|" not in text  # no table: a phone wraps table cells one syllable a line


def test_index_shows_korean_titles_first_in_a_korean_book():
    book = _book(("p/a.md", "Embeddings", "1. One", 1, {"title_ko": "임베딩", "summary": "요약."}))
    assert "1. **[임베딩](p/a.md)** · Embeddings\\" in handbook_index(book, "ko")
    assert "1. **[Embeddings](p/a.md)** · 임베딩\\" in handbook_index(book, "en")
    assert "[다음: 임베딩 →]" not in chapter_nav(book, book.chapters[0], "ko")


def test_previous_and_next_never_cross_from_curated_chapters_into_drafts():
    book = _book(
        ("p1/a.md", "A", "1. One", 1, {}),
        ("p1/b.md", "B", "1. One", 2, {}),
        ("imp/c.md", "C", "9. Imported", 0, {"status": "draft"}),
        ("imp/d.md", "D", "9. Imported", 1, {"status": "draft"}),
    )
    a, b, c, d = book.chapters
    assert book.neighbours(b) == (a, None)
    assert book.neighbours(c) == (None, d)
    assert "Next" not in chapter_nav(book, b, "en") and "Previous" not in chapter_nav(book, c, "en")


def test_summary_and_related_come_from_the_body(repo):
    body = GOOD_BODY.replace("A thin summary.", "First sentence. Second one.").replace(
        "Nothing yet.", "See [B](../02-two/b.md) and [the web](https://example.com) and [contents](../README.md).")
    file = repo / "handbook" / "01-one" / "a.md"
    file.parent.mkdir(parents=True)
    file.write_text(chapter("A", "1. One", 1, body), encoding="utf-8")
    _chapter(repo, "02-two/b.md", "B", "2. Two", 1)
    book = book_module.load(repo)
    a = book.resolve("01-one/a")
    assert a.summary == "First sentence. Second one."
    assert a.related == ("02-two/b",)
    assert [c.title for c in book.related(book.resolve("02-two/b"))] == ["A"]  # the backlink


def test_news_index_is_newest_first_with_each_headline_and_links_only_published():
    issues = [Issue("2026-W46", "2026-11-11", "Newsletter · 2026-11-11 (W)", "Old news", 1, ()),
              Issue("2026-W47", "2026-11-18", "Newsletter · 2026-11-18 (W)", "vLLM 0.7 | fast", 3, ())]
    text = news_index(issues, ["2026-W48"], "en")
    rows = [line for line in text.splitlines() if line.startswith(("- ", "  "))]
    assert rows == [
        "- 4th week of November · not published yet",  # the reader's week, not the cycle's code
        "- **[2026-11-18 (W)](2026-W47/README.md)** · 3 items  ",
        "  vLLM 0.7 \\| fast and 2 more",
        "- **[2026-11-11 (W)](2026-W46/README.md)** · 1 item  ",
        "  Old news",
    ]
    assert "|---|" not in text  # a list: nothing wraps one syllable a line on a phone
    assert "[Subscribe (Atom)](feed.xml)" in text


def test_command_writes_keeps_hand_text_and_is_idempotent(repo, capsys):
    a = _chapter(repo, "01-one/a.md", "A", "1. One", 1)
    _chapter(repo, "02-two/b.md", "B", "2. Two", 1)
    readme = repo / "handbook" / "README.md"
    readme.write_text(
        "# My book\n\nHand-written intro.\n\n<!-- commons:handbook-index start -->\nstale\n"
        "<!-- commons:handbook-index end -->\n\nHand-written footer.\n",
        encoding="utf-8",
    )
    for cycle, published in (("2026-W47", True), ("2026-W48", False)):
        (repo / "news" / cycle / "items").mkdir(parents=True)
        (repo / "news" / cycle / "items" / "x.md").write_text("---\n---\n", encoding="utf-8")
        if published:
            (repo / "news" / cycle / "README.md").write_text("# letter\n", encoding="utf-8")

    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    assert main(["--repo", str(repo), "index", "--dry-run"]) == 0
    assert "would update handbook/README.md" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before  # dry run wrote nothing

    assert main(["--repo", str(repo), "index"]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# My book\n\nHand-written intro.\n") and text.endswith("\nHand-written footer.\n")
    assert "stale" not in text and "[A](01-one/a.md)" in text
    assert "[다음: B →](../02-two/b.md)" in a.read_text(encoding="utf-8")
    news = (repo / "news" / "README.md").read_text(encoding="utf-8")
    assert news.index("11월 넷째 주") < news.index("2026-W47") and "(2026-W47/README.md)" in news
    assert "(2026-W48/README.md)" not in news

    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["--repo", str(repo), "index"]) == 0
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == after
    assert "0 files changed" in capsys.readouterr().err
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 0


def test_unpaired_marker_is_left_alone_and_reported(repo, capsys):
    a = _chapter(repo, "01-one/a.md", "A", "1. One", 1)
    broken = a.read_text(encoding="utf-8") + "\n<!-- commons:nav start -->\n"
    a.write_text(broken, encoding="utf-8")
    assert main(["--repo", str(repo), "index"]) == 1
    assert a.read_text(encoding="utf-8") == broken
    assert "handbook/01-one/a.md:" in capsys.readouterr().err


def test_crlf_chapter_keeps_its_line_endings(repo):
    a = _chapter(repo, "01-one/a.md", "A", "1. One", 1)
    a.write_bytes(a.read_bytes().replace(b"\n", b"\r\n"))
    assert main(["--repo", str(repo), "index"]) == 0
    data = a.read_bytes()
    assert b"commons:nav" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_brackets_in_titles_do_not_break_links():
    book = _book(("p/a.md", "[RFC] A", "1. One", 1, {}), ("p/b.md", "B", "1. One", 2, {}))
    assert "[← Previous: \\[RFC\\] A](a.md)" in chapter_nav(book, book.chapters[1], "en")
    assert "[\\[RFC\\] A](p/a.md)" in handbook_index(book, "en")
