"""The AI triager: chat completions through the openai package, any compatible server.

Structured output first (``json_schema``); a server that rejects it with a 400
naming the response format gets JSON mode (``json_object``), then plain
instructions, and the choice is remembered for the rest of the run. Retries are
ours (the client's are off) so that ``Retry-After``, the backoff base and the
sleep function are visible and testable.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .. import backoff
from ..i18n import say
from . import prompt, tokens
from .answers import BatchAnswer, parse_batch

MODES = ("json_schema", "json_object", "text")
DEFAULT_BASE_URL = "https://api.openai.com/v1"
RETRYABLE_STATUS = {408, 409, 429}


class AIError(Exception):
    """A batch that could not be triaged; ``fatal`` when no later request can succeed either."""

    def __init__(self, message: str, fatal: bool = False, transient: bool = False):
        super().__init__(message)
        self.message, self.fatal, self.transient = message, fatal, transient


@dataclass
class Reply:
    answer: BatchAnswer
    input_tokens: int
    output_tokens: int
    estimated: bool = False  # the server reported no usage; our estimate was counted


def provider_name(base_url: str | None) -> str:
    """``openai`` for OpenAI itself, ``openai-compatible`` for any other server."""
    if not base_url:
        return "openai"
    from urllib.parse import urlsplit

    host = (urlsplit(base_url).hostname or "").lower()
    return "openai" if host == "api.openai.com" else "openai-compatible"


class OpenAITriager:
    def __init__(self, config, model: str, *, api_key: str | None, base_url: str | None,
                 timeout: float = 60.0, max_attempts: int = 4, backoff: float = 1.0,
                 max_wait: float = 60.0, sleep=time.sleep):
        from openai import OpenAI  # heavy: only when triage really calls a model

        self.config, self.model = config, model
        self.category_ids = [c.id for c in config.categories]
        # Local servers (Ollama, vLLM, LM Studio) need no key, but the client insists on one.
        # An empty OPENAI_BASE_URL (an unset Actions variable) means OpenAI itself, not "".
        self.client = OpenAI(api_key=api_key or "no-key", base_url=base_url or DEFAULT_BASE_URL,
                             max_retries=0, timeout=timeout)
        self.max_attempts, self.backoff, self.max_wait, self.sleep = max_attempts, backoff, max_wait, sleep
        self.mode = MODES[0]
        self.token_param = "max_completion_tokens"
        self.temperature: float | None = 0
        self.requests = 0
        self.retries = 0

    # -- one request, with the server's quirks learnt as we go -------------------------------

    def _params(self, messages: list[dict], n_items: int, schema: tuple[str, dict] | None = None,
                output_tokens: int | None = None) -> dict:
        limit = output_tokens if output_tokens is not None else prompt.max_output_tokens(n_items)
        params = {"model": self.model, "messages": messages, self.token_param: limit}
        if self.temperature is not None:
            params["temperature"] = self.temperature
        if self.mode == "json_schema":
            name, body = schema or ("triage", prompt.response_schema(self.category_ids))
            params["response_format"] = {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": body}}
        elif self.mode == "json_object":
            params["response_format"] = {"type": "json_object"}
        return params

    def _adapt(self, message: str) -> bool:
        """Learn from a 400 what this server does not take; False when nothing is left to change."""
        text = message.lower()
        if any(w in text for w in ("response_format", "json_schema", "json_object", "structured output", "response format")):
            if self.mode != MODES[-1]:
                self.mode = MODES[MODES.index(self.mode) + 1]
                return True
        if "max_completion_tokens" in text and self.token_param != "max_tokens":
            self.token_param = "max_tokens"
            return True
        if "temperature" in text and self.temperature is not None:
            self.temperature = None
            return True
        return False

    def _wait(self, attempt: int, exc) -> float:
        wait = backoff.doubling(attempt, self.backoff, self.max_wait)
        response = getattr(exc, "response", None)
        headers = response.headers if response is not None else {}
        retry_after = backoff.retry_after(headers.get("retry-after"), headers.get("retry-after-ms"))
        if retry_after is not None:
            if retry_after > self.max_wait:
                raise AIError(say("triage.ai_wait_too_long", wait=round(retry_after), most=round(self.max_wait)),
                              fatal=True, transient=True)
            wait = max(wait, retry_after)  # no backoff (0) makes doubling 0: the server's wait alone
        return wait  # both are within max_wait: doubling caps, a longer Retry-After raised above

    def complete(self, messages: list[dict], n_items: int, *, schema: tuple[str, dict] | None = None,
                 output_tokens: int | None = None):
        """One chat completion; ``schema`` (name, JSON schema) and ``output_tokens`` for requests other than
        triage's (the newsletter's editor pass) that go through the same server and the same quirks."""
        import openai

        attempt = 0
        adaptations = 0
        while True:
            try:
                self.requests += 1
                return self.client.chat.completions.create(**self._params(messages, n_items, schema, output_tokens))
            except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
                raise AIError(say("triage.ai_key_rejected", status=exc.status_code), fatal=True) from None
            except openai.NotFoundError as exc:
                raise AIError(say("triage.ai_unknown_model", model=self.model, status=exc.status_code), fatal=True) from None
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if adaptations < 6 and self._adapt(_error_text(exc)):
                    adaptations += 1
                    continue
                raise AIError(say("triage.ai_refused", status=exc.status_code, error=_error_text(exc)[:200])) from None
            except (openai.APITimeoutError, openai.APIConnectionError, openai.InternalServerError,
                    openai.RateLimitError, openai.APIStatusError) as exc:
                status = getattr(exc, "status_code", None)
                if status is not None and status < 500 and status not in RETRYABLE_STATUS:
                    raise AIError(say("triage.ai_answered", status=status, error=_error_text(exc)[:200])) from None
                what = _describe(exc)
                if attempt + 1 >= self.max_attempts:
                    raise AIError(say("triage.ai_gave_up", what=what, n=self.max_attempts), transient=True) from None
                wait = self._wait(attempt, exc)
                attempt += 1
                self.retries += 1
                self.sleep(wait)
            except openai.OpenAIError as exc:  # e.g. a 200 whose body is not a chat completion
                raise AIError(say("triage.ai_unreadable", error=str(exc)[:200])) from None

    # -- one batch ----------------------------------------------------------------------------

    def triage(self, payloads: list[dict], fallback: dict[str, str]) -> Reply:
        messages = prompt.messages(self.config, payloads)
        ids = [p["id"] for p in payloads]
        response = self.complete(messages, len(payloads))
        # Read defensively: a compatible server may answer 200 with something else entirely.
        choices = getattr(response, "choices", None)
        choice = choices[0] if isinstance(choices, list) and choices else None
        message = getattr(choice, "message", None)
        content = getattr(message, "content", None)
        content = content if isinstance(content, str) else ""
        usage = getattr(response, "usage", None)
        input_tokens = getattr(usage, "prompt_tokens", None)
        output_tokens = getattr(usage, "completion_tokens", None)
        estimated = not isinstance(input_tokens, int) or not isinstance(output_tokens, int)
        if estimated:
            input_tokens = sum(tokens.estimate(m["content"]) for m in messages)
            output_tokens = tokens.estimate(content)
        refusal = getattr(message, "refusal", None)
        reason = getattr(choice, "finish_reason", None)
        if choice is None:
            problem = "the server's answer had no choices"
        elif refusal:
            problem = f"the model refused: {prompt.plain_text(refusal)[:200]}"
        elif reason == "content_filter":
            problem = "the server's content filter stopped the answer"
        elif reason == "length":
            problem = "the answer was cut off at the output token limit"
        else:
            problem = ""
        if problem:
            answer = BatchAnswer(errors={i: problem for i in ids}, whole=True)
        else:
            answer = parse_batch(content, ids, self.config.categories, fallback)
        return Reply(answer, input_tokens, output_tokens, estimated)


def _error_text(exc) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return str(getattr(exc, "message", exc))


def _describe(exc) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return say("triage.ai_timed_out")
    if isinstance(exc, openai.APIConnectionError):
        return say("triage.ai_no_connection")
    if isinstance(exc, openai.RateLimitError):
        return say("triage.ai_rate_limited")
    return say("triage.ai_server_error", status=getattr(exc, "status_code", "?"))
