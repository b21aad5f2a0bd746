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


ISSUES = [Issue("2026-W48", "2026-11-25", "이주의 소식 · 2026년 11월 25일 (수)", "vLLM <0.7> & co", 3,
                ("vLLM 0.7 — 처리량이 늘었습니다.",)),
          Issue("2026-W49", "2026-12-02", "이주의 소식 · 2026년 12월 2일 (수)", "KoReason", 10, ("KoReason — 한국어 벤치마크.",))]


def test_feed_parses_cleanly_and_follows_rfc_4287_with_and_without_an_address():
    for base in ("", "https://github.com/pseudo-lab/llm-handbook/blob/main/news/"):
        text = feed.render(ISSUES, community="LLM Engineering Handbook", title="이주의 소식",
                           description="핸드북", language="ko", base=base)
        parsed = feedparser.parse(text)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert atom_problems(text) == []
        assert [e.title for e in parsed.entries] == ["이주의 소식 · 2026년 12월 2일 (수) — KoReason",
                                                     "이주의 소식 · 2026년 11월 25일 (수) — vLLM <0.7> & co"]
        assert parsed.entries[0].link == f"{base}2026-W49/README.md"
        assert "<script" not in text
    assert feed.render(ISSUES, community="C", title="T", description="", language="ko") == \
        feed.render(list(reversed(ISSUES)), community="C", title="T", description="", language="ko")  # stable


def test_the_validator_catches_what_it_should():
    assert atom_problems('<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>')


def test_publish_writes_the_feed_and_our_collect_reads_it_back(cli, repo):
    populate(repo)
    config = yaml.safe_load((repo / "commons.yml").read_text(encoding="utf-8"))
    config["newsletter"] = {"url": "https://github.com/pseudo-lab/llm-handbook/blob/main/news/"}
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
    assert collected[0]["url"] == "https://github.com/pseudo-lab/llm-handbook/blob/main/news/2026-W48/README.md"
