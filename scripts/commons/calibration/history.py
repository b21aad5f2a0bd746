"""The members' judgements as the repository holds them: merged reviews on the branch.

Only a window of recent cycles is read, so the cost stays that of a few weeks however
long the community has run, and old taste fades out. What each cycle gives is kept in a
cache in the git directory (``history_cache``): a cycle git vouches for is not parsed again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..content import items as content, layout
from ..triage.prompt import item_text
from . import history_cache
from .judgements import Judgement, build

WINDOW = 12  # cycles
REVIEW_FIELDS = ("item", "impact", "verdict", "why", "reviewer")  # what ``build`` takes from a review


@dataclass
class History:
    judgements: list[Judgement] = field(default_factory=list)
    scores: dict[str, list[int]] = field(default_factory=dict)   # cycle → triage scores of its items


@dataclass
class CycleRead:
    """What one cycle gives the history, as plain data (the cache holds it as JSON)."""

    cycle: str
    scores: list[int]       # triage scores of all its items (files, then pool), in reading order
    files: list[list]       # item files: [id, score or None, source, category, title, text], reading order
    pool: list[str]         # ids of its pool records (items no person was given)
    reviews: list[list]     # reviews with a whole impact: [item, impact, verdict, why, reviewer]
    named: dict[str, list] = field(default_factory=dict)  # pool records a review names, as ``files`` rows
    pool_metas: dict[str, dict] | None = None  # every pool record, when read now (never cached)
    key: str | None = None   # the cache's key when git vouches for the cycle
    changed: bool = True     # differs from what the cache holds

    def as_data(self) -> dict:
        return {"scores": self.scores, "files": self.files, "pool": self.pool, "reviews": self.reviews,
                "named": self.named}

    @classmethod
    def from_data(cls, cycle: str, data: dict) -> "CycleRead":
        return cls(cycle, data["scores"], data["files"], data["pool"], data["reviews"], dict(data["named"]),
                   key=data["key"], changed=False)


def _whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _record(item_id: str, meta: dict, body: str) -> list:
    """An item as ``build`` sees it (its strings as ``build`` would make them)."""
    return [item_id, _whole(meta.get("score")), str(meta.get("source") or ""), str(meta.get("category") or ""),
            str(meta.get("title") or ""), item_text(meta, body)]


def read_cycle(repo: Path, cycle: str) -> CycleRead:
    """Parse one cycle's items and reviews (what the cache spares)."""
    part = CycleRead(cycle, [], [], [], [], pool_metas={})
    found, _ = content.read_items(repo, cycle)
    for f in found:
        meta = f.meta
        if not isinstance(meta.get("id"), str):
            continue
        score = _whole(meta.get("score"))
        if score is not None:
            part.scores.append(score)
        if f.pooled:
            part.pool.append(meta["id"])
            part.pool_metas[meta["id"]] = meta  # its text only when a review names it (~never)
        else:
            part.files.append(_record(meta["id"], meta, f.doc.body))
    found, _ = content.read_reviews(repo, cycle)
    for f in found:
        review = f.meta
        impact = review.get("impact")
        if _whole(impact) is None or not 1 <= impact <= 5:
            continue  # ``build`` counts only whole reviews
        part.reviews.append([str(review.get("item", "")), impact, str(review.get("verdict") or ""),
                             str(review.get("why") or ""), str(review.get("reviewer") or "")])
    return part


def _files_read(repo: Path, cycle: str) -> list[str]:
    """Repository-relative paths of every file in the folders ``read_cycle`` reads in ``cycle``
    (items/, collected/, reviews/<member>/): all it reads, and maybe more, which git must vouch
    for as well (an untracked file there reads the cycle as before). ``os.scandir``: a third of
    the time of globbing."""
    here = Path()  # relative paths, as git names them
    reviews = layout.reviews_dir(here, cycle).as_posix()
    folders = [layout.items_dir(here, cycle).as_posix(), layout.pool_dir(here, cycle).as_posix()]
    folders += [f"{reviews}/{entry.name}" for entry in _entries(repo, reviews) if entry.is_dir()]
    return [f"{folder}/{entry.name}" for folder in folders for entry in _entries(repo, folder) if entry.is_file()]


def _entries(repo: Path, folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(repo / folder) as found:
            return list(found)
    except OSError:  # absent (or not a folder): nothing read there
        return []


def read(repo: Path, window: int = WINDOW) -> History:
    """The judgements and triage scores of the last ``window`` cycles."""
    repo = Path(repo)
    cycles = layout.cycles(repo)[-window:]
    cache, parts = _cycles(repo, cycles)
    history = History()
    items: dict[str, tuple[CycleRead, list | None]] = {}  # id → where it was seen last (a later cycle wins)
    for part in parts:
        for record in part.files:
            items[record[0]] = (part, record)
        for item_id in part.pool:
            items[item_id] = (part, None)
        if part.scores:
            history.scores[part.cycle] = list(part.scores)
    reviews = [dict(zip(REVIEW_FIELDS, r)) for part in parts for r in part.reviews]
    # Only reviewed items need their text (a judgement's); ~96 % of a window's items are in no review.
    known: dict[str, dict] = {}
    for item_id in {r["item"] for r in reviews} & items.keys():
        part, record = items[item_id]
        if record is None:  # a pool record a review names (reviewed items have files: rare)
            record = part.named.get(item_id)
        if record is None:
            if part.pool_metas is None:  # from the cache: read the cycle once more, and keep the record
                part.pool_metas = read_cycle(repo, part.cycle).pool_metas
            meta = part.pool_metas.get(item_id)
            if meta is None:
                continue  # changed while we read: this run does not know it (the next reads it whole)
            record = part.named[item_id] = _record(item_id, meta, "")
            part.changed = True
        known[item_id] = {"meta": dict(zip(("id", "score", "source", "category", "title"), record[:5])),
                          "cycle": part.cycle, "text": record[5]}
    history.judgements = build(known, reviews)
    for part in parts:
        if part.changed:
            cache.put(part.cycle, part.key, part.as_data())
    cache.save(cycles)
    return history


def _cycles(repo: Path, cycles: list[str]) -> tuple[history_cache.CycleCache, list[CycleRead]]:
    """Each cycle from the cache when git vouches for it, else read."""
    from ..git import clean_blob_ids

    blob_ids = clean_blob_ids(repo, *(f"{layout.NEWS}/{c}" for c in cycles)) if cycles else {}
    cache = history_cache.CycleCache(history_cache.location(repo) if blob_ids else None)
    parts = []
    for cycle in cycles:
        key = history_cache.cycle_key(cycle, _files_read(repo, cycle), blob_ids) if blob_ids else None
        entry = cache.get(cycle, key)
        part = CycleRead.from_data(cycle, entry) if entry is not None else read_cycle(repo, cycle)
        part.key = key
        parts.append(part)
    return cache, parts


def load(repo: Path, window: int = WINDOW) -> list[Judgement]:
    """Judgements of the last ``window`` cycles."""
    return read(repo, window).judgements
