"""What the planner needs, read from the repository: candidates, reviewers, history, prior plan.

State: the plan of each cycle is kept at ``.commons/assign/<cycle>.json`` (the
``--format json`` shape), committed to main by the assign workflow together
with the items' new status. It is the record of who was given what, for load
history, for reruns, for ``remind``/``status`` and for validating review PRs.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .. import i18n
from ..claim.share import SOURCE as SHARED_SOURCE
from ..config import Config, Member
from ..content import cycles, items, layout
from ..content.items import ContentFile as ItemFile
from ..triage.filters import max_age, old_news
from ..content.files import atomic_write_text
from ..problems import Problem, UsageError
from .plan import Candidate, Plan, Reviewer, member_window_reason
from .render import ChapterChoice, ReviewContext, words_of
from ..i18n import say

HISTORY_CYCLES = 8
ELIGIBLE = ("triaged", items.NOT_SELECTED)  # may be selected in their own cycle (a rerun may pick a not-selected one)
HANDED_OUT = ("assigned", "reviewed", "published")  # statuses of an item this cycle's record already gave out


def state_path(repo: Path, cycle: str) -> Path:
    return Path(repo) / layout.STATE / "assign" / f"{cycle}.json"


def read_state(repo: Path, cycle: str) -> dict[str, list[str]] | None:
    """handle → item ids assigned in ``cycle``, or None when the cycle was never assigned."""
    path = state_path(repo, cycle)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        assignments = data["assignments"]
        if not isinstance(assignments, dict) or not all(isinstance(v, list) for v in assignments.values()):
            raise ValueError(say("assign.record_shape"))
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}:1:1: assignments: " + say("assign.record_unreadable", error=exc)) from None
    return {str(h): [str(i) for i in ids] for h, ids in assignments.items()}


def read_declined(repo: Path, cycle: str) -> dict[str, list[str]]:
    """handle → items the member handed back this cycle (``/skip``, ``/swap``)."""
    path = state_path(repo, cycle)
    if not path.is_file():
        return {}
    try:
        declined = json.loads(path.read_text(encoding="utf-8")).get("declined", {})
    except (ValueError, AttributeError):
        return {}  # read_state says what is wrong with the file
    if not isinstance(declined, dict):
        return {}
    return {str(h): [str(i) for i in ids] for h, ids in declined.items() if isinstance(ids, list)}


def write_state(repo: Path, plan: Plan) -> bool:
    return atomic_write_text(state_path(repo, plan.cycle), json.dumps(plan.as_json(), ensure_ascii=False, indent=2) + "\n")


CANDIDATE_STATUSES = (*ELIGIBLE, *HANDED_OUT)  # new and dropped items are never read by assign


def read_items(repo: Path, cycle: str, problems: list[Problem], statuses: tuple[str, ...] | None = None) -> list[ItemFile]:
    """Every readable item of a cycle (with one of ``statuses``); unreadable ones become problems (and are skipped)."""
    found, unreadable = items.read_items(repo, cycle, statuses=statuses)
    problems.extend(unreadable)
    return found


def _score(meta: dict) -> int:
    score = meta.get("score")
    return items.whole_number(score) or 0


def _candidate(item: ItemFile, origin: str, carried: bool, threshold: int = 0) -> Candidate:
    meta = item.doc.meta
    shared = meta["shared"] if isinstance(meta.get("shared"), dict) else {}
    return Candidate(audit=items.audit_sample(meta, threshold), follows=str(meta.get("follows") or ""),
        id=str(meta.get("id") or item.path.stem), title=str(meta.get("title") or ""), score=_score(meta),
        category=str(meta.get("category") or ""), url=str(meta.get("url") or ""), source=str(meta.get("source") or ""),
        summary=str(meta.get("summary") or ""), why=str(meta.get("why") or ""), origin=origin, carried_over=carried,
        corroboration=len(meta["also_seen"]) if isinstance(meta.get("also_seen"), list) else 0,
        published=str(meta.get("published") or ""), collected=str(meta.get("collected") or ""),
        triaged_by=str(meta["triage"].get("provider") or "") if isinstance(meta.get("triage"), dict) else "",
        shared_by=str(shared.get("by") or ""), shared_note=str(shared.get("note") or ""),
    )


def reviewed_items(repo: Path, cycle: str) -> set[str]:
    """Items with at least one merged review in ``cycle``."""
    base = layout.reviews_dir(repo, cycle)
    return {p.stem for p in base.glob("*/*.md")} if base.is_dir() else set()


def candidates(repo: Path, config: Config, cycle: str, prior: dict[str, list[str]] | None,
               problems: list[Problem], too_old: dict[str, tuple[str, ItemFile]] | None = None,
               ) -> tuple[list[Candidate], dict[str, ItemFile]]:
    """This cycle's kept items plus last cycle's unreviewed ones; also the files, to update their status.

    An item that would be older than ``triage.max_age_days`` on the day this cycle's newsletter
    comes out is not handed out (a carried-over item is a week older than in its own cycle); it
    goes into ``too_old`` (id → the rule, its file) for the caller to record. Items this cycle's
    record already gave someone keep their place, so a rerun never takes back a review."""
    threshold = config.triage.threshold
    already = {i for ids in (prior or {}).values() for i in ids}
    age = max_age(config)
    chosen: dict[str, Candidate] = {}
    files: dict[str, ItemFile] = {}
    aged = too_old if too_old is not None else {}

    def stale(cand: Candidate, item: ItemFile) -> bool:
        rule = "" if cand.id in already else age.rule_for(item.doc.meta, cycle)
        if rule:
            aged[cand.id] = (rule, item)
        return bool(rule)

    for item in read_items(repo, cycle, problems, CANDIDATE_STATUSES):
        meta = item.doc.meta
        cand = _candidate(item, cycle, False, threshold)
        fresh = meta.get("status") in ELIGIBLE and cand.score >= threshold and not stale(cand, item)
        # Handed out earlier this cycle: stays in the plan even once reviewed or published, so a
        # rerun after `commons publish` leaves the record (and everyone's branch) as it was.
        if fresh or (meta.get("status") in HANDED_OUT and cand.id in already):
            chosen[cand.id], files[cand.id] = cand, item
    previous = cycles.previous_cycle(cycle)
    done = reviewed_items(repo, previous) | reviewed_items(repo, cycle)
    carried_before = {i for ids in (read_state(repo, previous) or {}).values() for i in ids}
    for item in read_items(repo, previous, problems, ("triaged", *HANDED_OUT)):
        meta = item.doc.meta
        cand = _candidate(item, previous, True)
        if cand.id in chosen:
            continue
        if cand.id in already and meta.get("status") in HANDED_OUT:  # carried over into this cycle's record earlier
            chosen[cand.id], files[cand.id] = cand, item
            continue
        if cand.id in done or cand.score < threshold:
            continue
        if (meta.get("status") == "triaged" or (meta.get("status") == "assigned" and (cand.id in carried_before or cand.id in already))) \
                and not stale(cand, item):
            chosen[cand.id], files[cand.id] = cand, item
    return [_with_earlier_reviewers(repo, c) for c in chosen.values()], files


def audit_candidates(repo: Path, config: Config, cycle: str, taken: set[str], problems: list[Problem]) -> tuple[list[Candidate], dict[str, ItemFile]]:
    """``triage.audit_sample`` of the cycle's dropped items, drawn by a fixed per-cycle hash (fair,
    the same on every run, never the best or the alphabet): reviewed like any other, they
    measure what the filter drops that members would have wanted."""
    want = config.triage.audit_sample - len(taken)
    if want <= 0:
        return [], {}
    age = max_age(config)
    dropped = [d for d in read_items(repo, cycle, problems, ("dropped",))
               if not old_news(d.doc.meta) and not age.rule_for(d.doc.meta, cycle)]
    def draw(item: ItemFile) -> bytes:
        return hashlib.sha256(f"{cycle}\0audit\0{item.doc.meta.get('id')}".encode()).digest()
    picked = sorted(dropped, key=draw)[:want]
    cands = [_candidate(item, cycle, False, config.triage.threshold) for item in picked]
    return [replace(c, audit=True) for c in cands], {c.id: item for c, item in zip(cands, picked)}


def _with_earlier_reviewers(repo: Path, cand: Candidate) -> Candidate:
    """A follow-up goes preferably to whoever reviewed the story it continues (its merged reviews)."""
    if not cand.follows:
        return cand
    news = Path(repo) / layout.NEWS
    found = sorted(news.glob(f"*/reviews/*/{cand.follows}.md")) if news.is_dir() else []
    return replace(cand, prefer=tuple(sorted({p.parent.name.lower() for p in found})))


def expired(repo: Path, cycle: str) -> list[str]:
    """Items carried over into the previous cycle and still unreviewed there.

    Carry-over lasts one cycle, so these are not handed out again; the plan names
    them (as uncovered) so that their end is said once rather than silent.
    """
    previous = cycles.previous_cycle(cycle)
    before = cycles.previous_cycle(previous)
    handed_out = {i for ids in (read_state(repo, previous) or {}).values() for i in ids}
    from_before = {p.stem for p in items.item_files(repo, before)}
    done = reviewed_items(repo, previous) | reviewed_items(repo, before)
    return sorted((handed_out & from_before) - done)


def reviewers(config: Config, members: tuple[Member, ...], cycle: str) -> list[Reviewer]:
    start, end = cycles.distribution_date(cycle, config.week), cycles.due_date(cycle, config.week)
    out = []
    for m in members:
        reason = "inactive" if not m.active else member_window_reason(m.away, start, end)
        out.append(Reviewer(m.github, min(m.capacity, config.review.max_items_per_member), tuple(m.interests), reason))
    return out


def history(repo: Path, cycle: str, cycles_back: int = HISTORY_CYCLES) -> dict[str, int]:
    """Reviews each member was given in the last ``cycles_back`` cycles (records and merged reviews)."""
    counts: dict[str, int] = {}
    past = cycle
    for _ in range(cycles_back):
        past = cycles.previous_cycle(past)
        given: dict[str, set[str]] = {}
        for handle, ids in (read_state(repo, past) or {}).items():
            given.setdefault(handle.lower(), set()).update(ids)
        base = layout.reviews_dir(repo, past)
        if base.is_dir():
            for path in base.glob("*/*.md"):
                given.setdefault(path.parent.name.lower(), set()).add(path.stem)
        for handle, ids in given.items():
            counts[handle] = counts.get(handle, 0) + len(ids)
    return counts


def chapters(repo: Path) -> tuple[ChapterChoice, ...]:
    """The handbook's chapters as a review's `chapter:` names them, in path order.

    A chapter is named by its file name without .md when that is unique, else by its
    path under handbook/ (validate accepts both)."""
    from ..content import frontmatter

    handbook = Path(repo) / "handbook"
    files = sorted(p for p in handbook.rglob("*.md") if p.name != "README.md") if handbook.is_dir() else []
    stems = [p.stem for p in files]
    out = []
    for file in files:
        try:
            meta = frontmatter.read(file).meta
        except (frontmatter.ContentError, OSError):
            meta = {}
        tags = meta.get("tags") or []
        tags = [t.strip() for t in tags.split(",")] if isinstance(tags, str) else tags if isinstance(tags, list) else []
        words = words_of(" ".join([file.stem.replace("-", " "), str(meta.get("title") or ""), *map(str, tags)]))
        words |= {str(t).lower() for t in tags}
        name = file.stem if stems.count(file.stem) == 1 else file.relative_to(handbook).with_suffix("").as_posix()
        out.append(ChapterChoice(name, frozenset(words)))
    return tuple(out)


def review_context(repo: Path, config: Config) -> ReviewContext:
    return ReviewContext(
        week=config.week,
        source_titles={SHARED_SOURCE: i18n.catalog(config.language)("share.source_title"),
                       **{s.id: s.title for s in config.sources if s.title}},
        chapters=chapters(repo),
        category_words={c.id: frozenset(k.lower() for k in c.keywords) | {c.id} for c in config.categories},
    )


def claimable(repo: Path, config: Config, cycle: str) -> list[Candidate]:
    """The items a member may ``/claim`` now: this cycle's candidates (selected, or kept by triage but
    not selected; the audit sample aside) that still have fewer reviewers than review.reviewers_per_item
    in the cycle's record, best first."""
    record = read_state(repo, cycle) or {}
    cands, _ = candidates(repo, config, cycle, record, [])
    holders = Counter(item_id for ids in record.values() for item_id in set(ids))
    return sorted((c for c in cands if not c.audit and holders[c.id] < config.review.reviewers_per_item),
                  key=lambda c: (-(c.score or 0), c.id))
