"""validate's result cache: an unchanged file is answered from it; a changed file, schema, validator
or the items a review names always means checking again; the answer is the same either way."""

import json
import shutil

from conftest import write
from fixtures_content import CHAPTER, ITEM, REVIEW

from commons.git import blob_id
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


def entries(repo) -> int:
    data = json.loads(cache_file(repo).read_text())
    return len(data["clean"]) + len(data["found"])


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


def test_each_language_gets_its_own_answers(git_repo, cli):
    """The cache keeps problems as said: a run in another language must not print the last one's."""
    populate(git_repo)
    pool = git_repo / "news/2026-W48/collected/2026-11-20.jsonl"
    pool.write_text(pool.read_text().replace('"status": "new"', '"status": "maybe"', 1))
    uncached = {lang: cli("--repo", git_repo, "validate", "--no-cache", env={"COMMONS_LANGUAGE": lang}).out
                for lang in ("en", "ko")}
    assert uncached["en"] != uncached["ko"]
    for lang in ("en", "ko", "en", "ko"):  # each run after one in the other language
        assert cli("--repo", git_repo, "validate", env={"COMMONS_LANGUAGE": lang}).out == uncached[lang]


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
    assert data["version"] == cache_module.VERSION and entries(git_repo) == 3


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
    assert entries(git_repo) == 3
    (git_repo / "news/2026-W48/collected/2026-11-20.jsonl").unlink()
    assert cli("--repo", git_repo, "validate").code == 0
    assert entries(git_repo) == 2


def test_blob_id_is_gits():
    import subprocess

    data = "한 줄\n".encode()
    assert blob_id(data) == subprocess.run(["git", "hash-object", "--stdin"], input=data,
                                                        capture_output=True, check=True).stdout.decode().strip()


def test_parts_of_is_what_purepath_says():
    from pathlib import PurePosixPath

    from commons.validate.kinds import parts_of

    for path in ["news/2026-W48/items/x.md", "a", "./a/b", "a/./b", "a//b", "/abs/a.md", "a/b/", ".", "a/.", "",
                 ".commons/x", "a\\b\\c.md", "..", "../a", "a/../b", "a/.hidden/b"]:
        assert parts_of(path) == PurePosixPath(path.replace("\\", "/")).parts, path


# -- what git vouches for: committed files unchanged on disk are keyed without being read ------------

def git(repo, *args):
    import subprocess

    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def commit_all(repo):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "content")


def reads_under_news(monkeypatch):
    """Every file under news/ opened for reading, whoever opens it (pathlib and open() both end in io.open)."""
    import builtins
    import io

    opened = []
    real = io.open

    def spy(file, mode="r", *args, **kwargs):
        name = str(file)
        if "r" in mode and "/news/" in name.replace("\\", "/"):
            opened.append(name.replace("\\", "/").split("/news/", 1)[1])
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    return opened


def with_problems(repo):
    """populate() plus files with problems of each cached kind, so that 'the same answer' says something."""
    populate(repo)
    write(repo / "news/2026-W48/items/bad-item.md", ITEM.replace(ITEM_ID, "bad-item").replace("status:", "statuz:"))
    write(repo / "news/2026-W48/reviews/jiyoon-nlp/no-such-item.md", REVIEW.replace(ITEM_ID, "no-such-item"))
    pool = repo / "news/2026-W48/collected/2026-11-20.jsonl"
    pool.write_text(pool.read_text() + json.dumps(dict(POOL_LINE, id="Bad ID", status="maybe")) + "\n")


def test_a_warm_run_over_a_committed_repository_reads_none_of_its_news_and_says_what_a_cold_run_says(
        git_repo, cli, monkeypatch):
    with_problems(git_repo)
    commit_all(git_repo)
    cold = cli("--repo", git_repo, "validate", "--no-cache", "--format", "json")
    assert cold.code == 1 and len(json.loads(cold.out)) >= 3
    first = cli("--repo", git_repo, "validate", "--format", "json")  # fills the cache
    opened = reads_under_news(monkeypatch)
    warm = cli("--repo", git_repo, "validate", "--format", "json")
    assert opened == []  # not one read of an item, a review or a pool file
    assert (warm.code, warm.out, warm.err) == (first.code, first.out, first.err) == (cold.code, cold.out, cold.err)


def test_the_read_counter_sees_what_a_run_reads(git_repo, cli, monkeypatch):
    """The counter above is not blind: a run without the cache reads every file of the news."""
    with_problems(git_repo)
    commit_all(git_repo)
    opened = reads_under_news(monkeypatch)
    cli("--repo", git_repo, "validate", "--no-cache")
    assert f"2026-W48/items/{ITEM_ID}.md" in opened and "2026-W48/collected/2026-11-20.jsonl" in opened


def test_uncommitted_staged_and_untracked_files_are_read_and_checked_again(git_repo, cli, monkeypatch):
    populate(git_repo)
    commit_all(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0
    item = git_repo / "news/2026-W48/items" / f"{ITEM_ID}.md"
    review = git_repo / "news/2026-W48/reviews/jiyoon-nlp" / f"{ITEM_ID}.md"
    pool = git_repo / "news/2026-W48/collected/2026-11-20.jsonl"
    item.write_text(ITEM.replace("status:", "statuz:"))  # edited, not committed
    review.write_text(REVIEW.replace("reviewer: jiyoon-nlp", "reviewer: someone-else"))
    git(git_repo, "add", str(review))
    review.write_text(REVIEW)  # staged, then changed back on disk: the index's blob is not what is there
    pool.write_text(pool.read_text() + json.dumps(dict(POOL_LINE, id="Bad ID")) + "\n")
    git(git_repo, "add", str(pool))  # staged and unchanged since: the staged blob is what is on disk
    write(git_repo / "news/2026-W48/items/untracked.md", ITEM.replace(ITEM_ID, "untracked").replace("cycle:", "cycel:"))
    checked = counting(monkeypatch)
    result = cli("--repo", git_repo, "validate", "--format", "json")
    assert sorted(p for p in checked if p.startswith("news/")) == [
        "news/2026-W48/collected/2026-11-20.jsonl", f"news/2026-W48/items/{ITEM_ID}.md",
        "news/2026-W48/items/untracked.md", f"news/2026-W48/reviews/jiyoon-nlp/{ITEM_ID}.md"]
    cold = cli("--repo", git_repo, "validate", "--no-cache", "--format", "json")
    assert (result.code, result.out) == (cold.code, cold.out)
    found = {(p["path"], p["field"]) for p in json.loads(result.out)}
    assert {(f"news/2026-W48/items/{ITEM_ID}.md", "status"), ("news/2026-W48/items/untracked.md", "cycle"),
            ("news/2026-W48/collected/2026-11-20.jsonl", "id")} <= found
    assert not any(path.startswith("news/2026-W48/reviews/") for path, _ in found)  # the disk's bytes, not the index's


def test_a_committed_change_to_the_items_a_review_names_checks_the_review_again(git_repo, cli, monkeypatch):
    populate(git_repo)
    write(git_repo / "news/2026-W49/reviews/jiyoon-nlp" / f"{ITEM_ID}.md", REVIEW.replace("2026-W48", "2026-W49"))
    commit_all(git_repo)
    assert cli("--repo", git_repo, "validate").code == 0  # W49's review names an item W48 carried over
    git(git_repo, "mv", f"news/2026-W48/items/{ITEM_ID}.md", "news/2026-W48/items/renamed.md")
    git(git_repo, "commit", "-q", "-m", "the item moves")
    checked = counting(monkeypatch)
    result = cli("--repo", git_repo, "validate")
    assert f"news/2026-W49/reviews/jiyoon-nlp/{ITEM_ID}.md" in checked
    assert f"news/2026-W48/reviews/jiyoon-nlp/{ITEM_ID}.md" in checked
    assert f"item: there is no item '{ITEM_ID}' in news/2026-W49/items/" in result.out
    assert result.out == cli("--repo", git_repo, "validate", "--no-cache").out


def test_a_file_edited_during_its_check_is_not_kept_under_the_id_it_had(git_repo, cli, monkeypatch):
    from commons.validate import checker

    populate(git_repo)
    commit_all(git_repo)
    item = git_repo / "news/2026-W48/items" / f"{ITEM_ID}.md"
    real = checker.check_target

    def edited_meanwhile(target, settings):
        if target.path.endswith(f"items/{ITEM_ID}.md"):
            item.write_text(ITEM.replace("status:", "statuz:"))  # after git vouched for the committed bytes
        return real(target, settings)

    monkeypatch.setattr(checker, "check_target", edited_meanwhile)
    assert "status: required field is missing" in cli("--repo", git_repo, "validate").out
    monkeypatch.setattr(checker, "check_target", real)
    git(git_repo, "checkout", "--", str(item))  # the committed bytes again: their answer was never filed
    checked = counting(monkeypatch)
    result = cli("--repo", git_repo, "validate")
    assert result.code == 0, result.out
    assert f"news/2026-W48/items/{ITEM_ID}.md" in checked


def test_a_sha256_repository_vouches_with_its_own_ids(tmp_path, repo, cli, monkeypatch):
    git(repo, "init", "-q", "--object-format=sha256", "-b", "main")
    populate(repo)
    commit_all(repo)
    assert cli("--repo", repo, "validate").code == 0
    opened = reads_under_news(monkeypatch)
    assert cli("--repo", repo, "validate").code == 0
    assert opened == []
    assert len(blob_id(b"x", 64)) == 64


def test_the_cache_is_written_in_parts_as_one_json_text_would_be(tmp_path):
    """save() writes a year's keys in parts, never the whole text at once; the file is exactly
    what json.dumps writes, keys escaped as JSON escapes them (a forged key cannot break it)."""
    import json

    from commons.validate.cache import VERSION, ResultCache

    cache = ResultCache(tmp_path / "cache.json", tmp_path / "no-schemas", "en")
    cache.clean = {f"{n:064x}" for n in range(2500)} | {'a "forged", key\n'}
    cache.found = {"f" * 64: [[1, 2, "title", "이름이 없습니다 \"x\""]]}
    cache.changed = True
    cache.save()
    text = (tmp_path / "cache.json").read_text(encoding="utf-8")
    assert text == json.dumps({"version": VERSION, "fingerprint": cache.fingerprint, "clean": sorted(cache.clean),
                               "found": cache.found}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    again = ResultCache(tmp_path / "cache.json", tmp_path / "no-schemas", "en")
    assert again.clean == cache.clean and again.found == cache.found


def test_the_fingerprint_covers_code_and_catalogs():
    from pathlib import Path

    import commons

    package = Path(commons.__file__).parent
    assert any(package.rglob("*.yml")) and len(cache_module.code_fingerprint()) == 64


def test_a_cache_that_cannot_be_written_costs_only_time(git_repo, cli):
    populate(git_repo)
    (git_repo / ".git" / "commons").write_text("", encoding="utf-8")  # a file where the folder would be
    first = cli("--repo", git_repo, "validate")
    assert first.code == 0 and cli("--repo", git_repo, "validate").out == first.out
