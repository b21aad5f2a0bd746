"""Attack 5 of issue 12: feed titles and addresses placed in review PR bodies never act on GitHub.

Each item sits in two members' PR bodies: an unescaped `@victim-user` notified the victim twice.
End to end: `commons assign` against the GitHub double, then every title and body it wrote is judged
with GitHub's rules (tests/test_untrusted.py::live).
"""

from __future__ import annotations

import json

from commons_repo import CYCLE, commit_and_push, member_yaml, run_command, write_repo
from test_untrusted import live

HOSTILE = {
    "mention": ("Thanks @victim-user and @some-org/some-team", "https://example.com/mention"),
    "refs": ("Fixes #1 and octo/repo#2 (GH-3)", "https://example.com/refs"),
    "html": ('<img src=x onerror="alert(1)"> <b>bold</b>', "https://example.com/html"),
    "paren": ("A link that ends early", "https://example.com/a)@victim-user"),
    "bidi": ("\u202eevil\u202c title \u2066x\u2069", "https://example.com/bidi"),
}


def test_review_pull_requests_carry_outside_text_inert(double, tmp_path, fast_writes):
    work = double.clone(tmp_path / "work")
    write_repo(work, [member_yaml("alice"), member_yaml("bob")], {})
    for item_id, (title, url) in HOSTILE.items():
        text = (work / "news" / CYCLE / "items").joinpath(f"{item_id}.md")
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_text(f"""---
id: {item_id}
title: {json.dumps(title)}
url: {json.dumps(url)}
source: src
published: "2026-11-20T09:00:00Z"
collected: "2026-11-20T10:00:00Z"
cycle: {CYCLE}
status: triaged
score: 4
category: papers
summary: {json.dumps("요약: " + title)}
why: matters
triage: {{provider: offline, model: offline, prompt_version: "1"}}
---
Body.
""", encoding="utf-8")
    commit_and_push(work)
    assert run_command("commons.assign.command", work) == 0
    pulls = [double.issues[n] for n in double.pulls]
    assert len(pulls) == 2  # each item in both members' bodies
    for issue in pulls:
        body = issue["body"]
        greeting, _, rest = body.partition("\n\n")  # the bot's own `@alice 님` greeting is meant
        assert live(rest) == [], rest
        assert all(t[:12].strip() in body.replace("\u200b", "").replace("\\", "") or "\u202e" in t
                   for t, _ in HOSTILE.values())  # the words are still there to read
        assert live(issue["title"]) == []
    assert not double.violations
