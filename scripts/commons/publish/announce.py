"""Telling people an issue is out: a GitHub Discussion and a chat webhook, each exactly once per issue.

Why a Discussion rather than a Release: a release needs a git tag per issue (this repository
is a handbook, not versioned software) and reaches only people who watch releases; a
Discussion in an announcement category lands where members already talk, can be answered
and pinned, and reaches everyone watching the repository, while RSS readers get the Atom
feed. The webhook payload carries ``content`` (Discord) and ``text`` (Slack) with the same
words, and ``allowed_mentions`` off, so one configured address works for either.

Pure: :func:`compose` turns the issue's record into the messages, :func:`pending` says what
is still to be sent given the state in ``.commons/announce/<cycle>.json``; the adapters
(GitHub, :mod:`.webhook`) send, and the state is written after each success, so a rerun
sends nothing twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..content import layout
from ..untrusted import for_chat, for_github

FOLDER = f"{layout.STATE}/announce"
WEBHOOK_ENV = "COMMONS_WEBHOOK_URL"


def path(cycle: str) -> str:
    return f"{FOLDER}/{cycle}.json"


def marker(cycle: str) -> str:
    """Hidden in the discussion's body: finds a discussion posted before its state was recorded."""
    return f"<!-- commons:announce {cycle} -->"


@dataclass(frozen=True)
class Messages:
    title: str
    discussion: str  # markdown
    webhook: dict  # JSON body


def compose(record: dict, link: str, community: str, language: str) -> Messages:
    from .. import i18n

    words = i18n.catalog(language).section("announce")
    title = f"{record['title']} — {record.get('headline', '')}".rstrip(" —")
    lines = [f"- **{for_github(t['title'])}** — {for_github(t['line'])}" for t in record.get("tldr", [])]
    discussion = "\n".join([words["intro"], "", *lines, "", f"**[{words['read']}]({link})**", "",
                            f"<sub>{words['footer']}</sub>", "", marker(record["cycle"]), ""])
    chat = "\n".join([f"📰 {for_chat(title)}", *[f"• {for_chat(t['title'])} — {for_chat(t['line'])}" for t in record.get("tldr", [])],
                      f"{words['read']}: {link}"])
    webhook = {"content": chat[:1900], "text": chat, "username": community[:80], "allowed_mentions": {"parse": []}}
    return Messages(for_github(title, markdown=False), discussion, webhook)


def read_state(text: str | None) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def render_state(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def pending(state: dict, *, discussion: bool, webhook: bool) -> list[str]:
    """The channels configured for this issue and not yet done."""
    wanted = [name for name, on in (("discussion", discussion), ("webhook", webhook)) if on]
    return [name for name in wanted if not state.get(name)]
