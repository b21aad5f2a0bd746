"""A local OpenAI-compatible chat completions server for tests and the benchmark.

Real HTTP on 127.0.0.1 (a threaded ``http.server``), so the real ``openai``
client runs unchanged. It counts tokens like a server would, with a simple
deterministic approximation (ceil(UTF-8 bytes / 4) per message, +4 per message
and +3 per request for the chat framing, as OpenAI's own accounting does).

``script`` is a list of behaviours, one consumed per request ("ok" when empty):
ok, 429, 429-long, 500, 503, timeout, refusal, malformed, missing, unknown,
duplicate, length, no-usage, 401, 404 — or a callable(request_json) → (status,
headers, body).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler

from local_server import LocalServer


def count_tokens(text: str) -> int:
    return -(-len((text or "").encode("utf-8")) // 4)


def prompt_tokens(messages: list[dict]) -> int:
    return sum(count_tokens(m.get("content") or "") + 4 for m in messages) + 3


def categories_of(request: dict) -> list[str]:
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        entry = fmt["json_schema"]["schema"]["properties"]["items"]["items"]
        return entry["properties"]["category"]["enum"]
    system = next((m["content"] for m in request["messages"] if m["role"] == "system"), "")
    listed = system.split("one id from this list:", 1)[-1].split("\n- summary:", 1)[0]
    return re.findall(r"^- ([a-z0-9-]+): ", listed, flags=re.M)


def default_answer(item: dict, categories: list[str]) -> dict:
    """A deterministic stand-in for a model, answering at the length the prompt asks for."""
    text = (item["title"] + " " + item["text"]).lower()
    relevant = any(w in text for w in ("llm", "model", "모델", "rag", "agent", "inference"))
    category = "papers" if item["source"].startswith("arxiv") and "papers" in categories else categories[0]
    if "vllm" in text or "library" in text or "라이브러리" in text:
        category = "frameworks" if "frameworks" in categories else category
    title = item["title"][:30]
    return {
        "id": item["id"],
        "score": 4 if relevant else 2,
        "category": category,
        "summary": f"{title}에 관한 소식입니다. 새로 공개된 내용의 핵심은 성능과 사용성 개선이며, 실제 서비스에 적용한 결과도 함께 소개합니다.",
        "why": "LLM 애플리케이션 개발자가 알아둘 만한 변화입니다.",
        "tags": ["llm", "release"],
    }


class FakeOpenAI:
    def __init__(self, answer=default_answer, reject_json_schema=False, reject_json_object=False,
                 timeout_sleep: float = 1.0):
        self.answer = answer
        self.reject_json_schema = reject_json_schema
        self.reject_json_object = reject_json_object
        self.timeout_sleep = timeout_sleep
        self.script: list = []
        self.requests: list[dict] = []   # every request body, in order
        self.served: list[str] = []      # the behaviour used for each
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.retry_after = "0"
        self._lock = threading.Lock()

    # -- lifecycle ------------------------------------------------------------------------------
    def __enter__(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {}, {"error": {"message": "not found", "type": "invalid_request_error"}})
                status, headers, payload = fake.handle(body)
                try:
                    self._send(status, headers, payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _send(self, status, headers, payload):
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self.server = LocalServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False

    # -- behaviour ------------------------------------------------------------------------------
    @property
    def calls(self) -> int:
        return len(self.requests)

    def items_of(self, request: dict) -> list[dict]:
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        return json.loads(user)["items"]

    def handle(self, request: dict):
        with self._lock:
            self.requests.append(request)
            behaviour = self.script.pop(0) if self.script else "ok"
            self.served.append(behaviour if isinstance(behaviour, str) else "custom")
        if callable(behaviour):
            return behaviour(request)
        fmt = (request.get("response_format") or {}).get("type")
        if fmt == "json_schema" and self.reject_json_schema:
            return 400, {}, _error("response_format json_schema is not supported by this server", "response_format")
        if fmt == "json_object" and self.reject_json_object:
            return 400, {}, _error("'response_format.type' must be 'json_schema' or 'text'", "response_format")
        if behaviour == "429":
            return 429, {"retry-after": self.retry_after}, _error("Rate limit reached", None, "rate_limit_exceeded")
        if behaviour == "429-long":
            return 429, {"retry-after": "3600"}, _error("Daily quota exceeded", None, "rate_limit_exceeded")
        if behaviour in ("500", "503"):
            return int(behaviour), {}, _error("The server had an error", None, "server_error")
        if behaviour == "401":
            return 401, {}, _error("Incorrect API key provided", None, "invalid_api_key")
        if behaviour == "404":
            return 404, {}, _error("The model does not exist", "model", "model_not_found")
        if behaviour == "timeout":
            time.sleep(self.timeout_sleep)
        items = self.items_of(request)
        categories = categories_of(request)
        answers = [self.answer(item, categories) for item in items]
        refusal = None
        finish = "stop"
        if behaviour == "missing":
            answers = answers[:-1]
        elif behaviour == "unknown":
            answers.append({**answers[0], "id": "not-asked-about"})
        elif behaviour == "duplicate":
            answers.append(dict(answers[0]))
        content = json.dumps({"items": answers}, ensure_ascii=False)
        if behaviour == "malformed":
            content = content[: len(content) // 2]
        elif behaviour == "refusal":
            content, refusal = None, "I'm sorry, I can't help with that."
        elif behaviour == "length":
            content, finish = content[: len(content) // 2], "length"
        used_in = prompt_tokens(request["messages"])
        used_out = count_tokens(content or refusal or "")
        with self._lock:
            self.prompt_tokens += used_in
            self.completion_tokens += used_out
        payload = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": request.get("model", ""),
            "choices": [{"index": 0, "finish_reason": finish, "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        }
        if behaviour != "no-usage":
            payload["usage"] = {"prompt_tokens": used_in, "completion_tokens": used_out,
                                "total_tokens": used_in + used_out}
        return 200, {}, payload


def _error(message: str, param, code=None) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}}
