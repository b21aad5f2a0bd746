"""The real documents fit: seeds 002 (study notes), 003 (a Jekyll post) and 004 (meeting
minutes) pass through `commons import` and `commons validate`, then show up in the index."""

from __future__ import annotations

from works.works_support import SEED_MINUTES, SEED_NOTES, SEED_POST, make_repo


def test_seed_002_study_notes(cli, tmp_path):
    repo = make_repo(tmp_path, full_handbook=True)
    result = cli("--repo", repo, "import", SEED_NOTES, "--kind", "note", "--author", "jiyoon-nlp",
                 env={"COMMONS_NOW": "2026-11-24T10:00:00+09:00"})
    # exit 1: the chapters were suggested from its headings, and a person should check them
    assert result.code == 1, result.err
    assert "chapters suggested from its headings: long-context, embeddings, llm-evaluation" in result.err
    target = repo / "notes/jiyoon-nlp/generation-for-nlp-summary-notes.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Generation for NLP — Summary Notes\nauthor: jiyoon-nlp\ndate: '2026-11-24'\n")
    assert text.endswith(SEED_NOTES.read_text(encoding="utf-8"))  # the notes themselves, unchanged
    assert cli("--repo", repo, "validate", target).code == 0


def test_seed_003_jekyll_post_front_matter_kept_byte_for_byte(cli, tmp_path):
    repo = make_repo(tmp_path)
    result = cli("--repo", repo, "import", SEED_POST, "--author", "jiyoon-nlp")
    assert result.code == 1  # its three images did not come with it: named for a person to copy
    assert result.err.count("was not found beside it") == 3
    target = repo / "posts/jiyoon-nlp/2024-04-19-devocean-openlab-llmops.md"
    assert target.read_text(encoding="utf-8") == SEED_POST.read_text(encoding="utf-8")
    assert cli("--repo", repo, "validate", target).code == 0


def test_seed_004_minutes(cli, tmp_path):
    repo = make_repo(tmp_path)
    result = cli("--repo", repo, "import", SEED_MINUTES, "--kind", "log", "--author", "seongwoo-ai",
                 "--team", "llm-study")
    assert result.code == 0, result.err
    target = repo / "logs/llm-study/2024-W28-minutes.md"
    text = target.read_text(encoding="utf-8")
    assert "type: minutes\ncycle: 2024-W28\ndate: '2024-07-08'\n" in text  # the date in its title: 2024_07_08
    check = cli("--repo", repo, "validate", target)
    assert check.code == 0, check.out


def test_seeds_in_the_index_and_the_portfolio(cli, tmp_path):
    repo = make_repo(tmp_path, full_handbook=True)
    cli("--repo", repo, "import", SEED_NOTES, "--kind", "note", "--author", "jiyoon-nlp")
    cli("--repo", repo, "import", SEED_POST, "--author", "jiyoon-nlp")
    cli("--repo", repo, "import", SEED_MINUTES, "--kind", "log", "--author", "seongwoo-ai", "--team", "llm-study")
    assert cli("--repo", repo, "index").code == 0
    readme = (repo / "handbook/README.md").read_text(encoding="utf-8")
    assert "[Generation for NLP — Summary Notes](../notes/jiyoon-nlp/generation-for-nlp-summary-notes.md)" in readme
    assert "(../posts/jiyoon-nlp/2024-04-19-devocean-openlab-llmops.md) — AI 중심의 오픈 스터디" in readme
    assert "| 2024-W28 | llm-study | [LLM 스터디 2024\\_07\\_08](../logs/llm-study/2024-W28-minutes.md) (회의록) |" in readme
    chapter = (repo / "handbook/01-foundation-models-prompting/long-context.md").read_text(encoding="utf-8")
    assert "(../../notes/jiyoon-nlp/generation-for-nlp-summary-notes.md) (노트)" in chapter
    page = (repo / "portfolio/jiyoon-nlp.md").read_text(encoding="utf-8")
    assert "**리뷰 0 · 챕터 0 · 노트 1 · 글 1 · 기록 0**" in page
    assert (repo / "portfolio/seongwoo-ai.svg").is_file()
    assert cli("--repo", repo, "validate").code == 0
    assert cli("--repo", repo, "index").code == 0 and "0 files changed" in cli("--repo", repo, "index").err
