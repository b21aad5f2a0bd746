"""What an item file holds: its id and front matter, as pure functions of an entry.

Pure and cheap to import, so worker processes can render item files while the
main process is busy fetching and deduplicating.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone


from ..content import layout, yamlsafe
from .index import keys_of

ID_SLUG_CHARS = 60


def item_id(entry: dict) -> str:
    """ASCII slug of the title plus a stable hash of the item's identity (Hangul-only
    titles have no ASCII slug; the source id stands in for it)."""
    keys = keys_of(entry)
    identity = f"arxiv:{keys['arxiv']}" if keys["arxiv"] else (f"doi:{keys['doi']}" if keys["doi"] else keys["url"])
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
    slug = layout.slugify(entry.get("title", ""), ID_SLUG_CHARS) or entry["source"]
    return f"{slug}-{digest}"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def item_meta(entry: dict, new_id: str, cycle: str, collected: str) -> dict:
    meta = {
        "id": new_id,
        "title": entry["title"],
        "url": entry["url"],
        "source": entry["source"],
        "published": entry.get("published"),
        "collected": collected,
        "cycle": cycle,
        "status": "new",
    }
    for key in ("authors", "tags", "excerpt", "arxiv", "doi", "discussion"):
        if entry.get(key):
            meta[key] = entry[key]
    return meta


def render(meta: dict) -> str:
    """The item file: front matter only (the body is for people to add to)."""
    return f"---\n{yamlsafe.dump(meta)}---\n"


def stamped(entry: dict, cycle: str, collected: str) -> dict:
    """The entry with its id, computed where it was parsed (a worker process), for a run that collects into ``cycle``."""
    return {**entry, "id": item_id(entry)}
