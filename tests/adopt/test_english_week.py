"""An English-speaking community in America/New_York adopts commons with `commons init` and the edits SETUP.md
names (members.yml), then lives a week that crosses the end of daylight saving and the week after:
every text a member sees is English (no Hangul anywhere), assign runs at local Sunday 00:00 by the
workflow's time gate and plans that week's cycle, and the repository validates."""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager

import pytest

from collect.collect_support import FeedServer
from commons.content import cycles
from commons.content.cycles import Week
from full_cycle_world import CHECK_NAME, EXAMPLES, MAINTAINER, ROOT, World, git
from github_double import GitHubDouble
from triage.fake_openai import FakeOpenAI

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
NY = Week(timezone="America/New_York")
FEEDS = {"lab-blog": ("lab-blog.rss.xml", "feed"), "arxiv-cs-cl": ("arxiv-cs-cl.rss.xml", "arxiv"),
         "vllm-releases": ("vllm-releases.atom", "github-releases"), "hn-llm": ("hn-llm.rss.xml", "hn")}
MEMBERS = "members:\n" + "".join(f"  - github: {h}\n    name: {n}\n    capacity: 4\n"
                                   for h, n in (("ara", "Ara Lee"), ("bora", "Bora Kim"), ("chan", "Chan Park")))

# Week one: daylight saving ends on Sunday 2026-11-01 at 02:00, so local midnight is still EDT (UTC-4).
W1 = "2026-W45"
COLLECT1 = "2026-10-31T20:00:00-04:00"
REVIEW1, REMIND1 = "2026-11-02T21:00:00-05:00", "2026-11-03T09:00:00-05:00"
PUBLISH1, OVERDUE1 = "2026-11-04T22:00:00-05:00", "2026-11-05T09:00:00-05:00"
W2 = "2026-W46"


def english_answer(item: dict, categories: list[str]) -> dict:
    """What a model asked to write in English answers (the prompt names commons.yml's language)."""
    text = (item["title"] + " " + item["text"]).lower()
    category = "papers" if "arxiv" in item["source"] else "tools" if "vllm" in text or "release" in text else categories[0]
    return {"id": item["id"], "score": 4 if any(w in text for w in ("model", "llm", "rag", "agent")) else 2,
            "category": category, "summary": f"About {item['title'][:40]}: what changed and why developers care.",
            "why": "Relevant to the systems our members build.", "tags": ["llm"]}


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.delenv("COMMONS_LANGUAGE")  # nobody chose a language: commons.yml's is the command line's too
    with world_of(tmp_path, monkeypatch, english_answer) as w:
        yield w


@contextmanager
def world_of(tmp_path, monkeypatch, answer=None, **github):
    """Feeds, an AI server (``answer``) and the GitHub double (``github``: its options) around a World."""
    feeds = FeedServer()
    try:
        with FakeOpenAI(**({"answer": answer} if answer else {})) as ai, GitHubDouble(tmp_path / "github", **github) as gh:
            yield World(tmp_path, gh, feeds, ai, monkeypatch)
            assert gh.violations == [], gh.violations
    finally:
        feeds.close()


def adopt(w: World, tmp_path) -> None:
    """`commons init` into a folder, then the SETUP.md edits (the roster), pushed as the first commit."""
    sources = "".join(f'- {{id: {sid}, title: "{sid}", url: "{w.feeds.base}/{file}", kind: {kind}}}\n'
                      for sid, (file, kind) in FEEDS.items())
    made, _ = run_init(w, tmp_path, COLLECT1, sources, "--name", "Robotics Reading Group", "--timezone", "America/New_York",
                       "--topic", "LLMs for robots: models, tools and papers")
    (made / "members.yml").write_text(MEMBERS, encoding="utf-8")  # SETUP.md: list your members
    text = (made / "commons.yml").read_text(encoding="utf-8")
    (made / "commons.yml").write_text(text.replace("reviewers_per_item: 2", "reviewers_per_item: 1"), encoding="utf-8")
    push_first_commit(w, made, "Robotics Reading Group: commons init", COLLECT1, [file for file, _ in FEEDS.values()])


def run_init(w: World, tmp_path, when: str, sources: str, *options: str):
    """`commons init` of an English community from the shipped repository, with three categories: (folder, Ran)."""
    (tmp_path / "sources.yml").write_text(sources, encoding="utf-8")
    made = tmp_path / "made"
    ran = w.commons(when, "init", str(made), "--language", "en", "--maintainer", MAINTAINER, "--sources",
                    str(tmp_path / "sources.yml"), "--category", "papers=Papers", "--category", "tools=Tools and libraries",
                    "--category", "news=News", *options, cwd=ROOT)
    assert ran.code == 0, ran.err
    return made, ran


def push_first_commit(w: World, made, message: str, when: str, feed_files) -> None:
    """What init made, as the first commit on main of the community's GitHub repository; its feeds served."""
    for entry in made.iterdir():
        if entry.name != ".git":
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, w.runner / entry.name)
    git(w.runner, "add", "-A")
    git(w.runner, "commit", "-qm", message, when=when)
    git(w.runner, "push", "-q", "origin", "HEAD:main")
    for file in feed_files:
        w.feeds.serve(f"/{file}", (EXAMPLES / file).read_bytes())


def gate(w: World, now: str, cron: str) -> bool:
    """The `when` job of assign.yml: a run fired by ``cron`` goes on only at the configured local time."""
    ran = w.commons(now, "schedule", "--due", "distribute", "--cron", cron)
    assert ran.code == 0, ran.err
    return "runs" in ran.out and "stops here" not in ran.out


def scheduled_assign(w: World, day: str) -> str:
    """Both cron lines of assign.yml fire that Sunday; exactly one passes the gate, and assign runs then."""
    fired = []
    for cron in ("0 4 * * 0", "0 5 * * 0"):
        hour = cron.split()[1]
        now = f"{day}T0{hour}:07:00+00:00"  # GitHub starts scheduled runs a few minutes late
        if gate(w, now, cron):
            fired.append(now)
            w.assign_workflow(now)
    assert len(fired) == 1, fired
    return fired[0]


def review(w: World, cycle: str, when: str, leave_empty: str | None) -> None:
    plan = w.runner / ".commons" / "assign" / f"{cycle}.json"
    import json

    for handle, ids in json.loads(plan.read_text(encoding="utf-8"))["assignments"].items():
        judged = {i: {"impact": 4, "verdict": "newsletter", "summary": f"{i}: worth reading.",
                      "why": "It changes how we deploy models."} for i in ids if i != leave_empty}
        head = w.write_reviews(cycle, handle, judged, when)
        ran = w.validate_pull(cycle, handle, when)
        w.gh.add_check_run(head, CHECK_NAME, "completed", "success" if ran.code == 0 else "failure")
        w.gh.add_review(w.pull_of(cycle, handle), MAINTAINER, "APPROVED")


def hangul_in(label: str, text: str) -> list[str]:
    return [f"{label}: {line.strip()[:120]}" for line in str(text).splitlines() if HANGUL.search(line)]


def member_facing(w: World) -> list[str]:
    """Everything a member of the community can see, with where it is."""
    found = []
    gh = w.gh
    for number, issue in gh.issues.items():
        found += hangul_in(f"#{number} title", issue.get("title", "")) + hangul_in(f"#{number} body", issue.get("body", ""))
    for comment in gh.comments.values():
        found += hangul_in(f"comment on #{comment['issue']}", comment["body"])
    for label in gh.labels.values():
        found += hangul_in(f"label {label['name']}", f"{label['name']} {label.get('description') or ''}")
    for path in sorted(w.runner.rglob("*")):
        relative = path.relative_to(w.runner)
        if path.is_file() and relative.parts[0] not in (".git", "scripts"):  # scripts/: the engine, with every catalog
            found += hangul_in(str(relative), path.read_text(encoding="utf-8", errors="replace"))
    found += hangul_in("commit messages", git(gh.bare, "log", "--all", "--format=%B"))
    found += hangul_in("command output", "\n".join(w.log))
    return found


def test_an_english_new_york_community_lives_a_week_across_the_end_of_daylight_saving(world: World, tmp_path):
    w = world
    adopt(w, tmp_path)
    assert w.commons(COLLECT1, "validate").code == 0, w.log[-1]  # schedule and workflows agree from the start

    collected, triaged = w.collect_workflow(COLLECT1)
    assert (collected.code, triaged.code) == (0, 0), w.log[-2:]
    assert f"into {W1}" in collected.out

    # Sunday 2026-11-01: 00:00 EDT is 04:00 UTC; the 05:00 UTC line (01:00 local) stops at the gate
    ran_at = scheduled_assign(w, "2026-11-01")
    assert ran_at.startswith("2026-11-01T04:")
    assert cycles.distributing_cycle(cycles.datetime.fromisoformat(ran_at), NY) == W1
    titles = sorted(w.gh.issues[n]["title"] for n in w.gh.pulls)
    assert titles and all(t.startswith(f"[{W1}] Review ") and t.endswith("due Wed 2026-11-04") for t in titles), titles
    assert any(re.search(r"Review 1 item,", t) for t in titles) or all(re.search(r"Review \d+ items,", t) for t in titles)

    plan = (w.runner / ".commons" / "assign" / f"{W1}.json").read_text(encoding="utf-8")
    lazy_item = re.search(r'"chan": \[\s*"([^"]+)"', plan)[1]
    review(w, W1, REVIEW1, lazy_item)
    assert w.commons(REMIND1, "remind").code == 0
    assert w.commons(REMIND1, "status", "--fetch").code == 0
    published = w.publish_workflow(PUBLISH1)
    assert published.code == 0, published.out + published.err
    newsletter = (w.runner / "news" / W1 / "README.md").read_text(encoding="utf-8")
    assert newsletter.startswith("# Newsletter · 2026-11-04 (Wed)") and "1 reviewer" in newsletter  # the due Wednesday
    assert w.commons(OVERDUE1, "remind").code == 0  # chan's PR: overdue label and comment
    assert any("were due Wed 2026-11-04" in c["body"] for c in w.gh.comments.values())

    # Sunday 2026-11-08: EST now, 00:00 is 05:00 UTC; chan's unreviewed item is carried over
    w.collect_workflow("2026-11-07T20:00:00-05:00")
    ran_at = scheduled_assign(w, "2026-11-08")
    assert ran_at.startswith("2026-11-08T05:")
    assert any(w.gh.issues[n]["title"].startswith(f"[{W2}] Review ") for n in w.gh.pulls)
    assert any("carried over to 2026-W46" in c["body"] for c in w.gh.comments.values())

    assert w.commons(ran_at, "validate").code == 0, w.log[-1]
    # the usual mistakes, said in English too
    broken = w.runner / "news" / W2 / "reviews" / "ara" / "broken.md"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("---\nitem: broken\nimpact: [1\n---\n", encoding="utf-8")
    assert w.commons(ran_at, "validate").code == 1 and "is never closed with ']'" in w.log[-1]
    assert w.commons(ran_at, "status", "--cycle", "2026-W99").code == 2 and "has no week 99" in w.log[-1]
    assert w.commons(ran_at, "status").code in (0, 1) and f"Cycle {W2}: due Wed 2026-11-11 23:59 (America/New_York)" in w.log[-1]
    broken.unlink()
    # the scan saw every kind of member-facing text: PR bodies, hold, reminder, overdue and carry-over comments, labels
    bodies = "\n".join(c["body"] for c in w.gh.comments.values())
    assert all(marker in bodies for marker in ("commons:publish", "commons:remind", "commons:carried-over"))
    assert {"review", "overdue", W1, W2} <= {label["name"] for label in w.gh.labels.values()}
    assert member_facing(w) == []


def test_the_scan_finds_korean():
    assert hangul_in("x", "fine\n리뷰 마감\n") == ["x: 리뷰 마감"] and hangul_in("x", "Review due Wed") == []
