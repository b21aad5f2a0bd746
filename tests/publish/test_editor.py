"""The editor pass: the members' own words offline; with an AI server, one structured-output request per
issue that edits (never judges), cached, budgeted, and any fault falls back to the members' words."""

from __future__ import annotations

import json

import yaml

from commons.publish import editor
from commons.publish.newsletter import Item, Judgement, rank
from publish.sample import CYCLE, populate
from triage.fake_openai import FakeOpenAI

README = f"news/{CYCLE}/README.md"
RECORD = f".commons/news/{CYCLE}.json"


def completion(content: str) -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 300, "total_tokens": 1200}}


def edit_answer(request: dict):
    items = json.loads(request["messages"][1]["content"])["items"]
    answer = {
        "headline": "vLLM 0.7과 RAG 서베이가 이번 주를 이끌었습니다",
        "tldr": [{"id": i["id"], "line": f"{n}번째로 볼 소식을 편집자가 정리했습니다."} for n, i in enumerate(items, 1)],
        "items": [{"id": i["id"], "summary": f"편집자가 합친 {n}번 요약입니다.", "why": f"편집자가 본 {n}번 이유입니다."}
                  for n, i in enumerate(items, 1)],
    }
    return 200, {}, completion(json.dumps(answer, ensure_ascii=False))


def test_the_members_version_takes_their_own_words():
    items = [Item("a", "A", score=3)]
    entries = rank(items, [Judgement("a", "x", 5, "newsletter", "엑스가 쓴 요약입니다.", "엑스가 쓴 이유입니다."),
                           Judgement("a", "y", 4, "newsletter", "와이가 쓴 요약입니다.", "")])
    edition = editor.from_members(entries)
    assert edition.by == "members" and edition.items["a"].summary == "엑스가 쓴 요약입니다."
    # the TL;DR says what happened (the summary), not the reviewer's reason to pick it
    assert edition.items["a"].voices == ("x",) and edition.tldr == (("a", "엑스가 쓴 요약입니다."),)


def test_an_answer_in_another_language_or_for_unknown_items_is_not_used():
    items = [Item("a", "A", score=3)]
    entries = rank(items, [Judgement("a", "x", 5, "newsletter", "엑스가 쓴 요약입니다.", "엑스가 쓴 이유입니다.")])
    fallback = editor.from_members(entries)
    edition, warnings = editor.accept({"items": [{"id": "a", "summary": "English only here.", "why": ""},
                                                 {"id": "zzz", "summary": "없는 항목입니다.", "why": ""}],
                                       "tldr": [], "headline": "x"}, entries, fallback, "m")
    assert edition == fallback and len(warnings) == 3


def _ai(cli, repo, fake, **env):
    environment = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "test-key", **env}
    return cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, env=environment)


def test_one_request_per_issue_then_the_cache_and_provenance_is_visible(cli, repo, tmp_path, monkeypatch):
    populate(repo)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    with FakeOpenAI() as fake:
        fake.script = [edit_answer]
        first = _ai(cli, repo, fake)
        assert first.code == 0, first.err
        assert fake.calls == 1
        request = fake.requests[0]
        assert request["response_format"]["type"] == "json_schema"
        assert request["response_format"]["json_schema"]["name"] == "newsletter_edit"
        sent = json.loads(request["messages"][1]["content"])["items"]
        assert {r["reviewer"] for i in sent for r in i["reviews"]} >= {"jiyoon-nlp", "hyeonwoo-dev"}
        text = (repo / README).read_text(encoding="utf-8")
        assert "편집자가 합친 1번 요약입니다." in text and "1번째로 볼 소식을 편집자가 정리했습니다." in text
        assert "AI(gpt-4o-mini)가 멤버 리뷰를 바탕으로 다듬었습니다" in text
        assert "의 리뷰를 AI가 합쳐 다듬음" in text
        record = json.loads((repo / RECORD).read_text(encoding="utf-8"))
        assert record["editor"]["by"] == "ai" and record["headline"].startswith("vLLM 0.7과")
        assert "editor pass: gpt-4o-mini, 1 request(s), 900 + 300 tokens" in summary.read_text(encoding="utf-8")

        snapshot = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
        again = _ai(cli, repo, fake)
        assert again.code == 0 and fake.calls == 1  # cached: same reviews, prompt and model
        assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == snapshot


def test_any_fault_falls_back_to_the_members_words(cli, repo):
    populate(repo)
    with FakeOpenAI() as fake:
        fake.script = ["500"] * 10
        result = _ai(cli, repo, fake)
        assert result.code == 0, result.err
        text = (repo / README).read_text(encoding="utf-8")
        assert "멤버 리뷰에서 그대로 옮겼습니다" in text and "편집자" not in text
        record = json.loads((repo / RECORD).read_text(encoding="utf-8"))["editor"]
        assert record["by"] == "members" and "gave up" in record["fault"]
        calls = fake.calls
        assert _ai(cli, repo, fake).code == 0 and fake.calls == calls  # not asked again for the same reviews

    for bad in ("not json at all", json.dumps(["a list"])):
        (repo / README).unlink()
        (repo / RECORD).unlink()
        with FakeOpenAI() as fake:
            fake.script = [lambda request, bad=bad: (200, {}, completion(bad))]
            assert _ai(cli, repo, fake).code == 0
            assert "멤버 리뷰에서 그대로 옮겼습니다" in (repo / README).read_text(encoding="utf-8")


def test_over_budget_sends_nothing(cli, repo):
    populate(repo)
    config = yaml.safe_load((repo / "commons.yml").read_text(encoding="utf-8"))
    config["newsletter"] = {"max_tokens": 50}
    (repo / "commons.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with FakeOpenAI() as fake:
        assert _ai(cli, repo, fake).code == 0
        assert fake.calls == 0
    assert "멤버 리뷰에서 그대로 옮겼습니다" in (repo / README).read_text(encoding="utf-8")


def test_members_setting_never_asks(cli, repo):
    populate(repo)
    config = yaml.safe_load((repo / "commons.yml").read_text(encoding="utf-8"))
    config["newsletter"] = {"editor": "members"}
    (repo / "commons.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with FakeOpenAI() as fake:
        assert _ai(cli, repo, fake).code == 0
        assert fake.calls == 0
