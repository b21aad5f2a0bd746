"""A third language is one catalog file. A test-only pseudo-locale (every English message wrapped in
⟦…⟧, placeholders kept) dropped beside en.yml and ko.yml: a community whose commons.yml says
``language: xx`` sees every line the command line prints, failures included, come from that file.
And the shipped Korean catalog lacks no message (a missing one would fall back to English)."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import yaml

from commons import i18n, schemas
from commons_repo import double, fast_writes  # noqa: F401 - fixtures
from i18n.language_scan import english_sentences

LOCALES = i18n.LOCALES


def pseudo(node):
    """English → pseudo-locale: every text wrapped, ``{placeholders}`` left outside, lists and plurals kept."""
    if isinstance(node, dict):
        return {k: pseudo(v) for k, v in node.items()}
    if isinstance(node, list):
        return [pseudo(v) for v in node]
    if isinstance(node, str):  # each run of words between placeholders wrapped: a value filled in stays outside
        parts = re.split(r"(\{[A-Za-z_][^{}]*\})", node)
        return "".join(p if p.startswith("{") or not p.strip() else f"⟦{p}⟧" for p in parts)
    return node


@pytest.fixture
def pseudo_locale(tmp_path, monkeypatch):
    folder = tmp_path / "locales"
    shutil.copytree(LOCALES, folder)
    english = yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8"))
    catalog = {"_meta": {"name": "Pseudo", "plural": {"one": "n = 1"}}, **pseudo({k: v for k, v in english.items() if k != "_meta"})}
    (folder / "xx.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", folder)
    caches = (i18n._load, i18n.catalog, schemas._hints)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.delenv("COMMONS_LANGUAGE")
    yield folder
    for cached in caches:
        cached.cache_clear()


def speak(repo, language: str) -> None:
    path = repo / "commons.yml"
    path.write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", path.read_text(encoding="utf-8")), encoding="utf-8")


def broken_files(repo) -> list[str]:
    """One file for each kind of validation failure people make."""
    files = {
        "news/2026-W48/items/x.md": "---\nid: y\ntitle: T\nurl: ftp://x\nsource: nowhere\ncollected: 2026-11-20T09:30:00Z\n"
                                    "cycle: 2026-W47\nstatus: shiny\nscore: 9\nextra: 1\n---\n",
        "news/2026-W48/reviews/ghost/z.md": "---\nitem: z\nreviewer: ghost\nimpact: 7\nverdict: maybe\nsummary: ''\n---\n",
        "handbook/broken.md": "---\ntitle: [unclosed\n---\n",
        "handbook/empty.md": "---\ntitle: Empty\ntitle_ko: 빈 장\npart: '1. 기초'\norder: 1\nlevel: intro\nupdated: 2026-11-01\nsummary: moved\n---\n\n# Empty\n\n[gone](nowhere.md)\n",
        "news/2026-W48/collected/2026-11-20.jsonl": '{"id": "a"}\nnot json\n',
        "notes/BadFolder/x.md": "---\nauthor: x\n---\n",
        "logs/team/week-48.md": "---\ntype: diary\n---\n",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    return [str(repo / name) for name in files]


def lines_not_from_the_catalog(text: str) -> list[str]:
    """Lines with English words that did not come through ⟦…⟧: a message written in code, or one passed into a
    catalog message as a value (paths, fields and quoted values set aside)."""
    return english_sentences(re.sub(r"⟦[^⟦⟧]*⟧", " ", text))


def test_every_message_comes_from_the_dropped_in_catalog(pseudo_locale, repo, cli):
    speak(repo, "xx")
    outputs = []
    for args in (["validate", *broken_files(repo)], ["validate"], ["status"], ["status", "--cycle", "2026-W60"],
                 ["schedule"], ["validate", "no/such/file.md"], ["assign", "--dry-run", "--no-pull-requests"]):
        ran = cli("--repo", repo, *args)
        outputs.append(ran.out + ran.err)
    text = "\n".join(outputs)
    assert text.count("⟦") > 20
    left = lines_not_from_the_catalog(text)
    assert left == [], "\n".join(left)
    # a broken commons.yml is still complained about in its own language
    config = repo / "commons.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("timezone:", "timezone: Mars/Base\nzone:", 1), encoding="utf-8")
    ran = cli("--repo", repo, "validate", str(config))
    assert ran.code in (1, 2) and "⟦" in ran.out + ran.err and lines_not_from_the_catalog(ran.out + ran.err) == []


def test_the_catalog_is_read_for_a_language_set_only_by_commons_yml(pseudo_locale, repo, cli):
    speak(repo, "xx")
    assert i18n.run_language(repo) == "xx"
    ran = cli("--repo", repo, "status", "--cycle", "nope")
    assert ran.code == 2 and "⟦" in ran.err


def test_an_unreadable_commons_yml_falls_back_to_the_locale_then_english(repo, monkeypatch):
    monkeypatch.delenv("COMMONS_LANGUAGE")
    (repo / "commons.yml").write_text("language: [ko\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert i18n.run_language(repo) == "ko_KR"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.run_language(repo) == "en"
    monkeypatch.setenv("COMMONS_LANGUAGE", "ko")  # a person's own choice wins over everything
    assert i18n.run_language(repo) == "ko"


def flat(data, prefix=""):
    for key, value in data.items():
        if isinstance(value, dict) and not set(value) <= set(i18n.PLURAL_CATEGORIES):
            yield from flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def test_korean_lacks_no_command_line_message():
    english = set(flat(i18n._load("en")["messages"]))
    korean = set(flat(i18n._load("ko")["messages"]))
    assert sorted(english - korean) == []


def test_the_scan_finds_english_and_passes_korean():
    assert english_sentences("collect: wrote 13 new items into 2026-W48") != []
    assert english_sentences("소스 7개에서 새 항목 13개를 2026-W48에 썼습니다 (읽음 7)") == []
    assert english_sentences("news/2026-W48/x.md:3:1: impact: `triage.note` 'a value in quotes'") == []


def test_a_failing_source_is_said_in_the_third_language(pseudo_locale, repo, cli, tmp_path):
    """collect with a source that is a missing file and one whose state holds an old English error: every line
    the run prints, the failure's own words included, comes from xx.yml; so does the source-health issue."""
    import json

    from commons.collect import health
    from commons.config import load_config
    from commons.sources import health as health_issues

    speak(repo, "xx")
    text = (repo / "commons.yml").read_text(encoding="utf-8")
    head, _, rest = text.partition("\nsources:\n")
    _, _, rest = rest.partition("\ncategories:")
    (repo / "commons.yml").write_text(head + '\nsources:\n  - {id: gone-file, url: "file:feeds/gone.xml"}\n'
                                      '  - {id: old-state, url: "file:feeds/also-gone.xml"}\n\ncategories:' + rest, encoding="utf-8")
    state = repo / ".commons" / "collect" / "sources.json"
    state.parent.mkdir(parents=True)
    old = {"url": "file:feeds/also-gone.xml", "first_seen": "2026-10-01", "consecutive_failures": 2,
           "last_error": "no complete answer within 30 s (timed out)"}  # written in English, before the codes
    state.write_text(json.dumps({"version": 1, "sources": {"old-state": old}}), encoding="utf-8")
    ran = cli("--repo", repo, "collect", env={"COMMONS_NOW": "2026-11-21T20:00:00+09:00"})
    said = ran.out + ran.err
    assert ran.code == 1 and "gone-file" in said and "⟦" in said
    assert lines_not_from_the_catalog(said) == [], said
    stored = json.loads(state.read_text(encoding="utf-8"))["sources"]
    assert stored["gone-file"]["last_error"].startswith("no_such_file ")  # a code and its parameters, no words
    config = load_config(repo)
    found = health.problems(config.sources, {"old-state": old | {"consecutive_failures": 3}}, date(2026, 11, 21))
    title, body = health_issues.issue_text(found["old-state"], "xx")
    assert "⟦no complete answer within ⟧30" in body and lines_not_from_the_catalog(title + "\n" + body) == [], body


def test_a_review_command_is_answered_in_the_third_language(pseudo_locale, double, tmp_path, fast_writes):
    import json

    from claim.test_review_command import ASSIGN, COMMAND, ITEMS
    from commons_repo import commit_and_push, member_yaml, run_command, write_repo

    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice", 2), member_yaml("bob", 1), member_yaml("carol", 2)], ITEMS, rpi=1, language="xx")
    commit_and_push(work)
    assert run_command(ASSIGN, work) == 0
    commit_and_push(work, "assign")
    pull = next(n for n, p in double.pulls.items() if p["head"].endswith("/alice"))
    assert double.issues[pull]["title"].count("⟦") >= 1
    for n, (author, body) in enumerate([("bob", "/skip i1 mine"), ("alice", "/skip"), ("alice", "/claim")], 1):
        event = tmp_path / f"event-{n}.json"
        event.write_text(json.dumps({"action": "created", "comment": {"id": 7100 + n, "body": body, "user": {"login": author}},
                                     "issue": {"number": pull, "pull_request": {"url": "x"}}}), encoding="utf-8")
        assert run_command(COMMAND, work, "--event", str(event)) == 0
    answers = [c["body"] for c in double.comments.values() if "commons:command" in c["body"]]
    assert len(answers) == 3 and all("⟦" in a for a in answers)
    assert lines_not_from_the_catalog("\n".join(answers)) == [], answers
