"""Publish builds the week in a scratch tree that leaves out the old cycles' review files the committed
portfolio cache answers for by git blob id (portfolio.answered): a year of reviews is neither
copied nor read, and the newsletter, its 잔디 and the portfolios are the same as when every review
is there."""

from __future__ import annotations

import subprocess

from publish.sample import CYCLE, populate, review

from commons.pages import portfolio

OLD = "2026-W45"  # two cycles and more before the one published: never needed whole


def _git(repo, *args) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def _old_review(repo, reviewer: str, item_id: str, impact: int = 4):
    path = repo / "news" / OLD / "reviews" / reviewer / f"{item_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(review(item_id, reviewer, impact).replace(f"cycle: {CYCLE}", f"cycle: {OLD}"), encoding="utf-8")
    return path


def _history(cli, repo):
    """A repository with an old cycle of reviews, indexed and committed as publish leaves it."""
    populate(repo)
    _old_review(repo, "jiyoon-nlp", "old-one")
    _old_review(repo, "hyeonwoo-dev", "old-two", impact=2)
    assert cli("--repo", repo, "index").code == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a year, indexed")


def _dry_run(cli, repo, monkeypatch):
    """(what the scratch tree held of the old cycle's reviews, every change the plan made as path → text, output)."""
    from commons.publish import plan as publish_plan

    seen, real_build, real_apply = {}, publish_plan.build, publish_plan.apply_to

    def build(root, *args, **kwargs):
        seen["old reviews in scratch"] = sorted(p.relative_to(root).as_posix()
                                                for p in (root / "news" / OLD / "reviews").rglob("*"))
        return real_build(root, *args, **kwargs)

    def apply_to(root, plan, *args, **kwargs):
        result = real_apply(root, plan, *args, **kwargs)
        seen["changes"] = {c.path: c.after for c in result.changes}
        return result

    monkeypatch.setattr(publish_plan, "build", build)
    monkeypatch.setattr(publish_plan, "apply_to", apply_to)
    result = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert result.code == 0, result.err
    return seen["old reviews in scratch"], seen["changes"], result.out


def test_old_reviews_the_cache_answers_for_are_left_out_and_change_nothing(cli, git_repo, monkeypatch):
    _history(cli, git_repo)
    left_out, changes, out = _dry_run(cli, git_repo, monkeypatch)
    assert left_out == []  # nor an empty member folder
    with monkeypatch.context() as m:  # the same dry run with every review in the scratch tree
        m.setattr(portfolio, "answered", lambda *a, **k: set())
        present, every, every_out = _dry_run(cli, git_repo, m)
    assert len(present) == 4  # two folders, a review in each
    assert changes == every and out == every_out
    assert f"news/{CYCLE}/contributions.svg" in changes


def test_the_newsletter_jandi_counts_old_reviews_from_the_cache_as_from_the_files(cli, git_repo, monkeypatch):
    import shutil

    from commons.config import load_members
    from commons.publish.plan import history

    _history(cli, git_repo)
    members = load_members(git_repo)
    read = []
    real = portfolio._review_entry
    monkeypatch.setattr(portfolio, "_review_entry", lambda *a: read.append(a[0]) or real(*a))
    cached = history(git_repo, CYCLE, members)
    assert read == []  # every review committed and known to the cache: none parsed
    plain = git_repo.parent / "plain"
    shutil.copytree(git_repo, plain, ignore=shutil.ignore_patterns(".git", ".commons"))
    assert history(plain, CYCLE, members) == cached and len(read) == 7  # no git, no cache: all parsed
    assert cached.counts[("jiyoon-nlp", OLD)] == 1 and cached.counts[("hyeonwoo-dev", OLD)] == 1


def test_an_old_review_git_cannot_vouch_for_is_in_the_scratch_tree(cli, git_repo, monkeypatch):
    _history(cli, git_repo)
    edited = git_repo / "news" / OLD / "reviews" / "jiyoon-nlp" / "old-one.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("impact: 4", "impact: 1"), encoding="utf-8")
    present, changes, _ = _dry_run(cli, git_repo, monkeypatch)
    assert present == [f"news/{OLD}/reviews/jiyoon-nlp", f"news/{OLD}/reviews/jiyoon-nlp/old-one.md"]  # not the other one
    assert " · 영향도 1 · " in changes["portfolio/jiyoon-nlp.md"]  # the edit not yet committed is what the page shows


def test_the_cache_answers_only_for_files_git_vouches_for_with_the_id_it_holds(cli, git_repo):
    from commons.git import clean_blob_ids

    _history(cli, git_repo)
    cache = portfolio.read_cache((git_repo / portfolio.CACHE).read_text(encoding="utf-8"))
    vouched = clean_blob_ids(git_repo, "news")
    assert portfolio.answered(cache, vouched) == set(cache) and len(cache) == 7
    edited = git_repo / "news" / OLD / "reviews" / "jiyoon-nlp" / "old-one.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert portfolio.answered(cache, clean_blob_ids(git_repo, "news")) == set(cache) - {f"news/{OLD}/reviews/jiyoon-nlp/old-one.md"}
    stale = {path: ["0" * 40, *entry[1:]] if OLD in path else entry for path, entry in cache.items()}
    assert portfolio.answered(stale, vouched) == {p for p in cache if OLD not in p}
    assert portfolio.answered({}, vouched) == set()


def test_what_the_scratch_tree_holds_as_git_does_leaves_out_what_overlays_replace(git_repo):
    from commons.git import Git
    from commons.publish.remote import vouched_in

    populate(git_repo)
    _git(git_repo, "add", "-A")
    _git(git_repo, "commit", "-q", "-m", "c")
    head = _git(git_repo, "rev-parse", "HEAD").strip()
    every = vouched_in(Git(git_repo), head)
    assert f"news/{CYCLE}/reviews/jiyoon-nlp/vllm-0-7.md" in every and all(p.startswith("news/") for p in every)
    overlaid = vouched_in(Git(git_repo), head, [(head, f"news/{CYCLE}/reviews/jiyoon-nlp/")])
    assert set(every) - set(overlaid) == {p for p in every if p.startswith(f"news/{CYCLE}/reviews/jiyoon-nlp/")}


def test_a_year_of_cache_past_a_member_files_limit_is_read_whole(cli, git_repo):
    """The committed portfolio cache passes 1 MB (a member file's limit) in about half a year:
    publish reads it whole, as index does, and a dry run says what it would write."""
    import json

    _history(cli, git_repo)
    cache = git_repo / portfolio.CACHE
    text = cache.read_text(encoding="utf-8")
    padding = [json.dumps([f"news/2026-W01/reviews/someone/{n}.md", "0" * 40, "x", "t" * 300, "u", 3, "skip", True])
               for n in range(4000)]
    cache.write_text(text + "\n".join(padding) + "\n", encoding="utf-8")
    assert cache.stat().st_size > 1_000_000
    _git(git_repo, "add", "-A")
    _git(git_repo, "commit", "-q", "-m", "a long history's cache")
    result = cli("--repo", git_repo, "publish", "--offline", "--cycle", CYCLE, "--dry-run")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
