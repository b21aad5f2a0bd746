"""The AI adapter with the real openai client against a local OpenAI-compatible server."""

from pathlib import Path

import pytest

from commons.config import load_config
from commons.triage import prompt
from commons.triage.ai import AIError, OpenAITriager, provider_name
from triage.fake_openai import FakeOpenAI
from triage.triage_fixtures import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_config(ROOT)
PAYLOADS = [prompt.item_payload(i, {"title": t, "source": s}, x) for i, t, s, x in SAMPLES]
FALLBACK = {p["id"]: "papers" for p in PAYLOADS}


def triager(server, sleeps=None, **kw):
    kw.setdefault("backoff", 0.5)
    return OpenAITriager(CONFIG, "gpt-4o-mini", api_key="sk-test", base_url=server.base_url,
                         sleep=(sleeps.append if sleeps is not None else lambda s: None), **kw)


def test_json_schema_mode_and_usage():
    with FakeOpenAI() as server:
        reply = triager(server).triage(PAYLOADS[:3], FALLBACK)
        request = server.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    assert request["max_completion_tokens"] == prompt.max_output_tokens(3)
    assert request["temperature"] == 0
    assert set(reply.answer.verdicts) == {p["id"] for p in PAYLOADS[:3]}
    assert (reply.input_tokens, reply.output_tokens) == (server.prompt_tokens, server.completion_tokens)
    assert not reply.estimated


def test_falls_back_to_json_mode_once_and_remembers():
    with FakeOpenAI(reject_json_schema=True) as server:
        t = triager(server)
        t.triage(PAYLOADS[:2], FALLBACK)
        t.triage(PAYLOADS[2:4], FALLBACK)
        kinds = [r["response_format"]["type"] for r in server.requests]
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert t.mode == "json_object"


def test_falls_back_to_plain_instructions_when_no_json_mode_exists():
    with FakeOpenAI(reject_json_schema=True, reject_json_object=True) as server:
        t = triager(server)
        reply = t.triage(PAYLOADS[:2], FALLBACK)
        assert "response_format" not in server.requests[-1]
    assert t.mode == "text" and len(reply.answer.verdicts) == 2


def test_older_servers_get_max_tokens_and_no_temperature():
    def picky(request):
        for key in ("max_completion_tokens", "temperature"):
            if key in request:
                return 400, {}, {"error": {"message": f"Unrecognized request argument supplied: {key}"}}
        return None

    with FakeOpenAI() as server:
        server.script = [picky, picky]
        t = triager(server)
        t.triage(PAYLOADS[:1], FALLBACK)
        assert "max_tokens" in server.requests[-1] and "temperature" not in server.requests[-1]


def test_retry_after_is_honoured_then_success():
    sleeps = []
    with FakeOpenAI() as server:
        server.retry_after = "7"
        server.script = ["429", "500"]
        reply = triager(server, sleeps).triage(PAYLOADS[:2], FALLBACK)
    assert sleeps == [7.0, 1.0]  # Retry-After, then backoff 0.5 * 2**1
    assert len(reply.answer.verdicts) == 2


def test_retries_are_bounded():
    sleeps = []
    with FakeOpenAI() as server:
        server.script = ["503"] * 10
        with pytest.raises(AIError) as info:
            triager(server, sleeps, max_attempts=3).triage(PAYLOADS[:2], FALLBACK)
        assert server.calls == 3
    assert "server error (503); gave up after 3 attempts" in info.value.message
    assert info.value.transient and not info.value.fatal
    assert sleeps == [0.5, 1.0]


def test_a_very_long_retry_after_stops_instead_of_waiting():
    with FakeOpenAI() as server:
        server.script = ["429-long"]
        with pytest.raises(AIError) as info:
            triager(server, max_wait=30).triage(PAYLOADS[:2], FALLBACK)
    assert info.value.fatal and "3600" in info.value.message


def test_timeouts_are_retried():
    with FakeOpenAI(timeout_sleep=0.6) as server:
        server.script = ["timeout"]
        reply = triager(server, timeout=0.2).triage(PAYLOADS[:2], FALLBACK)
        assert server.calls == 2
    assert len(reply.answer.verdicts) == 2


def test_timeouts_give_up():
    with FakeOpenAI(timeout_sleep=0.5) as server:
        server.script = ["timeout"] * 2
        with pytest.raises(AIError, match="did not answer in time"):
            triager(server, timeout=0.15, max_attempts=2).triage(PAYLOADS[:1], FALLBACK)


@pytest.mark.parametrize("behaviour, message", [
    ("refusal", "the model refused"),
    ("malformed", "not valid JSON"),
    ("length", "cut off"),
])
def test_bad_answers_fail_the_batch(behaviour, message):
    with FakeOpenAI() as server:
        server.script = [behaviour]
        reply = triager(server).triage(PAYLOADS[:2], FALLBACK)
    assert not reply.answer.verdicts
    assert all(message in e for e in reply.answer.errors.values())


def test_missing_and_unknown_ids():
    with FakeOpenAI() as server:
        server.script = ["missing", "unknown"]
        t = triager(server)
        missing = t.triage(PAYLOADS[:3], FALLBACK)
        unknown = t.triage(PAYLOADS[:3], FALLBACK)
    assert set(missing.answer.errors) == {PAYLOADS[2]["id"]} and len(missing.answer.verdicts) == 2
    assert len(unknown.answer.verdicts) == 3 and "not-asked-about" in unknown.answer.warnings[0]


def test_no_usage_is_estimated():
    with FakeOpenAI() as server:
        server.script = ["no-usage"]
        reply = triager(server).triage(PAYLOADS[:2], FALLBACK)
    assert reply.estimated and reply.input_tokens > 0 and reply.output_tokens > 0


@pytest.mark.parametrize("behaviour, words", [("401", "API key"), ("404", "triage.model")])
def test_configuration_errors_are_fatal(behaviour, words):
    with FakeOpenAI() as server:
        server.script = [behaviour]
        with pytest.raises(AIError) as info:
            triager(server).triage(PAYLOADS[:1], FALLBACK)
    assert info.value.fatal and not info.value.transient and words in info.value.message


def test_provider_name():
    assert provider_name(None) == "openai"
    assert provider_name("https://api.openai.com/v1") == "openai"
    assert provider_name("http://localhost:11434/v1") == "openai-compatible"


def test_an_empty_base_url_means_openai(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "")
    t = OpenAITriager(CONFIG, "gpt-4o-mini", api_key="sk-test", base_url=None)
    assert str(t.client.base_url).startswith("https://api.openai.com/v1")


@pytest.mark.parametrize("body", ["<html>Bad gateway</html>", {"unexpected": True}, {"choices": []}])
def test_answers_that_are_not_chat_completions(body):
    with FakeOpenAI() as server:
        server.script = [lambda request: (200, {}, body)]
        try:
            reply = triager(server).triage(PAYLOADS[:2], FALLBACK)
        except AIError as exc:
            assert "could not be read" in exc.message
        else:
            assert not reply.answer.verdicts and len(reply.answer.errors) == 2
