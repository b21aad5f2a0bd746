"""The history of everything ever collected, kept in state so dedup never rereads items.

One JSON line per item under ``.commons/collect/seen/<cycle>.jsonl`` (sharded by
cycle, so a run rewrites only the shards it touched and git diffs stay small).
Lookups are dictionary hits for URL, arXiv id and DOI, against all history.
Titles (exact, then near-identical with RapidFuzz, length-pruned) are compared
only with the items of the last ``TITLE_WINDOW_CYCLES`` cycles: the same story
from two sources arrives within days, while every older title is one more
chance for a different story to look alike. Against all history the title
rule's false positives grew with the history (a year of it: see bench/dedup);
against a window they stay flat, and a story reposted months later under its
old address is still caught by its URL.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import cycles, frontmatter, layout
from .text import normalized_title
from .urls import arxiv_id, canonical_url, doi as find_doi, url_key
from ..i18n import say

SIMILARITY = 92  # percent, RapidFuzz ratio (normalized Indel similarity) of normalized titles
MIN_FUZZY_TITLE = 12  # shorter titles must match exactly: a few characters decide everything
TITLE_WINDOW_CYCLES = 4  # the cycle being collected and the three before it (about four weeks)
_NUMBERS = re.compile(r"\d+")


def title_window(cycle: str, cycles_back: int = TITLE_WINDOW_CYCLES) -> str:
    """The oldest cycle whose titles an entry collected into ``cycle`` is compared with."""
    oldest = cycle
    for _ in range(max(cycles_back - 1, 0)):
        oldest = cycles.previous_cycle(oldest)
    return oldest


def state_dir(repo: Path) -> Path:
    return Path(repo) / layout.STATE / "collect"


def seen_dir(repo: Path) -> Path:
    return state_dir(repo) / "seen"


def _shard_text(shard: Path) -> str:
    """A shard's text; one line naming it and what to do when it cannot be read (exit 2)."""
    from ..content.files import StateError

    fix = say("collect.restore_shard", path=shard.relative_to(shard.parents[3]).as_posix())
    if not shard.is_file():
        raise StateError(f"{shard}: " + say("collect.not_a_file", fix=fix))
    try:
        return shard.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise StateError(f"{shard}: " + say("collect.not_utf8", byte=exc.start, fix=fix)) from None
    except OSError as exc:
        raise StateError(f"{shard}: " + say("collect.unreadable_fix", error=exc.strerror or exc, fix=fix)) from None


@dataclass
class Match:
    item_id: str
    rule: str  # url | arxiv | doi | title


def keys_of(entry: dict) -> dict:
    """The identities of an entry or item that dedup compares."""
    return {
        "url": url_key(entry["url"]) if entry.get("url") else "",
        "arxiv": entry.get("arxiv") or "",
        "doi": (entry.get("doi") or "").lower(),
        "title": normalized_title(entry.get("title") or ""),
    }


@dataclass
class CycleTitles:
    exact: dict[str, str] = field(default_factory=dict)  # normalized title → the first item with it
    by_length: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)  # length → (titles, ids)


class SeenIndex:
    """Every item ever collected, by address, arXiv id, DOI and (recent cycles) title, in memory.

    :meth:`load` reads every shard: at a year of full volume (~87,000 records) about a second
    and 150 MB at the peak. An sqlite copy kept between runs saved ~0.3 s of that in a fresh
    checkout, less than restoring and saving its 30 MB each day costs (bench/collect/history.py).
    """

    def __init__(self):
        self.records: dict[str, dict] = {}
        self.by_url: dict[str, str] = {}
        self.by_arxiv: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        # per cycle: normalized title → item, and the same titles by length (a title can only be
        # SIMILARITY% alike to titles whose length is within a bounded range of its own)
        self.titles: dict[str, CycleTitles] = {}
        self.dirty: set[str] = set()  # cycles whose shard must be rewritten

    # -- loading -----------------------------------------------------------
    @classmethod
    def load(cls, repo: Path) -> tuple["SeenIndex", list[str]]:
        """The index, reconciled with the item files on disk. Returns (index, problems)."""
        index, problems = cls(), []
        folder = seen_dir(repo)
        for shard in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
            for _, record in _records_in(shard, _shard_text(shard), problems):
                if record is None:  # rewritten without the lines that are not records
                    index.dirty.add(shard.stem)
                else:
                    index._insert(record)
        index._reconcile(Path(repo), problems)
        return index, problems

    def _reconcile(self, repo: Path, problems: list[str]) -> None:
        """Items on disk the index does not know (a run killed before saving state, a
        hand-added item, a repository collected before the index existed) are read once.

        Only cycles whose shard is missing and the two newest cycles are looked at: a
        killed run or a hand-added item is recent, so the cost stays that of a week."""
        from ..content import items as content_items

        names = layout.cycles(repo)
        shards = {p.stem for p in seen_dir(repo).glob("*.jsonl")} if seen_dir(repo).is_dir() else set()
        for cycle in [c for c in names[:-2] if c not in shards] + names[-2:]:
            folder = layout.items_dir(repo, cycle)
            if folder.is_dir():
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if not entry.name.endswith(".md") or entry.name.startswith("."):
                            continue
                        item_id = entry.name[:-3]
                        if item_id in self.records:
                            continue
                        try:
                            meta = frontmatter.read(Path(entry.path)).meta
                        except (frontmatter.ContentError, OSError) as exc:
                            problems.append(f"{entry.path}: cannot be read for dedup ({exc})")
                            continue
                        self.add(record_from_item(item_id, cycle, meta))
            for pool_file in content_items.pool_files(repo, cycle):
                records, unreadable = content_items.read_pool(repo, pool_file)
                problems.extend(f"{p}: cannot be read for dedup" for p in unreadable)
                for record in records:
                    if record.item_id not in self.records:
                        self.add(record_from_item(record.item_id, cycle, record.meta))

    # -- lookups -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self.records)

    def record(self, item_id: str) -> dict:
        return self.records[item_id]

    def find(self, entry: dict, since: str | None = None) -> Match | None:
        """An item this entry duplicates: same URL, arXiv id or DOI ever, or the same title in
        cycles from ``since`` on (see :func:`title_window`; None compares titles with all history)."""
        keys = keys_of(entry)
        for rule, table in (("url", self.by_url), ("arxiv", self.by_arxiv), ("doi", self.by_doi)):
            if keys[rule] and keys[rule] in table:
                return Match(table[keys[rule]], rule)
        return self.find_title(keys["title"], since)

    def find_title(self, title: str, since: str | None = None) -> Match | None:
        """The item whose title is this one or nearly so, among cycles from ``since`` on (None: all history)."""
        if not title:
            return None
        window = [c for c in sorted(self.titles, reverse=True) if since is None or c >= since]
        for cycle in window:  # newest first: a story matches its latest telling
            if title in self.titles[cycle].exact:
                return Match(self.titles[cycle].exact[title], "title")
        if len(title) < MIN_FUZZY_TITLE:
            return None
        from rapidfuzz import fuzz, process

        numbers = _NUMBERS.findall(title)
        ratio = SIMILARITY / 100
        shortest, longest = math.ceil(len(title) * ratio / (2 - ratio)), math.floor(len(title) * (2 - ratio) / ratio)
        found = []
        for cycle in window:
            by_length = self.titles[cycle].by_length
            for length in range(shortest, longest + 1):
                bucket = by_length.get(length)
                if bucket:
                    found += [
                        (score, bucket[1][position], bucket[0][position])
                        for _, score, position in process.extract(
                            title, bucket[0], scorer=fuzz.ratio, score_cutoff=SIMILARITY, limit=20
                        )
                    ]
        for _, other_id, other_title in sorted(found, key=lambda f: (-f[0], f[1])):
            # "v0.3.1" and "v0.3.2" are different releases however alike the rest is
            if _NUMBERS.findall(other_title) == numbers:
                return Match(other_id, "title")
        return None

    # -- changes -----------------------------------------------------------
    def _insert(self, record: dict) -> None:
        item_id = record["id"]
        self.records[item_id] = record
        for rule, table in (("url", self.by_url), ("arxiv", self.by_arxiv), ("doi", self.by_doi)):
            for value in [record.get(rule)] + list(record.get("also_" + rule, [])):
                if value:
                    table.setdefault(value, item_id)
        title = record.get("title")
        if title:
            shelf = self.titles.setdefault(record["cycle"], CycleTitles())
            if title not in shelf.exact:
                shelf.exact[title] = item_id
                titles, ids = shelf.by_length.setdefault(len(title), ([], []))
                titles.append(title)
                ids.append(item_id)

    def add(self, record: dict) -> None:
        self._insert(record)
        self.dirty.add(record["cycle"])

    def note_also_seen(self, item_id: str, source: str, entry: dict) -> None:
        """Remember a duplicate's source and its addresses, so they match next time too."""
        record = self.records[item_id]
        if source != record.get("source") and source not in record.setdefault("sources", []):
            record["sources"].append(source)
        keys = keys_of(entry)
        for rule, table in (("url", self.by_url), ("arxiv", self.by_arxiv), ("doi", self.by_doi)):
            value = keys[rule]
            if value and value not in table:
                record.setdefault("also_" + rule, []).append(value)
                table[value] = item_id
        self.dirty.add(record["cycle"])

    def shards(self) -> dict[str, str]:
        """cycle → shard text, for the shards that changed."""
        by_cycle: dict[str, list[dict]] = {c: [] for c in self.dirty}
        for record in self.records.values():
            if record["cycle"] in by_cycle:
                by_cycle[record["cycle"]].append(record)
        return {
            cycle: "".join(
                json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
                for r in sorted(records, key=lambda r: r["id"])
            )
            for cycle, records in sorted(by_cycle.items())
        }


def _records_in(shard: Path, text: str, problems: list[str]):
    """(line number, record) for each line of a shard; record None (and a problem) for a line that is not one."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record["id"], str) or not isinstance(record["cycle"], str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            problems.append(f"{shard}:{number}: not an index record; it will be rebuilt from the item file")
            yield number, None
            continue
        yield number, record


def record_from_entry(item_id: str, cycle: str, entry: dict) -> dict:
    keys = keys_of(entry)
    record = {"id": item_id, "cycle": cycle, "source": entry["source"]}
    record.update({k: v for k, v in keys.items() if v})
    return record


def record_from_item(item_id: str, cycle: str, meta: dict) -> dict:
    url = canonical_url(str(meta.get("url") or ""))
    entry = {
        "source": str(meta.get("source") or ""),
        "url": url,
        "title": str(meta.get("title") or ""),
        "arxiv": str(meta.get("arxiv") or "") or arxiv_id(url),
        "doi": str(meta.get("doi") or "") or find_doi(url if "doi" in url else ""),
    }
    record = record_from_entry(item_id, cycle, entry)
    others = [s.get("source") for s in meta.get("also_seen") or [] if isinstance(s, dict) and s.get("source")]
    if others:
        record["sources"] = others
    return record
