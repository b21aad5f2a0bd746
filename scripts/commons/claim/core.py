"""Claim, swap or hand back an item from a review PR: a comment in, a decision out. Pure.

A member (or a maintainer, on the member's behalf) comments one of

    /skip <item> [reason]      hand the item back; the planner gives it to someone else
    /swap <item> @member       give the item to another member who has room for it
    /claim <item>              take an item that still lacks reviewers, or one not selected this cycle
    /share <url> [note]        add a page the member found (claim/share.py)

as the comment's first line. The comment is untrusted text: only the command word, an
item id and a handle are taken from it, each matched against its strict form, and
nothing of it is echoed except those (which cannot mention, link or format anything).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ITEM = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
HANDLE = re.compile(r"^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$")
VERBS = ("skip", "swap", "claim")
MAX_COMMENT = 10_000  # longer comments are not commands
LISTED = 15  # `/claim` alone answers with this many claimable ids at most (best first)

@dataclass(frozen=True)
class Request:
    verb: str  # skip | swap | claim
    item: str
    target: str = ""  # swap: the member the item goes to (without @)


@dataclass(frozen=True)
class Roster:
    """What a decision needs to know about a member this cycle."""
    capacity: dict[str, int]  # lowercase handle → items they can take this cycle (0: unavailable)
    maintainers: frozenset[str]  # lowercase
    handles: dict[str, str]  # lowercase → as written in members.yml


@dataclass
class Decision:
    ok: bool
    code: str  # a message under claim.answer in the catalogs
    words: dict = field(default_factory=dict)
    assignments: dict[str, list[str]] = field(default_factory=dict)  # the record after the command
    declined: dict[str, list[str]] = field(default_factory=dict)


def parse(body: str) -> Request | None:
    """The command on the comment's first line; None when it is not one of ours or malformed."""
    if not body or len(body) > MAX_COMMENT:
        return None
    first = body.strip().split("\n", 1)[0].strip()
    words = first.split()
    if not words or not words[0].startswith("/") or words[0][1:].lower() not in VERBS:
        return None
    verb = words[0][1:].lower()
    if len(words) < 2 or not ITEM.match(words[1]):
        return None
    if verb == "swap":
        match = HANDLE.match(words[2]) if len(words) >= 3 else None
        if match is None or len(words) > 3:
            return None
        return Request(verb, words[1], match[1])
    if verb == "claim" and len(words) > 2:
        return None
    return Request(verb, words[1])  # skip: the rest of the line is the member's reason, kept out of sight


def asks_for_list(body: str) -> bool:
    """``/claim`` with nothing after it: the member asks which items they may claim."""
    return (body or "").strip().split("\n", 1)[0].strip().lower() == "/claim"


def is_command(body: str) -> bool:
    """The comment means to be a command (its first line starts with one of ours), well formed or not."""
    first = (body or "").strip().split("\n", 1)[0].strip().split(" ", 1)[0].lower()
    return first in {f"/{v}" for v in (*VERBS, "share")}


def allowed(author: str, member: str, roster: Roster) -> bool:
    return author.lower() == member.lower() or author.lower() in roster.maintainers


def decide(request: Request, member: str, assignments: dict[str, list[str]], declined: dict[str, list[str]],
           items: set[str], roster: Roster, reviewers_per_item: int) -> Decision:
    """The record after ``member``'s ``request``, or why not. A request already carried out
    (a rerun) decides the same record again, so applying it changes nothing."""
    member = member.lower()
    record = {h.lower(): list(ids) for h, ids in assignments.items()}
    handed_back = {h.lower(): list(ids) for h, ids in declined.items()}
    item = request.item
    holds = item in record.get(member, [])
    words = {"item": item, "member": f"@{roster.handles.get(member, member)}"}

    def refuse(code: str, **more) -> Decision:
        return Decision(False, code, {**words, **more})

    def accept(code: str, **more) -> Decision:
        clean = {h: ids for h, ids in record.items() if ids}
        return Decision(True, code, {**words, **more}, clean, {h: sorted(set(ids)) for h, ids in handed_back.items() if ids})

    if item not in items:
        return refuse("unknown_item")
    if request.verb == "skip":
        if not holds:
            return accept("done_skip") if item in handed_back.get(member, []) else refuse("not_yours")
        record[member].remove(item)
        handed_back.setdefault(member, []).append(item)
        return accept("done_skip")

    if request.verb == "swap":
        target = request.target.lower()
        shown = f"@{roster.handles.get(target, request.target)}"
        if target == member:
            return refuse("same_member", target=shown)
        if target not in roster.handles:
            return refuse("not_member", target=f"`{request.target}`")  # not a member: no live mention
        target_holds = item in record.get(target, [])
        if target_holds and not holds and item in handed_back.get(member, []):
            return accept("done_swap", target=shown)  # carried out already
        if not holds:
            return refuse("not_yours")
        if target_holds:
            return refuse("already_reviewing", target=shown)
        if item in handed_back.get(target, []):
            return refuse("declined_before", target=shown)
        capacity = roster.capacity.get(target, 0)
        if capacity <= 0:
            return refuse("unavailable", target=shown)
        if len(record.get(target, [])) >= capacity:
            return refuse("full", target=shown, capacity=capacity)
        record[member].remove(item)
        record.setdefault(target, []).append(item)
        handed_back.setdefault(member, []).append(item)
        return accept("done_swap", target=shown)

    # claim
    if holds:
        return accept("done_claim")
    capacity = roster.capacity.get(member, 0)
    if capacity <= 0:
        return refuse("unavailable", target=words["member"])
    if len(record.get(member, [])) >= capacity:
        return refuse("full", target=words["member"], capacity=capacity)
    if sum(item in ids for ids in record.values()) >= reviewers_per_item:
        return refuse("covered")
    record.setdefault(member, []).append(item)
    if item in handed_back.get(member, []):
        handed_back[member].remove(item)
    return accept("done_claim")


def reply(code: str, words: dict, marker: str, language: str) -> str:
    """The one comment that answers a command, in the community's ``language`` (claim.answer in the catalogs).
    {item}/{member}/{target} are an item id and handles, already checked against their forms."""
    from ..i18n import catalog

    t = catalog(language)
    filled = dict(words)
    if code == "done_skip":
        replacement = words.get("replacement")
        filled["replacement"] = t("claim.answer.replacement", target=replacement) if replacement else t("claim.answer.no_replacement")
    return f"{marker}\n" + t(f"claim.answer.{code}", **filled) + "\n"


def catalog_reply(key: str, words: dict, marker: str, language: str) -> str:
    """The one comment that answers a command, from the catalogs in the community's ``language``.
    ``words`` are already inert (ids and handles checked, outside text through for_github/code)."""
    from ..i18n import catalog

    return f"{marker}\n" + catalog(language)(key, **words) + "\n"
