"""`commons init`: a new community's repository, with nothing of ours left unless asked for."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from commons.adopt import community

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
OURS = re.compile(r"nlx-maintainer|jiyoon-nlp|hyeonwoo-dev|minji-builder|taeho-mlops|seongwoo-ai|NLx|가짜연구소|"
                  r"rss\.arxiv\.org/rss/cs\.CL|news\.hada\.io|example-lab-blog")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
ARGS = ("--name", "Robotics Reading Group", "--language", "en", "--timezone", "America/New_York",
        "--topic", "robot learning", "--maintainer", "octo-cat", "--source", "https://rss.arxiv.org/rss/cs.RO",
        "--source", "https://github.com/ros2/ros2/releases.atom", "--category", "robot-learning=Robot learning")


def texts(folder, skip=("scripts", ".git")):
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in skip:
            yield relative.as_posix(), path.read_text(encoding="utf-8", errors="replace")


def test_a_new_community_has_nothing_of_ours(cli, tmp_path):
    target = tmp_path / "robots"
    result = cli("--repo", ROOT, "init", target, *ARGS)
    assert result.code == 0, result.err
    assert not (target / "examples").exists() and not (target / "bench").exists()
    assert [p.name for p in (target / "handbook").iterdir()] == ["README.md"]
    for relative, text in texts(target):
        if relative == "LICENSE":  # MIT: the engine's copyright notice must stay with it
            continue
        assert not OURS.search(text), (relative, OURS.search(text)[0])
        assert not HANGUL.search(text), relative
    commons = (target / "commons.yml").read_text(encoding="utf-8")
    assert "language: en" in commons and "timezone: America/New_York" in commons and "distribute: sunday 00:00" in commons
    assert '{id: "arxiv-cs-ro", url: "https://rss.arxiv.org/rss/cs.RO", kind: "arxiv"}' in commons
    assert '{id: "ros2-ros2", url: "https://github.com/ros2/ros2/releases.atom", kind: "github-releases"}' in commons
    assert (target / ".github/CODEOWNERS").read_text(encoding="utf-8").count("@octo-cat") == 5
    assert (target / "members.yml").read_text(encoding="utf-8").endswith("members:\n  - github: octo-cat\n")
    assert '"0 4 * * 0"' in (target / ".github/workflows/assign.yml").read_text(encoding="utf-8")
    assert "No chapters yet." in (target / "handbook/README.md").read_text(encoding="utf-8")
    assert (target / ".git").is_dir()
    assert (target / "SETUP.md").read_text(encoding="utf-8").startswith("# Setting up a commons")
    assert not (target / "SETUP.ko.md").exists()
    # the new repository is valid as it stands, its own smoke test included
    assert cli("--repo", target, "validate").code == 0
    assert cli("--repo", target, "schedule").code == 0
    smoke = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target / "tests")],
                           capture_output=True, text=True, cwd=target)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr


def test_korean_community_texts_are_korean(cli, tmp_path):
    target = tmp_path / "ko"
    args = [a if a != "en" else "ko" for a in ARGS]
    assert cli("--repo", ROOT, "init", target, *args, "--timezone", "Asia/Seoul").code == 0
    assert "# 기여 가이드" in (target / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "일요일 00:00" in (target / "README.md").read_text(encoding="utf-8")
    assert "name: 챕터 제안" in (target / ".github/ISSUE_TEMPLATE/suggest-chapter.yml").read_text(encoding="utf-8")
    setup = (target / "SETUP.md").read_text(encoding="utf-8")
    assert setup.startswith("# 커먼즈 설정하기") and "[English]" not in setup and not (target / "SETUP.ko.md").exists()


def test_keep_brings_ours_along(cli, tmp_path):
    target = tmp_path / "kept"
    assert cli("--repo", ROOT, "init", target, *ARGS, "--keep", "chapters,members,sources,categories").code == 0
    assert (target / "handbook/05-agents").is_dir()
    assert (target / "members.yml").read_text(encoding="utf-8") == (ROOT / "members.yml").read_text(encoding="utf-8")
    commons = (target / "commons.yml").read_text(encoding="utf-8")
    assert "news.hada.io" in commons and "id: model-updates" in commons and "id: robot-learning" in commons


def test_dry_run_writes_nothing_and_lists_what_is_left(cli, tmp_path):
    target = tmp_path / "dry"
    result = cli("--repo", ROOT, "init", target, *ARGS, "--dry-run")
    assert result.code == 0 and not target.exists()
    left = result.out.split("leave behind (ours):")[1]
    assert all(name in left for name in ("handbook", "members.yml", "examples", "tests", "bench", ".github/CODEOWNERS"))


@pytest.mark.parametrize("change, message", [
    (("--timezone", "Mars/Olympus"), "--timezone: 'Mars/Olympus' is not an IANA timezone"),
    (("--language", "English"), "--language: no catalog for 'English': commons speaks en, ko"),
    (("--language", "de"), "--language: no catalog for 'de': commons speaks en, ko"),  # never silently English
    (("--maintainer", "not a handle!"), "--maintainer: 'not a handle!' is not a GitHub handle"),
    (("--distribute", "someday 10:00"), "--distribute: 'someday' is not a weekday"),
    (("--keep", "everything"), "--keep: everything not one of"),
    (("--category", "="), "--category: '=' is not a category"),
    (("--site-url", "octo-cat.github.io/robots"), "--site-url: octo-cat.github.io/robots: the address must start"),
])
def test_bad_answers_are_one_line_and_exit_2(cli, tmp_path, change, message):
    result = cli("--repo", ROOT, "init", tmp_path / "bad", *ARGS, *change)
    assert result.code == 2 and message in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert not (tmp_path / "bad").exists()


def test_a_folder_with_files_is_refused(cli, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = cli("--repo", ROOT, "init", tmp_path / "busy", *ARGS)
    assert result.code == 2 and "not empty" in result.err
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


def test_in_place_turns_a_template_copy_into_the_new_community(cli, tmp_path):
    """GitHub's "Use this template" copies every file; `commons init --in-place` then removes ours."""
    copy = tmp_path / "from-template"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".pytest_cache",
                                                              ".hypothesis", ".benchmarks"))

    def git(*args):
        return subprocess.run(["git", "-C", str(copy), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "template")
    (copy / "scratch.txt").write_text("uncommitted")
    refused = cli("--repo", copy, "init", "--in-place", *ARGS)
    assert refused.code == 2 and "uncommitted" in refused.err and (copy / "handbook/05-agents").is_dir()
    (copy / "scratch.txt").unlink()

    assert cli("--repo", copy, "init", "--in-place", *ARGS).code == 0
    assert not (copy / "handbook/05-agents").exists() and not (copy / "examples").exists()
    for relative, text in texts(copy):
        if relative != "LICENSE":
            assert not OURS.search(text), relative
    assert cli("--repo", copy, "validate").code == 0
    assert "handbook/05-agents/" in git("status", "--porcelain")  # git still has what was removed


def test_source_ids_and_kinds_from_addresses():
    assert community.source_from_url("https://hnrss.org/newest?q=robots") == {"id": "hnrss", "url": "https://hnrss.org/newest?q=robots", "kind": "hn"}
    assert community.source_from_url("https://huggingface.co/api/daily_papers")["kind"] == "hf-papers"
    assert community.unique_ids([{"id": "a"}, {"id": "a"}]) == [{"id": "a"}, {"id": "a-2"}]


def test_init_speaks_the_language_it_creates_not_the_templates(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("COMMONS_LANGUAGE")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no locale catalog: the template's Korean commons.yml must not win
    result = cli("--repo", ROOT, "init", tmp_path / "new", "--language", "en", "--timezone", "Europe/Berlin")
    assert result.code == 2 and result.err.startswith("commons init: --name: the community needs a name"), result.err
    created = cli("--repo", ROOT, "init", tmp_path / "made", *ARGS)
    assert created.code == 0 and not re.search(r"[\uac00-\ud7a3]", created.out + created.err), created.out


def test_the_site_address_is_one_setting_that_init_writes(cli, tmp_path):
    from commons.config import load_config

    result = cli("--repo", ROOT, "init", tmp_path / "new", *ARGS, "--site-url", "https://octo-cat.github.io/robots/")
    assert result.code == 0, result.err
    assert load_config(tmp_path / "new").site_url == "https://octo-cat.github.io/robots/"
    assert cli("--repo", ROOT, "init", tmp_path / "plain", *ARGS).code == 0
    assert "site_url" not in (tmp_path / "plain" / "commons.yml").read_text(encoding="utf-8")  # only when given
