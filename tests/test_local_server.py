"""Every test double listens with a realistic backlog (a burst of parallel connections is not retried)."""

from __future__ import annotations

import socket

from collect.collect_support import FeedServer
from github_double import GitHubDouble
from local_server import BACKLOG, LocalServer
from triage.fake_openai import FakeOpenAI


def test_doubles_listen_with_the_shared_backlog(tmp_path):
    assert BACKLOG >= 256
    feeds = FeedServer()
    try:
        assert isinstance(feeds.httpd, LocalServer)
    finally:
        feeds.close()
    with FakeOpenAI() as openai:
        assert isinstance(openai.server, LocalServer)
    with GitHubDouble(tmp_path) as gh:
        assert isinstance(gh._server, LocalServer)


def test_a_burst_of_connections_is_queued_not_dropped():
    """More connections than the old backlog of 5 complete while nobody accepts yet."""
    server = LocalServer(("127.0.0.1", 0), None)
    clients = []
    try:
        for _ in range(40):
            client = socket.socket()
            client.settimeout(10)
            client.connect(server.server_address)  # blocks on a dropped SYN with a backlog of 5
            clients.append(client)
        assert len(clients) == 40
    finally:
        for client in clients:
            client.close()
        server.server_close()
