"""The HTTP server every test double listens with (feeds, the OpenAI-compatible API, GitHub).

``socketserver``'s default listen backlog is 5: when a client opens more connections at
once (collect fetches 24 sources in parallel), the kernel drops the extra SYNs and the
client retries a second later, so timings measured against the doubles were inflated by
that second. A real server listens with a backlog in the hundreds; so do these.
"""

from __future__ import annotations

from http.server import ThreadingHTTPServer

BACKLOG = 256


class LocalServer(ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 with a realistic backlog; request threads never keep a test alive."""

    daemon_threads = True
    request_queue_size = BACKLOG
