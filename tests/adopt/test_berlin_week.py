"""An English study group in Berlin adopts commons as README and SETUP.md say, with SETUP's token: a
fine-grained personal token of @lena, so review PRs are opened under her login and nobody sets
`review.bots`. Twelve members; assignment Monday 08:00, reviews due Thursday 18:00, the run-of-show
Thursday 16:00 before the evening meeting, publish Thursday 19:00; the week after the end of daylight
saving. The week merges the approved reviews and publishes a newsletter; the agenda runs on Thursday
and says Thursday; nothing anyone reads carries Hangul, the terminal included (LANG=en_US.UTF-8)."""

from __future__ import annotations

import json
import re

import pytest
from adopt.test_english_week import hangul_in, member_facing, push_first_commit, run_init, world_of

from commons.content import cycles
from full_cycle_world import CHECK_NAME, MAINTAINER, World

TOKEN_OWNER = "lena"  # SETUP.md step 3: her fine-grained token is COMMONS_TOKEN
MEMBERS = ("anna", "ben", "clara", "david", "emma", "felix", "greta", "hannah", "jonas", "lena", "lukas", "mia")
FEEDS = {"Lab blog": ("lab-blog.rss.xml", "feed"), "arXiv cs.CL": ("arxiv-cs-cl.rss.xml", "arxiv"),
         "vLLM releases": ("vllm-releases.atom", "github-releases"), "Hacker News LLM": ("hn-llm.rss.xml", "hn")}
SCHEDULE = ("--distribute", "monday 08:00", "--remind", "wednesday 09:00", "--due", "thursday 18:00",
            "--agenda", "thursday 16:00", "--publish", "thursday 19:00")
CYCLE = "2026-W44"  # handed out Monday 26 October (CET since Sunday), due and met Thursday 29 October
COLLECT = "2026-10-25T20:00:00+01:00"
REVIEWED, AGENDA, PUBLISH = "2026-10-28T20:00:00+01:00", "2026-10-29T15:04:00+00:00", "2026-10-29T18:04:00+00:00"


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.delenv("COMMONS_LANGUAGE")  # an English-speaking maintainer's shell
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    with world_of(tmp_path, monkeypatch, owner="berlin-llm", name="reading-group", bot=TOKEN_OWNER) as w:
        for key in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):  # no AI: the offline triager, with init's keywords
            monkeypatch.delenv(key, raising=False)
        yield w


def adopt(w: World, tmp_path) -> str:
    """`commons init` from the shipped repository, then SETUP.md's one edit (the roster), pushed."""
    sources = "".join(f'- {{title: "{title}", url: "{w.feeds.base}/{file}", kind: {kind}}}\n'
                      for title, (file, kind) in FEEDS.items())
    made, ran = run_init(w, tmp_path, COLLECT, sources, "--name", "Berlin LLM Reading Group", "--timezone", "Europe/Berlin",
                         "--topic", "Serving, fine-tuning and evaluating large language models", *SCHEDULE)
    config = (made / "commons.yml").read_text(encoding="utf-8")
    assert "bots" not in config  # nobody configures the bot
    assert all(f'id: "{sid}"' in config for sid in ("lab-blog", "arxiv-cs-cl", "vllm-releases", "hacker-news-llm"))
    assert re.search(r"id: tools\n    title: \"Tools and libraries\"\n    keywords: \[.*\"vllm\"", config)
    assert "timezone: Europe/Berlin" in (made / ".github/dependabot.yml").read_text(encoding="utf-8")
    assert (made / "SECURITY.md").is_file() and "review.bots" in (made / "SETUP.md").read_text(encoding="utf-8")
    (made / "members.yml").write_text("members:\n" + "".join(f"  - github: {h}\n    capacity: 3\n" for h in MEMBERS),
                                      encoding="utf-8")
    push_first_commit(w, made, "Berlin LLM Reading Group: commons init", COLLECT, [file for file, _ in FEEDS.values()])
    return ran.out + ran.err


def crons(w: World, workflow: str) -> list[str]:
    return re.findall(r'- cron: "([^"]+)"', (w.runner / ".github/workflows" / workflow).read_text(encoding="utf-8"))


def runs_at(w: World, event: str, workflow: str, day: str) -> list[str]:
    """Every cron line of the workflow fires that day (a few minutes late); the ones past the gate."""
    passed = []
    for cron in crons(w, workflow):
        minute, hour = cron.split()[:2]
        now = f"{day}T{int(hour):02d}:{int(minute) + 4:02d}:00+00:00"
        ran = w.commons(now, "schedule", "--due", event, "--cron", cron)
        assert ran.code == 0, ran.err
        if "stops here" not in ran.out:
            passed.append(now)
    return passed


def test_the_berlin_week_from_init_merges_the_approved_reviews_and_publishes(world: World, tmp_path):
    w = world
    said = adopt(w, tmp_path)
    assert hangul_in("init", said) == []
    assert w.commons(COLLECT, "validate").code == 0, w.log[-1]

    collected, triaged = w.collect_workflow(COLLECT)
    assert (collected.code, triaged.code) == (0, 0), w.log[-2:]
    assert f"into {CYCLE}" in collected.out
    categories = {m.get("category") for m in w.items().values() if m.get("status") != "dropped"}
    assert len(categories) > 1, categories  # the keywords tell papers from tools

    # Monday 26 October, the first Monday of CET: 08:00 is 07:00 UTC; the 06:00 UTC line (07:00) stops
    assert runs_at(w, "distribute", "assign.yml", "2026-10-26") == ["2026-10-26T07:04:00+00:00"]
    w.assign_workflow("2026-10-26T07:04:00+00:00")
    pulls = {n: p for n, p in w.gh.pulls.items() if p["head"].startswith(f"commons/review/{CYCLE}/")}
    assert len(pulls) >= 8 and {w.gh.issues[n]["user"] for n in pulls} == {TOKEN_OWNER}
    assert all(w.gh.issues[n]["title"].endswith("due Thu 2026-10-29") for n in pulls)

    plan = json.loads((w.runner / ".commons" / "assign" / f"{CYCLE}.json").read_text(encoding="utf-8"))
    for handle, ids in plan["assignments"].items():
        judged = {i: {"impact": 4, "verdict": "newsletter", "summary": f"{i}: worth a read.",
                      "why": "It changes how we serve models."} for i in ids}
        head = w.write_reviews(CYCLE, handle, judged, REVIEWED)
        checked = w.validate_pull(CYCLE, handle, REVIEWED)
        w.gh.add_check_run(head, CHECK_NAME, "completed", "success" if checked.code == 0 else "failure")
        w.gh.add_review(w.pull_of(CYCLE, handle), MAINTAINER, "APPROVED")
    assert w.commons("2026-10-28T08:04:00+00:00", "remind").code == 0

    # Thursday 29 October, 16:00 CET: the run-of-show, on Thursday, saying Thursday
    assert runs_at(w, "agenda", "agenda.yml", "2026-10-29") == [AGENDA]
    assert runs_at(w, "agenda", "agenda.yml", "2026-10-22") == ["2026-10-22T14:04:00+00:00"]  # still CEST a week before
    w.fresh_checkout()
    agenda = w.commons(AGENDA, "agenda")
    assert agenda.code == 0, agenda.err
    text = (w.runner / "news" / CYCLE / "agenda.md").read_text(encoding="utf-8")
    assert text.startswith("# Thursday run-of-show · 2026-10-29 (Thu)"), text[:80]
    assert [i["title"] for i in w.gh.issues.values() if "run-of-show" in i["title"]] == ["Thursday run-of-show"]

    assert runs_at(w, "publish", "publish.yml", "2026-10-29") == [PUBLISH]
    published = w.publish_workflow(PUBLISH)
    assert published.code == 0, published.out + published.err
    assert all(w.gh.pulls[n].get("merged_at") for n in pulls), published.out  # every approved review merged
    newsletter = (w.runner / "news" / CYCLE / "README.md").read_text(encoding="utf-8")
    assert newsletter.startswith("# Newsletter · 2026-10-29 (Thu)") and "reviewer" in newsletter
    status = w.commons(PUBLISH, "status", "--fetch")
    assert "published" in status.out.lower(), status.out
    assert cycles.distributing_cycle(cycles.datetime.fromisoformat(PUBLISH), w_week(w)) == CYCLE
    assert member_facing(w) == []


def w_week(w: World):
    from commons.config import load_config

    return load_config(w.runner).week


def test_review_prs_no_one_counts_stop_publish_with_one_line(world: World, tmp_path):
    """The token changed hands after assign (or commons.yml names someone else): publish says so and
    publishes nothing, and status does not call the cycle published."""
    w = world
    adopt(w, tmp_path)
    w.collect_workflow(COLLECT)
    w.assign_workflow("2026-10-26T07:04:00+00:00")
    plan = json.loads((w.runner / ".commons" / "assign" / f"{CYCLE}.json").read_text(encoding="utf-8"))
    handle, ids = sorted(plan["assignments"].items())[0]
    w.write_reviews(CYCLE, handle, {i: {"impact": 3, "verdict": "newsletter", "summary": "s.", "why": "w."} for i in ids},
                    REVIEWED)
    w.gh.bot = "ops-bot"  # COMMONS_TOKEN is now another person's token
    ran = w.publish_workflow(PUBLISH)
    assert ran.code == 1
    lines = [line for line in ran.err.splitlines() if line.startswith("commons publish:")]
    assert len(lines) == 1 and f"none counts: they were opened by {TOKEN_OWNER}" in lines[0] \
        and "review: bots:" in lines[0] and "Nothing was published." in lines[0], ran.err
    assert not (w.runner / "news" / CYCLE / "README.md").exists()
    status = w.commons(PUBLISH, "status", "--fetch")
    assert f"Cycle {CYCLE}" in status.out and "published" not in status.out.split("\n")[0].lower()
