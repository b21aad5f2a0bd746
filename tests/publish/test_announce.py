"""Announcements: a Discussion (GraphQL, against the double) and a Discord/Slack webhook (local servers),
each exactly once per issue, never on a rerun, with outside words inert."""

from __future__ import annotations

import json

import pytest
import yaml

from commons.publish import announce
from commons.publish.command import announce_issue
from commons.config import load_config
from github_double import GitHubDouble
from publish.sample import CYCLE, populate
from publish.webhook_server import WebhookServer

RECORD = {"cycle": CYCLE, "title": "이주의 소식 · 2026년 11월 25일 (수)", "headline": "vLLM @everyone <!channel> #12",
          "tldr": [{"id": "a", "title": "vLLM 0.7 <b>released</b>", "line": "@octocat 님 덕분에 #3 처리량이 늘었습니다."}]}


def configure(repo, **newsletter):
    path = repo / "commons.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["newsletter"] = newsletter
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_messages_keep_outside_words_inert():
    messages = announce.compose(RECORD, "https://example.com/news/2026-W48/README.md", "LLM Handbook", "ko")
    for text in (messages.discussion.replace(announce.marker(CYCLE), ""), messages.webhook["content"],
                 messages.webhook["text"], messages.title):
        assert "@everyone" not in text and "@octocat" not in text and "#12" not in text and "#3" not in text
    for text in (messages.discussion, messages.webhook["text"]):  # a discussion's title is plain text on GitHub
        assert "<b>" not in text and "<!channel>" not in text
    assert "\\" not in messages.webhook["text"]  # chat apps would show escapes
    assert messages.webhook["allowed_mentions"] == {"parse": []}
    assert messages.webhook["content"] == messages.webhook["text"]  # the same words for Discord and Slack
    assert "https://example.com/news/2026-W48/README.md" in messages.webhook["text"]


@pytest.mark.parametrize("flavour", ["discord", "slack"])
def test_webhook_once_per_issue_never_on_a_rerun(cli, repo, flavour, monkeypatch):
    populate(repo)
    configure(repo, webhook=True, url="https://github.com/nlx/handbook/blob/main/news/")
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    with WebhookServer(flavour, fail_first=1) as hook:
        env = {"COMMONS_WEBHOOK_URL": hook.url}
        first = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, env=env)
        assert first.code == 0, first.err
        assert len(hook.posts) == 1 and hook.attempts == 2  # one 503, then delivered
        assert "https://github.com/nlx/handbook/blob/main/news/2026-W48/README.md" in hook.posts[0]["text"]
        state = json.loads((repo / announce.path(CYCLE)).read_text(encoding="utf-8"))
        assert state == {"webhook": "sent"}
        for _ in range(2):
            again = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, env=env)
            assert again.code == 0 and "0 files written" in again.err
        assert len(hook.posts) == 1


def test_a_failing_webhook_is_reported_and_tried_again_next_run(cli, repo, monkeypatch):
    populate(repo)
    configure(repo, webhook=True)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    with WebhookServer("discord", fail_first=3) as hook:
        env = {"COMMONS_WEBHOOK_URL": hook.url}
        first = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, env=env)
        assert first.code == 1 and "announcement by webhook failed" in first.err
        assert not (repo / announce.path(CYCLE)).exists()
        second = cli("--repo", repo, "publish", "--offline", "--cycle", CYCLE, env=env)
        assert second.code == 0 and len(hook.posts) == 1


def test_discussion_through_graphql_once_even_when_the_record_was_lost(tmp_path, repo):
    from commons.github import GitHub

    configure(repo, discussion_category="Announcements")
    config = load_config(repo)
    with GitHubDouble(tmp_path / "github") as double:
        double.add_discussion_category("General")
        double.add_discussion_category("Announcements")
        gh = GitHub.from_env({**double.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})
        state, done, errors = announce_issue(config, CYCLE, RECORD, {}, "https://example.com/x", {}, gh)
        assert errors == [] and len(double.discussions) == 1 and done[0].startswith("discussion https://")
        posted = double.discussions[0]
        assert posted["categoryId"] == "DIC_2" and posted["title"].startswith("이주의 소식 · 2026년 11월 25일 (수)")
        assert "@everyone" not in posted["body"] and announce.marker(CYCLE) in posted["body"]
        # a rerun with the state: nothing; a rerun that lost the state: finds the posted one by its marker
        assert announce_issue(config, CYCLE, RECORD, state, "https://example.com/x", {}, gh)[1] == []
        state2, done2, _ = announce_issue(config, CYCLE, RECORD, {}, "https://example.com/x", {}, gh)
        assert len(double.discussions) == 1 and "found, posted earlier" in done2[0]
        assert state2["discussion"] == state["discussion"]
        assert double.violations == []


def test_a_missing_category_is_named(tmp_path, repo):
    from commons.github import GitHub

    configure(repo, discussion_category="Announcements")
    with GitHubDouble(tmp_path / "github") as double:
        double.add_discussion_category("General")
        gh = GitHub.from_env({**double.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})
        state, done, errors = announce_issue(load_config(repo), CYCLE, RECORD, {}, "x", {}, gh)
        assert done == [] and state == {}
        assert "no discussion category 'Announcements'" in errors[0] and "General" in errors[0]


def test_the_double_holds_requests_to_githubs_graphql_types(tmp_path):
    import httpx

    with GitHubDouble(tmp_path / "github") as double:
        category = double.add_discussion_category("Announcements")
        headers = {"Authorization": f"Bearer {double.token}"}
        bad = {"query": "mutation($input: CreateDiscussionInput!) { createDiscussion(input: $input) { discussion { url } } }",
               "variables": {"input": {"repositoryId": "R_nlx/handbook", "categoryId": category, "title": "t"}}}
        answer = httpx.post(f"{double.url}/graphql", json=bad, headers=headers).json()
        assert answer["errors"] and "'body' is a required property" in answer["errors"][0]["message"]
        wrong_type = {"query": "mutation($input: String!) { createDiscussion(input: $input) { discussion { url } } }",
                      "variables": {"input": "x"}}
        httpx.post(f"{double.url}/graphql", json=wrong_type, headers=headers)
        assert any("'input' wants CreateDiscussionInput!" in v for v in double.violations)
