"""`commons validate` on notes, posts, logs and portfolio pages: good files pass, each bad one
gets one line naming the file, the line and the field."""

from __future__ import annotations

import pytest

from works.works_support import LOG, MINUTES, NOTE, POST, make_repo, put

NOTE_PATH = "notes/jiyoon-nlp/generation-for-nlp.md"
POST_PATH = "posts/jiyoon-nlp/2026-11-23-llmops-kickoff.md"
LOG_PATH = "logs/chatbot/2026-W48.md"
MINUTES_PATH = "logs/chatbot/2026-W48-minutes.md"


@pytest.fixture
def works_repo(tmp_path):
    return make_repo(tmp_path)


def validate(cli, repo, *paths):
    result = cli("--repo", repo, "validate", *[repo / p for p in paths])
    return result.code, result.out.splitlines()


def test_good_files_of_every_kind_pass(cli, works_repo):
    for path, text in ((NOTE_PATH, NOTE), (POST_PATH, POST), (LOG_PATH, LOG), (MINUTES_PATH, MINUTES)):
        put(works_repo, path, text)
    result = cli("--repo", works_repo, "validate")
    assert result.code == 0, result.out
    assert "no problems" in result.err


# --- notes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("change, expected", [
    (("chapters: [long-context, embeddings]", "chapters: [long-context, no-such]"),
     f"{NOTE_PATH}:5:26: chapters[1]: there is no chapter 'no-such' under handbook/"),
    (("chapters: [long-context, embeddings]\n", ""),
     f"{NOTE_PATH}:1:1: chapters: required field is missing (the chapters these notes feed"),
    (("chapters: [long-context, embeddings]", "chapters: []"), f"{NOTE_PATH}:5:1: chapters: needs at least 1 entry"),
    (("author: jiyoon-nlp", "author: seongwoo-ai"),
     f"{NOTE_PATH}:3:1: author: 'seongwoo-ai' must be the same as the folder name 'jiyoon-nlp'"),
    (('date: "2026-11-24"', "date: 24/11/2026"), f"{NOTE_PATH}:4:1: date: '24/11/2026' is not in the expected form"),
    (("## 7. Long Context", "7. Long Context"),
     f"{NOTE_PATH}:8:1: body: study notes need at least one '## ' section"),
])
def test_bad_notes(cli, works_repo, change, expected):
    put(works_repo, NOTE_PATH, NOTE.replace(*change))
    code, lines = validate(cli, works_repo, NOTE_PATH)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_note_link_to_a_missing_file_names_its_line(cli, works_repo):
    put(works_repo, NOTE_PATH, NOTE + "\n[슬라이드](slides/lecture-7.pdf)\n")
    code, lines = validate(cli, works_repo, NOTE_PATH)
    assert code == 1
    assert f"{NOTE_PATH}:14:1: link: 'slides/lecture-7.pdf' points to a file that does not exist" in lines


def test_note_outside_a_member_folder_and_badly_named(cli, works_repo):
    path = "notes/stranger/My Notes.md"
    put(works_repo, path, NOTE.replace("author: jiyoon-nlp", "author: stranger"))
    code, lines = validate(cli, works_repo, path)
    assert code == 1
    assert f"{path}:1:1: 'My Notes.md' is not a note file name; expected a lowercase ASCII name with hyphens, like generation-for-nlp.md" in lines
    assert f"{path}:1:1: folder 'stranger' is not a member in members.yml; notes and posts go under your GitHub handle" in lines


def test_empty_notes(cli, works_repo):
    put(works_repo, NOTE_PATH, NOTE.split("# Generation")[0])
    code, lines = validate(cli, works_repo, NOTE_PATH)
    assert f"{NOTE_PATH}:8:1: body: is empty; write the notes below the front matter" in lines


# --- posts -------------------------------------------------------------------------------------


def test_jekyll_front_matter_is_accepted_as_it_is(cli, works_repo):
    """Unknown theme keys, a date with time and offset, categories as text or a list."""
    put(works_repo, POST_PATH, POST.replace("categories: Devocean", "categories: [Devocean, LLMOps]\ncomments: true"))
    code, lines = validate(cli, works_repo, POST_PATH)
    assert code == 0, lines


@pytest.mark.parametrize("change, expected", [
    (("date:   2026-11-23 20:52:24 +0530", "date:   2026-11-22 20:52:24 +0530"),
     f"{POST_PATH}:5:1: date: '2026-11-22' is not the date the file name starts with (2026-11-23)"),
    (("date:   2026-11-23 20:52:24 +0530", "date: last tuesday"), f"{POST_PATH}:5:1: date: 'last tuesday' is not in the expected form"),
    (('title: "LLMOps 스터디 킥오프 후기"', "title: ''"), f"{POST_PATH}:3:1: title: is empty; fill it in"),
    (("categories: Devocean", "categories: {a: 1}"), f"{POST_PATH}:6:1: categories: must be text or a list, not a set of fields"),
    (("header-img: img/bg.jpg", "canonical_url: javascript:alert(1)"), f"{POST_PATH}:8:1: canonical_url: 'javascript:alert(1)' is not in the expected form"),
])
def test_bad_posts(cli, works_repo, change, expected):
    put(works_repo, POST_PATH, POST.replace(*change))
    code, lines = validate(cli, works_repo, POST_PATH)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_post_not_named_as_jekyll_names_it(cli, works_repo):
    path = "posts/jiyoon-nlp/llmops-kickoff.md"
    put(works_repo, path, POST)
    code, lines = validate(cli, works_repo, path)
    assert code == 1
    assert f"{path}:1:1: 'llmops-kickoff.md' is not a post file name; expected Jekyll's naming YYYY-MM-DD-<slug>.md, like 2024-04-19-llmops-kickoff.md" in lines


# --- logs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, text, change, expected", [
    (LOG_PATH, LOG, ("## 다음 주 계획", "## 메모"), f"{LOG_PATH}:9:1: body: a log needs next steps: a heading such as '## 다음 주 계획'"),
    (LOG_PATH, LOG, ("## 진행 상황", "## 메모"), f"{LOG_PATH}:9:1: body: a log needs progress: a heading such as '## 진행 상황'"),
    (LOG_PATH, LOG, ("cycle: 2026-W48", "cycle: 2026-W47"), f"{LOG_PATH}:4:1: cycle: '2026-W47' must be the cycle the file name starts with (2026-W48)"),
    (LOG_PATH, LOG, ("type: log", "type: diary"), f"{LOG_PATH}:3:1: type: must be one of: log, minutes (found 'diary')"),
    (LOG_PATH, LOG, ("authors: [seongwoo-ai]", "authors: [seongwoo-ai, ghost-user]"),
     f"{LOG_PATH}:5:24: authors[1]: 'ghost-user' is not a member in members.yml"),
    (LOG_PATH, LOG, ("authors: [seongwoo-ai]", "authors: []"), f"{LOG_PATH}:5:1: authors: needs at least 1 entry"),
    (LOG_PATH, LOG, ("chapters: [embeddings]", "chapters: [rag]"), f"{LOG_PATH}:7:12: chapters[0]: there is no chapter 'rag' under handbook/"),
    (MINUTES_PATH, MINUTES, ("# Agenda", "# 메모"), f"{MINUTES_PATH}:8:1: body: minutes need an agenda: a heading such as '## 안건'"),
    (MINUTES_PATH, MINUTES, ("| 이름 | 기분 | 체크인 |", "| 이름 | 기분 | 한마디 |"),
     f"{MINUTES_PATH}:8:1: body: minutes need a check-in: a heading such as '## 체크인' or a table with a '체크인' column"),
    (MINUTES_PATH, MINUTES, ('date: "2026-11-23"', 'date: "2026-12-01"'), f"{MINUTES_PATH}:5:1: date: 2026-12-01 falls in cycle 2026-W49, not 2026-W48"),
    (MINUTES_PATH, MINUTES, ('date: "2026-11-23"\n', ""), f"{MINUTES_PATH}:1:1: date: required field is missing (minutes need the day of the meeting"),
])
def test_bad_logs(cli, works_repo, path, text, change, expected):
    assert change[0] in text
    put(works_repo, path, text.replace(*change))
    code, lines = validate(cli, works_repo, path)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_log_named_outside_the_cycle_rule(cli, works_repo):
    path = "logs/chatbot/week-48.md"
    put(works_repo, path, LOG)
    code, lines = validate(cli, works_repo, path)
    assert f"{path}:1:1: 'week-48.md' is not a log file name; expected the cycle, then an optional slug: 2026-W48.md or 2026-W48-minutes.md" in lines


def test_github_format_annotates_the_line(cli, works_repo):
    put(works_repo, LOG_PATH, LOG.replace("cycle: 2026-W48", "cycle: 2026-W47"))
    result = cli("--repo", works_repo, "validate", "--format", "github", works_repo / LOG_PATH)
    assert f"::error file={LOG_PATH},line=4,col=1,title=cycle::" in result.out


# --- portfolio pages and the opt-out ------------------------------------------------------------


def test_a_page_for_a_member_who_opted_out_is_an_error(cli, works_repo):
    put(works_repo, "portfolio/minji-builder.md", "# 최민지\n")
    put(works_repo, "portfolio/jiyoon-nlp.md", "# 이지윤\n")
    put(works_repo, "portfolio/nobody.md", "# ?\n")
    result = cli("--repo", works_repo, "validate")
    lines = result.out.splitlines()
    assert result.code == 1
    assert "portfolio/minji-builder.md:1:1: portfolio: 'minji-builder' opted out (portfolio: false in members.yml); delete this page" in lines
    assert "portfolio/nobody.md:1:1: 'nobody' is not a member in members.yml" in lines
    assert not any(line.startswith("portfolio/jiyoon-nlp.md") for line in lines)


def test_portfolio_key_must_be_true_or_false(cli, works_repo):
    members = works_repo / "members.yml"
    members.write_text(members.read_text(encoding="utf-8").replace("portfolio: false", "portfolio: nope"), encoding="utf-8")
    result = cli("--repo", works_repo, "validate", members)
    assert result.code == 1
    assert "members.yml:8:5: members[2].portfolio: must be true or false, not 'nope': true (the default) keeps" in result.out


def test_kind_can_be_forced_for_a_file_elsewhere(cli, works_repo, tmp_path):
    outside = tmp_path / "draft.md"
    outside.write_text(LOG.replace("type: log", "type: diary"), encoding="utf-8")
    result = cli("--repo", works_repo, "validate", "--kind", "log", outside)
    assert result.code == 1
    assert "type: must be one of: log, minutes" in result.out
    assert "folder" not in result.out and "file name" not in result.out  # no layout to judge out there


def test_the_cycle_of_a_day_follows_the_configured_week():
    from datetime import date

    from commons.content import cycles
    from commons.works import layout

    assert layout.cycle_of_day(date(2026, 10, 25)) == "2026-W44"  # default: handed out Sunday, due Wednesday
    berlin = cycles.Week(timezone="Europe/Berlin", distribute=cycles.parse_moment("monday 08:00"),
                         due=cycles.parse_moment("thursday 18:00"))
    assert layout.cycle_of_day(date(2026, 10, 25), berlin) == "2026-W43"  # Sunday: still the week handed out Monday the 19th
    assert layout.cycle_of_day(date(2026, 10, 29), berlin) == "2026-W44"  # the Thursday meeting of the week from Monday the 26th
