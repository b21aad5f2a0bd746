"""A local chat webhook (Discord- or Slack-like) that records every POST; optional scripted failures."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookServer:
    def __init__(self, flavour: str = "discord", fail_first: int = 0):
        self.flavour, self.fail_first = flavour, fail_first
        self.posts: list[dict] = []
        self.attempts = 0

    def __enter__(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                server.attempts += 1
                if server.attempts <= server.fail_first:
                    self.send_response(503)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                payload = json.loads(body)
                # Discord wants `content` (≤ 2000 characters), Slack `text`; each answers as it does
                field = "content" if server.flavour == "discord" else "text"
                if not isinstance(payload.get(field), str) or not payload[field] or \
                        (server.flavour == "discord" and len(payload[field]) > 2000):
                    self.send_response(400)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                server.posts.append(payload)
                answer = b"" if server.flavour == "discord" else b"ok"
                self.send_response(204 if server.flavour == "discord" else 200)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False
