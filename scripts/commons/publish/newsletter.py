"""The cycle's newsletter ("이주의 소식"): merged judgements → ranked entries → markdown and pictures.

Pure. Items are ranked by their reviewers' impact weighed by how many reviewed
(:attr:`Entry.weight`), ties by mean impact, the triage score, then title. An
item is in the newsletter when at least one reviewer judged it ``newsletter`` or
``handbook``; items every reviewer judged ``skip`` only count in the numbers.
Each item gets one summary (:mod:`.editor`), its reviewers credited by handle,
a disagreement in one line, and the triager's draft folded away; no sentence is
printed twice. The maintainers' figures live in :meth:`Stats.telemetry`, not on
the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

from .. import i18n
from ..content.cycles import issue_date
from ..triage.offline import UNSORTED, written_by_ai
from . import editor
from ..content import markdown as md
from ..content import svg

HEATMAP_FILE = "contributions.svg"
CATEGORIES_FILE = "categories.svg"
HEATMAP_CYCLES = 8  # columns of the 잔디: this cycle and the seven before it (legible on a phone)
KEPT_STATUSES = frozenset({"triaged", "not-selected", "assigned", "reviewed", "published"})  # kept by triage
OTHER = UNSORTED  # unknown categories and what the offline triager could not sort, together


# The maintainers' figures (step summary, `commons status`): name and what it means.
TELEMETRY = (
    ("collected", "news items gathered this cycle"),
    ("kept", "items the triager scored at or above the threshold"),
    ("reviewed", "items with at least one merged member review"),
    ("coverage", "share of kept items that were reviewed"),
    ("on_time", "share of assigned reviews submitted before the due time and merged"),
    ("ai_member_gap", "mean absolute difference between the triage score and the members' mean impact"),
    ("kept_then_skipped", "share of triage-kept, reviewed items every reviewer judged skip"),
)


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
    triaged_by: str = ""  # triage.provider: offline, openai, openai-compatible
    model: str = ""
    published: str = ""  # as the source dated it (ISO), "" when it did not
    shared_by: str = ""  # the member who brought it with /share: credited in place of a feed
    audit: bool = False  # dropped by triage, handed out as the audit sample: reviewed, never "kept"
    too_old: str = ""  # the max-age rule it breaks on the issue's date: never printed, whatever its reviews


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
# An item's rank weighs how many people reviewed it: the mean impact is pulled towards the middle
# of the scale by PRIOR_WEIGHT imaginary middling reviews, so one enthusiastic 5 does not outrank
# two people agreeing on 4.5.
PRIOR_IMPACT, PRIOR_WEIGHT = 3.0, 1.5


@dataclass(frozen=True)
class Entry:
    item: Item
    judgements: tuple[Judgement, ...]

    @property
    def impact(self) -> float:
        return mean(j.impact for j in self.judgements)

    @property
    def weight(self) -> float:
        total = sum(j.impact for j in self.judgements)
        return (total + PRIOR_IMPACT * PRIOR_WEIGHT) / (len(self.judgements) + PRIOR_WEIGHT)

    @property
    def in_newsletter(self) -> bool:
        return not self.item.too_old and any(j.verdict != "skip" for j in self.judgements)

    @property
    def chapters(self) -> tuple[str, ...]:
        return tuple(sorted({j.chapter for j in self.judgements if j.verdict == "handbook" and j.chapter}))

    @property
    def split(self) -> str:
        """The catalog key of a real disagreement, or "": one reviewer skipped what another would run
        ("split_skip", whatever the points), or impacts two or more apart ("split")."""
        skips = {j.verdict == "skip" for j in self.judgements}
        if len(skips) == 2:
            return "split_skip"
        impacts = [j.impact for j in self.judgements]
        return "split" if max(impacts) - min(impacts) >= 2 else ""


def rank(items: list[Item], judgements: list[Judgement]) -> list[Entry]:
    """Every reviewed item, by impact weighed by reviewers; ties by mean impact, AI score, title and id."""
    by_item: dict[str, list[Judgement]] = {}
    for judgement in judgements:
        by_item.setdefault(judgement.item, []).append(judgement)
    entries = [
        Entry(item, tuple(sorted(by_item[item.id], key=lambda j: (-j.impact, j.reviewer.lower()))))
        for item in items if item.id in by_item
    ]
    return sorted(entries, key=lambda e: (-round(e.weight, 6), -e.impact, -(e.item.score or 0),
                                          e.item.title.casefold(), e.item.id))


def also_this_week(items: list[Item], entries: list[Entry], limit: int) -> list[Item]:
    """Up to ``limit`` kept items no member was given ("not-selected"), for a short list under the
    reviewed ones: each source's best by triage score (newer first among equals, the id only decides
    between twins), one a source — as the page promises — best first. Machine-picked, and the page says so."""
    reviewed = {e.item.id for e in entries}
    ranked = [i for i in items if i.status == "not-selected" and i.score is not None and i.id not in reviewed
              and not i.too_old]
    ranked.sort(key=lambda i: i.id)
    ranked.sort(key=lambda i: i.published, reverse=True)
    ranked.sort(key=lambda i: i.score, reverse=True)
    best: dict[str, Item] = {}
    for item in ranked:
        best.setdefault(item.shared_by and f"@{item.shared_by}" or item.source, item)
    return list(best.values())[:max(limit, 0)]


def group(entries: list[Entry], categories: list[CategoryInfo]) -> list[tuple[str, list[Entry]]]:
    """(category id, entries) in the community's order of categories (commons.yml), unknown ones last
    under "other"; within a group, rank order."""
    order = [c.id for c in categories]
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.item.category if entry.item.category in order else OTHER, []).append(entry)
    return sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else len(order))


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

    def telemetry(self) -> dict[str, str]:
        """The maintainers' figures, as shown in the step summary and `commons status`."""
        on_time = self.on_time
        return {
            "collected": str(self.collected),
            "kept": str(self.kept),
            "reviewed": str(self.reviewed),
            "coverage": _percent(self.reviewed_kept, self.kept),
            "on_time": _percent(on_time.on_time, on_time.assigned) if on_time else "—",
            "ai_member_gap": _number(self.mad) if self.mad is not None else "—",
            "kept_then_skipped": _percent(self.skipped_kept, self.reviewed_kept),
        }


def kept(item: Item) -> bool:
    """Kept by triage: an audit sample was dropped, whatever its status after assign handed it out."""
    return item.status in KEPT_STATUSES and not item.audit


def stats(items: list[Item], entries: list[Entry], on_time: Timeliness | None) -> Stats:
    kept_ids = {i.id for i in items if kept(i)}
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
        ids = {i.id for i in items if kept(i)
               and (i.category == category.id or (category.id == OTHER and i.category not in titles))}
        done = sum(1 for e in cycle_entries if e.in_newsletter and e.item.id in ids)
        if ids:  # a category with nothing kept is not drawn: no empty rows
            per_category.append((category.title, len(ids), done, words["bar_text"].format(kept=len(ids), done=done)))
    out = {HEATMAP_FILE: svg.heatmap(words["heatmap"], list(history.members), list(history.cycles), history.counts,
                                     column_label=i18n.catalog(language).week_axis, note=words["heatmap_note"])}
    if any(done < kept for _, kept, done, _ in per_category):  # every bar full tells a reader nothing
        out[CATEGORIES_FILE] = svg.bars(words["categories"], per_category, legend=words["bar_legend"])
    return out


# -- the page ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    cycle: str
    community: str
    language: str
    categories: tuple[CategoryInfo, ...]
    chapter_links: dict = field(default_factory=dict)  # chapter name → (title, path relative to the newsletter)
    sources: dict = field(default_factory=dict)  # source id → its title in commons.yml
    published: date | None = None  # the day the issue comes out (default: the cycle's due day)
    week: object = None  # commons.yml's week (cycles.Week); None: the default rhythm


NAV_TOP = "news-nav"
NAV_BOTTOM = "news-nav-bottom"


def publication_date(page: Page) -> date:
    return page.published or issue_date(page.cycle, page.week)


def dated(day: date, language: str) -> str:
    words = labels(language)
    return words["date"].format(y=day.year, m=day.month, d=day.day, iso=day.isoformat(),
                                w=i18n.catalog(language).weekday(day))  # calendar.weekdays_short: Wed, 수


def title(page: Page) -> str:
    return f"{labels(page.language)['title']} · {dated(publication_date(page), page.language)}"


def stars(impact: float) -> str:
    """Whole stars, a half star for a half point (rounded to the nearest half), empty ones to five."""
    halves = int(impact * 2 + 0.5)
    full, half = divmod(halves, 2)
    return "★" * full + ("½" if half else "") + "☆" * (5 - full - half)


def anchor(text: str) -> str:
    """The id GitHub gives a heading: lowercase, punctuation dropped, spaces as hyphens."""
    plain = re.sub(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)", r"\1", text).replace("\\", "")  # escaped brackets too
    plain = re.sub(r"[^\w\- ]", "", plain.lower(), flags=re.UNICODE)
    return plain.replace(" ", "-")


class _Said:
    """Sentences already on the page: none is printed twice."""

    def __init__(self):
        self.seen: set[str] = set()

    @staticmethod
    def _key(sentence: str) -> str:
        return re.sub(r"\W+", "", sentence.casefold())

    def fresh(self, text: str) -> str:
        kept = []
        for sentence in editor.sentences(text):
            key = self._key(sentence)
            if key and key not in self.seen:
                self.seen.add(key)
                kept.append(sentence)
        return " ".join(kept)


def published_on(item: Item, page: Page) -> str:
    """When the source dated the item, as people write a date (the year only when not this issue's)."""
    try:
        day = date.fromisoformat(item.published[:10])
    except ValueError:
        return ""
    return i18n.catalog(page.language).short_day(day, year=publication_date(page).year)


def _facts(entry: Entry, page: Page, words: dict) -> str:
    item = entry.item
    facts = [f"{stars(entry.impact)} **{_number(entry.impact)}**", i18n.catalog(page.language)("newsletter.reviewers", n=len(entry.judgements))]
    if item.shared_by:  # a member's find: credit them, not a feed
        facts.append(i18n.catalog(page.language)("newsletter.shared_by", who=md.handle(item.shared_by)))
    elif item.source:
        facts.append(md.text(page.sources.get(item.source) or item.source))
    when = published_on(item, page)
    if when:
        facts.append(words["published_on"].format(day=when))
    if entry.chapters:
        links = ", ".join(
            f"[{md.text(page.chapter_links[c][0])}]({page.chapter_links[c][1]})" if c in page.chapter_links
            else md.text(c) for c in entry.chapters
        )
        facts.append(f"📚 {words['handbook']}: {links}")
    return " · ".join(facts)


def _who(handles) -> str:
    return ", ".join(md.handle(h) for h in handles)


def _heading(number: int, entry: Entry) -> str:
    return f"{number}. {md.link(entry.item.title, entry.item.url)}"


def _untold(summary: str, told: str) -> str:
    """The summary without the sentence its TL;DR line already gave, a few lines up the page, when
    more of it follows; a summary of that one sentence stays whole, so no item reads empty."""
    key, cut = _Said._key(told), told.endswith("…")  # a long sentence's TL;DR line is its start

    def said_above(sentence: str) -> bool:
        return bool(key) and (_Said._key(sentence) == key or (cut and _Said._key(sentence).startswith(key)))

    rest = [s for s in editor.sentences(summary) if not said_above(s)]
    return " ".join(rest) if rest else summary


def _entry(number: int, entry: Entry, edit: editor.ItemEdit, by: str, page: Page, words: dict,
           said: _Said, told: str = "") -> list[str]:
    item = entry.item
    out = [f"#### {_heading(number, entry)}", "", _facts(entry, page, words), ""]
    said.fresh(item.title)  # a draft that only repeats the title adds nothing
    summary = said.fresh(_untold(edit.summary, told))
    said.fresh(told)  # nor does an excerpt that repeats the TL;DR's sentence
    if summary:
        out += [md.text(summary), ""]
    why = said.fresh(edit.why)
    if why:
        out += [f"**{words['why']}** {md.text(why)}", ""]
    voices = edit.voices or tuple(j.reviewer for j in entry.judgements)
    credit = words["merged_from" if by == editor.BY_AI else "words_of"].format(who=_who(voices))
    others = [j.reviewer for j in entry.judgements if j.reviewer not in voices]
    line = f"— {credit}"
    if others and by != editor.BY_AI:
        line += f" · {words['also'].format(who=_who(others))}"
    out += [f"<sub>{line}</sub>", ""]
    if entry.split:
        views = ", ".join(
            words["view_skip" if j.verdict == "skip" else "view"].format(who=md.handle(j.reviewer), impact=j.impact)
            for j in entry.judgements)
        out += [f"> {words[entry.split].format(views=views)}", ""]
    draft = _lines(item.summary, said)
    if draft:
        offline = not written_by_ai(item.triaged_by)
        label = words["draft_extract"] if offline else words["draft_ai"].format(model=md.text(item.model or item.triaged_by))
        out += ["<details>", f"<summary>{label}</summary>", "", *draft, "", "</details>", ""]
    return out


def _lines(text: str, said: _Said) -> list[str]:
    """A text that keeps its lines (release notes: a heading and its list items) as markdown: each
    line a paragraph, a ``- `` line a list item; sentences already on the page left out."""
    out = []
    for line in str(text or "").split("\n"):
        listed = line.startswith("- ")
        fresh = said.fresh(line[2:] if listed else line)
        if fresh:
            out += [f"- {md.text(fresh)}"] if listed else (["", md.text(fresh), ""] if out else [md.text(fresh), ""])
    while out and out[-1] == "":
        out.pop()
    return out


def _brief(number: int, entry: Entry, edit: editor.ItemEdit) -> str:
    """A folded item of a long issue: its link, stars, reviewers and first sentence, in one list line."""
    first = next(iter(editor.sentences(edit.summary or edit.why)), "")
    reviewers = _who(j.reviewer for j in entry.judgements)
    return (f"- {_heading(number, entry)} · {stars(entry.impact)} · {reviewers}"
            + (f" — {md.text(first)}" if first else ""))


def nav_placeholder(name: str) -> list[str]:
    from ..content import regions

    return [regions.start_marker(name), regions.end_marker(name)]


def _also(page: Page, also: list[Item], words: dict) -> list[str]:
    """The machine-picked list: titles, where and when they came from, no summary (nobody read them)."""
    if not also:
        return []
    offline = not any(written_by_ai(i.triaged_by) for i in also)
    models = sorted({i.model or i.triaged_by for i in also if written_by_ai(i.triaged_by)})
    note = words["also_note_offline"] if offline else words["also_note_ai"].format(model=md.text(", ".join(models)))
    out = [f"## {words['also_title']}", "", f"<sub>{note}</sub>", ""]
    for item in also:
        where = md.text(page.sources.get(item.source) or item.source) if item.source else ""
        if item.shared_by:  # a member's find: credit them, not a feed
            where = i18n.catalog(page.language)("newsletter.shared_by", who=md.handle(item.shared_by))
        facts = [f for f in (where, published_on(item, page)) if f]
        out.append(f"- {md.link(item.title, item.url)}" + "".join(f" · {f}" for f in facts))
    return out + [""]


# An issue of more items than FOLD_FROM shows the FULL best in full, the rest as one line each,
# folded under their category: a long week still reads in a few screens.
FOLD_FROM = 30
FULL = 15


def layout_of(entries: list[Entry], page: Page) -> list[tuple[str, list[tuple[int, Entry, bool]]]]:
    """The issue's body: (category title, [(number, entry, shown in full)]) in the community's order of
    categories; numbers follow that order, so the page reads 1, 2, 3 from the top."""
    chosen = [e for e in entries if e.in_newsletter]
    full = {e.item.id for e in (chosen[:FULL] if len(chosen) >= FOLD_FROM else chosen)}
    titles = {c.id: c.title for c in page.categories}
    out, number = [], 0
    for category, members in group(chosen, list(page.categories)):
        rows = []
        for entry in sorted(members, key=lambda e: e.item.id not in full):  # full ones first, rank kept
            number += 1
            rows.append((number, entry, entry.item.id in full))
        out.append((titles.get(category) or labels(page.language)["other"], rows))
    return out


def render(page: Page, entries: list[Entry], edition: editor.Edition | None = None,
           also: list[Item] = (), pictures: tuple[str, ...] = (HEATMAP_FILE, CATEGORIES_FILE)) -> str:
    """The newsletter's markdown. ``entries`` is :func:`rank`'s output (skipped items included);
    ``also``: :func:`also_this_week`'s list, shown under the reviewed items; ``pictures``: the files
    :func:`pictures` drew. The figures (:func:`stats`) are the maintainers', never on the page."""
    words = labels(page.language)
    chosen = [e for e in entries if e.in_newsletter]
    edition = edition or editor.from_members(chosen, page.categories, page.language)
    week = i18n.catalog(page.language).week_name(page.cycle)
    out = [f"# {title(page)}", "", f"_{md.text(page.community)} · {week}_", "", *nav_placeholder(NAV_TOP), ""]
    if chosen:
        body = layout_of(entries, page)
        numbered = {entry.item.id: number for _, rows in body for number, entry, _ in rows}
        if edition.lead:
            out += [md.text(edition.lead), ""]
        out += [f"## {words['tldr']}", ""]
        said = _Said()
        for item_id, line in edition.tldr:
            entry = next(e for e in chosen if e.item.id == item_id)
            text = said.fresh(line)
            if text:
                target = anchor(_heading(numbered[item_id], entry))
                out.append(f"- **[{md.text(entry.item.title)}](#{target})** — {md.text(text)}")
        by = words["by_ai"].format(model=md.text(edition.model)) if edition.by == editor.BY_AI else words["by_members"]
        out += ["", f"<sub>{by}</sub>", "", f"## {words['items']}", "", f"<sub>{words['order']}</sub>", ""]
        said = _Said()  # the items' own; an item leaves out only its TL;DR sentence (see _untold)
        told = {item_id: line for item_id, line in edition.tldr}
        for category, rows in body:
            out += [f"### {md.text(category)}", ""]
            folded = [(n, e) for n, e, full in rows if not full]
            for number, entry, full in rows:
                if full:
                    edit = edition.items.get(entry.item.id) or editor.edit_item(entry)
                    out += _entry(number, entry, edit, edition.by, page, words, said, told.get(entry.item.id, ""))
            if folded:
                out += ["<details>", f"<summary>{words['folded'].format(n=len(folded))}</summary>", ""]
                out += [_brief(n, e, edition.items.get(e.item.id) or editor.edit_item(e))
                        for n, e in folded]
                out += ["", "</details>", ""]
    else:
        out += [words["lead_empty"], ""]
    out += _also(page, list(also), words)
    drawn = [f"![{words[alt]}]({name})" for name, alt in ((HEATMAP_FILE, "heatmap_alt"),
                                                          (CATEGORIES_FILE, "categories_alt")) if name in pictures]
    if drawn:
        out += [f"## {words['pictures']}", "", *"\n\n".join(drawn).split("\n")]
        out.append("")
    out += ["---", "", *nav_placeholder(NAV_BOTTOM), "", f"<sub>{words['footer']}</sub>", ""]
    return "\n".join(out)
