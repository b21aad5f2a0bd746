"""`commons site build`: one command from the repository to a strictly built site."""

from __future__ import annotations

import sys

from browser import need
from fixtures_content import CHAPTER

from commons.cli import main


def _repo_with_chapter(repo, text=CHAPTER):
    chapter = repo / "handbook" / "02-rag" / "rag.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(text, encoding="utf-8")
    (repo / "news" / "2026-W48").mkdir(parents=True)
    (repo / "news" / "README.md").write_text("# 이주의 소식\n\n[2026-W48](2026-W48/README.md)\n", encoding="utf-8")
    (repo / "news" / "2026-W48" / "README.md").write_text("# 2026-W48\n\n![기여](contributions.svg)\n", encoding="utf-8")
    (repo / "news" / "2026-W48" / "contributions.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (repo / "news" / "feed.xml").write_text('<feed xmlns="http://www.w3.org/2005/Atom"/>\n', encoding="utf-8")
    return chapter


def test_build_writes_the_project_and_a_strict_site(repo, tmp_path, capsys):
    need("mkdocs", "material")
    _repo_with_chapter(repo)
    out = tmp_path / "out"
    assert main(["--repo", str(repo), "site", "build", "--out", str(out)]) == 0, capsys.readouterr().err
    html = out / "html"
    assert (html / "02-rag" / "rag" / "index.html").is_file()
    assert (html / "news" / "2026-W48" / "contributions.svg").is_file()
    assert (html / "news" / "feed.xml").is_file()
    page = (html / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in page
    assert (html / "search" / "search_index.json").is_file()
    # twice in a row: the same project
    before = {p: p.read_bytes() for p in (out / "docs").rglob("*") if p.is_file()}
    assert main(["--repo", str(repo), "site", "build", "--out", str(out), "--no-mkdocs"]) == 0
    assert {p: p.read_bytes() for p in (out / "docs").rglob("*") if p.is_file()} == before


def test_a_broken_link_fails_the_strict_build_with_its_file(repo, tmp_path, capsys):
    need("mkdocs", "material")
    _repo_with_chapter(repo, CHAPTER.replace("임베딩을 먼저 보세요.", "[임베딩](embeddings.md)을 먼저 보세요."))
    assert main(["--repo", str(repo), "site", "build", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "WARNING" in err and "02-rag/rag.md" in err and "embeddings.md" in err
    assert "mkdocs build --strict failed" in err


def test_dry_run_lists_pages_and_writes_nothing(repo, tmp_path, capsys):
    _repo_with_chapter(repo)
    out = tmp_path / "out"
    assert main(["--repo", str(repo), "site", "build", "--out", str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "page  02-rag/rag.md" in printed and "copy  news/feed.xml ← news/feed.xml" in printed
    assert not out.exists()


def test_without_the_site_extra_it_says_what_to_install(repo, tmp_path, capsys, monkeypatch):
    _repo_with_chapter(repo)
    monkeypatch.setitem(sys.modules, "mkdocs", None)  # as if it were not installed
    assert main(["--repo", str(repo), "site", "build", "--out", str(tmp_path / "out")]) == 2
    assert "install the site extra: pip install -e '.[site]'" in capsys.readouterr().err


def test_out_must_not_be_the_repository(repo, capsys):
    assert main(["--repo", str(repo), "site", "build", "--out", str(repo)]) == 2
    assert "expected a folder of its own" in capsys.readouterr().err


def test_the_sites_feed_links_to_the_sites_pages_and_every_entry_resolves(repo, tmp_path, capsys):
    """The committed feed may point at GitHub; the site's copy points at the site, where the page is."""
    import feedparser
    from publish.sample import CYCLE, populate
    from pages.test_feed import atom_problems

    populate(repo)
    assert main(["--repo", str(repo), "publish", "--offline", "--cycle", CYCLE]) == 0, capsys.readouterr().err
    out, site = tmp_path / "out", "https://pseudo-lab.github.io/llm-handbook/"
    assert main(["--repo", str(repo), "site", "build", "--out", str(out), "--no-mkdocs", "--site-url", site]) in (0, 1)
    text = (out / "docs" / "news" / "feed.xml").read_text(encoding="utf-8")
    parsed = feedparser.parse(text)
    assert not parsed.bozo and atom_problems(text) == []
    assert {"rel": "self", "type": "application/atom+xml", "href": f"{site}news/feed.xml"} in parsed.feed.links
    assert parsed.entries
    for entry in parsed.entries:  # each link is a page of this site (use_directory_urls: <folder>/index.md)
        assert entry.link.startswith(site)
        assert (out / "docs" / entry.link.removeprefix(site) / "index.md").is_file(), entry.link
        assert "@" in entry.content[0].value  # the whole issue: its items' reviewers too
