"""Everything publishing writes, computed from a copy of the repository as it is on main.

:func:`build` reads items, merged reviews, chapters and the publish state from a
folder and returns a :class:`Plan`: the files to write (newsletter, pictures,
chapter references, item statuses, state) and notes for people. It writes
nothing; :func:`apply_to` writes the plan into that folder and adds what
``commons index`` would regenerate (handbook/README.md, news/README.md, chapter
links), so the whole result can become one commit.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, Member
from ..content import items as content_items
from ..content import layout
from ..content.cycles import previous_cycle
from ..content.files import atomic_write_text
from ..content.frontmatter import ContentError, parse, read_text
from ..handbook import book as handbook_book
from ..pages import index as handbook_index
from ..git import clean_blob_ids
from ..works import collection as works_collection
from ..pages import portfolio
from ..triage.filters import max_age
from ..content import issues
from . import newsletter, references, state
from .newsletter import CategoryInfo, Entry, History, Item, Judgement, Stats



@dataclass(frozen=True)
class Change:
    path: str  # repository-relative, POSIX
    before: str | None
    after: str


@dataclass
class Plan:
    cycle: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    telemetry: list[str] = field(default_factory=list)  # for the maintainers' report, not the page
    entries: list[Entry] = field(default_factory=list)
    stats: Stats | None = None
    published: list[str] = field(default_factory=list)  # item ids that reached the newsletter
    references: dict[str, int] = field(default_factory=dict)  # chapter path → references added
    empty: bool = False  # the cycle has no items and no reviews: nothing is written for it

    def nothing_to_publish(self) -> str:
        return f"Nothing to publish for {self.cycle}: it has no items and no reviews; no newsletter written."

    def propose(self, path: str, before: str | None, after: str) -> None:
        if before != after:
            self.changes = [c for c in self.changes if c.path != path] + [Change(path, before, after)]


def _read(root: Path, relative: str) -> str | None:
    file = root / relative
    if not file.is_file():
        return None
    return read_text(file).replace("\r\n", "\n")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def load_items(root: Path, cycle: str, notes: list[str], threshold: int = 0, age=None,
               issue: str = "") -> tuple[list[Item], dict[str, str]]:
    """The cycle's items, and each one's file path; ``threshold`` (triage's) tells the audit sample;
    ``age`` (triage.filters.MaxAge) marks the items too old on the day the ``issue`` cycle's
    newsletter comes out (default: ``cycle``'s)."""
    items, paths = [], {}
    found, unreadable = content_items.read_items(root, cycle)
    notes.extend(f"{problem}; left out of the newsletter" for problem in unreadable)
    for entry in found:
        meta, file = entry.meta, entry.path
        relative = file.relative_to(root).as_posix()
        item_id = _text(meta.get("id")) or file.stem
        score = meta.get("score")
        triage = meta.get("triage") if isinstance(meta.get("triage"), dict) else {}
        items.append(Item(
            id=item_id, title=_text(meta.get("title")) or item_id, url=_text(meta.get("url")),
            source=_text(meta.get("source")), category=_text(meta.get("category")),
            score=content_items.whole_number(score),
            summary=_text(meta.get("summary")), why=_text(meta.get("why")), status=_text(meta.get("status")),
            triaged_by=_text(triage.get("provider")), model=_text(triage.get("model")),
            published=_text(meta.get("published")),
            shared_by=_text(meta["shared"].get("by")) if isinstance(meta.get("shared"), dict) else "",
            audit=content_items.audit_sample(meta, threshold),
            too_old=age.rule_for(meta, issue or cycle) if age is not None else "",
        ))
        paths[item_id] = relative
    return items, paths


def load_judgements(root: Path, cycle: str, notes: list[str]) -> list[Judgement]:
    """Completed reviews of the cycle: impact 1–5, a verdict and a summary. Unfilled ones are skipped."""
    out = []
    found, unreadable = content_items.read_reviews(root, cycle)
    notes.extend(f"{problem}; review left out" for problem in unreadable)
    for entry in found:
        meta, file = entry.meta, entry.path
        impact, verdict = meta.get("impact"), meta.get("verdict")
        if content_items.unfinished_fields(meta):
            continue  # not filled in: the member's pull request was merged before it was finished
        out.append(Judgement(
            item=_text(meta.get("item")) or file.stem,
            reviewer=file.parent.name,  # the folder, never `reviewer:`: a member writes only their own folder
            impact=impact, verdict=verdict, summary=_text(meta.get("summary")), why=_text(meta.get("why")),
            chapter=_text(meta.get("chapter")).removesuffix(".md"),
        ))
    return out


def history(root: Path, cycle: str, members: tuple[Member, ...], vouched: dict[str, str] | None = None,
            cache: dict[str, list] | None = None, week=None) -> History:
    """Contributions per member per cycle, for the cycles up to ``cycle`` (the last twelve):
    completed reviews, and the notes, posts and logs members made (commons.works). Reviews are
    counted from the portfolio cache where git vouches for the file (``vouched``: see
    pages.index.plan), as index reads them: only the week's new ones are parsed."""
    listed = portfolio.listed_by_cycle(vouched)  # once: a year is ~10,000 paths
    cycles = [c for c in portfolio.review_cycles(root, listed) if c <= cycle][-newsletter.HEATMAP_CYCLES:]
    if cycle not in cycles:
        cycles.append(cycle)
    counts: dict[tuple[str, str], int] = {}
    cache = portfolio.load_cache(root) if cache is None else cache  # the caller may have read it already
    for name, member, _, entry in portfolio.review_entries(root, cycles, cache, vouched or {}, listed):
        if entry[6]:  # finished: what load_judgements counts
            key = (member.lower(), name)
            counts[key] = counts.get(key, 0) + 1
    works, _ = works_collection.load(root, week)  # unreadable ones are validate's to report
    for (member, name), n in works_collection.contributions(works).items():
        if name in cycles:
            counts[(member, name)] = counts.get((member, name), 0) + n
    listed = [m.github.lower() for m in members if m.active]
    extra = sorted({member for member, _ in counts} - set(listed))
    return History(tuple(listed + extra), tuple(cycles), counts)


def with_status(text: str, status: str) -> str:
    """The item file with its ``status`` changed: only that line when it can be found, else re-written."""
    doc = parse(text)
    if doc.raw_meta is not None:
        lines = doc.raw_meta.split("\n")
        found = [i for i, line in enumerate(lines) if re.match(r"^status:\s*\S*\s*$", line)]
        if len(found) == 1:
            lines[found[0]] = f"status: {status}"
            candidate = text.replace(doc.raw_meta, "\n".join(lines), 1)
            if parse(candidate).meta == {**doc.meta, "status": status}:
                return candidate
    doc.meta["status"] = status
    return doc.render()


def feed_items(page: newsletter.Page, entries: list[Entry], edition) -> list[dict]:
    """Every item of the issue as the feed shows it, in the page's order: its category, title, link,
    the edited summary and why, when the source dated it, where it came from, and its reviewers."""
    out = []
    for category, rows in newsletter.layout_of(entries, page):
        for _, entry, _ in rows:
            edit = edition.items.get(entry.item.id) or newsletter.editor.edit_item(entry)
            out.append({"id": entry.item.id, "group": category, "title": entry.item.title, "url": entry.item.url,
                        "summary": edit.summary, "why": edit.why,
                        "date": newsletter.published_on(entry.item, page),
                        "source": page.sources.get(entry.item.source) or entry.item.source,
                        "reviewers": [j.reviewer for j in entry.judgements]})
    return out


def issue_record(page: newsletter.Page, entries: list[Entry], edition, numbers: Stats, editor_record: dict) -> dict:
    chosen = [e for e in entries if e.in_newsletter]
    titles = {e.item.id: e.item for e in chosen}
    return {
        "cycle": page.cycle,
        "date": newsletter.publication_date(page).isoformat(),
        "title": newsletter.title(page),
        "headline": edition.headline or chosen[0].item.title,
        "lead": edition.lead,
        "items": feed_items(page, entries, edition),
        "count": len(chosen),
        "tldr": [{"id": i, "title": titles[i].title, "url": titles[i].url, "line": line}
                 for i, line in edition.tldr if i in titles],
        "numbers": {"collected": numbers.collected, "reviewed": numbers.reviewed, "reviewers": numbers.reviewers},
        "telemetry": numbers.telemetry(),
        "editor": editor_record,
    }


def holds_nothing(root: Path, cycle: str) -> bool:
    """No item, pool file or review file (readable or not) in the cycle's folder."""
    return (not any(layout.items_dir(root, cycle).glob("*.md")) and not any(layout.pool_dir(root, cycle).glob("*.jsonl"))
            and not any(layout.reviews_dir(root, cycle).glob("*/*.md")))


def needed(cycle: str, answered: frozenset[str] | set[str] = frozenset()):
    """What building the plan for ``cycle`` reads (see remote.materialize), so that publishing
    does not carry the history's bulk: the pool (the items no person was given, ~96 % of all)
    only of the cycle and the one before it, nothing of collect's state, and no review file of an
    older cycle that is ``answered`` (portfolio.answered: the committed cache holds what it says by
    the blob id git gives it; history and the portfolios read it from there). Newsletters and
    handed-out items of every cycle stay: indexes and the feed read them."""
    whole = {cycle, previous_cycle(cycle)}

    def wanted(path: str) -> str:
        parts = path.split("/")
        if parts[0] == layout.STATE and len(parts) > 1 and parts[1] == "collect":
            return "skip"  # the dedup history and source health: collect's, not publish's
        if parts[0] == layout.NEWS and len(parts) > 3 and parts[2] == layout.POOL and parts[1] not in whole:
            return "skip"
        if path in answered and parts[1] not in whole:
            return "skip"  # a year of reviews: ~2 s a week at full volume to write out (bench/README.md)
        return "read"
    return wanted


def edition_for(root: Path, cycle: str, chosen: list[Entry], edit, plan: Plan,
                page: newsletter.Page) -> tuple[newsletter.editor.Edition, dict]:
    """The issue's edition: the AI editor's when one is passed and answers (or its cached answer for the
    same reviews, prompt and model), else the members' own words. Returns it and its cache record."""
    from . import editor

    fallback = editor.from_members(chosen, page.categories, page.language,
                                   {name: title for name, (title, _) in page.chapter_links.items()})
    if edit is None or not chosen:
        return fallback, {"by": editor.BY_MEMBERS}
    key = editor.input_hash(chosen, edit.model, edit.prompt_version)
    cached = (issues.read(root, cycle) or {}).get("editor") or {}
    if cached.get("input_hash") == key:  # the same reviews, prompt and model were edited (or tried) before
        if cached.get("by") == editor.BY_AI:
            edition = editor.from_json(cached.get("edition") or {})
            if edition is not None:
                return edition, cached
        else:
            return fallback, cached  # asked before and it failed: not asked again until the reviews change
    tried = {"by": editor.BY_MEMBERS, "model": edit.model, "input_hash": key}
    try:
        edition, warnings = edit(chosen, fallback)
    except Exception as exc:  # noqa: BLE001 - any fault in the editor pass falls back to the members' words
        plan.telemetry.append(f"editor pass: {exc}; the members' own words were used")
        return fallback, {**tried, "fault": str(exc)[:200]}
    plan.telemetry.append(f"editor pass: {edit.model}, {getattr(edit, 'requests', 0)} request(s), "
                          f"{getattr(edit, 'input_tokens', 0)} + {getattr(edit, 'output_tokens', 0)} tokens")
    plan.telemetry.extend(f"editor pass: {w}" for w in warnings)
    if edition.by != editor.BY_AI:
        return fallback, {**tried, "fault": "nothing usable in the answer"}
    return edition, {"by": editor.BY_AI, "model": edit.model, "input_hash": key, "edition": editor.to_json(edition)}


def build(root: Path, config: Config, members: tuple[Member, ...], cycle: str,
          pulls: list[state.PullRecord] = (), edit=None, vouched: dict[str, str] | None = None,
          cache: dict[str, list] | None = None) -> Plan:
    """``edit`` is the AI editor pass (:class:`commons.publish.editor_ai.AIEditor`) or None;
    ``vouched`` the review files git vouches for (see pages.index.plan); ``cache`` the
    committed portfolio cache when the caller has read it (portfolio.load_cache)."""
    root = Path(root)
    if vouched is None:
        vouched = clean_blob_ids(root, layout.REVIEW_FILES)
    plan = Plan(cycle)
    if not pulls and holds_nothing(root, cycle):
        plan.empty = True  # an empty newsletter, listed in news/README.md, helps nobody
        return plan
    age = max_age(config)  # what a reader would see is measured on this issue's date
    items, item_paths = load_items(root, cycle, plan.notes, config.triage.threshold, age)
    collected = len(items)
    judgements = load_judgements(root, cycle, plan.notes)
    judged = _carried_over(root, cycle, items, item_paths, judgements, plan.notes, config.triage.threshold, age)
    entries = newsletter.rank(items, judgements)
    plan.entries = entries
    # Assign hands out nothing this old; a change of max_age_days since is the maintainers' to know.
    plan.telemetry.extend(f"{e.item.id}: {e.item.too_old}; reviewed, left out of the newsletter"
                          for e in entries if e.item.too_old and any(j.verdict != "skip" for j in e.judgements))

    records = state.merge(state.read(root, cycle), list(pulls))
    if records:
        plan.propose(state.path(cycle), _read(root, state.path(cycle)), state.render(cycle, records))
    plan.stats = newsletter.stats(items, entries, state.timeliness(cycle, config.week, records))
    plan.stats = dataclasses.replace(plan.stats, collected=collected)  # carried-over items were collected earlier

    categories = [CategoryInfo(c.id, c.title, c.title_en) for c in config.categories]
    chapter_of, wanted = _chapter_references(handbook_book.load(root), entries, cycle, plan.notes)
    newsletter_dir = f"{layout.NEWS}/{cycle}"
    page = newsletter.Page(
        cycle=cycle, community=config.name, language=config.language, categories=tuple(categories),
        chapter_links={name: (title, f"../../{layout.HANDBOOK}/{path}") for name, (title, path) in chapter_of.items()},
        sources={s.id: s.title for s in config.sources if s.title}, week=config.week,
    )
    chosen = [e for e in entries if e.in_newsletter]
    edition, editor_record = edition_for(root, cycle, chosen, edit, plan, page)
    also = newsletter.also_this_week([i for i in items if i.id not in judged], entries, config.newsletter.also_this_week)
    pictures = newsletter.pictures(entries, items, categories, history(root, cycle, members, vouched, cache, config.week),
                                   config.language)
    text = newsletter.render(page, entries, edition, also, tuple(pictures))
    readme = f"{newsletter_dir}/README.md"
    plan.propose(readme, _read(root, readme), text)
    if chosen:
        record = issue_record(page, entries, edition, plan.stats, editor_record)
        plan.propose(issues.path(cycle), _read(root, issues.path(cycle)), issues.render(record))
    for name, picture in pictures.items():
        relative = f"{newsletter_dir}/{name}"
        plan.propose(relative, _read(root, relative), picture)

    _add_references(root, plan, wanted, config)
    for entry in entries:
        target = "published" if entry.in_newsletter else "reviewed"
        if entry.in_newsletter:
            plan.published.append(entry.item.id)
        if entry.item.status == target or entry.item.status == "published":
            continue
        relative = item_paths[entry.item.id]
        before = _read(root, relative)
        plan.propose(relative, before, with_status(before, target))
    return plan


def _carried_over(root: Path, cycle: str, items: list, item_paths: dict, judgements: list, notes: list[str],
                  threshold, age) -> set[str]:
    """The ids of the previous cycle's items that `commons assign` carried over into this one and that
    were reviewed here, added to ``items`` and ``item_paths`` (their age measured on this cycle's
    issue); a review of an item in neither is noted."""
    known = {i.id for i in items}
    judged = {j.item for j in judgements} - known
    if judged:
        earlier, earlier_paths = load_items(root, previous_cycle(cycle), [], threshold, age, cycle)
        for item in earlier:
            if item.id in judged:
                items.append(item)
                item_paths[item.id] = earlier_paths[item.id]
                known.add(item.id)
    for judgement in judgements:
        if judgement.item not in known:
            notes.append(f"news/{cycle}/reviews/{judgement.reviewer.lower()}/{judgement.item}.md: "
                         f"item '{judgement.item}' is not in news/{cycle}/items/; review left out")
    return judged


def _chapter_references(book, entries: list[Entry], cycle: str, notes: list[str]):
    """(review's chapter name → (title, path under handbook/), chapter path → the references its
    reviewers asked for); a chapter not in the handbook is noted."""
    chapter_of: dict[str, tuple[str, str]] = {}
    wanted: dict[str, list[references.Reference]] = {}
    for entry in entries:
        for name in entry.chapters:
            chapter = book.resolve(name)
            if chapter is None:
                who = ", ".join(j.reviewer for j in entry.judgements if j.chapter == name)
                notes.append(f"{entry.item.id}: {who} named chapter '{name}', which is not in handbook/; "
                             "reference not added")
                continue
            chapter_of[name] = (chapter.title, chapter.path)
            best = [j for j in entry.judgements if j.verdict == "handbook" and j.chapter == name]
            wanted.setdefault(chapter.path, []).append(references.Reference(
                title=entry.item.title, url=entry.item.url, why=best[0].why or best[0].summary, cycle=cycle,
                reviewers=tuple(j.reviewer for j in best), impact=entry.impact,
            ))
    return chapter_of, wanted


def _add_references(root: Path, plan: Plan, wanted: dict[str, list], config: Config) -> None:
    """Each chapter's new references in its resources section."""
    resource_titles = next((tuple(s["titles"]) for s in config.handbook.sections if s.get("id") == "resources"),
                           ("자료", "Resources"))
    for chapter_path, refs in sorted(wanted.items()):
        relative = f"{layout.HANDBOOK}/{chapter_path}"
        before = _read(root, relative)
        try:
            after = references.add(before, relative, refs, language=config.language, resource_titles=resource_titles)
        except ContentError as exc:
            plan.notes.append(f"{relative}:{exc.line}:{exc.column}: {exc.message}; references not added")
            continue
        if after != before:
            plan.references[relative] = len(refs)
        plan.propose(relative, before, after)


def apply_to(root: Path, plan: Plan, config: Config, vouched: dict[str, str] | None = None) -> Plan:
    """Write the plan into ``root`` (a scratch copy of main) and add the regenerated indexes
    (``vouched``: see pages.index.plan)."""
    root = Path(root)
    if plan.empty:
        return plan
    for change in plan.changes:
        atomic_write_text(root / change.path, change.after)
    import os

    from ..pages import feed

    index = handbook_index.plan(root, config.name, config.description, config.language,
                                feed.base_url(config, os.environ), vouched, week=config.week)
    plan.notes.extend(index.notes)
    for change in index.changes:
        earlier = next((c for c in plan.changes if c.path == change.path), None)
        before = earlier.before if earlier else change.before
        atomic_write_text(root / change.path, change.after)
        if before == change.after:  # e.g. the newsletter's links, blank in the plan, filled in again
            plan.changes = [c for c in plan.changes if c.path != change.path]
        plan.propose(change.path, before, change.after)
    return plan
