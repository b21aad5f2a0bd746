"""What migrating a repository to the pool layout moves: pure, from the items read to a plan.

Before the pool (issue 13) every collected item was a file under ``news/<cycle>/items/``:
1,500–1,800 a week, 96 % never read by anyone. Now only the items put before people are
files; the rest are lines of ``news/<cycle>/collected/<day>.jsonl`` (see content/items.py).
An item moves to the pool when no person was given it (status new, triaged, dropped or
not-selected) and it has no body (nobody wrote in it; item files are front matter only
when collect writes them). Items of a cycle that assign already handed out, still
``triaged``, were not selected there, and say so. Nothing else changes: ids, fields,
the dedup index and every review stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import cycles, items

POOLED = ("new", "triaged", "dropped", items.NOT_SELECTED)


@dataclass(frozen=True)
class Move:
    source: str  # repository-relative item file
    cycle: str
    day: str  # the pool file it joins
    meta: dict = field(compare=False)


@dataclass
class Plan:
    moves: list[Move] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (file, why it stays a file)

    def as_lines(self) -> list[str]:
        out = [f"move {m.source} -> news/{m.cycle}/collected/{m.day}.jsonl" for m in self.moves]
        out += [f"keep {path}: {why}" for path, why in self.kept]
        return out


def day_of(meta: dict, cycle: str) -> str:
    collected = str(meta.get("collected") or "")
    if len(collected) >= 10 and collected[4] == "-" and collected[7] == "-":
        return collected[:10]
    return cycles.distribution_date(cycle).isoformat()  # an item without a time: its cycle's Sunday


def plan(entries: list[tuple[str, str, dict, str]], assigned_cycles: set[str]) -> Plan:
    """``entries``: (relative path, cycle, front matter, body) of every item file."""
    out = Plan()
    for relative, cycle, meta, body in entries:
        status = meta.get("status", "new")
        if status not in POOLED:
            continue  # given to people: stays a file
        if body.strip():
            out.kept.append((relative, "it has text below the front matter"))
            continue
        moved = dict(meta)
        if status == "triaged" and cycle in assigned_cycles:
            moved["status"] = items.NOT_SELECTED
        out.moves.append(Move(relative, cycle, day_of(meta, cycle), moved))
    return out
