"""`commons publish --offline`: the newsletter from the reviews in the folder, no GitHub and no git."""

from __future__ import annotations

from conftest import write
from publish.sample import CYCLE, item, items_path, populate, review, review_path


def test_offline_publish_writes_once_and_a_second_run_changes_nothing(cli, repo):
    populate(repo)
    dry = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert dry.code == 0, dry.err
    assert f"would write news/{CYCLE}/README.md (new)" in dry.out
    assert not (repo / "news" / CYCLE / "README.md").exists()

    first = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE)
    assert first.code == 0, first.err
    for name in ("README.md", "contributions.svg", "categories.svg"):
        assert (repo / "news" / CYCLE / name).is_file()
    assert (repo / "news" / "README.md").is_file() and (repo / "handbook" / "README.md").is_file()
    snapshot = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}

    second = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE)
    assert second.code == 0, second.err
    assert "0 files written" in second.err, second.out
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == snapshot


def test_problems_are_named_and_exit_1(cli, repo):
    populate(repo)
    write(review_path(repo, "minji-builder", "gpt-x"), review("gpt-x", "minji-builder", 4, "handbook", chapter="no-such"))
    write(review_path(repo, "taeho-mlops", "gpt-x"), "---\nimpact: [\n---\n")
    result = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE)
    assert result.code == 1
    assert "named chapter 'no-such', which is not in handbook/" in result.err
    assert f"news/{CYCLE}/reviews/taeho-mlops/gpt-x.md:" in result.err and "review left out" in result.err
    assert (repo / "news" / CYCLE / "README.md").is_file()  # the rest is still published


def test_bad_cycle_is_a_usage_error(cli, repo):
    result = cli("--repo", repo, "publish", "--offline", "--cycle", "2026-48")
    assert result.code == 2 and "--cycle" in result.err


def test_a_carried_over_item_reviewed_this_cycle_is_published_from_where_it_was_collected(cli, repo):
    # `commons assign` carried an unreviewed item of the previous cycle into this one: its review is
    # in this cycle's folder, the item stays in news/<previous>/items/ and is marked there.
    from commons.config import load_config, load_members
    from commons.publish import plan as publish_plan

    populate(repo)
    earlier = repo / "news" / "2026-W47" / "items" / "late-news.md"
    write(earlier, item("late-news", "Late but important", score=5).replace(f"cycle: {CYCLE}", "cycle: 2026-W47"))
    write(review_path(repo, "jiyoon-nlp", "late-news"), review("late-news", "jiyoon-nlp", 5))
    config = load_config(repo)
    built = publish_plan.build(repo, config, load_members(repo, config), CYCLE)
    assert built.notes == [] and "late-news" in built.published
    assert built.stats.collected == 5  # this cycle's own items; the carried one was counted in 2026-W47
    result = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE)
    assert result.code == 0, result.err
    assert "Late but important" in (repo / "news" / CYCLE / "README.md").read_text(encoding="utf-8")
    assert "status: published" in earlier.read_text(encoding="utf-8")


def test_nothing_older_than_the_maximum_age_on_the_issues_date_is_printed(cli, repo):
    # 2026-W48's newsletter is dated 2026-11-25. A carried-over item published 2026-11-08 was news
    # for 2026-W47's (10 days old); here it would be 17: reviewed, but not printed. Nor is an old
    # post among "also this week".
    from commons.config import load_config, load_members
    from commons.publish import plan as publish_plan

    populate(repo)
    earlier = repo / "news" / "2026-W47" / "items" / "stale-carried.md"
    write(earlier, item("stale-carried", "Stale but reviewed", score=5, published="2026-11-08T09:00:00Z")
          .replace(f"cycle: {CYCLE}", "cycle: 2026-W47"))
    write(review_path(repo, "jiyoon-nlp", "stale-carried"), review("stale-carried", "jiyoon-nlp", 5))
    write(items_path(repo, "old-waiting"), item("old-waiting", "Old post waiting", score=5, status="not-selected",
                                                published="2026-11-01T09:00:00Z"))
    write(items_path(repo, "new-waiting"), item("new-waiting", "New post waiting", score=4, status="not-selected"))
    config = load_config(repo)
    built = publish_plan.build(repo, config, load_members(repo, config), CYCLE)
    assert "stale-carried" not in built.published and "vllm-0-7" in built.published
    assert built.notes == [] and built.telemetry == ["stale-carried: published 2026-11-08, more than 14 days before the newsletter of "
                           "2026-11-25 (every source); reviewed, left out of the newsletter"]
    result = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE)
    assert result.code == 0, result.err
    page = (repo / "news" / CYCLE / "README.md").read_text(encoding="utf-8")
    assert "Stale but reviewed" not in page and "Old post waiting" not in page and "New post waiting" in page
    assert "status: reviewed" in earlier.read_text(encoding="utf-8")  # kept, never published
    feed = (repo / "news" / "feed.xml").read_text(encoding="utf-8")
    assert "Stale but reviewed" not in feed and "vLLM 0.7" in feed


def test_a_cycle_with_no_items_and_no_reviews_writes_nothing_and_says_so(cli, repo):
    populate(repo)
    cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE)
    snapshot = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    for extra in (("--dry-run",), ()):
        result = cli("--repo", repo, "publish", "--offline", "--cycle", "2026-W50", *extra)
        assert result.code == 0, result.err
        assert "Nothing to publish for 2026-W50: it has no items and no reviews; no newsletter written." in result.err
        assert "would write" not in result.out and "writes" not in result.out
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == snapshot
    assert not (repo / "news" / "2026-W50").exists()
    assert "2026-W50" not in (repo / "news" / "README.md").read_text(encoding="utf-8")


def test_publish_reads_the_week_not_the_history():
    from commons.publish.plan import needed

    wanted = needed("2026-W48")
    assert wanted("news/2026-W48/collected/2026-11-20.jsonl") == "read"
    assert wanted("news/2026-W47/collected/2026-11-13.jsonl") == "read"  # carried-over items are reviewed here
    assert wanted("news/2026-W40/collected/2026-09-28.jsonl") == "skip"
    assert wanted(".commons/collect/seen/2025-W40.jsonl") == "skip"
    assert all(wanted(p) == "read" for p in ("news/2025-W40/reviews/ara/x.md", "news/2025-W40/README.md",
                                             "news/2025-W40/items/x.md", "handbook/rag/intro.md", "news/feed.xml"))
    answered = needed("2026-W48", {"news/2025-W40/reviews/ara/x.md", "news/2026-W47/reviews/ara/y.md"})
    assert answered("news/2025-W40/reviews/ara/x.md") == "skip"  # the portfolio cache answers for it
    assert answered("news/2026-W47/reviews/ara/y.md") == "read"  # the week before is read whole


def test_a_dry_run_copies_only_what_the_plan_reads(cli, repo, monkeypatch):
    from commons.publish import plan as publish_plan

    populate(repo)
    write(repo / "news/2026-W40/collected/2026-09-28.jsonl", '{"id": "old"}\n')
    write(repo / f"news/{CYCLE}/collected/2026-11-20.jsonl", "")
    write(repo / ".commons/collect/seen/2026-W40.jsonl", '{"id": "old", "cycle": "2026-W40"}\n')
    seen = {}
    real = publish_plan.build

    def spy(root, *args, **kwargs):
        seen["files"] = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        return real(root, *args, **kwargs)

    monkeypatch.setattr(publish_plan, "build", spy)
    assert cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run").code == 0
    files = seen["files"]
    assert f"news/{CYCLE}/collected/2026-11-20.jsonl" in files and f"news/{CYCLE}/items/vllm-0-7.md" in files
    assert "news/2026-W40/collected/2026-09-28.jsonl" not in files
    assert not any(f.startswith(".commons/collect/") for f in files)
