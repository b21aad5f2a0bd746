"""`/share <url> [note]` on a review PR, and `/claim` from the not-selected pool, end to end
against the GitHub double; the shared page is served by a local server."""

from __future__ import annotations

import json
import sys
from itertools import count
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "collect"))

from collect_support import FeedServer  # noqa: E402
from commons_repo import CYCLE, commit_and_push, git, member_yaml, run_command, write_repo  # noqa: E402

ASSIGN, COMMAND = "commons.assign.command", "commons.claim.command"
ITEMS = {f"i{n}": {"score": 5 if n <= 2 else 4 if n <= 4 else 3} for n in range(1, 7)}
_ids = count(7000)

PAGE = """<!doctype html><html><head><title>ignored when og:title exists</title>
<meta property="og:title" content="Speculative decoding in production: what we measured">
<meta name="description" content="Latency halves for chat workloads; the draft model matters more than its size.">
<link rel="canonical" href="/posts/spec-decoding">
</head><body><p>Body text that is long enough to be a paragraph but is not needed here.</p></body></html>"""


@pytest.fixture
def pages():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def world(double, tmp_path, fast_writes, monkeypatch):
    from commons.claim import sharing

    monkeypatch.setattr(sharing, "ALLOW_PRIVATE_HOSTS", True)  # the page server listens on 127.0.0.1
    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice", 2), member_yaml("bob", 1), member_yaml("carol", 2)], ITEMS, rpi=1, language="en")
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    commit_and_push(work, "assign")
    return work


def record(work) -> dict:
    return json.loads((work / f".commons/assign/{CYCLE}.json").read_text())


def pr_of(double, handle) -> int:
    return next(n for n, p in double.pulls.items() if p["head"].endswith(f"/{handle}"))


def comment(work, tmp_path, number, author, body, comment_id=None):
    event = {"action": "created", "comment": {"id": comment_id or next(_ids), "body": body, "user": {"login": author}},
             "issue": {"number": number, "pull_request": {"url": "x"}}}
    path = tmp_path / f"event-{event['comment']['id']}.json"
    path.write_text(json.dumps(event))
    return run_command(COMMAND, work, "--event", str(path)), path


def answers(double, number) -> list[str]:
    return [c["body"] for c in double.comments.values() if c["issue"] == number and "commons:command" in c["body"]]


def branch_files(work, handle) -> set[str]:
    git(work, "fetch", "-q", "origin")
    out = git(work, "ls-tree", "-r", "--name-only", f"origin/commons/review/{CYCLE}/{handle}", f"news/{CYCLE}/reviews/{handle}")
    return {line.rsplit("/", 1)[1].removesuffix(".md") for line in out.split()}


def main_file(work, path: str) -> str:
    git(work, "fetch", "-q", "origin")
    return git(work, "show", f"origin/main:{path}")


def test_share_collects_triages_and_adds_the_page_to_the_sharers_review(world, double, pages, tmp_path):
    alice_pr = pr_of(double, "alice")
    url = pages.serve("/posts/spec-decoding", PAGE, headers={"Content-Type": "text/html; charset=utf-8"}) + "?utm_source=x"
    before = record(world)["assignments"]["alice"]

    code, event = comment(world, tmp_path, alice_pr, "alice", f"/share {url} 회사에서 써 보니 @bob 님 #1 <b>좋아요</b>")
    assert code == 0
    (done,) = answers(double, alice_pr)
    assert "is in your review now" in done and "리뷰에 추가했습니다" not in done  # the community's language only
    assert "@bob" not in done and "@\u200bbob" in done and "<b>" not in done and "#\u200b1" in done  # the note, inert

    git(world, "pull", "-q", "origin", "main")
    now = record(world)["assignments"]["alice"]
    (new_id,) = set(now) - set(before)
    assert new_id.startswith("speculative-decoding-in-production")
    from commons.content import frontmatter

    meta = frontmatter.read(world / f"news/{CYCLE}/items/{new_id}.md").meta
    assert meta["status"] == "assigned" and meta["source"] == "shared" and meta["url"].endswith("/posts/spec-decoding")
    assert meta["shared"]["by"] == "alice" and meta["shared"]["pull"] == alice_pr and meta["shared"]["at"].endswith("Z")
    assert meta["shared"]["note"].startswith("회사에서 써 보니") and meta["score"] and meta["triage"]["provider"] == "offline"
    assert meta["excerpt"].startswith("Latency halves")
    assert new_id in branch_files(world, "alice")
    review = git(world, "show", f"origin/commons/review/{CYCLE}/alice:news/{CYCLE}/reviews/alice/{new_id}.md")
    assert "**Shared by:** alice — 회사에서 써 보니 @\u200bbob 님 #\u200b1 \\<b\\>" in review  # an English community: its words, her note as written
    body = double.issues[alice_pr]["body"]
    assert f"reviews/alice/{new_id}.md" in body and "Shared by a member" in body and "(shared by alice)" in body
    assert "@bob" not in body and "<b>" not in body
    assert run_command("commons.validate.command", world) == 0  # the new item file validates

    # The same comment again (a rerun of the workflow) changes nothing.
    writes, heads = double.count(writes_only=True), git(world, "ls-remote", "origin")
    assert run_command(COMMAND, world, "--event", str(event)) == 0
    assert double.count(writes_only=True) == writes and git(world, "ls-remote", "origin") == heads

    # Sharing the same story again, from another member and another address: the one answer says where it is.
    carol_pr = pr_of(double, "carol")
    comment(world, tmp_path, carol_pr, "carol", f"/share {pages.url('/posts/spec-decoding')}#comments")
    (known,) = answers(double, carol_pr)
    assert f"`{new_id}` is reviewed in {CYCLE} by `alice`" in known and "Nothing was added" in known
    assert "@alice" not in known  # no ping
    assert record(world)["assignments"]["alice"] == now and new_id not in record(world)["assignments"].get("carol", [])


def test_a_story_collected_before_is_not_fetched_again(world, double, pages, tmp_path):
    carol_pr = pr_of(double, "carol")
    leftover = next(i for i in ITEMS if all(i not in ids for ids in record(world)["assignments"].values()))
    writes = double.count(writes_only=True)
    comment(world, tmp_path, carol_pr, "carol", f"/share https://example.com/{leftover}?utm_medium=feed")
    (known,) = answers(double, carol_pr)
    assert f"`{leftover}` is an item of {CYCLE} that still lacks reviewers; comment `/claim`" in known and "Nothing was added" in known
    assert pages.log == [] and double.count(writes_only=True) == writes + 1  # the answer only


def test_share_refused_for_someone_else_and_for_addresses_inside_a_network(world, double, pages, tmp_path, monkeypatch):
    from commons.claim import sharing

    alice_pr = pr_of(double, "alice")
    start = record(world)
    url = pages.serve("/p", PAGE, headers={"Content-Type": "text/html"})
    comment(world, tmp_path, alice_pr, "bob", f"/share {url}")
    assert "Only this PR's reviewer (@alice)" in answers(double, alice_pr)[-1]

    monkeypatch.setattr(sharing, "ALLOW_PRIVATE_HOSTS", False)  # as in the workflow
    refused = {
        url: "loopback, private or reserved",
        "http://169.254.169.254/latest/meta-data/": "loopback, private or reserved",
        "http://[::1]:8080/": "loopback, private or reserved",
        "http://localhost:5000/admin": "inside a network",
        "http://metadata.google.internal/": "inside a network",
        "https://user:secret@example.com/": "user name or password",
        "file:///etc/passwd": "Only http:// and https://",
        "gopher://example.com/": "Only http:// and https://",
        "http://0x7f.1/": "not a plain host name",
    }
    for address, why in refused.items():
        comment(world, tmp_path, alice_pr, "alice", f"/share {address}")
        assert why in answers(double, alice_pr)[-1], address
    assert pages.log == [] and record(world) == start


def test_a_page_that_cannot_be_collected_is_said_once_and_nothing_changes(world, double, pages, tmp_path):
    alice_pr = pr_of(double, "alice")
    start = record(world)
    for path, answer in (("/gone", dict(status=404)), ("/pdf", dict(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))):
        pages.serve(path, **answer)
        comment(world, tmp_path, alice_pr, "alice", f"/share {pages.url(path)}")
        assert "could not be collected" in answers(double, alice_pr)[-1]
    assert "HTTP 404" in answers(double, alice_pr)[-2] and "application/pdf" in answers(double, alice_pr)[-1]
    assert record(world) == start


def test_redirects_are_checked_hop_by_hop(monkeypatch):
    from commons.collect import fetch

    server = FeedServer()
    try:
        server.serve("/r", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        seen = []
        original = fetch._resolve_checked

        def check(url, allow_private):
            seen.append(url)
            return original(url, allow_private=url.startswith("http://127.0.0.1"))  # the test server only

        monkeypatch.setattr(fetch, "_resolve_checked", check)
        with pytest.raises(fetch.FetchError, match="private|reserved|loopback"):
            fetch.fetch_page(server.url("/r"))
        assert seen[-1].startswith("http://169.254.169.254")
    finally:
        server.close()


def test_claim_takes_an_item_from_the_not_selected_pool(double, tmp_path, fast_writes, capsys):
    from commons.content import items as content_items

    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice", 2), member_yaml("bob", 1), member_yaml("carol", 2)], ITEMS, rpi=1, language="en")
    # i6 lives in the pool, as collect writes it
    from commons.content import frontmatter

    path = work / f"news/{CYCLE}/items/i6.md"
    meta = frontmatter.read(path).meta
    path.unlink()
    content_items.add_to_pool(work, CYCLE, "2026-11-20", [meta])
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    commit_and_push(work, "assign")
    assert content_items.find(work, CYCLE, "i6").meta["status"] == "not-selected"
    assert content_items.find(work, CYCLE, "i6").pooled

    capsys.readouterr()
    assert run_command("commons.progress.status", work, "--claimable") == 0
    assert "  i6  3  Item i6" in capsys.readouterr().out

    carol_item = record(work)["assignments"]["carol"][0]
    carol_pr = pr_of(double, "carol")
    comment(work, tmp_path, carol_pr, "carol", "/claim")  # alone: which ids may I claim?
    assert "- `i6` (3) Item i6" in answers(double, carol_pr)[-1] and "1 item you may claim" in answers(double, carol_pr)[-1]
    comment(work, tmp_path, carol_pr, "carol", f"/skip {carol_item}")  # room for one more
    comment(work, tmp_path, carol_pr, "carol", "/claim i6")
    assert "`i6` is yours" in answers(double, carol_pr)[-1]
    git(work, "pull", "-q", "origin", "main")
    assert "i6" in record(work)["assignments"]["carol"] and "i6" in branch_files(work, "carol")
    found = content_items.find(work, CYCLE, "i6")
    assert not found.pooled and found.meta["status"] == "assigned"
    assert not any('"i6"' in p.read_text() for p in content_items.pool_files(work, CYCLE))  # the pool line left
    assert run_command("commons.validate.command", work) == 0
    capsys.readouterr()
    run_command("commons.progress.status", work, "--claimable")
    assert "i6" not in capsys.readouterr().out


def test_a_review_takes_a_few_shares_a_cycle(world, double, pages, tmp_path):
    from commons.claim.share import MAX_SHARES_PER_PULL

    alice_pr = pr_of(double, "alice")
    for n in range(MAX_SHARES_PER_PULL + 1):
        page = PAGE.replace("Speculative decoding in production", f"Finding number {n} about evaluation harnesses").replace(
            "/posts/spec-decoding", f"/find-{n}")  # its own canonical address
        comment(world, tmp_path, alice_pr, "alice", f"/share {pages.serve(f'/find-{n}', page, headers={'Content-Type': 'text/html'})}")
    said = answers(double, alice_pr)
    assert all("is in your review now" in a for a in said[:-1])
    assert f"already has {MAX_SHARES_PER_PULL} shared items" in said[-1]
    assert len(record(world)["assignments"]["alice"]) == 2 + MAX_SHARES_PER_PULL
    assert pages.requests_to(f"/find-{MAX_SHARES_PER_PULL}") == []  # refused before fetching


def test_a_known_story_says_where_it_is_published_or_why_it_was_left_out(double, tmp_path, fast_writes, monkeypatch):
    from commons.claim import sharing

    monkeypatch.setattr(sharing, "ALLOW_PRIVATE_HOSTS", True)
    work = double.clone(tmp_path / "work")
    items = {**ITEMS, "old-story": {"status": "published", "cycle": "2026-W46"}, "noise": {"status": "dropped", "score": 1}}
    write_repo(work, [member_yaml("alice", 2), member_yaml("bob", 1), member_yaml("carol", 2)], items, rpi=1)  # a Korean community
    (work / "news/2026-W46/README.md").write_text("# 이주의 소식\n")
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    commit_and_push(work, "assign")
    alice_pr = pr_of(double, "alice")
    comment(work, tmp_path, alice_pr, "alice", "/share https://example.com/old-story")
    published = answers(double, alice_pr)[-1]
    assert "`old-story` (2026-W46)은(는) `news/2026-W46/README.md`에 실렸습니다" in published and "published" not in published
    comment(work, tmp_path, alice_pr, "alice", "/share http://www.example.com/noise/")
    left_out = answers(double, alice_pr)[-1]
    assert "수집되었지만 분류에서 걸러졌습니다" in left_out and "left out" not in left_out  # Korean only


def test_a_member_away_this_cycle_cannot_share_into_it(world, double, pages, tmp_path):
    text = (world / "members.yml").read_text().replace("github: bob\n    capacity: 1", "github: bob\n    capacity: 0")
    (world / "members.yml").write_text(text)
    commit_and_push(world, "bob is busy")
    start = record(world)
    comment(world, tmp_path, pr_of(double, "bob"), "bob", f"/share {pages.serve('/p', PAGE, headers={'Content-Type': 'text/html'})}")
    assert "@bob takes no reviews this cycle." in answers(double, pr_of(double, "bob"))[-1]
    assert record(world) == start and pages.log == []


def test_the_configured_ai_triager_judges_a_shared_page_and_an_unusable_one_falls_back_offline(world, double, pages, tmp_path, monkeypatch):
    from triage.fake_openai import FakeOpenAI

    from commons.content import frontmatter

    alice_pr = pr_of(double, "alice")
    with FakeOpenAI() as ai:
        monkeypatch.setenv("OPENAI_BASE_URL", ai.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        comment(world, tmp_path, alice_pr, "alice", f"/share {pages.serve('/ai', PAGE, headers={'Content-Type': 'text/html'})}")
        assert len(ai.requests) == 1 and "Speculative decoding in production" in json.dumps(ai.requests[0], ensure_ascii=False)
    git(world, "pull", "-q", "origin", "main")
    (new_id,) = set(record(world)["assignments"]["alice"]) - set(ITEMS)
    assert frontmatter.read(world / f"news/{CYCLE}/items/{new_id}.md").meta["triage"]["provider"] != "offline"

    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens: the AI cannot answer
    monkeypatch.setenv("COMMONS_AI_MAX_WAIT", "0")
    page = PAGE.replace("Speculative decoding in production", "Prompt caching a month later").replace("/posts/spec-decoding", "/cache")
    comment(world, tmp_path, alice_pr, "alice", f"/share {pages.serve('/cache', page, headers={'Content-Type': 'text/html'})}")
    assert "is in your review now" in answers(double, alice_pr)[-1]
    git(world, "pull", "-q", "origin", "main")
    (cached_id,) = [i for i in record(world)["assignments"]["alice"] if i.startswith("prompt-caching")]
    meta = frontmatter.read(world / f"news/{CYCLE}/items/{cached_id}.md").meta
    assert meta["triage"]["provider"] == "offline" and meta["status"] == "assigned"


def test_one_deadline_covers_headers_that_drip_a_byte_at_a_time():
    """A server that sends its headers one byte a second keeps every read under httpx's per-read
    timeout; the whole fetch still ends at its one deadline."""
    import socket
    import threading
    import time

    from commons.collect import fetch

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def drip():
        connection, _ = listener.accept()
        with connection:
            connection.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
                if stop.is_set():
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.3)

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(fetch.FetchError, match="timed out|time"):
            fetch.fetch_page(f"http://127.0.0.1:{listener.getsockname()[1]}/", fetch.Limits(timeout=2.0), allow_private=True)
        assert time.monotonic() - started < 4.0
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("address", ["168.63.129.16", "[2002:a9fe:a9fe::1]", "[64:ff9b::a9fe:a9fe]", "[::ffff:168.63.129.16]"])
def test_addresses_a_cloud_runner_treats_as_its_own_are_refused(address):
    from commons.collect import fetch
    from commons.collect.urls import checked_url

    assert checked_url(f"http://{address}/machine?comp=goalstate") == ("", "private_address")
    with pytest.raises(fetch.FetchError):
        fetch.fetch_page(f"http://{address}/machine?comp=goalstate")
