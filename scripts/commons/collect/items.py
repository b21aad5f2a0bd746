"""What an item file holds: its id and front matter, as pure functions of an entry.

Pure and cheap to import, so worker processes can render item files while the
main process is busy fetching and deduplicating.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

import yaml

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


# Characters both emitters treat alike; anything else (emoji and other characters beyond
# the BMP, NEL, line and paragraph separators, BOM, controls) takes the Python emitter.
_PLAIN = re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


def _fast_dumper():
    """yamlsafe's dumper on libyaml's C emitter: the same text (tests/collect/test_items.py
    checks it) at a tenth of the cost, which matters for thousands of items a run."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None

    class Dumper(yaml.CSafeDumper):
        pass

    def represent_str(dumper, value: str):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, represent_str)
    Dumper.yaml_implicit_resolvers = yaml.SafeDumper.yaml_implicit_resolvers
    return Dumper


_FAST = _fast_dumper()


def dump_meta(meta: dict) -> str:
    text_values = [v for v in meta.values() if isinstance(v, str)] + [
        v for values in meta.values() if isinstance(values, list) for v in values if isinstance(v, str)
    ]
    if _FAST is None or not all(_PLAIN.fullmatch(v) for v in text_values) or any(
        isinstance(v, (dict, list)) and not all(isinstance(x, str) for x in v) for v in meta.values()
    ):
        return yamlsafe.dump(meta)
    return yaml.dump(meta, Dumper=_FAST, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def render(meta: dict) -> str:
    """The item file: front matter only (the body is for people to add to)."""
    return f"---\n{dump_meta(meta)}---\n"


def stamped(entry: dict, cycle: str, collected: str) -> dict:
    """The entry with its id and its file's text, for a run that collects into ``cycle``."""
    new_id = item_id(entry)
    return {**entry, "id": new_id, "text": render(item_meta(entry, new_id, cycle, collected))}
