"""A source suggested through the issue form → a plan for one PR that adds it to commons.yml. Pure.

The issue form (``.github/ISSUE_TEMPLATE/suggest-source.yml``) writes its answers as
markdown: a ``### <label>`` heading per field and the answer below it (``_No response_``
when left empty). The body is untrusted: only the fields' answers are read, each checked
against its form (an address as ``collect.urls.checked_url`` allows, a kind from the form's
list, a one-line name), and nothing of it is shown except through ``untrusted``.

commons.yml keeps its comments and layout: the new source is one flow-mapping line added
after the last entry of ``sources:``, written the way the file's other entries are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..collect import failure
from ..collect.parse import KINDS
from ..content import layout
from ..i18n import say
from ..untrusted import one_line

# The form's field ids, by the labels the form gives them (Korean · English, as in the template).
FIELDS = {"피드 주소 · Feed URL": "url", "이름 · Name": "title", "종류 · Kind": "kind",
          "언어 · Language": "language", "왜 따라갈 만한가요 · Why is it worth following?": "why"}
LANGUAGES = {"한국어 · Korean": "ko", "영어 · English": "en"}
MAX_TITLE = 120
BRANCH_PREFIX = "commons/source/"


class FormError(Exception):
    """The issue body is not the form's answers; ``field`` names the one that is wrong."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason  # a key of sources.form in the catalogs


@dataclass(frozen=True)
class Suggestion:
    url: str
    title: str
    kind: str = "feed"
    language: str = ""


def parse_form(body: str, allow_private: bool = False) -> Suggestion:
    """The form's answers, checked; FormError naming the first field that is missing or wrong."""
    from ..collect.urls import checked_url

    answers: dict[str, str] = {}
    current = None
    for line in (body or "")[:20_000].replace("\r\n", "\n").split("\n"):
        heading = re.match(r"^###\s+(.+?)\s*$", line)
        if heading:
            current = FIELDS.get(heading[1])
            if current in answers:
                current = None  # a field's heading written again in an answer: the form's own comes first
            elif current is not None:
                answers[current] = ""
            continue
        if current is not None:
            answers[current] += line + "\n"
    values = {k: v.strip() for k, v in answers.items() if v.strip() and v.strip() != "_No response_"}
    if "url" not in values:
        raise FormError("url", "missing")
    address, why = checked_url(values["url"].split()[0] if values["url"].split() else "", allow_private)
    if not address or len(values["url"].split()) != 1:
        raise FormError("url", why or "not_url")
    title = one_line(values.get("title", ""))
    if not title:
        raise FormError("title", "missing")
    if len(title) > MAX_TITLE:
        raise FormError("title", "too_long")
    kind_answer = values.get("kind", "feed")
    kind = kind_answer.split()[0] if kind_answer.split() else ""
    if kind not in KINDS:
        raise FormError("kind", "unknown_kind")
    return Suggestion(address, title, kind, LANGUAGES.get(values.get("language", ""), ""))


def source_id(title: str, url: str, taken: set[str]) -> str:
    """A new id from the name (or the host), unlike any id commons.yml has."""
    from urllib.parse import urlsplit

    from ..content.romanize import romanize

    base = layout.slugify(romanize(title), 40) or layout.slugify(urlsplit(url).hostname or "", 40) or "source"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def source_line(new_id: str, suggestion: Suggestion) -> str:
    """The entry as the file writes the others: one flow mapping on one line (strings JSON-quoted,
    which YAML reads as they are)."""
    parts = [f"id: {new_id}", f"title: {json.dumps(suggestion.title, ensure_ascii=False)}",
             f"url: {json.dumps(suggestion.url)}"]
    if suggestion.kind != "feed":
        parts.append(f"kind: {suggestion.kind}")
    if suggestion.language:
        parts.append(f"language: {suggestion.language}")
    return "  - {" + ", ".join(parts) + "}"


def add_source(text: str, line: str, issue: int) -> str:
    """commons.yml with ``line`` added after the last entry of ``sources:``, everything else as it was.
    ValueError when the file has no block ``sources:`` list to add to."""
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if re.match(r"^sources:\s*(#.*)?$", l)), None)
    if start is None:
        raise ValueError(say("sources.no_list"))
    last = None
    for i in range(start + 1, len(lines)):
        if lines[i].strip() == "" or lines[i].lstrip().startswith("#"):
            continue
        if not lines[i].startswith((" ", "-")):
            break
        last = i
    if last is None or not lines[last].lstrip().startswith(("-", " ")):
        raise ValueError(say("sources.not_entries"))
    indent = re.match(r"^(\s*)-", lines[next(i for i in range(start + 1, last + 1) if lines[i].lstrip().startswith("-"))])
    line = (indent[1] if indent else "  ") + line.lstrip()
    comment = (indent[1] if indent else "  ") + f"# Suggested in issue {issue}"
    return "\n".join(lines[: last + 1] + [comment, line] + lines[last + 1:])


@dataclass(frozen=True)
class TestFetch:
    ok: bool
    entries: int = 0
    newest_date: str = ""  # the latest entry's date (published), ISO
    newest_title: str = ""  # untrusted: shown only through for_github
    error: str = ""


def summarize(outcome) -> TestFetch:
    """collect's Outcome of the one source → what the PR body and the comment say."""
    if not outcome.ok:
        return TestFetch(False, error=outcome.error)
    if not outcome.entries:
        return TestFetch(False, error=failure.coded("no_entries"))
    dated = sorted((e for e in outcome.entries if e.get("published")), key=lambda e: e["published"], reverse=True)
    newest = dated[0] if dated else outcome.entries[0]
    return TestFetch(True, len(outcome.entries), str(newest.get("published") or ""), str(newest.get("title") or ""))


def branch(issue: int) -> str:
    return f"{BRANCH_PREFIX}{issue}"
