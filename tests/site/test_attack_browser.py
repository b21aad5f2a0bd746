"""Nothing from a feed or a member runs in a reader's browser: attacked as an outsider and as a
member would, through the real week, into `commons site build`, in headless Debian chromium.

Outsider path: hostile titles and excerpts in a feed (the usual families: ``<script>``,
``<svg onload>``, event handlers, entity-encoded and double-encoded schemes, mutation-XSS
forms) go collect → triage → assign → review (a member even judges one "skip") → publish →
``commons index`` → the site. Member path: a chapter, a note, a post with an SVG beside it and
a review summary carry the constructs ``commons validate`` names (which the test checks it does),
merged anyway, as if an older validator had let them through.

Every page of the built site is loaded with a hook that fails on any dialog and on any payload's
side effect (each payload calls ``alert`` or sets ``window.pwned``), the search box is asked for
the payloads' words (Material renders results as HTML), and every link whose address is not
http(s) is clicked. Screenshots of the attacked pages, when COMMONS_SCREENS names a folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_FLAGS, need, serve
from collect.collect_support import FeedServer
from full_cycle_world import World, git
from github_double import GitHubDouble
from test_full_cycle import W1, W1_ASSIGN, W1_COLLECT, W1_PUBLISH, W1_REVIEW, SEEDED, judgements, plan_of
from triage.fake_openai import FakeOpenAI

# What a payload does when it runs: a dialog, or window.pwned set. Both fail the test.
FEED_ITEMS = [  # (title, excerpt) as the feed's XML holds them: the test writes them verbatim
    ("LLM model \\&amp;lt;img/src/onerror=alert(document.domain)//&amp;lt;b &amp;gt;",
     "&lt;img src=x onerror=alert(1)&gt; model news &lt;svg onload=alert(2)&gt;"),
    ("RAG model &lt;svg/onload=pwned=3&gt; &lt;script&gt;alert(4)&lt;/script&gt;",
     "[x](javascript:alert(5)) &lt;a href=\"jav&amp;#x61;script:alert(6)\"&gt;y&lt;/a&gt; LLM"),
    ("agent model &lt;noscript&gt;&lt;p title=\"&lt;/noscript&gt;&lt;img src=x onerror=alert(7)&gt;\"&gt;",
     "&lt;iframe srcdoc=\"&lt;script&gt;alert(8)&lt;/script&gt;\"&gt;&lt;/iframe&gt; inference \\&lt;img src=x onerror=pwned=9&gt;"),
]
FEED_URLS = [f"https://lab.example.com/blog/hostile-{n}" for n in range(len(FEED_ITEMS))]

CHAPTER = """---
title: "XSS <img src=x onerror=alert(21)>"
title_ko: "공격 <img src=x onerror=alert(22)>"
part: 2. Vector DBs & RAG
order: 9
level: intro
updated: "2026-11-22"
tags: rag
---
# XSS <img src=x onerror=alert(23)>

## 요약

<img
  src=x
  onerror=alert(24)>

<div title="a<b" onmouseover=alert(25) onclick=alert(25)>hover</div>

<iframe srcdoc="<script>parent.alert(26)</script>"></iframe>

![a](x.png){: onerror=alert(27) }

[safe](https://example.com){: href="javascript:alert(28)"}

[ref link][r] and <svg onload=alert(29)></svg> <script>alert(30)</script>

<a href="&#106;avascript:alert(31)">entity</a> <a href="data:text/html,<script>alert(32)</script>">data</a>

<details open ontoggle=alert(33)><summary>s</summary>x</details>

<math><mtext><table><mglyph><style><img src=x onerror=alert(34)></style></mglyph></table></mtext></math>

[r]: javascript&#58;alert(35)

## 왜 중요한가

공격이 먹히지 않아야 합니다.

## 연결

[RAG](retrieval-augmented-generation.md)

## 자료

- **paper** · [RAG](https://arxiv.org/abs/2005.11401) — 원 논문.
"""

NOTE = """---
title: "노트 <svg onload=alert(41)>"
author: ara
date: "2026-11-24"
chapters: [retrieval-augmented-generation]
---
# 노트 <img src=x onerror=alert(42)>

<img src=x onerror=alert(43)> [x](javascript:alert(44)) <a href="vbscript:msgbox(45)">vb</a>
"""

POST = """---
layout: post
title: "글 <img src=x onerror=alert(51)>"
subtitle: "<svg onload=alert(52)>"
template: evil.html
---
## 그림

![chart](assets/2026-11-20-xss/evil.svg)

<img src="assets/2026-11-20-xss/evil.svg" onload="alert(53)">
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
<rect width="10" height="10" onclick="alert(61)"/>
<script>alert(62)</script>
<a xlink:href="javascript:alert(63)"><text y="9">x</text></a>
</svg>
"""

REVIEW_SUMMARY = "요약 <img src=x onerror=alert(71)> [x](javascript:alert(72)) &lt;svg onload=alert(73)&gt;"

HOOK = """
window.__attacks = [];
Object.defineProperty(window, 'pwned', {set(v) { window.__attacks.push('pwned=' + v); }, get() { return undefined; }});
"""


def _hostile_feed(original: str) -> str:
    items = "".join(
        f"    <item>\n      <title>{title}</title>\n      <link>{url}</link>\n      <guid>{url}</guid>\n"
        f"      <pubDate>Fri, 20 Nov 2026 09:30:00 GMT</pubDate>\n      <description>{excerpt}</description>\n    </item>\n"
        for (title, excerpt), url in zip(FEED_ITEMS, FEED_URLS))
    return original.replace("    <item>", items + "    <item>", 1)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory):
    need("mkdocs", "material", "playwright", "nh3", chromium=True)
    tmp = tmp_path_factory.mktemp("attack")
    monkeypatch = pytest.MonkeyPatch()
    feeds = FeedServer()
    try:
        with FakeOpenAI() as ai, GitHubDouble(tmp / "github") as gh:
            w = World(tmp, gh, feeds, ai, monkeypatch)
            yield _the_week(w, tmp)
    finally:
        feeds.close()
        monkeypatch.undo()


def _the_week(w: World, tmp: Path) -> dict:
    from full_cycle_world import EXAMPLES, FEEDS

    w.seed(SEEDED)
    w.serve_week(1)
    lab = FEEDS["lab-blog"][0]
    w.feeds.serve(f"/{lab}", _hostile_feed((EXAMPLES / lab).read_text(encoding="utf-8")).encode("utf-8"))
    w.collect_workflow(W1_COLLECT)
    hostile = [k for k, meta in w.items().items() if meta.get("url") in FEED_URLS]
    assert len(hostile) == len(FEED_ITEMS), "every hostile item is collected"
    w.assign_workflow(W1_ASSIGN)
    validated = {}
    for n, (handle, ids) in enumerate(plan_of(w, W1).items()):
        chosen = judgements(ids)
        for item_id in ids:  # the hostile items go into the newsletter; one is judged skip (portfolios)
            if f"{W1}/{item_id}" in hostile:
                chosen[item_id] = {**chosen.get(item_id, {}), "verdict": "skip" if n == 0 else "newsletter",
                                   "impact": 5, "why": "관련이 있습니다."}
        first = next(iter(chosen))
        chosen[first] = {**chosen[first], "summary": REVIEW_SUMMARY}  # the member path: a review
        head = w.write_reviews(W1, handle, chosen, W1_REVIEW)
        validated[handle] = w.validate_pull(W1, handle, W1_REVIEW)
        # As if an older validator had let it through: the site must hold on its own.
        w.gh.add_check_run(head, "validate changed files", "completed", "success")
        w.gh.add_review(w.pull_of(W1, handle), "boss", "APPROVED")
    published = w.publish_workflow(W1_PUBLISH)
    assert published.code == 0, published.err

    # The member path: files merged to main as they are (validate names each construct first).
    runner = w.runner
    _write(runner / "handbook/02-vector-db-rag/xss.md", CHAPTER)
    _write(runner / "notes/ara/xss.md", NOTE)
    _write(runner / "posts/ara/2026-11-20-xss.md", POST)
    _write(runner / "posts/ara/assets/2026-11-20-xss/evil.svg", SVG)
    checked = w.commons(W1_PUBLISH, "validate", *(str(runner / f) for f in ("handbook", "notes", "posts")))
    assert w.commons(W1_PUBLISH, "index").code in (0, 1)
    git(runner, "add", "-A")
    git(runner, "commit", "-qm", "member files", when=W1_PUBLISH)
    built = w.commons(W1_PUBLISH, "site", "build", "--out", str(tmp / "site"))
    assert built.code in (0, 1) and (tmp / "site" / "html" / "index.html").is_file(), built.err
    return {"html": tmp / "site" / "html", "validate": checked, "reviews": validated, "build": built,
            "news": f"news/{W1}/"}


def test_validate_names_every_member_construct_first(attacked_site):
    out = attacked_site["validate"].out
    assert attacked_site["validate"].code == 1
    for where in ("handbook/02-vector-db-rag/xss.md:2:", "handbook/02-vector-db-rag/xss.md:16:",
                  "notes/ara/xss.md:", "posts/ara/2026-11-20-xss.md:", "posts/ara/assets/2026-11-20-xss/evil.svg:3:"):
        assert where in out, out
    for kind in ("onerror=", "<iframe>", "<script>", "javascript:", "srcdoc=", "vbscript:", "ontoggle="):
        assert kind in out, (kind, out)
    assert all(r.code == 1 and "onerror=" in r.out for r in attacked_site["reviews"].values())


def test_the_svg_that_could_script_the_site_is_left_out(attacked_site):
    assert not (attacked_site["html"] / "posts/ara/assets/2026-11-20-xss/evil.svg").exists()
    assert "evil.svg:" in attacked_site["build"].err


def test_no_page_runs_anything_and_no_link_is_a_script(attacked_site):
    from playwright.sync_api import sync_playwright

    html = attacked_site["html"]
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
    attacked = [p for p in pages if re.search(r"xss|news/2026-W48|portfolio|retrieval-augmented", p)]
    assert len(attacked) >= 5, pages
    screens = os.environ.get("COMMONS_SCREENS")
    problems = []
    with serve(html) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for width in (1280, 400) if screens else (1280,):
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.add_init_script(HOOK)
                context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())  # no network
                page = context.new_page()
                page.on("dialog", lambda dialog: (problems.append(f"dialog {dialog.message!r} on {page.url}"),
                                                  dialog.dismiss()))
                for path in pages:
                    page.goto(url + path, wait_until="load")
                    page.wait_for_timeout(50)
                    # hover and click what a reader might: every element with text in the article
                    page.eval_on_selector_all("article *", "els => els.forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
                    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
                    for index, href in enumerate(hrefs):
                        if href.startswith(("http://", "https://", "mailto:")):
                            continue
                        problems.append(f"{path}: a link to {href[:60]!r}")
                        page.locator("a[href]").nth(index).click(timeout=2000, no_wait_after=True)
                    problems += [f"{path}: {a}" for a in page.evaluate("window.__attacks")]
                    if screens and path in attacked:
                        target = Path(screens) / f"{path.replace('/', '_').removesuffix('.html')}-{width}.png"
                        target.parent.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(target), full_page=True)
                page.goto(url)  # the search renders results as HTML: ask it for the payloads' words
                for word in ("onerror", "alert", "svg", "script", "XSS"):
                    page.evaluate("document.getElementById('__search').checked = true")
                    box = page.locator("input.md-search__input")
                    box.fill(word)
                    page.wait_for_timeout(400)
                    problems += [f"search {word}: {a}" for a in page.evaluate("window.__attacks")]
                context.close()
        finally:
            browser.close()
    assert problems == [], problems


def test_the_payloads_are_shown_as_words(attacked_site):
    """Inert does not mean lost: a reader sees what the feed and the member wrote, as text."""
    html = attacked_site["html"]
    chapter = (html / "02-vector-db-rag/xss/index.html").read_text(encoding="utf-8")
    assert "공격 &lt;img src=x onerror=alert(22)&gt;" in chapter  # the nav label and title as text
    assert "XSS &lt;img src=x onerror=alert(21)&gt;" in chapter  # the other language's title in the header
    assert "onerror=alert(24)" not in re.sub(r"&lt;.*?&gt;", "", chapter)
    news = (html / attacked_site["news"] / "index.html").read_text(encoding="utf-8")
    assert "&lt;img" in news or "&amp;lt;img" in news
