"""The command line never answers with a traceback: bad input is one line and exit 2.

The property test draws command lines from what each command's parser accepts (its
options, with values that are sometimes right and often not) and runs them in a
throwaway repository with no network, no GitHub token and no AI key.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_commons, write

CYCLE_COMMANDS = ("assign", "triage", "publish", "status", "agenda")
REPOSITORY_COMMANDS = ("collect", "triage", "assign", "remind", "publish", "validate", "index", "status", "review-command", "agenda")


def _offline_repo(target: Path) -> Path:
    """A commons repository whose one source is a file next to it (collect never reaches the network)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "schemas", target / "schemas")
    shutil.copy(ROOT / "members.yml", target / "members.yml")
    shutil.copy(ROOT / "examples/feeds/ai-news-ko.rss.xml", target / "feed.xml")
    config = (ROOT / "commons.yml").read_text(encoding="utf-8")
    head, rest = config.split("\nsources:", 1)
    after = rest[rest.index("\ncategories:"):]
    (target / "commons.yml").write_text(
        head + "\nsources:\n  - {id: local, url: 'file:feed.xml'}" + after, encoding="utf-8"
    )
    return target


@pytest.fixture
def quiet_env(monkeypatch):
    for key in ("GITHUB_TOKEN", "COMMONS_TOKEN", "GITHUB_REPOSITORY", "OPENAI_API_KEY", "OPENAI_BASE_URL",
                "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_HEAD_REF"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("COMMONS_NOW", "2026-11-29T10:00:00+09:00")


# -- outside a repository, and a bad --cycle ----------------------------------------------------
@pytest.mark.parametrize("argv", [[c] for c in REPOSITORY_COMMANDS] + [["site", "build", "--dry-run"]])
def test_outside_a_commons_repository_is_one_line_and_exit_2(argv, tmp_path):
    result = run_commons(*argv, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "commons.yml: not found" in result.stderr


def test_a_subfolder_of_the_repository_finds_it_as_git_does(repo, cli, monkeypatch):
    write(repo / "handbook/rag.md", "---\ntitle: x\n---\n")
    monkeypatch.chdir(repo / "handbook")
    result = cli("validate")
    assert result.code == 1 and "handbook/rag.md" in result.out  # the whole repository was checked


def test_repo_option_pointing_at_a_folder_without_commons_yml(tmp_path, cli):
    result = cli("--repo", tmp_path, "status")
    assert result.code == 2 and result.err.count("\n") == 1 and "no commons.yml there" in result.err


@pytest.mark.parametrize("command", CYCLE_COMMANDS)
@pytest.mark.parametrize("cycle, words", [
    ("W49", "is not a cycle name like 2026-W48"),
    ("2026-W60", "2026 has no week 60 (its weeks are W01 to W53)"),
    ("2026-W00", "2026 has no week 00"),
    ("0000-W01", "not a year a cycle can be in"),
    ("9999-W52", "too close to the end of the calendar"),
])
def test_bad_cycle_is_one_line_and_exit_2_in_every_command(command, cycle, words, repo, cli, quiet_env):
    result = cli("--repo", repo, command, "--cycle", cycle, *(["--dry-run"] if command != "status" else []))
    assert result.code == 2
    assert result.err.count("\n") == 1 and f"commons {command}: --cycle: " in result.err and words in result.err


def test_a_usage_mistake_is_one_line(cli, repo):
    result = cli("--repo", repo, "status", "--format", "xml")
    assert result.code == 2 and result.err.count("\n") == 1 and "invalid choice: 'xml'" in result.err


@pytest.mark.parametrize("argv,ko", [
    (("status", "--format", "xml"), "인자 --format: 고를 수 없는 값: 'xml' (다음 중에서 고르세요: 'text', 'json')"),
    (("validate", "--nope"), "알 수 없는 인자: --nope"),
    (("validate", "--jobs", "x"), "인자 --jobs: 올바르지 않은 int 값: 'x'"),
    (("validate", "--changed-since"), "인자 --changed-since: 값이 하나 필요합니다"),
    ((), "다음 인자가 필요합니다: COMMAND"),
])
def test_argparses_mistakes_are_said_in_the_runs_language(argv, ko, cli, repo):
    """argparse words a mistake in English; the parser says it from the catalog, values as argparse gave them."""
    said = cli("--repo", repo, *argv, env={"COMMONS_LANGUAGE": "ko"})
    assert said.code == 2 and ko in said.err and said.err.count("\n") == 1
    english = cli("--repo", repo, *argv, env={"COMMONS_LANGUAGE": "en"})
    assert english.code == 2 and ko not in english.err


def test_an_argparse_message_it_has_no_template_for_stays_as_it_is():
    from commons.cli import _argparse_text

    assert _argparse_text("something argparse added later: %s") == "something argparse added later: %s"


# -- property: no traceback from any command line ----------------------------------------------
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=16)
CYCLES = st.one_of(
    st.sampled_from(["2026-W48", "2026-W49", "2026-W53", "2020-W53", "W49", "2026-W60", "0000-W01", "9999-W52", ""]),
    st.from_regex(r"\A\d{4}-W\d{2}\Z"), TEXT,
)
NUMBERS = st.one_of(st.integers(-5, 10**6).map(str), st.sampled_from(["nan", "inf", "-inf", "0", "1e309", "0.0001"]), TEXT)
PATHS = st.one_of(
    st.sampled_from(["commons.yml", "members.yml", "handbook", "news", ".", "/", "feed.xml", "no/such", "schemas"]),
    TEXT,
)
OPTION_VALUES = {
    "--cycle": CYCLES, "--format": st.one_of(st.sampled_from(["text", "json", "github"]), TEXT),
    "--kind": st.one_of(st.sampled_from(["item", "review", "chapter", "commons", "members"]), TEXT),
    "--jobs": NUMBERS, "--concurrency": NUMBERS, "--timeout": NUMBERS, "--max-mb": NUMBERS,
    "--max-redirects": NUMBERS, "--workers": st.sampled_from(["1", "0", "-1", "x"]),
    "--source": st.one_of(st.just("local"), TEXT), "--provider": st.one_of(st.just("offline"), TEXT),
    "--changed-since": st.one_of(st.sampled_from(["HEAD", "main", "HEAD~1"]), TEXT),
    "--review-branch": st.one_of(st.just("commons/review/2026-W49/jiyoon-nlp"), TEXT),
    "--remote": st.one_of(st.just("origin"), TEXT), "--toc": PATHS, "--dest": PATHS, "--event": PATHS,
    "--minutes": NUMBERS,
}
FLAGS = ["--dry-run", "--retriage", "--offline", "--force", "--toc-only", "--no-pull-requests"]
WRITING = {"collect", "triage", "assign", "remind", "publish", "index", "import", "review-command", "agenda"}  # always --dry-run here


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(REPOSITORY_COMMANDS + ("import",))))
    argv = [command]
    for option in draw(st.lists(st.sampled_from(sorted(OPTION_VALUES)), max_size=3, unique=True)):
        argv += [option, draw(OPTION_VALUES[option])]
    argv += draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True))
    if command in ("validate", "import"):
        argv += draw(st.lists(PATHS, min_size=command == "import", max_size=2))
    if command in WRITING and "--dry-run" not in argv:
        argv.append("--dry-run")
    if draw(st.booleans()):
        argv = draw(st.permutations(argv))
    return argv


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=command_lines())
def test_no_command_line_ends_in_a_traceback(argv, quiet_env, capsys, monkeypatch):
    from commons.cli import main

    with tempfile.TemporaryDirectory() as folder:
        repo = _offline_repo(Path(folder) / "repo")
        monkeypatch.chdir(repo)
        capsys.readouterr()
        code = main(argv)  # an exception escaping here is the failure this test looks for
        out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "could not be checked (" not in out, (argv, out, err)
    if code == 2:
        assert err.strip() and err.strip().count("\n") == 0, (argv, err)


def test_the_fuzz_repository_is_a_working_commons(quiet_env, tmp_path, monkeypatch):
    """The property test is only worth something if its repository is a real one."""
    from commons.cli import main

    monkeypatch.chdir(_offline_repo(tmp_path / "repo"))
    assert main(["validate"]) == 0
    assert main(["collect", "--dry-run"]) == 0
    assert os.listdir(tmp_path / "repo")  # and dry-run wrote no items
    assert not (tmp_path / "repo/news").exists()


def test_a_deleted_current_folder_is_one_line(cli, monkeypatch):
    def gone():
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(Path, "cwd", staticmethod(gone))
    result = cli("status")
    assert result.code == 2 and result.err == (
        "commons status: the current folder no longer exists; cd into the repository or pass --repo PATH\n")
