"""Where members' works live and how they are named (DESIGN.md, "Members' works").

- ``notes/<member>/<slug>.md``            study notes, linked to the chapters they feed
- ``posts/<member>/YYYY-MM-DD-<slug>.md`` posts, Jekyll's own file naming and front matter
- ``logs/<team>/<cycle>.md``              a team's (or one builder's) log of a cycle
- ``logs/<team>/<cycle>-<slug>.md``       anything else of that cycle, e.g. meeting minutes
- ``portfolio/<member>.md`` (+ ``.svg``)  a member's page, generated inside markers

The folder of a note or post is its owner: the member credited for it, whatever a
file says. A log's folder is its team; its ``authors`` are credited.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from ..content.cycles import as_week, distributing_cycle, parse_cycle

NOTES, POSTS, LOGS, PORTFOLIO = "notes", "posts", "logs", "portfolio"
KIND_OF_FOLDER = {NOTES: "note", POSTS: "post", LOGS: "log"}
FOLDER_OF_KIND = {kind: folder for folder, kind in KIND_OF_FOLDER.items()}
KINDS = tuple(KIND_OF_FOLDER.values())

FOLDER_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$")
NOTE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.md$")
POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
LOG_NAME = re.compile(r"^(\d{4}-W\d{2})(?:-([a-z0-9][a-z0-9-]*))?\.md$")
DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")

NAME_RULES = {
    "note": (NOTE_NAME, "works.note_name"),  # the catalog's description of the expected name
    "post": (POST_NAME, "works.post_name"),
    "log": (LOG_NAME, "works.log_name"),
}


def cycle_of_day(day: date, week=None) -> str:
    """The cycle running on ``day``: the one handed out on the distribution day (commons.yml's
    ``schedule.distribute``; Sunday by default) at or before it."""
    week = as_week(week)
    return distributing_cycle(datetime.combine(day, time.max, week.zone), week)  # that day's included


def day_of(value) -> date | None:
    """The calendar day a front-matter date starts with (Jekyll's ``2024-04-19 20:52:24 +0530`` too)."""
    match = DAY.match(str(value or "").strip())
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def portfolio_page(handle: str) -> str:
    return f"{PORTFOLIO}/{handle.lower()}.md"


def portfolio_picture(handle: str) -> str:
    return f"{PORTFOLIO}/{handle.lower()}.svg"


def is_cycle(name: str) -> bool:
    """A real cycle name (2026-W48; not 2026-W60)."""
    try:
        parse_cycle(name)
    except ValueError:
        return False
    return True
