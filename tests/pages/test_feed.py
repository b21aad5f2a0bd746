"""news/feed.xml: Atom that feedparser reads without complaint, that passes RFC 4287's rules, and that our
own `commons collect` reads back as a source."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import yaml

from commons.pages import feed
from commons.content.issues import Issue
from publish.sample import CYCLE, populate

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def atom_problems(text: str) -> list[str]:
    """The MUSTs of RFC 4287 that a feed of ours could break (section numbers in the messages)."""
    problems = []
    root = ET.fromstring(text.encode("utf-8"))
    if root.tag != f"{ATOM}feed":
        return ["4.1.1: the document element is not atom:feed"]

    def one(parent, name, where):
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: exactly one atom:{name} expected, found {len(found)}")
        return found[0] if found else None

    for name in ("id", "title", "updated"):
        one(root, name, "4.1.1 feed")
    for element in root.iter():
        if element.tag in (f"{ATOM}updated", f"{ATOM}published") and not RFC3339.match(element.text or ""):
            problems.append(f"3.3: '{element.text}' is not an RFC 3339 date-time")
        if element.tag == f"{ATOM}id" and not re.match(r"^[a-z][a-z0-9+.-]*:", element.text or ""):
            problems.append(f"4.2.6: id '{element.text}' is not an absolute IRI")
        if element.tag in (f"{ATOM}title", f"{ATOM}summary", f"{ATOM}content"):
            if element.get("type", "text") not in ("text", "html", "xhtml"):
                problems.append(f"3.1.1: bad type {element.get('type')}")
    has_feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            one(entry, name, "4.1.2 entry")
        ids.append(entry.findtext(f"{ATOM}id"))
        if not has_feed_author and entry.find(f"{ATOM}author") is None:
            problems.append("4.1.2: an entry without an author in a feed without one")
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append("4.1.2: an entry with neither content nor an alternate link")
        if entry.find(f"{ATOM}content") is not None and entry.find(f"{ATOM}summary") is None \
                and entry.find(f"{ATOM}content").get("src"):
            problems.append("4.1.2: out-of-line content needs a summary")
    if len(ids) != len(set(ids)):
        problems.append("4.2.6: two entries share an id")
    return problems


ITEMS = ({"id": "v", "group": "프레임워크", "title": "vLLM <0.7> & co", "url": "https://example.com/vllm",
          "summary": "처리량이 <b>늘었습니다</b>.", "why": "서빙 비용이 줄어듭니다.", "date": "11월 20일",
          "source": "vLLM releases", "reviewers": ["jiyoon-nlp", "hyeonwoo-dev"]},
         {"id": "x", "group": "연구 논문", "title": "Bad link", "url": "javascript:alert(1)", "summary": "s",
          "reviewers": ["x"]})
ISSUES = [Issue("2026-W48", "2026-11-25", "이주의 소식 · 2026년 11월 25일 (수)", "vLLM <0.7> & co", 3,
                ("vLLM 0.7 — 처리량이 늘었습니다.",)),
          Issue("2026-W49", "2026-12-02", "이주의 소식 · 2026년 12월 2일 (수)", "KoReason", 10, ("KoReason — 한국어 벤치마크.",),
                "이번 주에는 소식 2건을 실었습니다.", ITEMS)]
SITE = feed.Links("https://pseudo-lab.github.io/llm-handbook/news/", site=True)
GITHUB = feed.Links("https://github.com/pseudo-lab/llm-handbook/blob/main/news/")


def test_feed_parses_cleanly_and_follows_rfc_4287_with_and_without_an_address():
    for links in (feed.Links(), GITHUB, SITE):
        text = feed.render(ISSUES, community="LLM Engineering Handbook", title="이주의 소식",
                           description="핸드북", language="ko", links=links)
        parsed = feedparser.parse(text)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert atom_problems(text) == []
        assert [e.title for e in parsed.entries] == ["이주의 소식 · 2026년 12월 2일 (수) — KoReason",
                                                     "이주의 소식 · 2026년 11월 25일 (수) — vLLM <0.7> & co"]
        assert "<script" not in text
    assert feed.render(ISSUES, community="C", title="T", description="", language="ko") == \
        feed.render(list(reversed(ISSUES)), community="C", title="T", description="", language="ko")  # stable


def test_links_are_absolute_and_point_at_the_issue_where_it_is_read():
    site = feedparser.parse(feed.render(ISSUES, community="C", title="T", description="", language="ko", links=SITE))
    assert site.entries[0].link == "https://pseudo-lab.github.io/llm-handbook/news/2026-W49/"  # the site's page
    assert {"rel": "self", "type": "application/atom+xml",
            "href": "https://pseudo-lab.github.io/llm-handbook/news/feed.xml"} in site.feed.links
    hub = feedparser.parse(feed.render(ISSUES, community="C", title="T", description="", language="ko", links=GITHUB))
    assert hub.entries[0].link == "https://github.com/pseudo-lab/llm-handbook/blob/main/news/2026-W49/README.md"
    # the entry's id stays the same wherever it is read from: a reader does not see it twice
    assert site.entries[0].id.endswith("/news/2026-W49/README.md")


def test_an_entry_carries_the_whole_issue_as_inert_html():
    text = feed.render(ISSUES, community="C", title="T", description="", language="ko", links=SITE)
    entry = feedparser.parse(text).entries[0]
    html = entry.content[0].value
    assert entry.summary == "이번 주에는 소식 2건을 실었습니다."
    assert "<h2>프레임워크</h2>" in html and "<h2>연구 논문</h2>" in html
    assert '<h3><a href="https://example.com/vllm">vLLM &lt;0.7&gt; &amp; co</a></h3>' in html
    assert "처리량이 &lt;b&gt;늘었습니다&lt;/b&gt;." in html and "<b>" not in html  # members' words stay text
    assert "서빙 비용이 줄어듭니다." in html and "리뷰: @jiyoon-nlp, @hyeonwoo-dev" in html and "11월 20일" in html
    assert "javascript" not in html and "<h3>Bad link</h3>" in html
    assert 'href="https://pseudo-lab.github.io/llm-handbook/news/2026-W49/"' in html  # the way to the page


def test_the_address_comes_from_one_setting():
    from commons.config import load_config

    class Config:
        site_url = "https://pseudo-lab.github.io/llm-handbook"
        newsletter = type("N", (), {"url": ""})()
        publish = type("P", (), {"branch": "main"})()

    assert feed.base_url(Config, {}) == SITE
    Config.site_url = ""
    assert feed.base_url(Config, {"COMMONS_SITE_URL": "https://pseudo-lab.github.io/llm-handbook/"}) == SITE
    assert feed.base_url(Config, {"GITHUB_REPOSITORY": "pseudo-lab/llm-handbook"}) == GITHUB
    assert feed.base_url(Config, {}) == feed.Links()
    assert load_config  # commons.yml's site_url is read by the config (tests/test_config.py)


def test_the_validator_catches_what_it_should():
    assert atom_problems('<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>')


def test_publish_writes_the_feed_and_our_collect_reads_it_back(cli, repo):
    populate(repo)
    config = yaml.safe_load((repo / "commons.yml").read_text(encoding="utf-8"))
    config["site_url"] = "https://pseudo-lab.github.io/llm-handbook/"
    (repo / "commons.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE).code == 0
    text = (repo / "news" / "feed.xml").read_text(encoding="utf-8")
    assert not feedparser.parse(text).bozo and atom_problems(text) == []
    # another commons (or this one) subscribes to the newsletter like to any feed
    config = yaml.safe_load((repo / "commons.yml").read_text(encoding="utf-8"))
    config["sources"] = [{"id": "our-news", "title": "이주의 소식", "url": "file:news/feed.xml"}]
    (repo / "commons.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("--repo", repo, "collect", env={"COMMONS_NOW": "2026-11-26T00:00:00Z"})
    assert result.code == 0, result.err
    from commons.content import items as content_items

    collected = [f.meta for f in content_items.read_items(repo)[0] if f.meta.get("source") == "our-news"]
    assert len(collected) == 1, (result.out, result.err)
    assert "이주의 소식 · 2026년 11월 25일 (수)" in collected[0]["title"]
    assert collected[0]["url"] == "https://pseudo-lab.github.io/llm-handbook/news/2026-W48/"
    assert "vLLM 0.7 released" in text and "@jiyoon-nlp" in text  # every item and its reviewers reach a reader
