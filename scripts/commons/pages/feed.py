"""``news/feed.xml``: every issue as an Atom entry (RFC 4287), newest first. Pure.

Entry ids are the issue's address when ``newsletter.url`` (or the repository on
GitHub) is known, else a stable ``urn:uuid`` derived from the community's name and
the cycle, so an entry keeps its id when the feed is regenerated. The content is
the issue's TL;DR as escaped HTML: nothing a feed reader runs.
"""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from ..content.issues import Issue

PATH = "news/feed.xml"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _id(base: str, community: str, what: str) -> str:
    if base:
        return f"{base}{what}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'commons:{community}:{what}')}"


def render(issues: list[Issue], *, community: str, title: str, description: str, language: str, base: str = "") -> str:
    """The Atom document. ``base`` is the address of news/ ending in '/', or '' for relative links."""
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
        f"  <id>{escape(_id(base, community, 'feed.xml'))}</id>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + "README.md")}/>',
    ]
    if base:
        out.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + "feed.xml")}/>')
    out += [
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(community)}</name></author>",
        '  <generator uri="https://github.com/">commons</generator>',
    ]
    for issue in newest:
        link = f"{base}{issue.cycle}/README.md"
        html = "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in issue.tldr) + "</ul>"
        summary = " / ".join(issue.tldr) or issue.headline
        out += [
            "  <entry>",
            f"    <title>{escape(f'{issue.title} — {issue.headline}' if issue.headline else issue.title)}</title>",
            f"    <id>{escape(_id(base, community, f'{issue.cycle}/README.md'))}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <published>{_stamp(issue.date)}</published>",
            f"    <updated>{_stamp(issue.date)}</updated>",
            f"    <summary type=\"text\">{escape(summary)}</summary>",
            f"    <content type=\"html\">{escape(html)}</content>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def base_url(config, environ) -> str:
    """Where news/ is read: ``newsletter.url``, else the repository on GitHub when Actions names it."""
    url = config.newsletter.url
    if url:
        return url if url.endswith("/") else url + "/"
    repository = environ.get("GITHUB_REPOSITORY", "")
    if repository.count("/") == 1:
        server = environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return f"{server}/{repository}/blob/{config.publish.branch}/news/"
    return ""
