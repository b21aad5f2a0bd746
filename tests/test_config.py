import pytest

from commons.config import load_config, load_members
from commons.problems import UsageError


def test_real_configuration_loads(repo):
    config = load_config(repo)
    assert config.language == "ko" and config.timezone == "Asia/Seoul"
    assert len(config.sources) >= 15
    assert {"arxiv", "hf-papers", "github-releases", "hn"} <= {s.kind for s in config.sources}
    assert {c.id for c in config.categories} >= {"model-updates", "frameworks", "papers"}
    members = load_members(repo, config)
    assert all(m.capacity >= 0 for m in members)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("language: ko", "langauge: ko", "commons.yml:5:1: langauge: unknown field; did you mean 'language'?"),
        ("threshold: 3 ", "threshold: high ", "triage.threshold: must be a whole number, not 'high'"),
        ("reviewers_per_item: 2", "reviewers_per_item: 0", "review.reviewers_per_item: must be between 1 and 10, not 0"),
        ("timezone: Asia/Seoul", "timezone: Asia/Nowhere", "timezone: 'Asia/Nowhere' is not a known timezone"),
        ("kind: arxiv, max_items: 50", "kind: atom, max_items: 50", "sources[0].kind: must be one of: feed, arxiv"),
    ],
)
def test_wrong_key_or_type_is_one_line_with_file_line_key(repo, cli, old, new, expected):
    path = repo / "commons.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_config(repo)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)
    result = cli("--repo", repo, "validate", repo / "commons.yml")
    assert result.code == 1


def test_usage_error_exit_2_from_a_command_that_needs_config(repo, cli, monkeypatch):
    (repo / "members.yml").write_text("members:\n  - github: ok\n    capacity: five\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_members(repo)
    assert str(caught.value) == f"{repo / 'members.yml'}:3:5: members[0].capacity: must be a whole number, not 'five': the most items this member reviews in a cycle (0 = none this season)"


def test_members_interests_must_be_categories(repo):
    (repo / "members.yml").write_text("members:\n  - github: ok\n    interests: [model-updates, cooking]\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"members.yml:3:32: members\[0\].interests\[1\]: 'cooking' is not a category id"):
        load_members(repo, load_config(repo))


def test_members_duplicates_and_dates(repo):
    (repo / "members.yml").write_text(
        "members:\n  - github: a\n  - github: A\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="'A' is listed twice"):
        load_members(repo)
    (repo / "members.yml").write_text(
        "members:\n  - github: a\n    away: [{from: '2026-12-20', to: '2026-12-01'}]\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="end date is before the start date"):
        load_members(repo)


def test_missing_config_names_the_file(tmp_path):
    with pytest.raises(UsageError, match="commons.yml: not found"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("name: &n x\nlanguage: *n\n", "commons.yml:1:7: anchors and aliases"),
        ("name: !!python/object/apply:os.system ['id']\n", "commons.yml:1:7: name: the tag !!python/object/apply:os.system is not allowed"),
        ("- just\n- a list\n", "commons.yml:1:1: must be a set of fields (key: value), not a list"),
    ],
)
def test_hostile_config_is_one_line(repo, text, expected):
    (repo / "commons.yml").write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_config(repo)
    assert expected in str(caught.value)


# -- one set of rules: what a command refuses, validate reports (the same words) ---------------
ONE_RULE_CASES = [
    ("members.yml", "interests: [papers, usage]", "interests: [paper, usage]", "'paper' is not a category id in commons.yml"),
    ("members.yml", "capacity: 3", "capacity: -1", "capacity: must be at least 0"),
    ("members.yml", "  - github: taeho-mlops", "  - github: jiyoon-nlp", "'jiyoon-nlp' is listed twice"),
    ("members.yml", 'away: [{from: "2026-12-20", to: "2027-01-03"}]', 'away: [{from: "2026-12-20", to: "2026-12-01"}]',
     "the end date is before the start date"),
    ("members.yml", 'away: [{from: "2026-12-20", to: "2027-01-03"}]', 'away: [{from: "2026-02-30", to: "2027-01-03"}]',
     "not a real date"),
    ("commons.yml", "timezone: Asia/Seoul", "timezone: Asia/Nowhere", "'Asia/Nowhere' is not a known timezone"),
]


@pytest.mark.parametrize("name, old, new, words", ONE_RULE_CASES)
def test_what_assign_refuses_validate_reports_in_the_same_words(repo, cli, name, old, new, words):
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UsageError) as refused:  # what assign, triage and publish load
        load_members(repo, load_config(repo))
    assert words in str(refused.value)
    result = cli("--repo", repo, "validate")
    assert result.code == 1
    refusal = str(refused.value).split(" (and ")[0].replace(f"{repo}/", "")
    assert refusal in result.out.splitlines()
    assert cli("--repo", repo, "assign", "--dry-run").code == 2


def test_interest_check_waits_for_a_loadable_commons_yml(repo, cli):
    """A broken commons.yml is reported once, not as every member's interests being unknown."""
    (repo / "commons.yml").write_text((repo / "commons.yml").read_text(encoding="utf-8").replace("timezone:", "timezon:"),
                                      encoding="utf-8")
    out = cli("--repo", repo, "validate").out
    assert "timezon: unknown field" in out and "members.yml" not in out
