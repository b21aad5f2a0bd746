"""The ways into the newsletter, as generated regions: the news index with each issue's headline,
previous/next/index links in every issue, and the latest issue in README.md and handbook/README.md.
Pure: issues in, region text out."""

from __future__ import annotations

from .. import i18n
from ..content import markdown as md
from ..content.issues import Issue

INDEX_REGION = "news-index"
LATEST_REGION = "news-latest"
NAV_TOP = "news-nav"
NAV_BOTTOM = "news-nav-bottom"
# Files outside news/ that show the latest issue (only where their authors placed the markers),
# and the way from each of them to news/.
LATEST_IN = {"README.md": "news/", "handbook/README.md": "../news/"}



def labels(language: str) -> dict:
    return i18n.catalog(language).section("news_pages")


def _headline(issue: Issue, words: dict) -> str:
    if not issue.headline:
        return "—"
    more = f" {words['more'].format(n=issue.count - 1)}" if issue.count > 1 else ""
    return f"{md.text(issue.headline)}{more}"


def _date(issue: Issue) -> str:
    """The issue's date, the last part of its title: the newsletter's name goes before it, and where
    the name already stands beside the link (the latest-issue line, the index) it would read twice."""
    return md.text(issue.title.split(" · ", 1)[-1])


def _count(n: int, words: dict) -> str:
    return words["count_one"] if n == 1 else words["count_n"].format(n=n)


def news_index(issues: list[Issue], pending: list[str], language: str) -> str:
    """Every cycle newest first: a published issue's date, link, headline and count, or "not yet"."""
    words = labels(language)
    if not issues and not pending:
        return f"\n{words['none']}\n\n"
    out = ["", f"[{words['feed']}](feed.xml)", ""]
    # A list, not a table: on a phone a table's narrow columns wrap one syllable a line. The link
    # names the issue by its date (the title's last part); the headline goes on its own line.
    rows = [(issue.cycle, f"- **[{_date(issue)}]({issue.cycle}/README.md)**"
                          + (f" · {_count(issue.count, words)}" if issue.count else "")
                          + f"  \n  {_headline(issue, words)}") for issue in issues]
    week = i18n.catalog(language).week_name  # a reader's week, not the cycle's code
    rows += [(cycle, f"- {words['cycle'].format(cycle=week(cycle))} · {words['not_yet']}") for cycle in pending]
    out += [row for _, row in sorted(rows, reverse=True)]
    return "\n".join(out) + "\n\n"


def nav(issues: list[Issue], cycle: str, language: str) -> str:
    """Previous / all / next links for the issue of ``cycle``."""
    words = labels(language)
    ordered = sorted(issues, key=lambda i: i.cycle)
    names = [i.cycle for i in ordered]
    steps = []
    if cycle in names:
        at = names.index(cycle)
        if at > 0:
            steps.append(f"[{words['previous']}](../{names[at - 1]}/README.md)")
        steps.append(f"[{words['all']}](../README.md)")
        if at + 1 < len(names):
            steps.append(f"[{words['next']}](../{names[at + 1]}/README.md)")
    else:
        steps.append(f"[{words['all']}](../README.md)")
    steps.append(f"[{words['feed']}](../feed.xml)")
    return " · ".join(steps) + "\n"


def latest(issues: list[Issue], to_news: str, language: str) -> str:
    words = labels(language)
    if not issues:
        return f"{words['latest_none']}\n"
    issue = max(issues, key=lambda i: i.cycle)
    line = words["latest"].format(title=_date(issue), link=f"{to_news}{issue.cycle}/README.md",
                                  headline=_headline(issue, words))
    return f"{line} · [{words['all']}]({to_news}README.md) · [{words['feed']}]({to_news}feed.xml)\n"
