"""``news/feed.xml``: every issue as an Atom entry (RFC 4287), newest first. Pure.

Links are absolute wherever an address is known (:class:`Links`): the issue's page on the
site (``site_url`` in commons.yml, which ``init`` writes and the pages workflow fills in for
the site's own copy), else its file on GitHub. Entry ids are those addresses, else a stable
``urn:uuid`` from the community's name and the cycle, so an entry keeps its id when the feed
is regenerated. An entry's content is the whole issue as escaped HTML — every item's title,
link, summary and reviewers — so a feed reader shows the news without a click; nothing in it
runs (every piece of text is escaped, links are http(s) only).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .. import i18n
from ..content.issues import Issue

PATH = "news/feed.xml"


@dataclass(frozen=True)
class Links:
    """Where news/ is read: ``base`` is its address ending in '/' ('' when unknown); ``site``: a built
    site, where an issue is the folder ``<cycle>/``, not GitHub's ``<cycle>/README.md``."""

    base: str = ""
    site: bool = False

    def issue(self, cycle: str) -> str:
        return f"{self.base}{cycle}/" if self.site else f"{self.base}{cycle}/README.md"

    def index(self) -> str:
        return self.base if self.site else f"{self.base}README.md"

    def feed(self) -> str:
        return f"{self.base}feed.xml"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _id(links: Links, community: str, what: str) -> str:
    if links.base:
        return f"{links.base}{what}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'commons:{community}:{what}')}"


def _href(url: str) -> str:
    return url if url.lower().startswith(("https://", "http://")) else ""


def content(issue: Issue, link: str, language: str) -> str:
    """The issue as HTML: its lead, then each item under its category with link, summary and reviewers."""
    words = i18n.catalog(language).section("newsletter")
    html = []
    if issue.lead:
        html.append(f"<p>{escape(issue.lead)}</p>")
    if not issue.items:  # a record written before items were kept: the TL;DR lines
        html.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in issue.tldr) + "</ul>")
    group = None
    for item in issue.items:
        if item.get("group") and item.get("group") != group:
            group = item["group"]
            html.append(f"<h2>{escape(group)}</h2>")
        title, href = escape(str(item.get("title", ""))), _href(str(item.get("url", "")))
        html.append(f"<h3><a href={quoteattr(href)}>{title}</a></h3>" if href else f"<h3>{title}</h3>")
        for key in ("summary", "why"):
            if item.get(key):
                html.append(f"<p>{escape(str(item[key]))}</p>")
        facts = [str(item[key]) for key in ("date", "source") if item.get(key)]
        reviewers = ", ".join("@" + str(r) for r in item.get("reviewers", ()))
        if reviewers:
            facts.append(words["feed_reviewers"].format(who=reviewers))
        if facts:
            html.append(f"<p><small>{escape(' · '.join(facts))}</small></p>")
    if link:
        html.append(f"<p><a href={quoteattr(link)}>{escape(words['feed_read'])}</a></p>")
    return "".join(html)


def render(issues: list[Issue], *, community: str, title: str, description: str, language: str,
           links: Links = Links()) -> str:
    """The Atom document; without an address (``links.base`` empty) links are relative to news/."""
    newest = sorted(issues, key=lambda i: (i.date, i.cycle), reverse=True)
    updated = _stamp(newest[0].date) if newest else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(f'{community} · {title}')}</title>",
    ]
    if description:
        out.append(f"  <subtitle>{escape(description)}</subtitle>")
    out += [
        f"  <id>{escape(_id(links, community, 'feed.xml'))}</id>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(links.index())}/>',
    ]
    if links.base:
        out.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(links.feed())}/>')
    out += [
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(community)}</name></author>",
        '  <generator uri="https://github.com/">commons</generator>',
    ]
    for issue in newest:
        link = links.issue(issue.cycle)
        summary = issue.lead or " / ".join(issue.tldr) or issue.headline
        out += [
            "  <entry>",
            f"    <title>{escape(f'{issue.title} — {issue.headline}' if issue.headline else issue.title)}</title>",
            f"    <id>{escape(_id(links, community, f'{issue.cycle}/README.md'))}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <published>{_stamp(issue.date)}</published>",
            f"    <updated>{_stamp(issue.date)}</updated>",
            f"    <summary type=\"text\">{escape(summary)}</summary>",
            f"    <content type=\"html\">{escape(content(issue, link if links.base else '', language))}</content>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def base_url(config, environ) -> Links:
    """Where news/ is read: the site (``site_url``, else ``COMMONS_SITE_URL`` as the pages workflow sets
    it), else ``newsletter.url``, else the repository on GitHub when Actions names it."""
    site = getattr(config, "site_url", "") or environ.get("COMMONS_SITE_URL", "")
    if site:
        return Links(_slash(site) + "news/", site=True)
    url = config.newsletter.url
    if url:
        return Links(_slash(url))
    repository = environ.get("GITHUB_REPOSITORY", "")
    if repository.count("/") == 1:
        server = environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return Links(f"{server}/{repository}/blob/{config.publish.branch}/news/")
    return Links()
