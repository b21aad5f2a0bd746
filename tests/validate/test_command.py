import json
import subprocess

from conftest import write
from fixtures_content import CHAPTER, ITEM, REVIEW

ITEM_ID = "2026-11-20-vllm-0-7-released-3f2a1c"


def populate(repo):
    write(repo / "news/2026-W48/items" / f"{ITEM_ID}.md", ITEM)
    write(repo / "news/2026-W48/reviews/jiyoon-nlp" / f"{ITEM_ID}.md", REVIEW)
    write(repo / "handbook/rag.md", CHAPTER)


def test_clean_repository_exits_0(repo, cli):
    populate(repo)
    result = cli("--repo", repo, "validate")
    assert result.code == 0, result.out
    assert "5 files checked, no problems" in result.err


def test_problem_line_is_the_offending_key_and_words_are_plain(repo, cli):
    populate(repo)
    review = repo / "news/2026-W48/reviews/jiyoon-nlp" / f"{ITEM_ID}.md"
    review.write_text(
        REVIEW.replace("impact: 4", "impact: 7").replace("verdict: newsletter", "verdict: maybe").replace("why: 서빙 비용이 줄어듭니다\n", ""),
        encoding="utf-8",
    )
    result = cli("--repo", repo, "validate", review)
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"{review.relative_to(repo)}:1:1: why: required field is missing (in a sentence, why it matters to us)" in lines
    assert f"{review.relative_to(repo)}:8:1: impact: must be between 1 and 5, not 7" in lines
    assert any(":9:1: verdict: must be one of: newsletter, handbook, skip (found 'maybe')" in line for line in lines)


def test_empty_prefilled_review_says_what_to_fill_in(repo, cli):
    populate(repo)
    review = repo / "news/2026-W48/reviews/jiyoon-nlp" / f"{ITEM_ID}.md"
    text = REVIEW.replace("impact: 4", "impact:").replace("summary: 접두사 캐싱 속도 개선", "summary: ''")
    review.write_text(text, encoding="utf-8")
    out = cli("--repo", repo, "validate", review).out
    assert "impact: is empty; fill it in: a whole number from 1 (noise) to 5" in out
    assert "summary: is empty; fill it in" in out


def test_cross_file_rules(repo, cli):
    populate(repo)
    write(repo / "news/2026-W48/reviews/minji-builder/other-item.md",
          REVIEW.replace(ITEM_ID, "other-item").replace("verdict: newsletter", "verdict: handbook\nchapter: no-such-chapter"))
    write(repo / "news/2026-W49/items/wrong-name.md", ITEM.replace("cycle: 2026-W48", "cycle: 2026-W48"))
    out = cli("--repo", repo, "validate").out
    assert "reviewer: 'jiyoon-nlp' must be the same as the folder name 'minji-builder'" in out
    assert "item: there is no item 'other-item' in news/2026-W48/items/" in out
    assert "chapter: there is no chapter 'no-such-chapter' under handbook/" in out
    assert f"id: '{ITEM_ID}' must be the same as the file name 'wrong-name'" in out
    assert "cycle: '2026-W48' must be the same as the folder it is in (2026-W49)" in out


def test_unknown_field_suggests_the_right_one(repo, cli):
    populate(repo)
    review = repo / "news/2026-W48/reviews/jiyoon-nlp" / f"{ITEM_ID}.md"
    review.write_text(REVIEW.replace("verdict:", "verdit:"), encoding="utf-8")
    out = cli("--repo", repo, "validate", review).out
    assert out.strip().endswith("verdit: unknown field; did you mean 'verdict'?")
    assert "verdict: required" not in out


def test_json_format(repo, cli):
    populate(repo)
    (repo / "handbook/rag.md").write_text(CHAPTER.replace("level: intro", "level: expert"), encoding="utf-8")
    result = cli("--repo", repo, "validate", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out) == [
        {"path": "handbook/rag.md", "line": 5, "column": 1, "field": "level",
         "message": "must be one of: intro, advanced (found 'expert')"}
    ]


def test_github_format_annotations_and_step_summary(repo, cli, tmp_path):
    populate(repo)
    (repo / "handbook/rag.md").write_text(CHAPTER.replace("order: 1", "order: first, really"), encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = cli("--repo", repo, "validate", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 1
    assert result.out.startswith("::error file=handbook/rag.md,line=4,col=1,title=order::must be a whole number, not 'first%2C really'") is False
    assert result.out.startswith("::error file=handbook/rag.md,line=4,col=1,title=order::must be a whole number, not 'first, really'")
    text = summary.read_text(encoding="utf-8")
    assert "| `handbook/rag.md` | 4 | `order` |" in text


def test_changed_since_checks_only_changed_files(git_repo, cli):
    populate(git_repo)
    subprocess.run(["git", "-C", git_repo, "add", "-A"], check=True)
    subprocess.run(["git", "-C", git_repo, "commit", "-qm", "content"], check=True)
    # a broken committed file that did not change, and a changed one
    (git_repo / "handbook/rag.md").write_text(CHAPTER.replace("level: intro", "level: x"), encoding="utf-8")
    subprocess.run(["git", "-C", git_repo, "commit", "-qam", "break chapter"], check=True)
    subprocess.run(["git", "-C", git_repo, "tag", "base"], check=True)
    write(git_repo / "news/2026-W48/items/new-one.md", ITEM.replace(ITEM_ID, "new-one").replace("score: 4", "score: 9"))
    write(git_repo / "scripts/ignored.py", "print('not content')\n")
    result = cli("--repo", git_repo, "validate", "--changed-since", "base")
    assert result.code == 1
    assert "news/2026-W48/items/new-one.md:10:1: score: must be between 1 and 5, not 9" in result.out
    assert "handbook/rag.md" not in result.out
    assert "1 file" in result.err


def test_changed_since_bad_ref_is_usage(git_repo, cli):
    result = cli("--repo", git_repo, "validate", "--changed-since", "no-such-branch")
    assert result.code == 2
    assert "'no-such-branch' is not a commit or branch" in result.err


def test_missing_path_is_usage(repo, cli):
    result = cli("--repo", repo, "validate", repo / "nope.md")
    assert result.code == 2 and "no such file or folder" in result.err


def test_fixture_files_inside_tests_are_not_content(repo, cli):
    write(repo / "tests/fixtures/news/2026-W48/items/broken.md", "not even front matter")
    assert cli("--repo", repo, "validate").code == 0


def test_repository_itself_validates(cli):
    from conftest import ROOT

    result = cli("--repo", ROOT, "validate")
    assert result.code == 0, result.out


def test_a_review_of_an_item_carried_over_from_the_previous_cycle_is_known(repo, cli):
    # `commons assign` carries last cycle's unreviewed items into this one; their reviews sit in
    # this cycle's folder while the item stays in the cycle it was collected in.
    populate(repo)
    write(repo / "news/2026-W49/reviews/jiyoon-nlp" / f"{ITEM_ID}.md", REVIEW.replace("2026-W48", "2026-W49"))
    write(repo / "news/2026-W50/reviews/jiyoon-nlp" / f"{ITEM_ID}.md", REVIEW.replace("2026-W48", "2026-W50"))
    out = cli("--repo", repo, "validate").out
    assert "news/2026-W49/reviews" not in out
    assert f"news/2026-W50/reviews/jiyoon-nlp/{ITEM_ID}.md:2:1: item: there is no item '{ITEM_ID}' in news/2026-W50/items/" in out
