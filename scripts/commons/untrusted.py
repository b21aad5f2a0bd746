"""Text from outside the trust boundary, made inert before it reaches GitHub or a workflow log.

Feed titles and URLs, AI answers, what members write in their files, file and
branch names: none of it may act. Every writer of GitHub text (pull request
titles and bodies, comments, labels, commit messages, the newsletter, handbook
references) passes such text through :func:`for_github`; every line printed into
a workflow log passes it through :func:`for_log`. Text the bot means (its own
``@member`` greeting, its markers) is written around these pieces, never through them.

What "inert" means on GitHub:

- no live ``@user`` or ``@org/team`` mention and no ``#1``, ``GH-1`` or
  ``owner/repo#1`` reference: a zero-width space after ``@``/``#``/``GH-`` keeps the
  words readable and breaks GitHub's autolinker (the way Dependabot and Renovate do);
- no raw HTML and no markdown structure (``markdown=True``): punctuation that could
  open markup is backslash-escaped, and text never opens a list, heading or quote;
- no bare autolinked address (a link to an issue would cross-reference it);
- no bidirectional-override or other control characters; one line.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

ZWSP = "\u200b"
# Bidi embeddings, overrides, isolates and marks (Trojan Source), and the Arabic letter mark.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls and the Unicode line/paragraph separators; newlines and tabs collapse to spaces first.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_MENTION = re.compile(r"(?<![A-Za-z0-9])@(?=[A-Za-z0-9_])")  # @user, @org/team; not Recall@10 or a@b.c
_REFERENCE = re.compile(r"(#|\bGH-)(?=\d)", re.IGNORECASE)  # #1, owner/repo#1, GH-1
_AUTOLINK = re.compile(r"(?i)(://|\bwww\.)")  # bare https://… and www.… become links (and references)
_PUNCT = re.compile(r"([\\`*_\[\]<>|~&!])")  # what can open markup mid-line
_BLOCK_START = re.compile(r"^(?:(\d{1,9})([.)])|([#>+=-]))")  # what can open a block at the start
# An address quote() and urlsplit() would leave as it is: scheme, host, optional port, safe characters.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/%?#@!$&*+,;=:-]*)?",
                        re.ASCII)


def one_line(value) -> str:
    return " ".join(str(value if value is not None else "").split())


def for_github(value, *, markdown: bool = True) -> str:
    """``value`` as inert words for GitHub: in a markdown body (default) or a plain field
    (``markdown=False``: a title, a label, a commit message, where escapes would show).

    A pass runs only where what it looks for can be there: a year's portfolios pass ~10,000
    titles a run, and the slowest passes (addresses, references) find nothing in most."""
    text = one_line(value)
    if not (text.isascii() and text.isprintable()):  # else no control or bidi character to drop
        text = _CONTROL.sub("", _BIDI.sub("", text))
    if markdown:
        text = _PUNCT.sub(r"\\\1", text)
        text = _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
        if "://" in text or "www." in text.lower():
            text = _AUTOLINK.sub(lambda m: m[1][:1] + ZWSP + m[1][1:], text)
    if "@" in text:
        text = _MENTION.sub("@" + ZWSP, text)
    if "#" in text or "gh-" in text.lower():
        text = _REFERENCE.sub(lambda m: m[1] + ZWSP, text)
    return text


def url(value) -> str | None:
    """An http(s) address percent-encoded for a markdown link destination, or None when it is not one.

    Parentheses, spaces, angle brackets and quotes are encoded, so an address cannot end
    its link early and leave the rest of itself as live text."""
    if isinstance(value, str) and _PLAIN_URL.fullmatch(value):
        return value  # what the checks below would accept and quote() leave as it is
    raw = _BIDI.sub("", str(value if value is not None else "").strip())
    if _CONTROL.search(raw):  # a newline or other control inside an address: not an address
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(raw, safe=":/?#@!$&*+,;=%-._~")


def link(label, address) -> str:
    """A markdown link with inert words, or just the words when the address is not a web address."""
    target = url(address)
    return f"[{for_github(label)}]({target})" if target else for_github(label)


def code(value) -> str:
    """Inert words shown as code (a file name, an item id): a code span that the value cannot close."""
    text = _CONTROL.sub("", _BIDI.sub("", one_line(value)))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# -- chat (Discord, Slack) -----------------------------------------------------------------------
WORD_JOINER = "\u2060"  # chat apps show a zero-width space as a gap; a word joiner shows nothing


def for_chat(value) -> str:
    """``value`` as inert words for a chat webhook (Discord and Slack read different markup, and
    show backslashes): one line, no ``<!channel>``/``<@U…>``/HTML (angle brackets become look-alikes),
    no ``@everyone``/``#channel`` (a word joiner after ``@``/``#``), and no formatting characters."""
    text = _CONTROL.sub("", _BIDI.sub("", one_line(value)))
    text = text.replace("<", "\u2039").replace(">", "\u203a").replace("&", "\uff06")
    text = re.sub(r"([@#])(?=\w)", lambda m: m[1] + WORD_JOINER, text)
    return re.sub(r"[\\`*_\[\]|~]", "", text)


# -- workflow logs --------------------------------------------------------------------------------
_LOG_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def for_log(value) -> str:
    """``value`` safe to print into a GitHub Actions log: on one line, control and bidi characters
    shown as escapes, and never a workflow command (``::error``, ``::stop-commands::``, ``::add-mask::``)."""
    text = _LOG_UNSAFE.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m[0], f"\\u{ord(m[0]):04x}"),
                           str(value if value is not None else ""))
    return text.replace("::", ":\\:")  # the runner reads commands at a line's start; this keeps any from forming
