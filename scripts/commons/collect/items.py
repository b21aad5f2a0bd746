"""What an item holds: its id and front matter, as pure functions of an entry."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from ..content import layout
from ..content.romanize import romanize
from .index import keys_of

ID_SLUG_CHARS = 60


def item_id(entry: dict) -> str:
    """ASCII slug of the title plus a stable hash of the item's identity. Hangul is
    romanized as the handbook importer does (프롬프트 캐싱 → peurompeuteu-kaesing); a title
    with nothing to spell in ASCII either way takes the source id instead."""
    keys = keys_of(entry)
    identity = f"arxiv:{keys['arxiv']}" if keys["arxiv"] else (f"doi:{keys['doi']}" if keys["doi"] else keys["url"])
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
    slug = layout.slugify(romanize(entry.get("title", "")), ID_SLUG_CHARS) or entry["source"]
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
