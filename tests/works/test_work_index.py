"""`commons index` for members' works: the handbook's region, the kind pages, chapter feet,
portfolio pages and their 잔디 — generated inside markers, idempotent, untrusted text inert."""

from __future__ import annotations

import json

from commons.pages.index import plan
from commons.publish.plan import history
from commons.config import load_members
from fixtures_content import ITEM, REVIEW
from works.works_support import LOG, MINUTES, NOTE, POST, make_repo, put

ITEM_ID = "2026-11-20-vllm-0-7-released-3f2a1c"
# A chapter credits people by name or handle (the member's name in members.yml, here).
CHAPTER_AUTHORS = "이지윤"


def populated(tmp_path):
    repo = make_repo(tmp_path)
    put(repo, "notes/jiyoon-nlp/generation-for-nlp.md", NOTE)
    put(repo, "posts/jiyoon-nlp/2026-11-23-llmops-kickoff.md", POST)
    put(repo, "posts/minji-builder/2026-11-24-private.md", POST.replace("2026-11-23", "2026-11-24"))
    put(repo, "logs/chatbot/2026-W48.md", LOG)
    put(repo, "logs/chatbot/2026-W48-minutes.md", MINUTES)
    # one finished review that made the newsletter, one skipped, one never filled in
    put(repo, f"news/2026-W48/items/{ITEM_ID}.md", ITEM)
    put(repo, f"news/2026-W48/reviews/jiyoon-nlp/{ITEM_ID}.md", REVIEW)
    put(repo, "news/2026-W48/items/other.md", ITEM.replace(ITEM_ID, "other"))
    put(repo, "news/2026-W48/reviews/jiyoon-nlp/other.md",
        REVIEW.replace(ITEM_ID, "other").replace("verdict: newsletter", "verdict: skip").replace("title: vLLM", "title: Other"))
    put(repo, "news/2026-W47/items/old.md", ITEM.replace(ITEM_ID, "old").replace("2026-W48", "2026-W47"))
    put(repo, "news/2026-W47/reviews/jiyoon-nlp/old.md",
        REVIEW.replace(ITEM_ID, "old").replace("2026-W48", "2026-W47").replace("impact: 4", "impact:"))
    put(repo, "news/2026-W48/README.md", "# 이주의 소식 · 2026-W48\n")
    chapter = repo / "handbook/02-vector-db-rag/embeddings.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("tags:", f"authors: {CHAPTER_AUTHORS}\ntags:", 1),
                       encoding="utf-8")
    return repo


def test_index_writes_every_page_and_a_second_run_changes_nothing(cli, tmp_path):
    repo = populated(tmp_path)
    first = cli("--repo", repo, "index")
    assert first.code == 0, first.err
    assert "portfolio/minji-builder.md" not in first.out
    for path in ("notes/README.md", "posts/README.md", "logs/README.md", "portfolio/jiyoon-nlp.md",
                 "portfolio/jiyoon-nlp.svg", "portfolio/seongwoo-ai.md"):
        assert (repo / path).is_file(), path
    second = cli("--repo", repo, "index")
    assert "0 files changed" in second.err
    check = cli("--repo", repo, "validate", *(repo / f for f in ("notes", "posts", "logs", "portfolio", "handbook")))
    assert check.code == 0, check.out


def test_the_portfolio_lists_reviews_with_their_newsletter_and_everything_else(cli, tmp_path):
    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    page = (repo / "portfolio/jiyoon-nlp.md").read_text(encoding="utf-8")
    assert page.startswith("# 이지윤 (@jiyoon-nlp)\n")
    assert "**리뷰 2 · 챕터 1 · 노트 1 · 글 1 · 기록 0**" in page  # the unfinished W47 review does not count
    # a list under each week as people name it: a table breaks a syllable a line on a phone
    assert ("**11월 넷째 주**\n\n- [vLLM 0.7 released with faster prefix caching](https://github.com/vllm-project/vllm/releases/tag/v0.7.0)"
            " · 영향도 4 · 뉴스레터 · [실림](../news/2026-W48/README.md)\n") in page
    assert "- [Other" in page and " · 건너뜀\n" in page and "| 2026-W48 |" not in page
    assert "portfolio: false" not in page and "_LLM" in page and "11월 넷째 주 기준" in page
    assert "| [Embeddings](../handbook/02-vector-db-rag/embeddings.md) | 2\\. 벡터 DB와 RAG |" in page
    assert "- 2026-11-24 · [Generation for NLP 요약](../notes/jiyoon-nlp/generation-for-nlp.md) — Generation for NLP 강의" in page
    assert "![주기별 기여 잔디 (리뷰, 챕터, 노트, 글, 기록)](jiyoon-nlp.svg)" in page
    logs = (repo / "portfolio/seongwoo-ai.md").read_text(encoding="utf-8")
    assert "- 2026-11-23 · [스터디 회의록](../logs/chatbot/2026-W48-minutes.md) (회의록, chatbot)" in logs


def test_the_jandi_has_a_row_per_kind_over_a_season(cli, tmp_path):
    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    picture = (repo / "portfolio/jiyoon-nlp.svg").read_text(encoding="utf-8")
    # her own weeks only (no season of empty columns), at most 12, legible on a phone
    from commons.content import svg
    import xml.etree.ElementTree as ET

    root = ET.fromstring(picture)
    assert 5 <= picture.count('<rect x=') - 5 <= 5 * 12 and float(root.get("width")) <= svg.WIDTH_LIMIT
    scale = min(1.0, svg.PHONE_COLUMN / float(root.get("width")))
    for node in root.iter("{http://www.w3.org/2000/svg}text"):
        assert float(node.get("font-size") or root.get("font-size")) * scale >= 11, node.text
    assert ">11/23</text>" in picture  # the week's first day, not its ISO number
    assert "<title>리뷰 · 2026-W48: 2</title>" in picture
    assert "<title>노트 · 2026-W48: 1</title>" in picture  # 2026-11-24 is in the cycle handed out on 11-22
    assert "<script" not in picture


def test_hand_written_text_around_the_region_is_kept(cli, tmp_path):
    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    page = repo / "portfolio/jiyoon-nlp.md"
    text = page.read_text(encoding="utf-8").replace("# 이지윤 (@jiyoon-nlp)\n", "# 이지윤\n\nNLP 엔지니어. [블로그](https://example.com)\n")
    page.write_text(text + "\n끝에 쓴 말.\n", encoding="utf-8")
    put(repo, "notes/jiyoon-nlp/second.md", NOTE.replace("Generation for NLP 요약", "두 번째 노트"))
    cli("--repo", repo, "index")
    after = page.read_text(encoding="utf-8")
    assert after.startswith("# 이지윤\n\nNLP 엔지니어. [블로그](https://example.com)\n")
    assert after.endswith("\n끝에 쓴 말.\n")
    assert "두 번째 노트" in after


def test_opting_out_means_no_page_and_a_note_when_one_is_there(cli, tmp_path):
    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    assert not (repo / "portfolio/minji-builder.md").exists()
    readme = (repo / "handbook/README.md").read_text(encoding="utf-8")
    assert "@minji-builder](../portfolio" not in readme and "@minji-builder" in (repo / "posts/README.md").read_text(encoding="utf-8")
    put(repo, "portfolio/minji-builder.md", "# 최민지\n")
    result = cli("--repo", repo, "index")
    assert result.code == 1
    assert "portfolio/minji-builder.md: minji-builder opted out (portfolio: false in members.yml); delete this page" in result.err
    assert (repo / "portfolio/minji-builder.md").read_text(encoding="utf-8") == "# 최민지\n"  # never deleted for her


def test_chapters_link_the_works_that_name_them(cli, tmp_path):
    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    chapter = (repo / "handbook/02-vector-db-rag/embeddings.md").read_text(encoding="utf-8")
    assert ("**이 챕터와 이어진 노트·글·기록:** [Generation for NLP 요약](../../notes/jiyoon-nlp/generation-for-nlp.md) (노트)"
            " · [빌더 로그](../../logs/chatbot/2026-W48.md) (기록)") in chapter


def test_a_post_with_published_false_stays_out_of_the_indexes(cli, tmp_path):
    repo = populated(tmp_path)
    put(repo, "posts/jiyoon-nlp/2026-11-25-draft.md", POST.replace("2026-11-23", "2026-11-25").replace("layout: post", "layout: post\npublished: false").replace("LLMOps 스터디 킥오프 후기", "초고"))
    cli("--repo", repo, "index")
    assert "초고" not in (repo / "posts/README.md").read_text(encoding="utf-8")
    assert "초고" not in (repo / "portfolio/jiyoon-nlp.md").read_text(encoding="utf-8")


def test_untrusted_titles_stay_text(cli, tmp_path):
    repo = populated(tmp_path)
    hostile = 'x](https://evil.example) <img src=x onerror=alert(1)> @everyone #1 <!-- commons:nav end -->'
    put(repo, "notes/jiyoon-nlp/generation-for-nlp.md", NOTE.replace("title: Generation for NLP 요약", f"title: '{hostile}'"))
    cli("--repo", repo, "index")
    for page in ("handbook/README.md", "notes/README.md", "portfolio/jiyoon-nlp.md", "handbook/02-vector-db-rag/embeddings.md"):
        text = (repo / page).read_text(encoding="utf-8")
        plain = text.replace("\\<", "").replace("\\]", "")  # what is escaped renders as text
        assert "<img" not in plain and "](https://evil" not in plain, page
        assert "<!-- commons:nav end -->" not in plain.replace("\n<!-- commons:nav end -->", ""), page
    assert cli("--repo", repo, "index").code in (0, 1) and "0 files changed" in cli("--repo", repo, "index").err


def test_the_newsletter_jandi_counts_notes_posts_and_logs(tmp_path):
    repo = populated(tmp_path)
    found = history(repo, "2026-W48", load_members(repo))
    assert found.counts[("jiyoon-nlp", "2026-W48")] == 2 + 2  # two finished reviews, a note and a post
    assert found.counts[("seongwoo-ai", "2026-W48")] == 2  # a log and minutes
    assert "minji-builder" in found.members  # the newsletter's 잔디 is not the portfolio: no opt-out there


def test_nothing_about_works_in_a_repository_without_any(tmp_path):
    repo = make_repo(tmp_path)
    result = plan(repo, "Test", "", "ko")
    assert not any(c.path.startswith(("notes/", "posts/", "logs/", "portfolio/")) for c in result.changes)
    assert not any("works-index" in c.after for c in result.changes)


def test_the_review_cache_follows_the_files(cli, tmp_path):
    """Reviews are read through .commons/portfolio/reviews.jsonl, keyed by each file's bytes:
    a changed review is read again, a broken cache is rebuilt, and neither changes the page."""
    from commons.pages import portfolio

    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    cache = repo / ".commons/portfolio/reviews.jsonl"
    assert cache.read_text(encoding="utf-8").startswith(portfolio.cache_header())
    review = repo / f"news/2026-W48/reviews/jiyoon-nlp/{ITEM_ID}.md"
    review.write_text(review.read_text(encoding="utf-8").replace("impact: 4", "impact: 5"), encoding="utf-8")
    cli("--repo", repo, "index")
    page = repo / "portfolio/jiyoon-nlp.md"
    assert " · 영향도 5 · 뉴스레터" in page.read_text(encoding="utf-8")
    before = page.read_text(encoding="utf-8")
    cache.write_text("{not json", encoding="utf-8")
    cli("--repo", repo, "index")
    assert page.read_text(encoding="utf-8") == before
    rebuilt = cache.read_text(encoding="utf-8")
    assert rebuilt.startswith(portfolio.cache_header())
    for broken in (rebuilt.encode() + b'["news/2026-W48/reviews/x/\xff.md"]\n', rebuilt.encode() + b"\x00"):
        cache.write_bytes(broken)  # not text: said in one line, the pages as they were
        said = cli("--repo", repo, "index", "--dry-run")
        assert said.code == 1 and "reviews.jsonl: cannot be read" in said.err and "Traceback" not in said.err
        assert page.read_text(encoding="utf-8") == before


def _git(repo, *args):
    import subprocess

    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def _pages(repo):
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in (repo / "portfolio").rglob("*") if p.is_file()}


def test_committed_reviews_the_cache_knows_are_not_read_and_an_edited_old_one_is(cli, tmp_path, monkeypatch):
    """The cache's digest is the git blob id: git vouches for committed, unchanged reviews, so a
    year of them is not read each run; a review edited in an old cycle (committed or not) is read
    again, and the pages are the same with the cache, without it and outside git."""
    from commons.pages import portfolio

    repo = populated(tmp_path)
    _git(repo, "init", "-q", "-b", "main")
    assert cli("--repo", repo, "index").code == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "index")
    pages = _pages(repo)
    digests = []
    real = portfolio.blob_id
    monkeypatch.setattr(portfolio, "blob_id", lambda data: digests.append(data) or real(data))
    again = cli("--repo", repo, "index")
    assert again.code == 0, again.err
    assert digests == [] and _pages(repo) == pages  # every review answered from the cache, unread

    old = repo / "news/2026-W47/reviews/jiyoon-nlp/old.md"  # an old cycle's review, finished late
    old.write_text(old.read_text(encoding="utf-8").replace("impact:", "impact: 2", 1), encoding="utf-8")
    cli("--repo", repo, "index")
    assert set(digests) == {old.read_bytes()}  # only the edited file was read
    edited = _pages(repo)
    assert edited != pages and " · 영향도 2 · " in (repo / "portfolio/jiyoon-nlp.md").read_text(encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "late review")
    cli("--repo", repo, "index")
    assert _pages(repo) == edited

    (repo / portfolio.CACHE).unlink()  # no cache: every review read, the same pages
    cli("--repo", repo, "index")
    assert _pages(repo) == edited
    import shutil

    plain = tmp_path / "plain"  # no git at all: read and hashed as before, the same pages and cache
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    cli("--repo", plain, "index")
    assert _pages(plain) == edited
    assert (plain / portfolio.CACHE).read_bytes() == (repo / portfolio.CACHE).read_bytes()


def test_a_cache_other_code_wrote_is_rebuilt_from_the_files(cli, tmp_path, monkeypatch):
    """The committed cache names the code that made its entries: under other code (or an older
    format) it says nothing, every review is read again, and it is written anew."""
    from commons.pages import portfolio

    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    cache = repo / portfolio.CACHE
    pages, current = _pages(repo), cache.read_text(encoding="utf-8")
    lines = current.splitlines(keepends=True)[1:]
    for header in ('{"version": 2}\n', '{"version": 3, "code": "0000000000000000"}\n'):
        forged = [line.replace('"skip"', '"newsletter"') for line in lines]  # what other code might have said
        cache.write_text(header + "".join(forged), encoding="utf-8")
        parsed = []
        real = portfolio._review_entry
        monkeypatch.setattr(portfolio, "_review_entry", lambda path, data: parsed.append(path) or real(path, data))
        assert cli("--repo", repo, "index").code == 0
        assert len(parsed) == len(lines) and _pages(repo) == pages and cache.read_text(encoding="utf-8") == current
        monkeypatch.setattr(portfolio, "_review_entry", real)


def test_a_review_cache_past_a_member_files_size_limit_is_still_read(cli, tmp_path, monkeypatch):
    """A year of reviews makes the cache ~3 MB: it is state, not a member's file, and is read whole
    (left unread, index and publish exited 1 and read every review again each run)."""
    from commons.pages import portfolio

    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    cache = repo / ".commons/portfolio/reviews.jsonl"
    filler = "".join(f'["news/2026-W01/reviews/x/{n:06d}.md", "d", "i", "t", "u", 3, "skip", true]\n'
                     for n in range(15_000))  # ~1.2 MB of entries for files that are gone
    cache.write_text(cache.read_text(encoding="utf-8") + filler, encoding="utf-8")
    assert cache.stat().st_size > 1_000_000
    read = []
    real = portfolio._review_entry
    monkeypatch.setattr(portfolio, "_review_entry", lambda path, data: read.append(path) or real(path, data))
    result = cli("--repo", repo, "index")
    assert result.code == 0, result.out + result.err
    assert "cannot be read" not in result.out + result.err
    assert read == []  # every review answered from the cache
    assert "news/2026-W01/" not in cache.read_text(encoding="utf-8")  # entries of files that are gone are dropped


def test_a_title_with_a_line_separator_leaves_the_cache_readable():
    """A feed's title may hold U+2028 or NEL, which JSON writes as they are: a line of the cache ends
    only at "\\n" (splitting at any line break once made the whole cache unreadable, so every run
    read every review again)."""
    from commons.pages import portfolio

    entries = {"news/2026-W48/reviews/a/x.md": ["0" * 40, "x", "제목\u2028둘째 줄\x85끝", "https://example.org", 3,
                                                 "newsletter", True],
               "news/2026-W49/reviews/b/y.md": ["1" * 40, "y", "plain", "", None, None, False]}
    text = portfolio.cache_header() + portfolio._cache_lines(entries)
    assert portfolio.read_cache(text) == entries


def test_index_verify_finds_a_cache_entry_that_lies_about_its_file(cli, tmp_path):
    """CI rebuilds every entry a reader would trust from its file and compares (`commons index
    --verify`): a line edited by hand is named by file and line, with what to do; entries nobody
    trusts (a stale blob id, no such file) pass; deleting the line and running index mends it."""
    from commons.pages import portfolio

    repo = populated(tmp_path)
    cli("--repo", repo, "index")
    cache = repo / portfolio.CACHE
    honest = cache.read_text(encoding="utf-8")
    said = cli("--repo", repo, "index", "--verify")
    assert said.code == 0 and "the portfolio cache says what the review files say" in said.err
    lines = honest.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if '"skip"' in line)
    lines[number] = lines[number].replace('"skip"', '"newsletter"')  # a skip passed off as a newsletter pick
    stale = json.loads(lines[1])
    stale[1] = "0" * 40  # an entry for bytes the file no longer has: looked up by nobody
    gone = ["news/2026-W48/reviews/ghost/x.md", *json.loads(lines[1])[1:]]
    cache.write_text("".join(lines) + json.dumps(stale) + "\n" + json.dumps(gone) + "\n", encoding="utf-8")
    said = cli("--repo", repo, "index", "--verify")
    path = json.loads(lines[number])[0]
    assert said.code == 1 and "Traceback" not in said.err
    assert f"{portfolio.CACHE}:{number + 1}: the entry for {path} is not what the file says; delete this line" in said.err
    assert "portfolio cache entries that are not what the review files say: 1" in said.err
    del lines[number]
    cache.write_text("".join(lines), encoding="utf-8")
    cli("--repo", repo, "index")
    assert cache.read_text(encoding="utf-8") == honest and cli("--repo", repo, "index", "--verify").code == 0


def test_index_verify_prints_a_forged_path_inert_and_passes_without_a_cache(cli, tmp_path):
    from commons.pages import portfolio

    repo = populated(tmp_path)
    assert cli("--repo", repo, "index", "--verify").code == 0  # nothing committed: nothing to trust
    cli("--repo", repo, "index")
    cache = repo / portfolio.CACHE
    first = json.loads(cache.read_text(encoding="utf-8").splitlines()[1])
    forged = "news/2026-W48/reviews/x/\n::error::pwned.md"
    target = repo / forged
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((repo / first[0]).read_bytes())
    entry = list(first[1:])
    entry[4] = 1  # says impact 1 of a file that says 4
    with cache.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps([forged, *entry]) + "\n")
    said = cli("--repo", repo, "index", "--verify")
    assert said.code == 1
    assert "\n::error" not in said.err and "x/\\n:\\:error:\\:pwned.md" in said.err
