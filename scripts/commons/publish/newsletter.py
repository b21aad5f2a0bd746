"""The cycle's newsletter ("이주의 소식"): merged judgements → ranked entries → markdown and pictures.

Pure. Items are ranked by the mean impact their reviewers gave (5 → 1), ties
by the AI's score, then by title; they are grouped by category, the category
holding the week's top item first. An item is in the newsletter when at least
one reviewer judged it ``newsletter`` or ``handbook``; items every reviewer
judged ``skip`` only count in the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from .. import i18n
from ..content.cycles import due_date
from . import markdown as md
from . import svg

HEATMAP_FILE = "contributions.svg"
CATEGORIES_FILE = "categories.svg"
HEATMAP_CYCLES = 12  # columns of the 잔디: this cycle and the eleven before it
KEPT_STATUSES = frozenset({"triaged", "assigned", "reviewed", "published"})
OTHER = "other"

def labels(language: str) -> dict:
    """The newsletter's words in ``language`` (the catalog's ``newsletter`` section)."""
    return i18n.catalog(language).section("newsletter")


# -- inputs -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    id: str
    title: str
    url: str = ""
    source: str = ""
    category: str = ""
    score: int | None = None
    summary: str = ""
    why: str = ""
    status: str = "triaged"


@dataclass(frozen=True)
class Judgement:
    item: str
    reviewer: str
    impact: int
    verdict: str  # newsletter | handbook | skip
    summary: str = ""
    why: str = ""
    chapter: str = ""


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    title: str
    title_en: str = ""


@dataclass(frozen=True)
class Timeliness:
    on_time: int
    assigned: int


# -- the ranking ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    item: Item
    judgements: tuple[Judgement, ...]

    @property
    def impact(self) -> float:
        return mean(j.impact for j in self.judgements)

    @property
    def in_newsletter(self) -> bool:
        return any(j.verdict != "skip" for j in self.judgements)

    @property
    def chapters(self) -> tuple[str, ...]:
        return tuple(sorted({j.chapter for j in self.judgements if j.verdict == "handbook" and j.chapter}))


def rank(items: list[Item], judgements: list[Judgement]) -> list[Entry]:
    """Every reviewed item, highest mean impact first; ties by AI score, then title and id."""
    by_item: dict[str, list[Judgement]] = {}
    for judgement in judgements:
        by_item.setdefault(judgement.item, []).append(judgement)
    entries = [
        Entry(item, tuple(sorted(by_item[item.id], key=lambda j: (-j.impact, j.reviewer.lower()))))
        for item in items if item.id in by_item
    ]
    return sorted(entries, key=lambda e: (-e.impact, -(e.item.score or 0), e.item.title.casefold(), e.item.id))


def group(entries: list[Entry], categories: list[CategoryInfo]) -> list[tuple[str, list[Entry]]]:
    """(category id, entries) with the category of the best entry first; within a group, rank order."""
    known = {c.id for c in categories}
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.item.category if entry.item.category in known else OTHER, []).append(entry)
    return list(groups.items())  # dicts keep insertion order: the first entry's group first


# -- numbers -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stats:
    collected: int
    kept: int
    reviewed: int
    published: int
    reviewers: int
    on_time: Timeliness | None
    mad: float | None  # mean |AI score − mean impact| over reviewed items with a score
    skipped_kept: int  # AI-kept, reviewed, every reviewer said skip
    reviewed_kept: int

    @property
    def coverage(self) -> float | None:
        return self.reviewed_kept / self.kept if self.kept else None

    @property
    def skip_share(self) -> float | None:
        return self.skipped_kept / self.reviewed_kept if self.reviewed_kept else None


def stats(items: list[Item], entries: list[Entry], on_time: Timeliness | None) -> Stats:
    kept_ids = {i.id for i in items if i.status in KEPT_STATUSES}
    scored = [abs(e.item.score - e.impact) for e in entries if e.item.score is not None]
    reviewed_kept = [e for e in entries if e.item.id in kept_ids]
    return Stats(
        collected=len(items),
        kept=len(kept_ids),
        reviewed=len(entries),
        published=sum(1 for e in entries if e.in_newsletter),
        reviewers=len({j.reviewer.lower() for e in entries for j in e.judgements}),
        on_time=on_time,
        mad=round(mean(scored), 2) if scored else None,
        skipped_kept=sum(1 for e in reviewed_kept if not e.in_newsletter),
        reviewed_kept=len(reviewed_kept),
    )


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}% ({part}/{whole})" if whole else "—"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


# -- pictures ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class History:
    """Completed reviews per (member, cycle), for the 잔디; only cycles up to the one published."""

    members: tuple[str, ...]
    cycles: tuple[str, ...]
    counts: dict = field(default_factory=dict)


def pictures(cycle_entries: list[Entry], items: list[Item], categories: list[CategoryInfo], history: History,
             language: str) -> dict[str, str]:
    words = labels(language)
    per_category = []
    titles = {c.id: c.title for c in categories}
    for category in [*categories, CategoryInfo(OTHER, words["other"])]:
        ids = {i.id for i in items if i.status in KEPT_STATUSES
               and (i.category == category.id or (category.id == OTHER and i.category not in titles))}
        done = sum(1 for e in cycle_entries if e.in_newsletter and e.item.id in ids)
        if ids or category.id != OTHER:
            per_category.append((category.title, len(ids), done))
    return {
        HEATMAP_FILE: svg.heatmap(words["heatmap"], list(history.members), list(history.cycles), history.counts,
                                  legend=words["legend"]),
        CATEGORIES_FILE: svg.bars(words["categories"], per_category, legend=words["bar_legend"]),
    }


# -- the page ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    cycle: str
    community: str
    language: str
    categories: tuple[CategoryInfo, ...]
    chapter_links: dict = field(default_factory=dict)  # chapter name → (title, path relative to the newsletter)
    sources: dict = field(default_factory=dict)  # source id → its title in commons.yml
    week: object = None  # commons.yml's week (cycles.Week); None: the default rhythm


def _stars(impact: float) -> str:
    filled = int(impact + 0.5)  # half up: 2.5 shows three stars
    return "★" * filled + "☆" * (5 - filled)


def _entry(entry: Entry, page: Page, words: dict) -> list[str]:
    item = entry.item
    out = [f"### {md.link(item.title, item.url)}", ""]
    facts = [f"**{words['impact']} {_number(entry.impact)}** {_stars(entry.impact)}",
             i18n.catalog(page.language)("newsletter.reviewers", n=len(entry.judgements))]
    if item.score is not None:
        facts.append(f"{words['ai_score']} {item.score}")
    if item.source:
        facts.append(f"{words['source']} {md.text(page.sources.get(item.source) or item.source)}")
    chapters = [c for c in entry.chapters]
    if chapters:
        links = ", ".join(
            f"[{md.text(page.chapter_links[c][0])}]({page.chapter_links[c][1]})" if c in page.chapter_links
            else f"`{c}`" for c in chapters
        )
        facts.append(f"📚 {words['handbook']}: {links}")
    out += [" · ".join(facts), ""]
    for judgement in entry.judgements:
        line = f"- **{md.handle(judgement.reviewer)}** ({judgement.impact}/5"
        line += f", {judgement.verdict})" if judgement.verdict != "newsletter" else ")"
        line += f": {md.text(judgement.summary)}"
        if judgement.why.strip():
            line += f"  \n  _{words['why']}:_ {md.text(judgement.why)}"
        out.append(line)
    out.append("")
    if item.summary.strip():
        ai = f"> 🤖 **{words['ai_summary']}** _({words['ai_marker']})_: {md.text(item.summary)}"
        if item.why.strip():
            ai += f"  \n> _{words['why']}:_ {md.text(item.why)}"
        out += [ai, ""]
    return out


def _category_title(category_id: str, page: Page, words: dict) -> str:
    info = next((c for c in page.categories if c.id == category_id), None)
    if info is None:
        return words["other"]
    if info.title_en and info.title_en != info.title and page.language.startswith("ko"):
        return f"{md.text(info.title)} · {md.text(info.title_en)}"
    return md.text(info.title)


def render(page: Page, entries: list[Entry], numbers: Stats) -> str:
    """The newsletter's markdown. ``entries`` is :func:`rank`'s output (skipped items included)."""
    words = labels(page.language)
    t = i18n.catalog(page.language)
    due = due_date(page.cycle, page.week)
    chosen = [e for e in entries if e.in_newsletter]
    out = [
        f"# {words['title']} · {page.cycle}",
        "",
        f"_{md.text(page.community)} · {words['due']} {t.day(due)}_",
        "",
    ]
    if chosen:
        out += [t("newsletter.lead", n=len(chosen), reviewers=t("newsletter.lead_members", n=numbers.reviewers),
                  reviewed=t("newsletter.lead_read", n=numbers.reviewed)), ""]
        if len(chosen) > 3:  # with three or fewer, the list below is the highlight
            out += [f"## {words['highlights']}", ""]
            for n, entry in enumerate(chosen[:3], 1):
                out.append(f"{n}. {md.link(entry.item.title, entry.item.url)} — {words['impact']} {_number(entry.impact)}")
            out.append("")
        for category_id, group_entries in group(chosen, list(page.categories)):
            out += [f"## {_category_title(category_id, page, words)}", ""]
            for entry in group_entries:
                out += _entry(entry, page, words)
    else:
        out += [words["lead_empty"], ""]
    out += [f"## {words['numbers']}", "", f"| {words['stat']} | {words['value']} | {words['meaning']} |", "|---|---:|---|"]
    on_time = numbers.on_time
    rows = [
        ("collected", str(numbers.collected)),
        ("kept", str(numbers.kept)),
        ("reviewed", str(numbers.reviewed)),
        ("coverage", _percent(numbers.reviewed_kept, numbers.kept)),
        ("on_time", _percent(on_time.on_time, on_time.assigned) if on_time else words["none"]),
        ("mad", _number(numbers.mad) if numbers.mad is not None else words["none"]),
        ("skip", _percent(numbers.skipped_kept, numbers.reviewed_kept)),
    ]
    for key, value in rows:
        name, meaning = words[key]
        out.append(f"| {name} | {value} | {meaning} |")
    out += [
        "",
        f"## {words['pictures']}",
        "",
        f"![{words['heatmap_alt']}]({HEATMAP_FILE})",
        "",
        f"![{words['categories_alt']}]({CATEGORIES_FILE})",
        "",
        "---",
        "",
        f"<sub>{words['footer']}</sub>",
        "",
    ]
    return "\n".join(out)
