"""`commons doctor` against the GitHub double: one line for each thing missing, and where to fix it."""

from __future__ import annotations

import shutil

import pytest

from github_double import GitHubDouble

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
CHECK = "validate changed files"


@pytest.fixture
def double(tmp_path, monkeypatch):
    with GitHubDouble(tmp_path / "github") as gh:
        for key, value in gh.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        yield gh
        assert gh.violations == [], gh.violations


@pytest.fixture
def repo_with_workflows(repo):
    shutil.copytree(ROOT / ".github", repo / ".github")
    # jobs read their secrets from environments only main may deploy to (commons-write, commons-ai); a copy without them gets one
    publish = repo / ".github/workflows/publish.yml"
    text = publish.read_text(encoding="utf-8")
    if "environment:" not in text:
        text = text.replace("    name: merge approved reviews and publish the newsletter\n",
                            "    name: merge approved reviews and publish the newsletter\n    environment: commons\n", 1)
        publish.write_text(text, encoding="utf-8")
    return repo


def lines(result) -> dict[str, str]:
    """topic → the finding's line (the output is one line per finding)."""
    out = {}
    for line in result.out.splitlines()[1:]:
        level, rest = line.strip().split(" ", 1)
        topic, text = rest.strip().split(": ", 1)
        out[topic] = f"{level} {text}"
    return out


def add_label(gh: GitHubDouble, name: str, color: str) -> None:
    gh.labels[name.lower()] = {"id": len(gh.labels) + 1, "node_id": "L", "url": f"{gh.url}/labels/{name}", "name": name,
                               "description": "", "color": color, "default": False}


def set_up_well(gh: GitHubDouble, environments=("commons-write", "commons-ai", "github-pages"),
                labels=(("리뷰", "0e8a16"), ("마감 지남", "d93f0b"))) -> None:
    gh.settings.update({
        "environments": {name: {"branches": ["main"], "secrets": ["COMMONS_TOKEN", "OPENAI_API_KEY"]} for name in environments},
        "secrets": ["COMMONS_TOKEN", "OPENAI_API_KEY", "COMMONS_WEBHOOK_URL"],
        "rules": {"main": [{"type": "deletion"}, {"type": "non_fast_forward"}]},
        "can_approve_pull_request_reviews": True,
        "pages": {"build_type": "workflow"},
    })
    for name, color in (*labels, ("source-approved", "0e8a16")):  # the shipped community is Korean: ours carry Korean names
        add_label(gh, name, color)


def test_a_new_repository_gets_one_line_per_thing_to_fix(repo_with_workflows, double, cli):
    result = cli("--repo", repo_with_workflows, "doctor")
    assert result.code == 1 and "to fix" in result.err
    found = lines(result)
    assert found["token"].startswith("ok can write")
    assert found["labels"].startswith("note 리뷰, 마감 지남, source-approved missing")
    assert found["environment commons-write"].startswith("FIX missing: Settings → Environments → New environment `commons-write`")
    assert found["secret COMMONS_TOKEN"].startswith("FIX missing (review PRs opened with GITHUB_TOKEN trigger no validation)")
    assert found["secret OPENAI_API_KEY"].startswith("note not set (triage runs offline without it)")
    assert found["main protection"].startswith("FIX none: Settings → Rules → Rulesets") and "Block force pushes" in found["main protection"]
    assert found["workflow permissions"].startswith("FIX workflows may not open pull requests")
    assert found["Actions"] == "ok enabled"
    # Pages is optional (SETUP.md): the site waits for it, nothing else does
    assert found["Pages"].startswith("note off: Settings → Pages → Build and deployment → Source: GitHub Actions")
    assert found["environment github-pages"].startswith("note missing: GitHub makes it when Settings → Pages → Source")
    assert found["bot"].startswith("note a GitHub App's token")  # COMMONS_TOKEN, and GET /user refuses it
    assert all("\n" not in v for v in found.values())
    assert all(method == "GET" for method, _, _ in double.requests)  # doctor only reads


def test_a_well_set_up_repository_has_nothing_to_fix(repo_with_workflows, double, cli):
    set_up_well(double)
    double.bot = "lena"  # COMMONS_TOKEN is @lena's fine-grained token (SETUP.md)
    result = cli("--repo", repo_with_workflows, "doctor")
    assert result.code == 0, result.out
    assert "nothing to fix" in result.err
    found = lines(result)
    assert all(v.startswith("ok") for v in found.values()), found
    assert found["main protection"] == "ok deletion and force pushes blocked"


def test_half_set_up_settings_are_named(repo_with_workflows, double, cli):
    set_up_well(double)
    double.settings["environments"]["commons-write"]["branches"] = None  # any branch may deploy
    double.settings["rules"] = {}
    double.settings["protection"] = {"main": {"allow_force_pushes": {"enabled": False}, "allow_deletions": {"enabled": True}}}
    double.settings["actions_enabled"] = False
    double.settings["pages"] = {"build_type": "legacy"}
    found = lines(cli("--repo", repo_with_workflows, "doctor"))
    assert found["environment commons-write"].startswith("FIX any branch may deploy to it")
    assert found["main protection"] == "FIX protected, but add: Restrict deletions"
    assert found["Actions"].startswith("FIX disabled")
    assert found["Pages"].startswith("FIX built from a branch")  # pages.yml deploys with GitHub Actions


def test_a_ruleset_that_wants_pull_requests_would_stop_the_workflows(repo_with_workflows, double, cli):
    set_up_well(double)
    double.settings["rules"]["main"].append({"type": "pull_request", "parameters": {
        "dismiss_stale_reviews_on_push": False, "require_code_owner_review": False, "require_last_push_approval": False,
        "required_approving_review_count": 1, "required_review_thread_resolution": False}})
    found = lines(cli("--repo", repo_with_workflows, "doctor"))
    assert found["main protection"].startswith("FIX requires pull_request, which stops the workflows' pushes to `main`")


def test_a_token_that_cannot_read_settings_says_so_instead_of_guessing(repo_with_workflows, double, cli):
    double.settings["permissions"].update(admin=False)
    for path in (r"/actions/secrets", r"/actions/organization-secrets", r"/environments", r"/actions/permissions",
                 r"/branches/main/protection", r"/pages"):
        double.fail("GET", path, 403, times=10, message="Resource not accessible by personal access token")
    found = lines(cli("--repo", repo_with_workflows, "doctor"))
    assert found["token"] == "ok can write to the repository; not an admin, so some settings below cannot be read"
    assert found["secret COMMONS_TOKEN"].startswith("note could not read (403)")
    assert found["environment commons-write"].startswith("note could not read (403)")
    assert found["Actions"].startswith("note could not read (403)")


def test_no_write_access_is_the_first_thing_to_fix(repo_with_workflows, double, cli):
    double.settings["permissions"].update(admin=False, maintain=False, push=False)
    found = lines(cli("--repo", repo_with_workflows, "doctor"))
    assert found["token"].startswith("FIX no write access to the repository")


def test_a_repository_the_token_cannot_see(repo_with_workflows, double, cli, monkeypatch):
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/else")
    result = cli("--repo", repo_with_workflows, "doctor")
    assert result.code == 1 and "cannot read the repository (404)" in result.out


def test_no_token_is_a_usage_error(repo_with_workflows, double, cli, monkeypatch):
    monkeypatch.delenv("COMMONS_TOKEN")
    result = cli("--repo", repo_with_workflows, "doctor")
    assert result.code == 2 and result.err.startswith("commons doctor: COMMONS_TOKEN:")


def test_labels_under_their_old_english_names_are_reported_and_renamed_with_fix(repo_with_workflows, double, cli):
    """A community from before labels were localized has `review` and `overdue`: doctor names each with its new
    name; `--fix` renames them in place (the pull requests keep them), and a second run has nothing to fix."""
    set_up_well(double, labels=(("review", "0e8a16"), ("overdue", "d93f0b")))
    result = cli("--repo", repo_with_workflows, "doctor")
    assert result.code == 1
    fixes = [line for line in result.out.splitlines() if "labels:" in line]
    assert any("'review' is this community's '리뷰' under another name: run `commons doctor --fix`" in f for f in fixes), fixes
    assert any("'overdue' is this community's '마감 지남'" in f for f in fixes), fixes
    fixed = cli("--repo", repo_with_workflows, "doctor", "--fix")
    assert "renamed label 'review' to '리뷰'" in fixed.out and fixed.code == 0, fixed.out + fixed.err
    assert sorted(label["name"] for label in double.labels.values()) == ["source-approved", "리뷰", "마감 지남"]
    again = cli("--repo", repo_with_workflows, "doctor", "--fix")
    assert again.code == 0 and "renamed" not in again.out and "nothing to fix" in again.err


def test_a_personal_token_is_the_bot_without_configuration(tmp_path, repo_with_workflows, cli, monkeypatch):
    with GitHubDouble(tmp_path / "personal", bot="lena") as gh:  # SETUP.md's fine-grained token, of @lena
        for key, value in gh.env().items():
            monkeypatch.setenv(key, value)
        set_up_well(gh)
        found = lines(cli("--repo", repo_with_workflows, "doctor"))
        assert found["bot"].startswith("ok review PRs are opened as lena, and PRs by lena, github-actions[bot] count")
        gh.open_pull_as("mallory", "commons/review/2026-W45/ara", title="[2026-W45] Review")  # by hand, as someone else
        found = lines(cli("--repo", repo_with_workflows, "doctor"))
        assert found["bot"].startswith("FIX open review PRs by mallory do not count (only lena, github-actions[bot] do)")
        assert ("GET", "/user", 200) in gh.requests and gh.violations == []


def test_an_app_token_is_told_to_name_its_bot(repo_with_workflows, double, cli):
    set_up_well(double)  # COMMONS_TOKEN set, GET /user refused: an installation token that is not GITHUB_TOKEN
    found = lines(cli("--repo", repo_with_workflows, "doctor"))
    assert found["bot"].startswith("note a GitHub App's token") and "review: bots:" in found["bot"]
    config = repo_with_workflows / "commons.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nreview:\n", "\nreview:\n  bots: ['commons-ko[bot]']\n", 1),
                      encoding="utf-8")
    found = lines(cli("--repo", repo_with_workflows, "doctor"))
    assert found["bot"].startswith("ok review PRs are opened as github-actions[bot], and PRs by github-actions[bot], commons-ko[bot]")


def test_without_network_doctor_says_so_in_one_line(repo_with_workflows, cli, monkeypatch):
    import socket

    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("GITHUB_REPOSITORY", "nlx/handbook")
    monkeypatch.setenv("COMMONS_TOKEN", "t")
    result = cli("--repo", repo_with_workflows, "doctor")
    assert result.code == 1 and result.out == ""
    assert result.err.strip().splitlines() == [
        f"commons doctor: cannot reach GitHub at http://127.0.0.1:{port} (ConnectionError while trying to read the "
        "token's user): no network, or GITHUB_API_URL is wrong"]
