"""A local feed server for the benchmark: every file of a folder, 100–500 ms late.

Each response is delayed by a latency drawn once per file (seeded, so every
run and every client sees the same), answers conditional GETs with 304, and
listens on 127.0.0.1 only. Run as a process so its threads do not share the
measured process's GIL: ``python server.py FOLDER PORTFILE [BACKLOG [PORT]]``. It
listens with the test doubles' backlog (tests/local_server.py, 256); BACKLOG 5 is
``socketserver``'s default, which the doubles had before (a burst of connections
beyond it waits a second for the client's retry).
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from local_server import LocalServer  # noqa: E402 - the test doubles' server: backlog 256


def build(folder: Path, seed: int = 7, backlog: int | None = None, port: int = 0):
    rng = random.Random(seed)
    files = {}
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        files["/" + path.name] = {
            "data": data,
            "etag": '"' + hashlib.sha256(data).hexdigest()[:16] + '"',
            "modified": formatdate(1_700_000_000, usegmt=True),
            "latency": rng.uniform(0.1, 0.5),
        }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            entry = files.get(self.path)
            time.sleep(entry["latency"] if entry else 0.1)
            if entry is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == entry["etag"]:
                self.send_response(304)
                self.send_header("ETag", entry["etag"])
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(entry["data"])))
            self.send_header("ETag", entry["etag"])
            self.send_header("Last-Modified", entry["modified"])
            self.end_headers()
            self.wfile.write(entry["data"])

    class Server(LocalServer):
        request_queue_size = backlog or LocalServer.request_queue_size

    return Server(("127.0.0.1", port), Handler)


if __name__ == "__main__":
    # python server.py FOLDER PORTFILE [BACKLOG [PORT]]
    extra = [int(a) for a in sys.argv[3:5]]
    server = build(Path(sys.argv[1]), backlog=extra[0] if extra else None, port=extra[1] if len(extra) > 1 else 0)
    Path(sys.argv[2]).write_text(str(server.server_address[1]))
    server.serve_forever()
