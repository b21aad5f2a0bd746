"""Every kind of source, fetched over HTTP from a local server and written as items."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from commons import schemas
from collect.collect_support import NOW, ROOT, FeedServer, example, items, set_sources

from commons.collect.parse import parse_source


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The sample feeds of examples/feeds, one per kind, served over HTTP and collected once."""
    from commons.cli import main

    server = FeedServer()
    repo = tmp_path_factory.mktemp("kinds") / "repo"
    repo.mkdir()
    for name in ("commons.yml", "members.yml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    set_sources(
        repo,
        [
            {"id": "lab-blog", "url": server.serve("/lab.xml", example("lab-blog.rss.xml"), headers={"Content-Type": "application/rss+xml"})},
            {"id": "ai-news-ko", "url": server.serve("/ko.xml", example("ai-news-ko.rss.xml"))},
            {"id": "devs-ko", "url": server.serve("/devs.atom", example("dev-community-ko.atom.xml"))},
            {"id": "arxiv-cs-cl", "url": server.serve("/arxiv", example("arxiv-cs-cl.rss.xml")), "kind": "arxiv"},
            {"id": "hf-papers", "url": server.serve("/hf", example("hf-daily-papers.json"), headers={"Content-Type": "application/json"}), "kind": "hf-papers"},
            {"id": "vllm-releases", "url": server.serve("/vllm.atom", example("vllm-releases.atom")), "kind": "github-releases"},
            {"id": "hn-llm", "url": server.serve("/hn", example("hn-llm.rss.xml")), "kind": "hn"},
        ],
    )
    os.environ["COMMONS_NOW"] = NOW
    try:
        code = main(["--repo", str(repo), "collect"])
    finally:
        del os.environ["COMMONS_NOW"]
        server.close()
    assert code == 0
    return items(repo)


def by_source(found: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for meta in found.values():
        out.setdefault(meta["source"], []).append(meta)
    return out


def test_every_kind_becomes_valid_items(collected):
    found = collected
    sources = by_source(found)
    assert set(sources) == {"lab-blog", "ai-news-ko", "devs-ko", "arxiv-cs-cl", "hf-papers", "vllm-releases", "hn-llm"}
    for item_id, meta in found.items():
        assert meta["id"] == item_id and item_id.isascii() and item_id == item_id.lower()
        assert meta["status"] == "new" and meta["cycle"] == "2026-W48"
        assert meta["collected"] == "2026-11-20T03:00:00Z"
        assert schemas.check(ROOT / "schemas", "item", meta) == [], meta

    nimbus = next(m for m in sources["lab-blog"] if "Nimbus-2" in m["title"])
    assert nimbus["url"] == "https://lab.example.com/blog/nimbus-2"  # utm_* gone
    assert nimbus["published"] == "2026-11-17T15:00:00Z"
    assert nimbus["authors"] == ["Ada Park"] and nimbus["tags"] == ["release", "open-weight"]
    assert "alert" not in nimbus["excerpt"] and "<" not in nimbus["excerpt"]
    assert nimbus["excerpt"].startswith("Nimbus-2 is our new open-weight model")


def test_arxiv_kind_uses_the_id_without_version_and_skips_replacements(collected):
    papers = by_source(collected)["arxiv-cs-cl"]
    assert {p["arxiv"] for p in papers} == {"2611.04512", "2611.04730"}  # the 'replace' is not news
    paper = next(p for p in papers if p["arxiv"] == "2611.04512")
    assert paper["url"] == "https://arxiv.org/abs/2611.04512"
    assert paper["authors"] == ["Minho Lee", "Ada Park", "Jisoo Kim"]
    assert paper["excerpt"].startswith("Retrieval-augmented generation waits")  # no "arXiv:… Announce Type"


def test_hf_papers_json_and_its_arxiv_duplicate(collected):
    found = collected
    hf = by_source(found)["hf-papers"]
    assert [p["title"] for p in hf] == ["Sparse Upcycling of Dense Checkpoints for Cheap Mixture-of-Experts"]
    assert hf[0]["url"] == "https://huggingface.co/papers/2611.05102" and hf[0]["arxiv"] == "2611.05102"
    koreason = next(m for m in found.values() if m.get("arxiv") == "2611.04730")
    assert koreason["source"] == "arxiv-cs-cl"
    assert koreason["also_seen"] == [{"source": "hf-papers", "url": "https://huggingface.co/papers/2611.04730"}]


def test_github_releases_are_named_after_their_repository(collected):
    (release,) = by_source(collected)["vllm-releases"]
    assert release["title"] == "vllm v0.14.0"
    assert release["url"] == "https://github.com/vllm-project/vllm/releases/tag/v0.14.0"
    assert release["published"] == "2026-11-18T20:11:05Z" and release["tags"][0] == "release"
    assert "Speculative decoding on by default" in release["excerpt"]


def test_hacker_news_points_to_the_article_and_keeps_the_thread(collected):
    found = collected
    (show,) = by_source(found)["hn-llm"]  # the other story is the lab's own post: a duplicate
    assert show["url"] == "https://github.com/example/tiny-agent-evals"
    assert show["discussion"] == "https://news.ycombinator.com/item?id=46230077"
    assert show["excerpt"] == "Hacker News: 156 points, 42 comments"
    nimbus = next(m for m in found.values() if m["source"] == "lab-blog" and "Nimbus" in m["title"])
    assert {"source": "hn-llm", "url": "https://lab.example.com/blog/nimbus-2"} in nimbus["also_seen"]


def test_korean_titles_get_ascii_ids(collected):
    korean = by_source(collected)["devs-ko"]
    hangul_only = next(m for m in korean if m["title"].startswith("사내 문서"))
    assert hangul_only["id"].startswith("sanae-munseo-geomsaeke-") and hangul_only["id"].isascii()  # romanized
    assert len({m["id"] for m in korean}) == 3


def test_relative_links_resolve_against_the_feed_address():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>Relative</title><link>/posts/1?utm_source=x</link></item></channel></rss>"""
    headers = {"content-type": "application/rss+xml", "content-location": "https://blog.example.com/feed.xml"}
    (entry,) = parse_source("feed", "s", body, headers, 10)["entries"]
    assert entry["url"] == "https://blog.example.com/posts/1"


def test_entries_without_a_web_address_are_skipped_and_max_items_holds():
    rows = "".join(f"<item><title>T{i}</title><link>https://e.com/{i}</link></item>" for i in range(10))
    body = f'<rss version="2.0"><channel><item><title>no link</title></item>{rows}</channel></rss>'.encode()
    entries = parse_source("feed", "s", body, {}, 4)["entries"]
    assert [e["title"] for e in entries] == ["T0", "T1", "T2", "T3"]


def test_hf_papers_that_are_not_the_expected_json_fail_clearly():
    assert parse_source("hf-papers", "s", b"<html>", {}, 5)["error"].startswith("hf_not_json")
    assert parse_source("hf-papers", "s", json.dumps({"a": 1}).encode(), {}, 5)["error"] == "hf_not_list"


ARTICLE = ("We opened an office in Hong Kong to work with the region's research labs. The team will focus on "
           "multilingual evaluation, starting with Cantonese and Korean benchmarks, and will publish its datasets. "
           "Hiring starts this month for research engineers and applied scientists.")


def _one_entry(description: str, content: str) -> dict:
    body = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
      <channel><title>t</title><item><title>Hong Kong</title><link>https://blog.example.com/hk</link>
      <description><![CDATA[{description}]]></description>
      <content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>""".encode()
    (entry,) = parse_source("feed", "s", body, {"content-type": "application/rss+xml"}, 10)["entries"]
    return entry


def test_a_summary_that_is_only_a_caption_gives_way_to_the_content():
    """A real blog's summary was its first picture's caption; the excerpt said only that."""
    content = f'<figure><img src="hk.jpg"><figcaption>Our new Hong Kong office.</figcaption></figure><p>{ARTICLE}</p>'
    entry = _one_entry("Our new Hong Kong office.", content)
    assert entry["excerpt"].startswith("Our new Hong Kong office.") and "multilingual evaluation" in entry["excerpt"]
    assert "multilingual evaluation" in _one_entry('<img src="hk.jpg">', content)["excerpt"]  # a summary of a picture alone


def test_a_summary_that_says_something_of_its_own_is_kept():
    summary = ("Evaluation work comes to Asia: a new office in Hong Kong builds Cantonese and Korean "
               "benchmarks, publishes the data and is hiring research engineers and applied scientists now.")
    assert _one_entry(summary, f"<p>{ARTICLE}</p>")["excerpt"] == summary
