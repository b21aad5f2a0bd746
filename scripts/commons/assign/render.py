"""Text a member sees: review files, the pull request's title and body. Pure and deterministic."""

from __future__ import annotations

import re

from .. import i18n
from ..content import cycles, yamlsafe
from ..report import markdown_table
from ..untrusted import code, for_github, url
from .plan import Candidate, Plan

BRANCH_PREFIX = "commons/review/"
HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")  # GitHub's login rule, whole string
REVIEWER_FIELDS = ("impact", "verdict", "summary", "why")  # what the member fills in


def branch_name(cycle: str, handle: str) -> str:
    return f"{BRANCH_PREFIX}{cycle}/{handle.lower()}"


def parse_branch(branch: str) -> tuple[str, str] | None:
    """(cycle, handle) of a review branch, or None when it is not one."""
    if not branch.startswith(BRANCH_PREFIX):
        return None
    rest = branch[len(BRANCH_PREFIX):].split("/")
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


def review_file(cycle: str, handle: str, item: Candidate, language: str = i18n.FALLBACK) -> str:
    """A review file: the item reference prefilled, the member's fields empty, the AI summary below."""
    t = i18n.catalog(language)
    prefilled = {
        "item": item.id, "reviewer": handle, "title": item.title, "url": item.url, "cycle": cycle,
        "ai_score": item.score or None,
    }
    lines = [
        "---",
        yamlsafe.dump(prefilled).rstrip("\n"),
        t("assign.fill_in"),
        "impact:     " + t("assign.impact"),
        "verdict:    " + t("assign.verdict"),
        "summary:    " + t("assign.summary"),
        "why:        " + t("assign.why"),
        "---",
        "",
        f"## {t('assign.ai_summary')}",
        "",
        (item.summary or t("assign.none")).strip(),
        "",
    ]
    if item.why:
        lines += [f"{t('assign.why_ai')} " + item.why.strip(), ""]
    lines += [f"{t('assign.source')} <{item.url}>" if item.url else "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def due_label(cycle: str, language: str, week: cycles.Week | str | None = None) -> str:
    """The due day as this language writes a date with its weekday."""
    return i18n.catalog(language).day(cycles.due_date(cycle, week))


def pull_title(cycle: str, count: int, language: str = i18n.FALLBACK, week: cycles.Week | str | None = None) -> str:
    return i18n.catalog(language)("assign.pull_title", cycle=cycle, n=count, due=due_label(cycle, language, week))


def pull_body(plan: Plan, handle: str, language: str = i18n.FALLBACK, week: cycles.Week | str | None = None) -> str:
    t = i18n.catalog(language)
    cycle = plan.cycle
    rows = []
    for n, item_id in enumerate(plan.assignments[handle], 1):
        item = plan.items[item_id]
        # Feed titles, sources and addresses are outside text: inert here (no mention, reference or HTML).
        title = for_github(item.title) + (f" {t('assign.carried_over')}" if item.carried_over else "")
        target = url(item.url)
        link = f"[{t('assign.link')}]({target})" if target else ""
        rows.append([n, title, for_github(item.source), item.score or "", link,
                     code(review_relpath(cycle, handle, item_id))])
    table = markdown_table(list(t.raw("assign.columns")), rows)
    marker = f"<!-- commons:assign cycle={cycle} reviewer={handle.lower()} -->"
    body = t("assign.pull_body", n=len(rows), handle=handle, cycle=cycle, due=due_label(cycle, language, week), table=table)
    return f"{marker}\n{body}"
