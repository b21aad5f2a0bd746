"""Which items to triage, what the cache already answers, and the front-matter updates.

Plain data in, plain data out: nothing here reads files or talks to a server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import prompt
from .answers import Verdict

UNTRIAGED = "new"
TRIAGED_STATUSES = ("triaged", "dropped")
MAX_TAGS = 10  # may be re-triaged; later statuses belong to people


@dataclass(frozen=True)
class Record:
    """Who triaged an item and from what: the cache key, stored as ``triage``."""

    provider: str
    model: str
    prompt_version: str
    input_hash: str = ""

    def as_meta(self, **extra) -> dict:
        out = {"provider": self.provider, "model": self.model, "prompt_version": self.prompt_version,
               "input_hash": self.input_hash}
        # Notes and errors quote the model and the server: one line of plain text.
        out.update({k: prompt.plain_text(v) for k, v in extra.items() if v})
        return out

    def matches(self, stored) -> bool:
        return isinstance(stored, dict) and not stored.get("error") and all(
            stored.get(k) == getattr(self, k) for k in ("provider", "model", "prompt_version", "input_hash")
        )


@dataclass
class Item:
    path: Path
    item_id: str
    meta: dict
    payload: dict
    input_hash: str
    stored: object = None  # the content.items entry it was read from (a file or a pool record)


@dataclass
class Selection:
    todo: list[Item] = field(default_factory=list)      # needs the triager
    cached: list[Item] = field(default_factory=list)    # status new, but the stored triage still holds
    unchanged: int = 0                                  # already triaged, nothing to do


def make_item(path: Path, meta: dict, body: str) -> Item:
    item_id = str(meta.get("id") or Path(path).stem)
    payload = prompt.item_payload(item_id, meta, body)
    return Item(Path(path), item_id, meta, payload, prompt.input_hash(payload))


def _complete(meta: dict) -> bool:
    return all(meta.get(k) not in (None, "") for k in ("score", "category", "summary", "why"))


def select(items: list[Item], record: Record, retriage: bool = False) -> Selection:
    """Status ``new`` items need triage unless their stored triage matches this
    provider, model, prompt and input; with ``retriage``, triaged or dropped items
    whose record no longer matches are done again (assigned ones never are).
    """
    selection = Selection()
    for item in items:
        status = item.meta.get("status", UNTRIAGED)
        current = Record(record.provider, record.model, record.prompt_version, item.input_hash)
        fresh = current.matches(item.meta.get("triage")) and _complete(item.meta)
        if status == UNTRIAGED:
            (selection.cached if fresh else selection.todo).append(item)
        elif retriage and status in TRIAGED_STATUSES and not fresh:
            selection.todo.append(item)
        else:
            selection.unchanged += 1
    return selection


def status_for(score: int, threshold: int) -> str:
    return "triaged" if score >= threshold else "dropped"


def triaged_meta(meta: dict, verdict: Verdict, record: Record, threshold: int, note: str = "") -> dict:
    """The item's front matter after triage; existing keys keep their place."""
    out = dict(meta)
    out["status"] = status_for(verdict.score, threshold)
    out["score"] = verdict.score
    out["category"] = verdict.category
    out["summary"] = verdict.summary
    out["why"] = verdict.why
    if verdict.tags:
        existing = [t for t in meta.get("tags", []) if isinstance(t, str)] if isinstance(meta.get("tags"), list) else []
        merged = existing + [t for t in verdict.tags if t.lower() not in {e.lower() for e in existing}]
        out["tags"] = merged[:MAX_TAGS]
    out["triage"] = record.as_meta(note=note, clamped="; ".join(verdict.notes), calibration=verdict.calibration)
    return out


def filtered_meta(meta: dict, keywords: Verdict, rule: str, record: Record, language: str) -> dict:
    """A dropped item, with the commons.yml rule that dropped it (score 1: no one judged it)."""
    from ..i18n import catalog

    why = catalog(language)("triage.filtered", rule=rule)
    out = triaged_meta(meta, Verdict(keywords.item_id, 1, keywords.category, keywords.summary, why), record, 5)
    out["status"] = "dropped"
    out["triage"] = record.as_meta(filter=rule)
    return out


def cached_meta(meta: dict, threshold: int) -> dict:
    out = dict(meta)
    out["status"] = status_for(int(meta["score"]), threshold)
    return out


def failed_meta(meta: dict, record: Record, error: str) -> dict:
    """An item that stays untriaged, with the reason recorded for people and the next run."""
    out = dict(meta)
    if out.get("status", UNTRIAGED) != UNTRIAGED:
        return out  # a re-triage that failed keeps the triage it had
    out["status"] = UNTRIAGED
    out["triage"] = record.as_meta(error=error[:500])
    return out


@dataclass
class Budget:
    max_items: int
    max_tokens: int
    items_used: int = 0
    tokens_used: int = 0

    def take(self, items: list[Item], estimate) -> list[Item]:
        """The longest prefix of ``items`` that fits in what is left (``estimate(payloads)`` → tokens)."""
        room = self.max_items - self.items_used
        chosen = items[: max(room, 0)]
        while chosen and self.tokens_used + estimate([i.payload for i in chosen]) > self.max_tokens:
            chosen = chosen[:-1]
        return chosen

    def spend(self, n_items: int, n_tokens: int) -> None:
        self.items_used += n_items
        self.tokens_used += n_tokens


def batches(todo: list[Item], size: int):
    for start in range(0, len(todo), size):
        yield todo[start : start + size]
