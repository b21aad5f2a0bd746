"""`commons agenda`: the meeting's run-of-show: items by impact, a presenter who reviewed each, minutes that
fit the meeting; a file plus one labelled issue updated in place, never duplicated."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from commons.agenda import core
from commons.publish.newsletter import Item, Judgement, rank
from conftest import write
from github_double import GitHubDouble
from publish.sample import CYCLE, item, populate, review

AGENDA = f"news/{CYCLE}/agenda.md"


def entries(n: int = 8):
    items = [Item(f"i{k}", f"Item {k}", url=f"https://e.com/{k}", score=3) for k in range(n)]
    judgements = []
    for k in range(n):
        judgements += [Judgement(f"i{k}", "ann", 5 - k % 5, "newsletter"), Judgement(f"i{k}", "bob", 5 - k % 4, "newsletter")]
    return [e for e in rank(items, judgements) if e.in_newsletter]


def test_minutes_fit_the_meeting_top_items_keep_their_time_and_the_rest_waits():
    ranked = entries(8)
    roomy = core.build(ranked, 60, date(2026, 11, 25))
    assert [s.minutes for s in roomy.slots] == [core.minutes_for(e.impact) for e in ranked] and not roomy.spare
    tight = core.build(ranked, 12, date(2026, 11, 25))
    assert tight.used <= 12 and tight.spare
    assert [s.entry.item.id for s in tight.slots + tight.spare] == [e.item.id for e in ranked]  # by impact
    assert tight.slots[0].minutes >= tight.slots[-1].minutes
    assert all(1 <= s.minutes <= 5 for s in tight.slots)
    starts = [s.start for s in tight.slots]
    assert starts == sorted(starts) and starts[0] == 0


def test_presenters_reviewed_the_item_did_not_skip_it_and_share_the_talking():
    items = [Item("a", "A", score=3), Item("b", "B", score=3), Item("c", "C", score=3)]
    ranked = [e for e in rank(items, [
        Judgement("a", "ann", 5, "newsletter"), Judgement("a", "bob", 4, "newsletter"),
        Judgement("b", "ann", 5, "newsletter"), Judgement("b", "bob", 4, "newsletter"),
        Judgement("c", "ann", 5, "skip"), Judgement("c", "cho", 3, "newsletter")]) if e.in_newsletter]
    agenda = core.build(ranked, 60, date(2026, 11, 25))
    assert [(s.entry.item.id, s.presenter) for s in agenda.slots] == [("a", "ann"), ("b", "bob"), ("c", "cho")]
    text = core.render(agenda, "ko")
    assert text.startswith("# 수요일 모임 진행표 · 2026년 11월 25일 (수)")  # schedule.agenda's day (Wednesday by default)
    assert "| 1 | 0:00 | A ★★★★½ | @ann | 5분 |" in text


def _assign(repo: Path, assignments: dict) -> None:
    write(repo / f".commons/assign/{CYCLE}.json", json.dumps({"cycle": CYCLE, "assignments": assignments}))


def test_offline_writes_the_file_and_a_rerun_changes_nothing(cli, repo):
    populate(repo)
    _assign(repo, {"jiyoon-nlp": ["vllm-0-7", "rag-survey"], "hyeonwoo-dev": ["vllm-0-7"]})
    first = cli("--repo", repo, "agenda", "--offline", "--cycle", CYCLE, "--minutes", "20")
    assert first.code == 0, first.err
    text = (repo / AGENDA).read_text(encoding="utf-8")
    assert "vLLM 0.7 released" in text and "@hyeonwoo-dev" in text and "A survey of RAG" in text
    assert text.index("vLLM 0.7 released") < text.index("A survey of RAG")
    second = cli("--repo", repo, "agenda", "--offline", "--cycle", CYCLE, "--minutes", "20")
    assert second.code == 0 and second.out.startswith("unchanged")
    assert cli("--repo", repo, "agenda", "--offline", "--cycle", CYCLE, "--minutes", "2").code == 2


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_reads_the_review_branches_and_keeps_one_issue_updated_in_place(cli, repo, tmp_path):
    with GitHubDouble(tmp_path / "github") as double:
        checkout = double.clone(tmp_path / "work")
        for entry in repo.iterdir():
            subprocess.run(["cp", "-r", str(entry), str(checkout / entry.name)], check=True)
        write(checkout / f"news/{CYCLE}/items/vllm-0-7.md", item("vllm-0-7", "vLLM 0.7 released", score=4))
        write(checkout / f"news/{CYCLE}/items/rag-survey.md", item("rag-survey", "A survey of RAG", score=3))
        _assign(checkout, {"jiyoon-nlp": ["vllm-0-7", "rag-survey"]})
        git(checkout, "add", "-A")
        git(checkout, "commit", "-qm", "seed")
        git(checkout, "push", "-q", "origin", "HEAD:main")
        # the member's reviews are only on their review branch, not merged yet
        branch = f"commons/review/{CYCLE}/jiyoon-nlp"
        git(checkout, "checkout", "-qb", branch)
        write(checkout / f"news/{CYCLE}/reviews/jiyoon-nlp/vllm-0-7.md", review("vllm-0-7", "jiyoon-nlp", 5))
        git(checkout, "add", "-A")
        git(checkout, "commit", "-qm", "review")
        git(checkout, "push", "-q", "origin", branch)
        git(checkout, "checkout", "-q", "main")
        env = {**double.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"}

        first = cli("--repo", checkout, "agenda", "--cycle", CYCLE, env=env)
        assert first.code == 0, first.err
        agenda_issues = [n for n, i in double.issues.items() if "모임 진행표" in i["labels"]]
        assert len(agenda_issues) == 1 and double.issues[agenda_issues[0]].get("pinned")
        body = double.issues[agenda_issues[0]]["body"]
        assert "vLLM 0.7 released" in body and "A survey of RAG" not in body  # only finished reviews

        again = cli("--repo", checkout, "agenda", "--cycle", CYCLE, env=env)
        assert again.code == 0 and "already shows" in again.out
        writes = double.count(writes_only=True)

        git(checkout, "checkout", "-q", branch)
        write(checkout / f"news/{CYCLE}/reviews/jiyoon-nlp/rag-survey.md", review("rag-survey", "jiyoon-nlp", 4))
        git(checkout, "add", "-A")
        git(checkout, "commit", "-qm", "second review")
        git(checkout, "push", "-q", "origin", branch)
        git(checkout, "checkout", "-q", "main")
        third = cli("--repo", checkout, "agenda", "--cycle", CYCLE, env=env)
        assert third.code == 0 and "updated issue" in third.out
        assert [n for n, i in double.issues.items() if "모임 진행표" in i["labels"]] == agenda_issues
        assert "A survey of RAG" in double.issues[agenda_issues[0]]["body"]
        assert double.count(writes_only=True) == writes + 1
        assert double.violations == []
        assert "A survey of RAG" in double.file_on("main", AGENDA)  # the file is on main too
