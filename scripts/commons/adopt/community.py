"""A new community's repository, as a plan: which files of this one to take, which to leave, what to write.

Pure: answers in, a :class:`Plan` out (``commons init --dry-run`` prints it). The engine
(``scripts/``, ``schemas/``, the workflows, the locks) is taken as it is; what belongs to
a community (chapters, members, CODEOWNERS, sources, categories, the sample feeds, the
engine's own tests and benchmarks, README and the contribution guide) is left behind
unless asked for, and written anew from the answers, in the community's language.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

from .. import i18n
from ..i18n import say
from ..config import week_of
from ..content.cycles import WEEKDAYS
from ..schedule.workflows import WORKFLOW_DIR, rewritten
from ..schedule.core import WORKFLOWS

# Taken as they are: the engine. Everything else is the community's own.
ENGINE = ("scripts", "schemas", ".github/workflows", ".github/dependabot.yml", "requirements", ".ci",
          "pyproject.toml", "LICENSE", ".gitignore")
# The setup guide, one file per language: the new repository gets the one in its language as SETUP.md.
SETUP_GUIDES = {"en": "SETUP.md", "ko": "SETUP.ko.md"}
# What --keep may bring along, and the paths it brings.
KEEPABLE = {
    "chapters": ("handbook",),
    "members": ("members.yml",),
    "examples": ("examples",),
    "tests": ("tests", "bench"),
    "sources": (),  # commons.yml's sources
    "categories": (),  # commons.yml's categories
}
SKIPPED_NAMES = {"__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks"}
HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
ID = re.compile(r"[^a-z0-9]+")
SCHEDULE_KEYS = ("distribute", "remind", "due", "publish", "collect")


@dataclass(frozen=True)
class Answers:
    name: str
    language: str
    timezone: str
    topic: str = ""
    description: str = ""
    maintainers: tuple[str, ...] = ()
    sources: tuple[dict, ...] = ()  # commons.yml source entries
    categories: tuple[dict, ...] = ()  # commons.yml category entries
    schedule: dict = field(default_factory=dict)  # event → "weekday HH:MM"
    keep: frozenset[str] = frozenset()
    site_url: str = ""  # the site's address (GitHub Pages): the feed's and announcements' links point there


@dataclass
class Plan:
    copy: list[str] = field(default_factory=list)  # repository-relative paths taken from this repository
    write: dict[str, str] = field(default_factory=dict)  # path → text written anew
    left: list[str] = field(default_factory=list)  # paths of ours not taken (what --keep could bring)

    def describe(self) -> list[str]:
        lines = ["take from this repository:"] + [f"  {p}" for p in self.copy]
        lines += ["write anew:"] + [f"  {p}" for p in sorted(self.write)]
        lines += ["leave behind (ours):"] + [f"  {p}" for p in self.left]
        return lines


def source_from_url(url: str) -> dict:
    """A sources entry for a feed address: its kind and an id guessed from where it lives."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    kind = "feed"
    if host == "rss.arxiv.org" or host.endswith("arxiv.org") and "/rss/" in parts.path:
        kind = "arxiv"
    elif host == "huggingface.co" and "daily_papers" in parts.path:
        kind = "hf-papers"
    elif host == "github.com" and parts.path.endswith("/releases.atom"):
        kind = "github-releases"
    elif host == "hnrss.org":
        kind = "hn"
    slug_source = host.split(":")[0].removesuffix(".com").removesuffix(".org")
    if kind == "github-releases":
        slug_source = parts.path.removesuffix("/releases.atom")
    elif kind == "arxiv":
        slug_source = "arxiv-" + parts.path.rstrip("/").rsplit("/", 1)[-1]
    ident = ID.sub("-", slug_source.lower()).strip("-")[:40].strip("-") or "source"
    entry = {"id": ident, "url": url}
    if kind != "feed":
        entry["kind"] = kind
    return entry


def unique_ids(entries: list[dict]) -> list[dict]:
    seen: dict[str, int] = {}
    out = []
    for entry in entries:
        base = entry["id"]
        seen[base] = seen.get(base, 0) + 1
        out.append(entry if seen[base] == 1 else {**entry, "id": f"{base}-{seen[base]}"})
    return out


def category_from_text(text: str) -> dict:
    """``id=Title`` or just a title (the id is made from it)."""
    ident, sep, title = text.partition("=")
    if not sep:
        title, ident = text, text
    ident = ID.sub("-", ident.strip().lower()).strip("-")
    if not ident or not title.strip():
        raise ValueError(say("init.not_a_category", text=text))
    return {"id": ident, "title": title.strip()}


def _scalar(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string, whatever it holds


def _flow(entry: dict) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v) if isinstance(v, str) else json.dumps(v)}" for k, v in entry.items()) + "}"


def commons_yml(answers: Answers, ours: dict) -> str:
    """The new commons.yml: the answers, the engine's defaults written out so people see what they can change."""
    sources = list(ours.get("sources", [])) if "sources" in answers.keep else []
    sources += list(answers.sources)
    categories = list(ours.get("categories", [])) if "categories" in answers.keep else []
    categories += list(answers.categories)
    if not categories:
        categories = [{"id": "general", "title": i18n.catalog(answers.language)("init.general")}]
    week = week_of(answers.timezone, answers.schedule)
    lines = [
        "# The community's configuration; keys are documented in schemas/commons.schema.yml.",
        "# `commons validate commons.yml` checks it; after changing `schedule`, run `commons schedule --write`.",
        f"name: {_scalar(answers.name)}",
    ]
    if answers.description:
        lines.append(f"description: {_scalar(answers.description)}")
    if answers.site_url:
        lines.append(f"site_url: {_scalar(answers.site_url)}")
    lines += [f"language: {answers.language}", f"timezone: {answers.timezone}"]
    if answers.topic:
        lines.append(f"topic: {_scalar(answers.topic)}")
    lines += ["", "# The week, in local time of `timezone` (weekday HH:MM; collect: daily HH:MM).", "schedule:"]
    lines += [f"  {key}: {getattr(week, key)}" for key in SCHEDULE_KEYS]
    lines += ["", "sources:"] + [f"  - {_flow(s)}" for s in sources]
    lines += ["", "categories:"]
    for category in categories:
        lines.append(f"  - id: {category['id']}")
        for key in ("title", "title_en", "description"):
            if category.get(key):
                lines.append(f"    {key}: {_scalar(category[key])}")
        if category.get("keywords"):
            lines.append(f"    keywords: [{', '.join(_scalar(k) for k in category['keywords'])}]")
    lines += [
        "",
        "triage:",
        "  provider: auto          # the OpenAI API when OPENAI_API_KEY or OPENAI_BASE_URL is set, else offline",
        "  model: gpt-4o-mini",
        "  threshold: 3            # items scored below this are kept on disk as `dropped`",
        "",
        "review:",
        "  reviewers_per_item: 2",
        "  max_items_per_member: 6",
        f"  maintainers: [{', '.join(answers.maintainers)}]",
        "  approval: maintainers   # or any-member (anyone but the author)",
        "",
        "publish:",
        "  mode: commit            # or pull-request when main is protected against the bot",
    ]
    return "\n".join(lines) + "\n"


def members_yml(answers: Answers) -> str:
    lines = ["# The roster. `github` is each member's identity everywhere (branches, folders, PRs).",
             "# Keys are documented in schemas/members.schema.yml.", "members:"]
    lines += [f"  - github: {handle}" for handle in answers.maintainers]
    return "\n".join(lines) + "\n"


def codeowners(answers: Answers) -> str:
    owners = " ".join(f"@{h}" for h in answers.maintainers)
    return (
        "# Who is asked to review changes (the last matching line wins). Review PRs are assigned by `commons assign`.\n"
        f"*                 {owners}\n"
        f"/handbook/        {owners}\n"
        f"/schemas/         {owners}\n"
        f"/.github/         {owners}\n"
        f"/scripts/         {owners}\n"
    )


def _week_words(answers: Answers) -> dict:
    t = i18n.catalog(answers.language)
    week = week_of(answers.timezone, answers.schedule)
    days = t.raw("calendar.weekdays")

    def moment(m) -> str:
        return f"{days[m.weekday]} {m.at.strftime('%H:%M')}"

    return {
        "timezone": answers.timezone, "collect_time": week.collect.at.strftime("%H:%M"),
        "distribute": moment(week.distribute), "remind": moment(week.remind), "due": moment(week.due),
        "publish": moment(week.publish), "distribute_day": days[week.distribute.weekday],
        "due_day": days[week.due.weekday], "publish_day": days[week.publish.weekday],
    }


def issue_templates(answers: Answers) -> dict[str, str]:
    t = i18n.catalog(answers.language)
    chapter, source = t.section("init")["issue_chapter"], t.section("init")["issue_source"]

    def dump(data: dict) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)

    chapter_form = {
        "name": chapter["name"], "description": chapter["description"], "title": "[chapter] ", "labels": ["chapter"],
        "body": [
            {"type": "markdown", "attributes": {"value": chapter["intro"]}},
            {"type": "input", "id": "title", "attributes": {"label": chapter["title"]}, "validations": {"required": True}},
            {"type": "input", "id": "part", "attributes": {"label": chapter["part"]}},
            {"type": "dropdown", "id": "level", "attributes": {"label": chapter["level"], "options": list(chapter["levels"])}},
            {"type": "textarea", "id": "summary", "attributes": {"label": chapter["summary"], "description": chapter["summary_help"]},
             "validations": {"required": True}},
            {"type": "textarea", "id": "connections", "attributes": {"label": chapter["connections"]}},
            {"type": "textarea", "id": "resources", "attributes": {"label": chapter["resources"], "description": chapter["resources_help"],
                                                                   "placeholder": "- **paper** · [Title](https://arxiv.org/abs/...) — why"},
             "validations": {"required": True}},
            {"type": "checkboxes", "id": "write", "attributes": {"label": chapter["write"], "options": [{"label": chapter["write_label"]}]}},
        ],
    }
    source_form = {
        "name": source["name"], "description": source["description"], "title": "[source] ", "labels": ["source"],
        "body": [
            {"type": "markdown", "attributes": {"value": source["intro"]}},
            {"type": "input", "id": "url", "attributes": {"label": source["url"], "description": source["url_help"],
                                                          "placeholder": "https://example.com/feed.xml"}, "validations": {"required": True}},
            {"type": "input", "id": "title", "attributes": {"label": source["title"]}, "validations": {"required": True}},
            {"type": "dropdown", "id": "kind", "attributes": {"label": source["kind"],
                                                              "options": ["feed (RSS/Atom/RDF)", "arxiv", "hf-papers", "github-releases", "hn"]}},
            {"type": "textarea", "id": "why", "attributes": {"label": source["why"], "description": source["why_help"]},
             "validations": {"required": True}},
        ],
    }
    return {".github/ISSUE_TEMPLATE/suggest-chapter.yml": dump(chapter_form),
            ".github/ISSUE_TEMPLATE/suggest-source.yml": dump(source_form)}


SMOKE_TEST = '''"""This community's repository is valid, and its workflows run at the local times commons.yml names."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_repository_validates():
    done = subprocess.run([sys.executable, "-m", "commons.cli", "--repo", str(ROOT), "validate"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
'''


def setup_guide(language: str, guides: dict[str, str]) -> str | None:
    """The setup guide in ``language`` (English when there is none), without its links to the other languages."""
    name = SETUP_GUIDES.get(i18n.base_language(language), SETUP_GUIDES["en"])
    text = guides.get(name) or guides.get(SETUP_GUIDES["en"])
    if text is None:
        return None
    lines = text.split("\n")
    return "\n".join(ln for ln in lines if not re.fullmatch(r"\[[^\]]+\]\(SETUP(\.[a-z-]+)?\.md\)", ln.strip()))


def plan(answers: Answers, present: list[str], ours: dict, workflows: dict[str, str],
         guides: dict[str, str] | None = None) -> Plan:
    """What ``commons init`` does. ``present``: top-level-ish paths of this repository (files and folders, relative);
    ``ours``: this repository's commons.yml data; ``workflows``: name → text of the scheduled workflows."""
    result = Plan()
    kept_paths = {p for k in answers.keep for p in KEEPABLE.get(k, ())}
    for path in present:
        if path in ENGINE or path in kept_paths:
            result.copy.append(path)
        elif path not in (".git", ".venv") and path.split("/")[0] not in SKIPPED_NAMES and not path.endswith(".egg-info"):
            result.left.append(path)
    t = i18n.catalog(answers.language)
    description = answers.description or t("init.description")
    words = _week_words(answers)
    write = result.write
    write["commons.yml"] = commons_yml(answers, ours)
    if "members" not in answers.keep:
        write["members.yml"] = members_yml(answers)
    write["README.md"] = t("init.readme", name=answers.name, description=description, **words)
    write["CONTRIBUTING.md"] = t("init.contributing", **words)
    write[".github/CODEOWNERS"] = codeowners(answers)
    write[".github/PULL_REQUEST_TEMPLATE.md"] = t("init.pull_request_template")
    write.update(issue_templates(answers))
    if "chapters" not in answers.keep:
        write["handbook/README.md"] = (
            f"# {answers.name}\n\n{t('init.handbook_intro')}\n\n"
            "<!-- commons:handbook-index start -->\n<!-- commons:handbook-index end -->\n"
        )
    if "tests" not in answers.keep:
        write["tests/test_commons_repository.py"] = SMOKE_TEST
    guide = setup_guide(answers.language, guides or {})
    if guide is not None:
        write["SETUP.md"] = guide
    week = week_of(answers.timezone, answers.schedule)
    for event, name in WORKFLOWS.items():
        text = workflows.get(name)
        if text is not None:
            new = rewritten(text, week, event)
            if new is not None and new != text:
                write[f"{WORKFLOW_DIR}/{name}"] = new
    result.copy.sort()
    result.left.sort()
    return result


def check_answers(answers: Answers) -> list[str]:
    """Problems with the answers, one line each naming the option."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    problems = []
    if not answers.name.strip():
        problems.append("--name: " + say("init.no_name"))
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", answers.language):
        problems.append("--language: " + say("init.bad_language", language=answers.language))
    try:
        ZoneInfo(answers.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append("--timezone: " + say("init.bad_timezone", timezone=answers.timezone))
    if not answers.maintainers:
        problems.append("--maintainer: " + say("init.no_maintainer"))
    if answers.site_url and not re.fullmatch(r"https://\S+", answers.site_url):
        problems.append("--site-url: " + say("init.bad_site_url", url=answers.site_url))
    problems += ["--maintainer: " + say("init.bad_handle", handle=h) for h in answers.maintainers if not HANDLE.match(h)]
    if not answers.sources and "sources" not in answers.keep:
        problems.append("--source: " + say("init.no_source"))
    unknown = answers.keep - set(KEEPABLE)
    if unknown:
        problems.append("--keep: " + say("init.bad_keep", keep=", ".join(sorted(unknown)), choices=", ".join(KEEPABLE)))
    for key, value in answers.schedule.items():
        from ..content.cycles import parse_moment

        try:
            parse_moment(value, daily_allowed=key == "collect")
        except ValueError as exc:
            problems.append(f"--{key}: {exc}")
    return problems


__all__ = ["Answers", "Plan", "plan", "check_answers", "source_from_url", "category_from_text", "WEEKDAYS"]
