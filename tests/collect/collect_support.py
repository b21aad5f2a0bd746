"""Collection test support: a local HTTP server with scripted answers, and a repository whose
commons.yml lists the sources a test wants."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from local_server import LocalServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "feeds"
NOW = "2026-11-20T12:00:00+09:00"  # a Friday in Seoul: items go to cycle 2026-W48


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    etag: str = ""  # when set, a matching If-None-Match gets 304
    hold: threading.Event | None = None  # when set, the answer waits until the test releases it


class FeedServer:
    """127.0.0.1 only; ``answers[path]`` says what each path returns; ``log`` what was asked."""

    def __init__(self):
        self.answers: dict[str, Answer] = {}
        self.log: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.log.append((self.path, dict(self.headers)))
                answer = server.answers.get(self.path, Answer(404, b"not found"))
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.hold is not None:
                    answer.hold.wait()
                if answer.etag and self.headers.get("If-None-Match") == answer.etag:
                    self.send_response(304)
                    self.send_header("ETag", answer.etag)
                    self.end_headers()
                    return
                self.send_response(answer.status)
                headers = {"Content-Length": str(len(answer.body)), **answer.headers}
                if answer.etag:
                    headers["ETag"] = answer.etag
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = LocalServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.answers[path] = Answer(body=body, **kwargs)
        return self.url(path)

    def requests_to(self, path: str) -> list[dict]:
        return [headers for p, headers in self.log if p == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def set_sources(repo: Path, sources: list[dict]) -> None:
    """Replace the sources: of the repository's commons.yml."""
    def flow(source: dict) -> str:
        return "{" + ", ".join(f'{k}: "{v}"' if isinstance(v, str) else f"{k}: {v}" for k, v in source.items()) + "}"

    text = (repo / "commons.yml").read_text(encoding="utf-8")
    listing = "\n".join(f"  - {flow(s)}" for s in sources)
    text = re.sub(r"\nsources:\n.*?\n\ncategories:", f"\nsources:\n{listing}\n\ncategories:", text, flags=re.S)
    (repo / "commons.yml").write_text(text, encoding="utf-8")


def items(repo: Path) -> dict[str, dict]:
    """id → front matter of every item on disk (files and the pool)."""
    from commons.content import items as content_items

    found, problems = content_items.read_items(repo)
    assert problems == []
    return {f.item_id: f.meta for f in found}


def snapshot(repo: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under news/ and .commons/ with its bytes and mtime: a second run must not move any."""
    out = {}
    for base in ("news", ".commons"):
        for path in sorted((repo / base).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(repo))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


@pytest.fixture
def feeds():
    """A local HTTP server (127.0.0.1) whose answers each test scripts."""
    server = FeedServer()
    yield server
    server.close()
