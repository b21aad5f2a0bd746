"""Text a member sees: review files, the pull request's title and body. Pure and deterministic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .. import i18n
from ..content import cycles, yamlsafe
from ..content.layout import REVIEW_BRANCHES
from ..report import markdown_table
from ..triage.offline import written_by_ai
from ..untrusted import code, for_github, url
from .plan import Candidate, Plan

HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")  # GitHub's login rule, whole string
CHAPTER_CHOICES = 6  # chapters named in a review file's hint; the index lists them all


def done_comment(language: str) -> str:
    """The one way to say "done" (assign.done_comment), as CONTRIBUTING.md also gives it (tests hold the two together)."""
    return i18n.catalog(language)("assign.done_comment")


@dataclass(frozen=True)
class ChapterChoice:
    name: str  # what `chapter:` takes: the file name without .md
    words: frozenset[str]  # its tags, title and name, lowercased, to match against an item


@dataclass(frozen=True)
class ReviewContext:
    """What the repository knows that a member's files and PR body show: the community's
    timezone, its sources' titles, its chapters and each category's keywords."""
    week: cycles.Week = field(default_factory=lambda: cycles.Week(timezone="UTC"))  # config.week
    source_titles: dict[str, str] = field(default_factory=dict)
    chapters: tuple[ChapterChoice, ...] = ()
    category_words: dict[str, frozenset[str]] = field(default_factory=dict)


def words_of(text: str) -> set[str]:
    out, word = set(), []
    for ch in text.lower() + " ":
        if ch.isalnum() or ch in ".-_":
            word.append(ch)
        elif word:
            out.add("".join(word).strip(".-_"))
            word = []
    return {w for w in out if w}


def chapter_choices(item: Candidate, context: ReviewContext) -> list[str]:
    """The chapters an item could go to: those its category's keywords touch first (the ones
    the item's own words point at leading), then the rest; path order breaks ties."""
    category = context.category_words.get(item.category, frozenset())
    own = words_of(f"{item.title} {item.summary}")

    def rank(indexed):
        index, chapter = indexed
        in_category = len(chapter.words & category)
        return (-bool(in_category), -len(chapter.words & own), -in_category, index)

    return [c.name for _, c in sorted(enumerate(context.chapters), key=rank)]


def branch_name(cycle: str, handle: str) -> str:
    return f"{REVIEW_BRANCHES}{cycle}/{handle.lower()}"


def parse_branch(branch: str) -> tuple[str, str] | None:
    """(cycle, handle) of a review branch, or None when it is not one."""
    if not branch.startswith(REVIEW_BRANCHES):
        return None
    rest = branch[len(REVIEW_BRANCHES):].split("/")
    if len(rest) != 2 or not all(rest):
        return None
    try:
        cycles.parse_cycle(rest[0])
    except ValueError:
        return None
    if not HANDLE.fullmatch(rest[1]):
        return None
    return rest[0], rest[1]


def review_relpath(cycle: str, handle: str, item_id: str) -> str:
    return f"news/{cycle}/reviews/{handle.lower()}/{item_id}.md"


def review_file(cycle: str, handle: str, item: Candidate, language: str = i18n.FALLBACK,
                context: ReviewContext | None = None) -> str:
    """A review file: the item reference prefilled, the member's fields empty, triage's summary below."""
    t = i18n.catalog(language)
    choices = chapter_choices(item, context or ReviewContext())[:CHAPTER_CHOICES]
    chapter_hint = t("assign.chapter_hint", choices=" | ".join(choices)) if choices else t("assign.chapter_hint_none")
    by_ai = written_by_ai(item.triaged_by)
    prefilled = {
        "item": item.id, "reviewer": handle, "title": item.title, "url": item.url, "cycle": cycle,
        "triage_score": item.score or None,
    }
    lines = [
        "---",
        yamlsafe.dump(prefilled).rstrip("\n"),
        t("assign.fill_in"),
        "impact:     " + t("assign.impact"),
        "verdict:    " + t("assign.verdict"),
        chapter_hint,
        "summary:    " + t("assign.summary"),
        "why:        " + t("assign.why"),
        "---",
        "",
        f"## {t('assign.ai_summary' if by_ai else 'assign.extract_summary')}",
        "",
        (item.summary or t("assign.none")).strip(),
        "",
    ]
    if item.why:
        # an audit item is one triage dropped: its reason is why it was left out, not why it was kept
        key = "assign.why_audit" if item.audit else "assign.why_ai" if by_ai else "assign.why_extract"
        lines += [f"{t(key)} " + item.why.strip(), ""]
    if item.shared_by:  # the member's note came in a comment: inert words only
        note = f" {t('assign.shared_note', note=for_github(item.shared_note))}" if item.shared_note else ""
        lines += [t("assign.shared_line", by=for_github(item.shared_by), note=note), ""]
    lines += [f"{t('assign.source')} <{item.url}>" if item.url else "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def due_label(cycle: str, language: str, week: cycles.Week | str | None = None) -> str:
    """The due day as this language writes a date with its weekday."""
    return i18n.catalog(language).day(cycles.due_date(cycle, week))


def _last_minute(cycle: str, week: cycles.Week) -> datetime:
    """The last minute a review is on time, in the community's timezone (schedule.due: Wednesday 23:59 by default)."""
    return (cycles.due_time(cycle, week) - timedelta(minutes=1)).astimezone(week.zone)


def due_with_hour(cycle: str, week: cycles.Week, language: str = i18n.FALLBACK) -> str:
    """The due date and hour in ``timezone``, as ``language`` writes them: '2026-11-25 (수) 23:59', 'Wed 2026-11-25 23:59'."""
    return i18n.catalog(language).day_time(_last_minute(cycle, week))


def pull_title(cycle: str, count: int, language: str = i18n.FALLBACK, week: cycles.Week | str | None = None) -> str:
    return i18n.catalog(language)("assign.pull_title", cycle=cycle, n=count, due=due_label(cycle, language, week))


def pull_body(plan: Plan, handle: str, language: str = i18n.FALLBACK, week: cycles.Week | str | None = None,
              context: ReviewContext | None = None) -> str:
    t = i18n.catalog(language)
    context = context or ReviewContext()
    cycle = plan.cycle
    rows = []
    for n, item_id in enumerate(plan.assignments[handle], 1):
        item = plan.items[item_id]
        # Feed titles, sources and addresses are outside text: inert here (no mention, reference or HTML).
        title = for_github(item.title) + (f" {t('assign.carried_over')}" if item.carried_over else "") + (
            f" {t('assign.audit')}" if item.audit else "") + (
            f" {t('assign.follows', item=for_github(item.follows))}" if item.follows else "") + (
            f" {t('assign.shared', by=for_github(item.shared_by))}" if item.shared_by else "")  # the note: in the review file
        target = url(item.url)
        link = f"[{t('assign.link')}]({target})" if target else ""
        source = for_github(context.source_titles.get(item.source) or item.source)
        rows.append([n, title, source, item.score or "", link, code(review_relpath(cycle, handle, item_id))])
    table = markdown_table(list(t.raw("assign.columns")), rows)
    marker = f"<!-- commons:assign cycle={cycle} reviewer={handle.lower()} -->"
    body = t("assign.pull_body", n=len(rows), handle=handle, cycle=cycle, due=due_with_hour(cycle, context.week, language),
             timezone=context.week.timezone, done=done_comment(language), table=table)
    return f"{marker}\n{body}"
