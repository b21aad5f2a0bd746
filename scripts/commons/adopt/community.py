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
from ..schedule.workflows import DEPENDABOT, WORKFLOW_DIR, dependabot_rewritten, rewritten
from ..schedule.core import WORKFLOWS

# Taken as they are: the engine. Everything else is the community's own.
ENGINE = ("scripts", "schemas", ".github/workflows", ".github/dependabot.yml", "requirements", ".ci",
          "pyproject.toml", "LICENSE", ".gitignore")
# Written from ours, in the community's language: the workflows and SETUP.md send people to SECURITY.md.
SECURITY = "SECURITY.md"
# A workflow's comment citing a file of ours that is left behind: "(tests/test_workflows.py)", "(see bench/assign)".
CITATION = re.compile(r" *\((?:see )?((?:tests|bench|examples)/[^)\s]*)\)")
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
SCHEDULE_KEYS = ("distribute", "remind", "due", "publish", "agenda", "collect")


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


def source_from_url(url: str, title: str = "") -> dict:
    """A sources entry for a feed address: its kind and an id readers can tell apart, from its title when
    it has one, else from where it lives (the host; a file's name for a ``file:`` feed)."""
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
    if not slug_source or slug_source in ("localhost", "127.0.0.1"):  # file: and local feeds: the file's name
        slug_source = parts.path.rstrip("/").rsplit("/", 1)[-1].split(".")[0]
    if title.strip():
        slug_source = title
    elif kind == "github-releases":
        slug_source = parts.path.removesuffix("/releases.atom")
    elif kind == "arxiv":
        slug_source = "arxiv-" + parts.path.rstrip("/").rsplit("/", 1)[-1]
    ident = ID.sub("-", slug_source.lower()).strip("-")[:40].strip("-") or "source"
    entry = {"id": ident, "url": url}
    if kind != "feed":
        entry["kind"] = kind
    return entry


def unique_ids(entries: list[dict]) -> list[dict]:
    """Ids made unique: a second feed of the same host gets its path's last word (``example-ml``), then a number."""
    taken: set[str] = set()
    out = []
    for entry in entries:
        ident = entry["id"]
        if ident in taken:
            segments = [ID.sub("-", s.split(".")[0].lower()).strip("-") for s in urlsplit(entry.get("url", "")).path.split("/")]
            tail = next((s for s in reversed(segments) if s and s not in GENERIC_PATH_WORDS), "")
            ident = f"{ident}-{tail}"[:40].strip("-") if tail and f"{ident}-{tail}" not in taken else ident
        n = 2
        while ident in taken:
            ident, n = f"{entry['id']}-{n}", n + 1
        taken.add(ident)
        out.append({**entry, "id": ident})
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


HANGUL = re.compile(r"[가-힣]")
WORD = re.compile(r"[a-z0-9][a-z0-9.+#]*[a-z0-9+#]|[가-힣]+")
GENERIC_PATH_WORDS = {"feed", "feeds", "rss", "atom", "index", "all", "xml"}
MAX_KEYWORDS = 24


def suggested_keywords(category: dict, answers: Answers, ours: dict) -> list[str]:
    """Keywords for a category init writes, so the offline triager can tell the categories apart from
    the first week: the words of its id and title, the keywords of this repository's categories that
    share a word with it (in the new community's script), and, for a lone category, the topic's words."""
    from ..triage.offline import topic_terms

    def words_of(text: str) -> list[str]:
        return [w for w in WORD.findall(text.lower().replace("-", " ")) if len(w) >= 3 and w not in ("and", "the", "for", "with")]

    own = [] if category["id"] == "general" else words_of(f"{category['id']} {category.get('title', '')}")
    stems = {w.rstrip("s") for w in own}
    words = list(own)
    korean = i18n.base_language(answers.language) == "ko"
    for theirs in ours.get("categories") or []:
        if not isinstance(theirs, dict):
            continue
        names = " ".join(str(theirs.get(k) or "") for k in ("id", "title", "title_en"))
        if {w.rstrip("s") for w in words_of(names)} & stems:
            words += [str(k) for k in theirs.get("keywords") or [] if bool(HANGUL.search(str(k))) == korean]
    if category["id"] == "general" or len(answers.categories) <= 1:
        words += topic_terms(answers.topic)
    return list(dict.fromkeys(w.lower() for w in words if w.strip()))[:MAX_KEYWORDS]


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
    categories = [c if c.get("keywords") else {**c, "keywords": suggested_keywords(c, answers, ours)} for c in categories]
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


def security_policy(language: str, text: str) -> str:
    """SECURITY.md for the new community: its Korean summary (a quoted block) only for a Korean one."""
    if i18n.base_language(language) == "ko":
        return text
    lines = text.split("\n")
    return "\n".join(ln for ln in lines if not (ln.startswith(">") and HANGUL.search(ln))).replace("\n\n\n", "\n\n")


def _without_dangling_citations(text: str, kept_paths: set[str]) -> str:
    """A workflow's text without its comments' pointers to files the new repository does not have."""
    def keep_or_drop(match: re.Match) -> str:
        return match[0] if match[1].split("/")[0] in kept_paths else ""

    return "\n".join(CITATION.sub(keep_or_drop, line) if "#" in line else line for line in text.split("\n"))


def plan(answers: Answers, present: list[str], ours: dict, workflows: dict[str, str],
         guides: dict[str, str] | None = None, stand_in: dict[str, str] | None = None) -> Plan:
    """What ``commons init`` does. ``present``: top-level-ish paths of this repository (files and folders, relative);
    ``ours``: this repository's commons.yml data; ``workflows``: name → text of each workflow (and dependabot.yml);
    ``stand_in``: path → text of the local GitHub stand-in (tests/github_double.py and what it reads)."""
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
        write.update(stand_in or {})  # the local GitHub `commons rehearse` runs the week against
    guide = setup_guide(answers.language, guides or {})
    if guide is not None:
        write["SETUP.md"] = guide
    if (guides or {}).get(SECURITY) is not None:
        write[SECURITY] = security_policy(answers.language, guides[SECURITY])
    week = week_of(answers.timezone, answers.schedule)
    events = {name: event for event, name in WORKFLOWS.items()}
    for name, text in sorted(workflows.items()):
        if name == DEPENDABOT:
            continue
        new = rewritten(text, week, events[name]) if name in events else None
        new = _without_dangling_citations(new or text, kept_paths)
        if new != text:
            write[f"{WORKFLOW_DIR}/{name}"] = new
    if workflows.get(DEPENDABOT) is not None and dependabot_rewritten(workflows[DEPENDABOT], answers.timezone) != workflows[DEPENDABOT]:
        write[DEPENDABOT] = dependabot_rewritten(workflows[DEPENDABOT], answers.timezone)
    result.copy.sort()
    result.left.sort()
    return result


def check_answers(answers: Answers) -> list[str]:
    """Problems with the answers, one line each naming the option."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    problems = []
    if not answers.name.strip():
        problems.append("--name: " + say("init.no_name"))
    if i18n.base_language(answers.language or "-") not in i18n.available():  # a language without a catalog would be English
        problems.append("--language: " + say("init.bad_language", language=answers.language,
                                             available=", ".join(i18n.available())))
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
