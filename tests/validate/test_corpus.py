"""The community's existing handbook, as it is: no front matter, Hangul and spaces in paths."""

import json

from conftest import shared


def test_real_handbook_pages_each_get_one_clear_error(repo, cli):
    corpus = shared("corpus", "llm-handbook")
    pages = sorted(p for p in corpus.rglob("*.md"))
    assert len(pages) > 50
    result = cli("--repo", repo, "validate", "--kind", "chapter", "--format", "json", corpus)
    assert result.code == 1
    problems = json.loads(result.out)
    assert len(problems) == len(pages)
    assert len({p["path"] for p in problems}) == len(pages)
    assert all(p["message"].startswith("no front matter") and p["line"] == 1 for p in problems)
    assert any("아키텍쳐" in p["path"] and " " in p["path"] for p in problems)


def test_real_handbook_without_kind_says_what_it_expected(repo, cli):
    corpus = shared("corpus", "llm-handbook")
    page = next(corpus.rglob("*.md"))
    result = cli("--repo", repo, "validate", page)
    assert result.code == 1
    assert "not a file the validator knows" in result.out and "--kind" in result.out
