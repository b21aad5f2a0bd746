"""Untrusted text (feed titles, AI output, members' words) made safe to place in generated markdown.

The rules live in :mod:`commons.untrusted` (one function for every GitHub writer); these names
are the newsletter's and the references' way to reach them.
"""

from __future__ import annotations

import re

from .. import untrusted

one_line = untrusted.one_line
url = untrusted.url
link = untrusted.link
code = untrusted.code


def text(value) -> str:
    """Plain words for a markdown paragraph, list item or table cell."""
    return untrusted.for_github(value)


def handle(login: str) -> str:
    """A GitHub handle as ``@handle`` (mentions in committed files notify nobody)."""
    return "@" + re.sub(r"[^A-Za-z0-9-]", "", login or "")
