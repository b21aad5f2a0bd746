"""handbook.kept_pages: a kept clone's index leaves unread the newsletters and members' pages it has
seen saying what it would write, by git blob id; an edit, a forged memo or a new nav reads them
again, and what index says and writes is the same with the memo and without it."""

from __future__ import annotations

import shutil

from commons.content import regions
from commons.publish import pages

from works.test_work_index import _git, populated
from works.works_support import put


def _letter(cycle: str) -> str:
    nav = lambda name: f"{regions.start_marker(name)}\n{regions.end_marker(name)}\n"  # noqa: E731
    return f"# 이주의 소식 · {cycle}\n\n{nav(pages.NAV_TOP)}\n본문\n\n{nav(pages.NAV_BOTTOM)}"


def _opened(monkeypatch, repo):
    """The newsletters and members' pages index reads from now on (repository-relative)."""
    from commons.handbook import index as index_module

    opened = []
    real = index_module._read

    def read(path, *a, **k):
        if path.resolve().is_relative_to(repo.resolve()):
            relative = path.resolve().relative_to(repo.resolve()).as_posix()
            if relative.startswith(("news/20", "portfolio/")):
                opened.append(relative)
        return real(path, *a, **k)

    monkeypatch.setattr(index_module, "_read", read)
    return opened


def test_a_kept_clone_reads_no_newsletter_or_page_it_has_seen_unchanged(cli, tmp_path, monkeypatch):
    repo = populated(tmp_path)
    put(repo, "news/2026-W47/README.md", _letter("2026-W47"))
    put(repo, "news/2026-W48/README.md", _letter("2026-W48"))
    _git(repo, "init", "-q", "-b", "main")
    assert cli("--repo", repo, "index").code == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "index")
    first = cli("--repo", repo, "index", "--dry-run")  # reads every page once, and keeps what it saw
    memo = repo / ".git/commons/index-pages.json"
    assert memo.is_file()
    opened = _opened(monkeypatch, repo)
    again = cli("--repo", repo, "index", "--dry-run")
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert opened == []  # neither newsletter, nor the member's page and 잔디

    letter = repo / "news/2026-W48/README.md"  # edited by hand, not committed: read again
    letter.write_text(letter.read_text(encoding="utf-8").replace("본문", "고친 본문"), encoding="utf-8")
    opened.clear()
    assert cli("--repo", repo, "index", "--dry-run").err == first.err
    assert set(opened) == {"news/2026-W48/README.md"}

    put(repo, "news/2026-W49/items/x.md", "")  # W49's newsletter comes out: both navs change
    put(repo, "news/2026-W49/README.md", _letter("2026-W49"))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "W49")
    opened.clear()
    changed = cli("--repo", repo, "index")
    assert "news/2026-W48/README.md" in changed.out and "news/2026-W47/README.md" not in changed.out
    assert "news/2026-W47/README.md" not in opened  # its links did not change
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "index")
    settled = cli("--repo", repo, "index", "--dry-run")
    assert settled.err.startswith("0 ") and settled.out == ""

    # A memo that says a page is unchanged for other bytes or other links is not believed.
    text = memo.read_text(encoding="utf-8")
    memo.write_text(text.replace('"news/2026-W47/README.md":["', '"news/2026-W47/README.md":["0'), encoding="utf-8")
    opened.clear()
    forged = cli("--repo", repo, "index", "--dry-run")
    assert (forged.out, forged.err) == (settled.out, settled.err)
    assert "news/2026-W47/README.md" in opened

    # Without the memo, and outside git: the same words and the same plan.
    shutil.rmtree(repo / ".git/commons")
    cold = cli("--repo", repo, "index", "--dry-run")
    assert (cold.code, cold.out, cold.err) == (settled.code, settled.out, settled.err)
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    outside = cli("--repo", plain, "index", "--dry-run")
    assert (outside.code, outside.out, outside.err) == (settled.code, settled.out, settled.err)


def test_a_page_index_would_change_is_never_kept_as_seen(cli, tmp_path, monkeypatch):
    """A nav region emptied by hand and committed is rewritten however often index runs dry."""
    repo = populated(tmp_path)
    put(repo, "news/2026-W47/README.md", _letter("2026-W47"))
    put(repo, "news/2026-W48/README.md", _letter("2026-W48"))
    _git(repo, "init", "-q", "-b", "main")
    cli("--repo", repo, "index")
    letter = repo / "news/2026-W47/README.md"
    before = letter.read_text(encoding="utf-8")
    start, end = regions.start_marker(pages.NAV_TOP), regions.end_marker(pages.NAV_TOP)
    emptied = before[:before.index(start) + len(start)] + "\n" + before[before.index(end):]
    assert emptied != before
    letter.write_text(emptied, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "emptied")
    for _ in range(3):
        dry = cli("--repo", repo, "index", "--dry-run")
        assert "news/2026-W47/README.md" in dry.out
    cli("--repo", repo, "index")
    assert letter.read_text(encoding="utf-8") == before
