"""``/share <url> [note]``: a member adds what they found to their own review. Pure.

The seeds' members bring what they found at work or in research on top of the
pipeline (seed 000). From their review PR a member comments

    /share https://example.com/post  한 줄 메모

and the bot collects the page like any item (collect's fetcher, limits and dedup
against all history), triages it with the configured triager, and adds it to the
member's review with a review file like the others. The item keeps who shared it,
when and from which PR (``shared``), so the newsletter and references can credit it.

The comment is untrusted: only the address (checked against a strict form) and the
rest of the line, as a one-line note, are read. The note is stored as plain text and
shown only through ``untrusted.for_github``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..untrusted import code, for_github, one_line

VERB = "share"
SOURCE = "shared"  # the item's source id: not a feed, a member
MAX_NOTE = 200
# A review PR takes at most this many shares a cycle: the sharer's review stays a week's work
# (shares are volunteered, so they are not counted against capacity), and a stream of finds is a
# source to suggest (the issue form), not a review.
MAX_SHARES_PER_PULL = 3


@dataclass(frozen=True)
class ShareRequest:
    url: str  # as written; checked by collect.urls.checked_url before anything is fetched
    note: str = ""


def parse(body: str, max_comment: int) -> ShareRequest | None:
    """``/share <url> [note]`` on the first line, else None."""
    if not body or len(body) > max_comment:
        return None
    first = body.strip().split("\n", 1)[0].strip()
    words = first.split(None, 2)
    if len(words) < 2 or words[0].lower() != f"/{VERB}":
        return None
    note = one_line(words[2] if len(words) > 2 else "")[:MAX_NOTE]
    return ShareRequest(words[1], note)


def provenance(author: str, at: str, pull: int, note: str) -> dict:
    """What the item keeps of its sharing: a handle, a time, a PR number and the plain note."""
    out = {"by": author, "at": at, "pull": pull}
    if note:
        out["note"] = one_line(note)[:MAX_NOTE]
    return out


@dataclass(frozen=True)
class Known:
    """Where a story that is already in the commons lives."""
    item: str
    cycle: str
    status: str  # the item's status, or "" when only the index remembers it
    reviewers: tuple[str, ...] = ()
    published_in: str = ""  # the newsletter file that carries it, when published
    claimable: bool = False  # this cycle's, kept by triage, still short of reviewers


def known_words(known: Known) -> tuple[str, dict]:
    """The phrase key and words of the answer to a share of a known story."""
    words = {"item": code(known.item), "cycle": known.cycle}
    if known.published_in:
        return "share.known_published", {**words, "where": code(known.published_in)}
    if known.reviewers:
        # names shown as code: the answer must not ping the members who review it
        return "share.known_reviewed", {**words, "reviewers": ", ".join(code(r) for r in known.reviewers)}
    if known.claimable:
        return "share.known_claimable", words
    if known.status in ("dropped", "not-selected", "triaged", "new"):
        return f"share.known_{known.status.replace('-', '_')}", words
    return "share.known", words


def note_line(note: str) -> str:
    """The member's note as inert words for a PR body or comment."""
    return for_github(note)
