"""Per-source state kept in the repository: HTTP validators and health.

``.commons/collect/sources.json`` maps a source id to its validators (ETag,
Last-Modified, hash of the last body) and health (last success, consecutive
failures, last new item). Dates, not times: two runs on the same day leave
the file byte-identical, so a run that found nothing new changes nothing.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from ..content.files import StateError
from .index import state_dir
from ..i18n import say
from . import failure

FAILING_RUNS = 3
SILENT_DAYS = 14


def sources_file(repo: Path) -> Path:
    return state_dir(repo) / "sources.json"


def load(repo: Path) -> tuple[dict, list[str]]:
    path = sources_file(repo)
    if not path.exists():
        return {}, []
    if not path.is_file():
        raise StateError(f"{path}: " + say("collect.not_a_file", fix=say("collect.rebuilt")))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return {}, [f"{path}: " + say("collect.state_not_utf8")]
    except OSError as exc:
        raise StateError(f"{path}: " + say("collect.unreadable_fix", error=exc.strerror or exc, fix=say("collect.make_readable"))) from None
    try:
        data = json.loads(text)
        sources = data["sources"]
        if not isinstance(sources, dict):
            raise TypeError
        return {k: v for k, v in sources.items() if isinstance(v, dict)}, []
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return {}, [f"{path}: not readable as collection state; starting it afresh (every source is fetched in full)"]


def dump(sources: dict) -> str:
    return json.dumps({"version": 1, "sources": sources}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def updated(previous: dict, source, outcome, new_items: int, today: date) -> dict:
    """The state of one source after this run's outcome; ``new_items``: stories it carried
    that it had not carried before (new items, or duplicates of other sources' items)."""
    entry = dict(previous) if previous.get("url") == source.url else {
        k: v for k, v in previous.items() if k not in ("etag", "last_modified", "body_sha256")
    }
    entry["url"] = source.url
    entry.setdefault("first_seen", today.isoformat())
    if outcome.ok:
        entry["last_success"] = today.isoformat()
        entry["consecutive_failures"] = 0
        entry.pop("last_error", None)
        entry.pop("failed_body_sha256", None)
        for key in ("etag", "last_modified", "body_sha256"):
            value = getattr(outcome, key)
            if value:
                entry[key] = value
            else:
                entry.pop(key, None)
        if new_items:
            entry["last_new_item"] = today.isoformat()
    else:
        entry["consecutive_failures"] = int(entry.get("consecutive_failures", 0)) + 1
        entry["last_error"] = outcome.error
        if outcome.body_sha256:  # a body that would not parse: the same bytes are not parsed again
            entry["failed_body_sha256"] = outcome.body_sha256
        else:
            entry.pop("failed_body_sha256", None)
    return entry


def attention(source_id: str, entry: dict, today: date, quiet_days: int = SILENT_DAYS) -> str:
    """Why this source needs a person, or "" (``quiet_days``: the source's own patience, see commons.yml)."""
    failures = int(entry.get("consecutive_failures", 0))
    if failures >= FAILING_RUNS:
        return say("collect.failing_runs", n=failures, error=failure.said(entry.get("last_error", "")))
    reference = entry.get("last_new_item") or entry.get("first_seen")
    if reference:
        try:
            days = (today - date.fromisoformat(reference)).days
        except ValueError:
            return ""
        if days >= quiet_days:
            if not entry.get("last_new_item"):
                return say("collect.quiet_ever", n=days)
            return say("collect.quiet_since", n=days, since=reference)
    return ""


def local_today(now: datetime, week) -> date:
    """Today in the community's timezone (``week``: config.week)."""
    return now.astimezone(week.zone).date()
