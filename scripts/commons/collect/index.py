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
    """Every item ever collected, by address, arXiv id, DOI and (recent cycles) title.

    Made with :meth:`load`, the history on disk is answered by a :class:`SeenStore` (sqlite in the
    git directory, kept in step with the shards by their blob ids), and only the cycles the run
    needs whole are held in memory: the title window, and the cycles it adds to or notes on. So
    memory stays that of a month however long the history grows, and an address, arXiv id or
    DOI seen before still matches however old. Made with ``SeenIndex()``, it is all in memory.
    """

    def __init__(self, store: "SeenStore | None" = None, repo: Path | None = None):
        self.store = store
        self.repo = Path(repo) if repo is not None else None
        self.records: dict[str, dict] = {}  # the records held in memory (all of them without a store)
        self.by_url: dict[str, str] = {}
        self.by_arxiv: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        # per cycle: normalized title → item, and the same titles by length (a title can only be
        # SIMILARITY% alike to titles whose length is within a bounded range of its own)
        self.titles: dict[str, CycleTitles] = {}
        self.dirty: set[str] = set()  # cycles whose shard must be rewritten
        self.loaded: set[str] = set()  # cycles whose every record is in memory
        self.added = 0  # records this run added (not yet in any shard)
        self.matched: dict[str, dict] = {}  # item → the part of its record a key row gave (its cycle not in memory)

    # -- loading -----------------------------------------------------------
    @classmethod
    def load(cls, repo: Path) -> tuple["SeenIndex", list[str]]:
        """The index, reconciled with the item files on disk. Returns (index, problems)."""
        repo = Path(repo)
        index, problems = cls(SeenStore.open(repo), repo), []
        broken = index.store.sync(problems)
        for cycle in broken:  # rewritten without the lines that are not records
            index._load_cycle(cycle)
            index.dirty.add(cycle)
        index._reconcile(repo, problems)
        return index, problems

    def _load_cycle(self, cycle: str) -> None:
        """Hold every record of ``cycle`` in memory (to compare titles with, or to change its shard)."""
        if cycle in self.loaded:
            return
        self.loaded.add(cycle)
        if self.store is None:
            return
        for record in self.store.records_of(cycle):
            if record["id"] not in self.records:
                self._insert(record)

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
                        if self.knows(item_id):
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
                    if not self.knows(record.item_id):
                        self.add(record_from_item(record.item_id, cycle, record.meta))

    # -- lookups -----------------------------------------------------------
    def __len__(self) -> int:
        """Items known: on disk and added by this run."""
        if self.store is None:
            return len(self.records)
        return self.store.count() + self.added

    def knows(self, item_id: str) -> bool:
        return item_id in self.records or (self.store is not None and self.store.cycle_of(item_id) is not None)

    def record(self, item_id: str) -> dict:
        """The record of an item :meth:`find` named: whole when its cycle is in memory, else the
        part a key row carries (id, cycle, source, sources)."""
        if item_id in self.records:
            return self.records[item_id]
        if item_id in self.matched:
            return self.matched[item_id]
        cycle = self.store.cycle_of(item_id) if self.store is not None else None
        if cycle is None:
            raise KeyError(item_id)
        self._load_cycle(cycle)
        return self.records[item_id]

    def all_records(self):
        """Every record, oldest cycle first (reads all history: for benchmarks and tools, not for collect)."""
        if self.store is not None:
            for cycle in self.store.cycles():
                self._load_cycle(cycle)
        return sorted(self.records.values(), key=lambda r: (r["cycle"], r["id"]))

    def find(self, entry: dict, since: str | None = None) -> Match | None:
        """An item this entry duplicates: same URL, arXiv id or DOI ever, or the same title in
        cycles from ``since`` on (see :func:`title_window`; None compares titles with all history)."""
        keys = keys_of(entry)
        for rule, table in (("url", self.by_url), ("arxiv", self.by_arxiv), ("doi", self.by_doi)):
            if keys[rule]:
                # On disk first: the oldest record with this key, as when all history was in memory.
                row = self.store.lookup(rule, keys[rule]) if self.store is not None else None
                if row is not None:
                    self.matched[row["id"]] = row
                    return Match(row["id"], rule)
                if keys[rule] in table:
                    return Match(table[keys[rule]], rule)
        return self.find_title(keys["title"], since)

    def _window(self, since: str | None) -> list[str]:
        """The cycles whose titles are compared, newest first; loaded on first use."""
        if self.store is not None:
            for cycle in self.store.cycles():
                if since is None or cycle >= since:
                    self._load_cycle(cycle)
        return [c for c in sorted(self.titles, reverse=True) if since is None or c >= since]

    def find_title(self, title: str, since: str | None = None) -> Match | None:
        """The item whose title is this one or nearly so, among cycles from ``since`` on (None: all history)."""
        if not title:
            return None
        window = self._window(since)
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
        self._load_cycle(record["cycle"])  # its shard is rewritten whole
        if not self.knows(record["id"]):
            self.added += 1
        self._insert(record)
        self.dirty.add(record["cycle"])

    def note_also_seen(self, item_id: str, source: str, entry: dict) -> None:
        """Remember a duplicate's source and its addresses, so they match next time too."""
        self._load_cycle(self.record(item_id)["cycle"])  # the record changes, so its shard is rewritten
        self.matched.pop(item_id, None)
        record = self.records[item_id]
        if source != record.get("source") and source not in record.setdefault("sources", []):
            record["sources"].append(source)
        keys = keys_of(entry)
        for rule, table in (("url", self.by_url), ("arxiv", self.by_arxiv), ("doi", self.by_doi)):
            value = keys[rule]
            if value and value not in table and (self.store is None or self.store.lookup(rule, value) is None):
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


class SeenStore:
    """The shards' addresses, arXiv ids and DOIs in sqlite, so a lookup reads a few pages, not all history.

    A copy, never the truth: the shards (committed) are. Each shard's git blob id is kept; a
    shard whose bytes changed (a new day, a pull, a hand edit) is read again, a shard that is
    gone is forgotten, so the store always says what the shards on disk say. A key row carries
    what dedup asks of a match (the item, its cycle, the sources that carried it); a cycle's
    whole records are read from its shard when a run needs them. It lives in the git directory
    (``.git/commons/collect-seen.sqlite3``), where nobody commits it; outside a git repository,
    or where that cannot be written, in memory. Deleting it costs one rebuild.
    """

    VERSION = "3"

    def __init__(self, connection, folder: Path):
        self.db = connection
        self.folder = folder
        # A copy that is rebuilt when lost: no journal on disk, no waiting for the disk, a bounded page cache.
        self.db.executescript(
            "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; PRAGMA cache_size = -16000;"
            "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE IF NOT EXISTS shards(cycle TEXT PRIMARY KEY, blob TEXT, records INTEGER NOT NULL);"
            "CREATE TABLE IF NOT EXISTS ids(id TEXT PRIMARY KEY, cycle TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE INDEX IF NOT EXISTS ids_by_cycle ON ids(cycle);"
            "CREATE TABLE IF NOT EXISTS keys(key TEXT NOT NULL, cycle TEXT NOT NULL, line INTEGER NOT NULL, id TEXT NOT NULL,"
            " sources TEXT NOT NULL, PRIMARY KEY (key, cycle, line)) WITHOUT ROWID;"
        )

    @classmethod
    def open(cls, repo: Path) -> "SeenStore":
        import sqlite3

        from ..git import absolute_git_dir

        folder, git_dir = seen_dir(repo), absolute_git_dir(repo)
        if git_dir is not None:
            path = git_dir / "commons" / "collect-seen.sqlite3"
            for _ in range(2):  # a store of another version, or one that cannot be read, is built again
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    store = cls(sqlite3.connect(path, isolation_level=None), folder)
                    version = store.db.execute("SELECT value FROM meta WHERE name='version'").fetchone()
                    if version is None and not store.cycles():  # just made
                        store.db.execute("INSERT INTO meta VALUES ('version', ?)", (cls.VERSION,))
                        return store
                    if version is not None and version[0] == cls.VERSION:
                        return store
                    store.db.close()
                    path.unlink()
                except (sqlite3.Error, OSError):
                    try:
                        path.unlink(missing_ok=True)
                    except OSError:
                        break  # read-only: in memory for this run
        return cls(sqlite3.connect(":memory:", isolation_level=None), folder)

    def sync(self, problems: list[str]) -> list[str]:
        """Bring the store in step with the shards; returns the cycles whose shard has lines that
        are not records (they are read again every run until the shard is rewritten without them)."""
        from ..git import blob_id

        known = dict(self.db.execute("SELECT cycle, blob FROM shards"))
        on_disk = sorted(self.folder.glob("*.jsonl")) if self.folder.is_dir() else []
        broken = []
        for cycle in sorted(set(known) - {p.stem for p in on_disk}):
            self._forget(cycle)
        for shard in on_disk:
            text = _shard_text(shard)
            data = text.encode("utf-8")
            blob = blob_id(data)
            if known.get(shard.stem) == blob:
                continue
            self.db.execute("BEGIN")
            try:
                self._forget(shard.stem)
                records, good = self._index_shard(shard, text, problems)
                self.db.execute("INSERT INTO shards VALUES (?, ?, ?)", (shard.stem, blob if good else None, records))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            if not good:
                broken.append(shard.stem)
        return broken

    def _forget(self, cycle: str) -> None:
        for table in ("shards", "ids", "keys"):
            self.db.execute(f"DELETE FROM {table} WHERE cycle = ?", (cycle,))

    def _index_shard(self, shard: Path, text: str, problems: list[str]) -> tuple[int, bool]:
        ids, keys = [], []
        cycle = shard.stem
        good = True
        for number, record in _records_in(shard, text, problems):
            if record is None:
                good = False
                continue
            item_id = record["id"]
            ids.append((item_id, cycle))
            sources = None
            for rule in ("url", "arxiv", "doi"):
                for value in [record.get(rule)] + list(record.get("also_" + rule, None) or []):
                    if value and isinstance(value, str):
                        sources = sources or "\n".join(str(x) for x in [record.get("source") or "",
                                                                         *(record.get("sources") or [])])
                        keys.append((f"{rule}:{value}", cycle, number, item_id, sources))
        self.db.executemany("INSERT OR IGNORE INTO ids VALUES (?, ?)", sorted(ids))
        self.db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?, ?, ?)", sorted(keys))  # in key order: fewer pages touched
        return len(ids), good

    def lookup(self, rule: str, value: str) -> dict | None:
        """The item first seen with this key (the oldest cycle's, then its shard's first line), as
        much of its record as dedup asks: id, cycle, source and the other sources that carried it."""
        row = self.db.execute("SELECT id, cycle, sources FROM keys WHERE key = ? ORDER BY cycle, line LIMIT 1",
                              (f"{rule}:{value}",)).fetchone()
        if row is None:
            return None
        source, *others = row[2].split("\n")  # source ids: no line breaks
        found = {"id": row[0], "cycle": row[1], "source": source}
        if others:
            found["sources"] = others
        return found

    def cycle_of(self, item_id: str) -> str | None:
        row = self.db.execute("SELECT cycle FROM ids WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def records_of(self, cycle: str):
        """Every record of a cycle, from its shard."""
        shard = self.folder / f"{cycle}.jsonl"
        if shard.is_file():
            for _, record in _records_in(shard, _shard_text(shard), []):
                if record is not None:
                    yield record

    def cycles(self) -> list[str]:
        return [c for (c,) in self.db.execute("SELECT cycle FROM shards ORDER BY cycle")]

    def count(self) -> int:
        return self.db.execute("SELECT coalesce(sum(records), 0) FROM shards").fetchone()[0]


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
