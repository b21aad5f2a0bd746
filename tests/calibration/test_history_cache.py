"""calibration.history_cache: closed cycles git vouches for are not parsed again, and the history is
the same as reading every file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from calibration.calibration_support import reviewed_item
from commons.calibration import history, history_cache
from commons.content import frontmatter, items as content
from triage.triage_fixtures import make_item

CYCLES = ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str = "c") -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


def review(repo: Path, cycle: str, member: str, item_id: str, impact, why: str = "이유") -> Path:
    path = Path(repo) / "news" / cycle / "reviews" / member / f"{item_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    frontmatter.write(path, frontmatter.new({"item": item_id, "reviewer": member, "impact": impact,
                                             "verdict": "newsletter", "summary": "요약", "why": why}, ""))
    return path


def pool(repo: Path, cycle: str, day: str, *metas: dict) -> None:
    content.add_to_pool(repo, cycle, day, [{"cycle": cycle, "status": "dropped", "source": "hn-llm",
                                            "url": f"https://example.com/{m['id']}", **m} for m in metas])


def build_cycles(repo: Path) -> None:
    """Four cycles: item files and pool lines with scores, whole and unfinished reviews, a review naming an
    item of the cycle before, one naming a pool line, an id in two cycles (the later wins)."""
    for n, cycle in enumerate(CYCLES):
        reviewed_item(repo, cycle, f"quant-{n}", f"Quantization kernels {n}", "hn-llm", 3, [5, 4])
        reviewed_item(repo, cycle, f"fund-{n}", f"Funding round {n}", "aws-ml-blog", 4, [1], category="business",
                      text=f"A long story about money {n}.")
        make_item(repo, f"unreviewed-{n}", f"Nobody read this {n}", "body", cycle=cycle, status="not-selected", score=2)
        pool(repo, cycle, f"2026-11-0{n + 1}", {"id": f"pooled-{n}", "title": f"Pooled {n}", "score": 1},
             {"id": f"unscored-{n}", "title": f"Unscored {n}"})
    review(repo, "2026-W46", "late", "quant-1", 2)                 # names an item of the cycle before
    review(repo, "2026-W46", "half", "quant-2", None)              # unfinished: not counted
    review(repo, "2026-W46", "pooler", "pooled-0", 3)              # a pool line of an older cycle
    review(repo, "2026-W47", "bools", "fund-3", True)              # not a whole number
    make_item(repo, "twice", "First sighting", "old text", cycle="2026-W44", score=5, excerpt="first")
    pool(repo, "2026-W45", "2026-11-09", {"id": "twice", "title": "Second sighting", "score": 2, "excerpt": "second"})
    review(repo, "2026-W45", "m9", "twice", 4)


def uncached(repo: Path, window: int = history.WINDOW) -> history.History:
    """The history as read with no cache at all (a copy outside git)."""
    copy = repo.parent / f"plain-{len(list(repo.parent.iterdir()))}"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"), symlinks=True)
    return history.read(copy, window)


@pytest.fixture
def built(git_repo: Path) -> Path:
    build_cycles(git_repo)
    commit(git_repo)
    return git_repo


def test_the_history_is_the_same_with_and_without_the_cache(built):
    expected = uncached(built)
    assert {j.item_id for j in expected.judgements} >= {"quant-1", "pooled-0", "twice", "fund-0"}
    twice = next(j for j in expected.judgements if j.item_id == "twice")
    assert (twice.cycle, twice.title, twice.ai_score, twice.text) == ("2026-W45", "Second sighting", 2, "second")
    late = next(j for j in expected.judgements if j.item_id == "quant-1")
    assert late.impacts == [5, 4, 2] and late.cycle == "2026-W45"
    first = history.read(built)      # fills the cache
    second = history.read(built)     # answered from it
    assert first == expected and second == expected
    assert history.read(built, window=2) == uncached(built, window=2)
    assert history_cache.location(built).is_file()
    assert _git(built, "status", "--porcelain") == ""  # in the git directory, never in the working tree


def test_a_second_run_reads_no_file_of_a_clean_cycle(built, monkeypatch):
    expected = history.read(built)

    def refuse(*args, **kwargs):
        raise AssertionError("a clean cycle was read again")

    monkeypatch.setattr(history.content, "read_items", refuse)
    monkeypatch.setattr(history.content, "read_reviews", refuse)
    monkeypatch.setattr(frontmatter, "read", refuse)
    monkeypatch.setattr(content, "read_pool", refuse)
    assert history.read(built) == expected


def test_only_the_changed_cycle_is_read_again(built, monkeypatch):
    history.read(built)
    review(built, "2026-W47", "newcomer", "quant-3", 1)  # untracked
    read = []
    real = history.read_cycle
    monkeypatch.setattr(history, "read_cycle", lambda repo, cycle: read.append(cycle) or real(repo, cycle))
    judged = {j.item_id: j for j in history.read(built).judgements}
    assert read == ["2026-W47"] and judged["quant-3"].impacts == [5, 4, 1]


def test_an_edited_an_untracked_a_deleted_and_a_committed_review_are_all_picked_up(built):
    history.read(built)
    edited = review(built, "2026-W44", "member0", "quant-0", 1, why="다시 보니 별로")   # uncommitted edit
    judged = {j.item_id: j for j in history.read(built).judgements}
    assert judged["quant-0"].impacts == [1, 4] and judged["quant-0"].whys[0] == "다시 보니 별로"
    review(built, "2026-W45", "extra", "fund-1", 5)                                   # untracked
    assert {j.item_id: j for j in history.read(built).judgements}["fund-1"].impacts == [5, 1]  # "extra" sorts before "member0"
    (built / "news/2026-W46/reviews/member1/quant-2.md").unlink()                   # deleted, not committed
    assert {j.item_id: j for j in history.read(built).judgements}["quant-2"].impacts == [5]
    commit(built)
    assert history.read(built) == uncached(built)                                     # committed
    review(built, "2026-W44", "member0", "quant-0", 3)
    commit(built)                                                                     # a change committed
    assert {j.item_id: j for j in history.read(built).judgements}["quant-0"].impacts == [3, 4]
    assert edited.is_file() and history.read(built) == uncached(built)


def test_an_edited_item_and_pool_line_are_picked_up(built):
    history.read(built)
    make_item(built, "quant-0", "Renamed kernels", "new words", cycle="2026-W44", score=1, excerpt="new words")
    pool(built, "2026-W44", "2026-11-02", {"id": "late-pooled", "title": "Late", "score": 5})
    fresh = history.read(built)
    judged = {j.item_id: j for j in fresh.judgements}
    assert (judged["quant-0"].title, judged["quant-0"].ai_score, judged["quant-0"].text) == ("Renamed kernels", 1, "new words")
    assert 5 in fresh.scores["2026-W44"] and fresh == uncached(built)


def test_a_corrupt_or_foreign_cache_is_read_past_and_written_afresh(built):
    expected = history.read(built)
    where = history_cache.location(built)
    for garbage in ("{not json", "[]", json.dumps({"version": 999, "cycles": {}}), "\x00\x01"):
        where.write_text(garbage)
        assert history.read(built) == expected
        assert json.loads(where.read_text())["version"] == history_cache.VERSION
    data = json.loads(where.read_text())  # an entry with the right key but the wrong shape is not used
    data["cycles"]["2026-W44"]["scores"] = ["five"]
    data["cycles"]["2026-W45"]["files"] = [["twice"]]
    data["cycles"]["2026-W46"]["reviews"] = [["quant-1", "5", "", "", ""]]
    where.write_text(json.dumps(data))
    assert history.read(built) == expected


def test_a_cache_that_cannot_be_written_costs_time_only(built):
    expected = uncached(built)
    folder = history_cache.location(built).parent
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_text("a file where the folder would be")
    assert history.read(built) == expected and history.read(built) == expected


def test_outside_git_every_file_is_read_and_nothing_is_written(repo):
    build_cycles(repo)
    expected = history.read(repo)
    assert expected.judgements and history.read(repo) == expected
    assert history_cache.location(repo) is None and not (repo / ".git").exists()


def test_a_linked_file_is_not_vouched_for(built, tmp_path):
    target = tmp_path / "outside.md"
    shutil.copy(built / "news/2026-W44/reviews/member1/quant-0.md", target)
    link = built / "news/2026-W44/reviews/member1/quant-0.md"
    link.unlink()
    link.symlink_to(target)
    commit(built)  # git holds the link, not what it points to
    first = history.read(built)
    frontmatter.write(target, frontmatter.new({"item": "quant-0", "reviewer": "member1", "impact": 2,
                                               "verdict": "skip", "summary": "s", "why": "w"}, ""))
    assert {j.item_id: j for j in history.read(built).judgements}["quant-0"].impacts == [5, 2] != \
        {j.item_id: j for j in first.judgements}["quant-0"].impacts


def test_cycles_that_left_the_window_are_forgotten(built):
    history.read(built)
    assert sorted(json.loads(history_cache.location(built).read_text())["cycles"]) == CYCLES
    reviewed_item(built, "2026-W48", "new-week", "A new week", "hn-llm", 3, [4])
    commit(built)
    history.read(built, window=4)
    assert sorted(json.loads(history_cache.location(built).read_text())["cycles"]) == CYCLES[1:] + ["2026-W48"]


def test_a_code_change_reads_every_cycle_again(built, monkeypatch):
    history.read(built)
    monkeypatch.setattr(history_cache.local_cache, "code_fingerprint", lambda: "another version of the code")
    read = []
    real = history.read_cycle
    monkeypatch.setattr(history, "read_cycle", lambda repo, cycle: read.append(cycle) or real(repo, cycle))
    history.read(built)
    assert read == CYCLES


def test_a_review_naming_a_pool_line_of_a_cached_cycle_reads_that_cycle_once(built, monkeypatch):
    history.read(built)
    review(built, "2026-W47", "digger", "unscored-1", 4)  # a pool line of 2026-W45, cached without it
    expected = uncached(built)
    read = []
    real = history.read_cycle
    monkeypatch.setattr(history, "read_cycle", lambda repo, cycle: read.append(cycle) or real(repo, cycle))
    found = history.read(built)
    assert found == expected and read == ["2026-W47", "2026-W45"]
    dug = next(j for j in found.judgements if j.item_id == "unscored-1")
    assert (dug.cycle, dug.title, dug.ai_score, dug.impacts) == ("2026-W45", "Unscored 1", None, [4])
    read.clear()
    assert history.read(built) == found and read == ["2026-W47"]  # the record is kept with its cycle
