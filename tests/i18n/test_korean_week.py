"""A Korean community lives a week, failures included, and every line the command line prints is Korean:
collect (one source answering with a web page, one a missing file), triage, assign, review commands a member
gets wrong (answered on the PR), a review PR that fails validation, remind, status, publish (one review held),
then the usual mistakes (a broken review file, a bad --cycle, a bad COMMONS_NOW, a moved-out repository).
Nobody set COMMONS_LANGUAGE: the language is commons.yml's."""

from __future__ import annotations

import json
import re

import pytest

from collect.collect_support import FeedServer
from full_cycle_world import CHECK_NAME, MAINTAINER, World, git
from github_double import GitHubDouble
from i18n.language_scan import english_sentences
from triage.fake_openai import FakeOpenAI

W1 = "2026-W48"
SEEDED, COLLECT, ASSIGN = "2026-11-15T10:00:00+09:00", "2026-11-21T20:00:00+09:00", "2026-11-22T00:30:00+09:00"
REVIEW, REMIND, PUBLISH = "2026-11-23T21:00:00+09:00", "2026-11-24T09:00:00+09:00", "2026-11-25T22:00:00+09:00"
OVERDUE = "2026-11-26T09:00:00+09:00"


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.delenv("COMMONS_LANGUAGE")
    monkeypatch.setenv("LANG", "C.UTF-8")  # the machine's locale does not decide: commons.yml does
    feeds = FeedServer()
    try:
        with FakeOpenAI() as ai, GitHubDouble(tmp_path / "github") as gh:
            yield World(tmp_path, gh, feeds, ai, monkeypatch)
            assert gh.violations == [], gh.violations
    finally:
        feeds.close()


def data_of(w: World) -> tuple[str, ...]:
    """What the sources and the AI wrote (titles, summaries): data, in whatever language they came."""
    values = []
    for meta in w.items().values():
        values += [str(meta.get(k) or "") for k in ("title", "summary", "why", "id", "source")]
        values += [str((meta.get("triage") or {}).get(k) or "") for k in ("note", "why")]
    return tuple(values)


def test_a_korean_week_with_its_failures_speaks_korean(world: World, tmp_path):
    w = world
    w.seed(SEEDED)
    w.serve_week(1)
    w.feeds.serve("/a-page.html", "<html><head><title>x</title></head><body>not a feed</body></html>",
                  headers={"Content-Type": "text/html"})
    config = w.runner / "commons.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\nsources:\n", f'\nsources:\n  - {{id: a-page, url: "{w.feeds.url("/a-page.html")}"}}\n'
                        '  - {id: gone-file, url: "file:feeds/gone.xml"}\n', 1), encoding="utf-8")
    git(w.runner, "commit", "-qam", "two sources that fail", when=SEEDED)
    git(w.runner, "push", "-q", "origin", "HEAD:main")
    collected, triaged = w.collect_workflow(COLLECT)
    assert (collected.code, triaged.code) == (1, 0), w.log[-2:]  # the missing file needs a person now
    assert "HTML 페이지가 돌아왔습니다" in collected.out and "파일이 없습니다" in collected.out
    first, second = w.assign_workflow(ASSIGN)
    assert second.code == 0, second.err
    plan = json.loads((w.runner / ".commons" / "assign" / f"{W1}.json").read_text(encoding="utf-8"))["assignments"]
    assert w.commons(ASSIGN, "assign", "--dry-run").code in (0, 1)
    lazy = sorted(plan)[-1]
    # review commands a member gets wrong, answered on the PR in the community's language only
    other, item = sorted(plan)[0], plan[lazy][0]
    for n, (author, body) in enumerate([(other, f"/skip {item} 제가 할게요"), (lazy, "/skip"),
                                        (lazy, f"/swap {item} @stranger"), (lazy, "/claim")], 1):
        event = tmp_path / f"comment-{n}.json"
        event.write_text(json.dumps({"action": "created", "comment": {"id": 8000 + n, "body": body, "user": {"login": author}},
                                     "issue": {"number": w.pull_of(W1, lazy), "pull_request": {"url": "x"}}}), encoding="utf-8")
        assert w.commons(REVIEW, "review-command", "--event", str(event)).code == 0, w.log[-1]
    answers = [c["body"] for c in w.gh.comments.values() if "commons:command" in c["body"]]
    assert len(answers) == 4 and "이 PR의 담당자" in answers[0] and "명령을 알아보지 못했습니다" in answers[1]
    assert english_sentences("\n".join(answers), data_of(w)) == [], answers
    for handle, ids in plan.items():
        judged = {i: {"impact": 7 if handle == lazy else 4, "verdict": "newsletter", "summary": f"{i}: 읽어 볼 만합니다.",
                      "why": "우리 팀 작업과 관련됩니다."} for i in ids}
        head = w.write_reviews(W1, handle, judged, REVIEW)
        ran = w.validate_pull(W1, handle, REVIEW)
        assert ran.code == (1 if handle == lazy else 0), ran.out + ran.err
        w.gh.add_check_run(head, CHECK_NAME, "completed", "success" if ran.code == 0 else "failure")
        w.gh.add_review(w.pull_of(W1, handle), MAINTAINER, "APPROVED")
    assert "리뷰가 끝나지 않았습니다" in w.log[-1]
    assert w.commons(REMIND, "remind").code == 0
    assert w.commons(REMIND, "status", "--fetch").code == 0
    assert w.commons(REMIND, "schedule").code == 0
    published = w.publish_workflow(PUBLISH)
    assert published.code in (0, 1), published.err
    assert w.commons(OVERDUE, "remind").code == 0
    assert w.commons(OVERDUE, "status").code in (0, 1)
    # the usual mistakes
    broken = w.runner / "news" / W1 / "reviews" / lazy / "broken.md"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("---\nitem: broken\nreviewer: x\nimpact: [1\n---\n", encoding="utf-8")
    (w.runner / "handbook" / "stray.md").write_text("no front matter\n", encoding="utf-8")
    assert w.commons(OVERDUE, "validate").code == 1
    assert w.commons(OVERDUE, "status", "--cycle", "2026-W99").code == 2
    w.mp.setenv("COMMONS_NOW", "next tuesday")
    from commons.cli import main
    from io import StringIO
    from contextlib import redirect_stderr
    err = StringIO()
    with redirect_stderr(err):
        assert main(["--repo", str(w.runner), "status"]) == 2
    w.log.append(err.getvalue())
    assert w.commons(OVERDUE, "validate", "news/none.md").code == 2
    assert w.commons(OVERDUE, "--repo", str(tmp_path / "gone"), "status").code == 2  # the second --repo wins

    # (the fake AI server's own tracebacks, for the editor requests it does not serve, are not the command's words)
    log = re.sub(r"-{40}\nException occurred.*?-{40}\n", "", "\n".join(w.log), flags=re.S)
    assert "검사" in log and "사이클" in log
    left = english_sentences(log, data_of(w))
    assert left == [], "\n".join(left)
