"""validate's result cache: an unchanged file is answered from it; a changed file, schema, validator
or the items a review names always means checking again; the answer is the same either way."""

import json
import shutil

from conftest import write
from fixtures_content import CHAPTER, ITEM, REVIEW

from commons.validate import cache as cache_module

ITEM_ID = "2026-11-20-vllm-0-7-released-3f2a1c"
POOL_LINE = {"id": "an-item", "title": "A title", "url": "https://example.com/a", "source": "hn-llm",
             "published": None, "collected": "2026-11-20T10:00:00Z", "cycle": "2026-W48", "status": "new"}


def populate(repo):
    write(repo / "news/2026-W48/items" / f"{ITEM_ID}.md", ITEM)
    write(repo / "news/2026-W48/reviews/jiyoon-nlp" / f"{ITEM_ID}.md", REVIEW)
    write(repo / "handbook/rag.md", CHAPTER)
    lines = [dict(POOL_LINE, id=f"item-{n}") for n in range(3)]
    write(repo / "news/2026-W48/collected/2026-11-20.jsonl", "".join(json.dumps(line) + "\n" for line in lines))


def cache_file(repo):
    return repo / ".git" / "commons" / "validate-cache.json"


def counting(monkeypatch):
    """Count the files the checker really reads."""
    from commons.validate import checker

    checked = []
    real = checker.check_target

    def spy(target, settings):
        checked.append(target.path)
        return real(target, settings)

    monkeypatch.setattr(checker, "check_target", spy)
    return checked


def test_a_second_run_reads_only_what_it_cannot_answer_from_the_cache(git_repo, cli, monkeypatch):
    populate(git_repo)
    first = cli("--repo", git_repo, "validate")
    assert first.code == 0, first.out
    assert cache_file(git_repo).is_file()
    assert not (git_repo / ".commons").exists() and "validate-cache" not in " ".join(p.name for p in git_repo.rglob("*") if ".git" not in p.parts)
    checked = counting(monkeypatch)
    second = cli("--repo", git_repo, "validate")
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    # the item, the review and the pool file came from the cache; the configuration and the chapter are always read
    assert sorted(checked) == ["commons.yml", "handbook/rag.md", "members.yml"]


def test_problems_come_back_from_the_cache_exactly(git_repo, cli):
    populate(git_repo)
    pool = git_repo / "news/2026-W48/collected/2026-11-20.jsonl"
    pool.write_text(pool.read_text() + json.dumps(dict(POOL_LINE, id="Bad ID", status="maybe")) + "\n{not json\n")
    first = cli("--repo", git_repo, "validate", "--format", "json")
    second = cli("--repo", git_repo, "validate", "--format", "json")
    assert first.code == second.code == 1
    assert json.loads(first.out) == json.loads(second.out) and len(json.loads(first.out)) >= 3


def test_a_changed_file_is_checked_again(git_repo, cli, monkeypatch):
    populate(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0
    pool = git_repo / "news/2026-W48/collected/2026-11-20.jsonl"
    pool.write_text(pool.read_text().replace('"status": "new"', '"status": "maybe"', 1))
    checked = counting(monkeypatch)
    result = cli("--repo", git_repo, "validate")
    assert result.code == 1
    assert "news/2026-W48/collected/2026-11-20.jsonl:1:1: status: must be one of" in result.out
    assert "news/2026-W48/collected/2026-11-20.jsonl" in checked


def test_a_changed_schema_checks_everything_again(git_repo, cli):
    populate(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0
    schema = git_repo / "schemas/item.schema.yml"
    schema.write_text(schema.read_text().replace("required: [id, title, url, source, published, collected, cycle, status]",
                                                 "required: [id, title, url, source, published, collected, cycle, status, tags]"))
    result = cli("--repo", git_repo, "validate")
    assert result.code == 1
    assert "news/2026-W48/collected/2026-11-20.jsonl:1:1: tags: required field is missing" in result.out
    assert f"news/2026-W48/items/{ITEM_ID}.md:1:1: tags: required field is missing" in result.out


def test_a_changed_validator_checks_everything_again(git_repo, cli, monkeypatch):
    populate(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version of the code")
    checked = counting(monkeypatch)
    assert cli("--repo", git_repo, "validate").code == 0
    assert f"news/2026-W48/items/{ITEM_ID}.md" in checked and "news/2026-W48/collected/2026-11-20.jsonl" in checked


def test_a_review_is_checked_again_when_its_item_goes_away(git_repo, cli):
    populate(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0
    (git_repo / "news/2026-W48/items" / f"{ITEM_ID}.md").unlink()
    write(git_repo / "news/2026-W48/items/another-item.md", ITEM.replace(ITEM_ID, "another-item"))
    result = cli("--repo", git_repo, "validate")
    assert f"item: there is no item '{ITEM_ID}' in news/2026-W48/items/" in result.out


def test_an_unreadable_cache_is_ignored_and_written_afresh(git_repo, cli):
    populate(git_repo)
    write(cache_file(git_repo), "{broken")
    assert cli("--repo", git_repo, "validate").code == 0
    data = json.loads(cache_file(git_repo).read_text())
    assert data["version"] == cache_module.VERSION and len(data["entries"]) == 3


def test_a_forged_entry_for_other_bytes_is_not_believed(git_repo, cli):
    populate(git_repo)
    pool = git_repo / "news/2026-W48/collected/2026-11-20.jsonl"
    assert cli("--repo", git_repo, "validate").code == 0
    data = json.loads(cache_file(git_repo).read_text())
    pool.write_text(pool.read_text() + "{not json\n")  # the entry still says "no problems" for the old bytes
    cache_file(git_repo).write_text(json.dumps(data))
    assert cli("--repo", git_repo, "validate").code == 1


def test_no_cache_option_and_no_cache_outside_git(repo, git_repo, cli, monkeypatch, tmp_path):
    populate(git_repo)
    assert cli("--repo", git_repo, "validate", "--no-cache").code == 0
    assert not cache_file(git_repo).exists()
    plain = tmp_path / "plain"
    shutil.copytree(git_repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert cli("--repo", plain, "validate", plain / "news").code == 0
    assert not (plain / ".git").exists()


def test_a_run_over_part_of_the_repository_keeps_the_rest_and_a_whole_run_forgets_deleted_files(git_repo, cli):
    populate(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0
    assert cli("--repo", git_repo, "validate", git_repo / "news/2026-W48/items").code == 0
    assert len(json.loads(cache_file(git_repo).read_text())["entries"]) == 3
    (git_repo / "news/2026-W48/collected/2026-11-20.jsonl").unlink()
    assert cli("--repo", git_repo, "validate").code == 0
    assert len(json.loads(cache_file(git_repo).read_text())["entries"]) == 2


def test_blob_id_is_gits():
    import subprocess

    data = "한 줄\n".encode()
    assert cache_module.blob_id(data) == subprocess.run(["git", "hash-object", "--stdin"], input=data,
                                                        capture_output=True, check=True).stdout.decode().strip()


def test_parts_of_is_what_purepath_says():
    from pathlib import PurePosixPath

    from commons.validate.kinds import parts_of

    for path in ["news/2026-W48/items/x.md", "a", "./a/b", "a/./b", "a//b", "/abs/a.md", "a/b/", ".", "a/.", "",
                 ".commons/x", "a\\b\\c.md", "..", "../a", "a/../b", "a/.hidden/b"]:
        assert parts_of(path) == PurePosixPath(path.replace("\\", "/")).parts, path
