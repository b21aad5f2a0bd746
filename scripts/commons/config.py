"""``commons.yml`` and ``members.yml``: loaded, checked against their schemas, defaults filled.

Any problem is a :class:`UsageError` carrying one line: file, line, key and
what is expected, so every command can exit 2 with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import schemas
from .content import cycles, yamlsafe
from .content.frontmatter import ContentError, read_text
from .problems import Problem, UsageError
from .i18n import say

CONFIG_FILE = "commons.yml"
MEMBERS_FILE = "members.yml"

DEFAULT_SECTIONS = (
    {"id": "summary", "titles": ["요약", "Summary"]},
    {"id": "why", "titles": ["왜 중요한가", "Why it matters"]},
    {"id": "connections", "titles": ["연결", "Connections", "How it connects"]},
    {"id": "resources", "titles": ["자료", "Resources"]},
)
DEFAULT_RESOURCE_KINDS = ("paper", "video", "blog", "docs", "code", "course")


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    kind: str = "feed"
    title: str = ""
    max_items: int = 50
    language: str = ""
    category: str = ""
    enabled: bool = True
    quiet_days: int = 14  # days without a new item before the source gets an issue (a rare poster: more)
    max_age_days: int = 0  # older items are not this week's news (triage drops them); 0: triage.max_age_days
    include: tuple[str, ...] = ()   # triage filter words for this source (triage/filters.py)
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    keywords: tuple[str, ...] = ()
    title_en: str = ""
    description: str = ""


@dataclass(frozen=True)
class TriageSettings:
    provider: str = "auto"
    model: str = "gpt-4o-mini"
    threshold: int = 3
    max_items: int = 600  # the shipped sources bring 210–260 new items a day
    max_tokens: int = 400_000
    batch_size: int = 10
    price_per_million_input: float = 0.15
    price_per_million_output: float = 0.60
    include: tuple[str, ...] = ()   # filter words for every source, applied before any triager
    exclude: tuple[str, ...] = ()
    rubric: tuple[tuple[int, str], ...] = ()   # the 1-5 scale in the community's words; () = the default
    calibration: bool = True        # learn from merged reviews (few-shot examples; offline corrections)
    audit_sample: int = 2           # dropped items reviewed each cycle, to measure what the filter misses
    # A post more than this many days old on the day its newsletter comes out is not this week's news
    # (triage drops it; assign and publish leave out what aged past it while waiting): a blog's first
    # fetch brings its archive, a feed re-dates nothing. Two weeks: an item is 3-10 days old at its own
    # newsletter when it is collected the day it is posted, and feeds list a day or two late; an item
    # carried over a week is then mostly still news, and one that is not is left out.
    max_age_days: int = 14
    # Not from commons.yml: what `commons triage` learned from merged reviews for this run
    # (calibration/learned.py), so the prompt and the offline triager see it with the settings.
    learned: object = None


@dataclass(frozen=True)
class ReviewSettings:
    reviewers_per_item: int = 2
    max_items_per_member: int = 6
    maintainers: tuple[str, ...] = ()
    approval: str = "maintainers"
    labels: tuple[str, ...] = ("review",)
    bots: tuple[str, ...] = ("github-actions[bot]",)  # logins that open review PRs (COMMONS_TOKEN's account)
    checks: tuple[str, ...] = ("validate changed files",)  # check runs (job names) publish requires


@dataclass(frozen=True)
class PublishSettings:
    mode: str = "commit"
    branch: str = "main"


@dataclass(frozen=True)
class NewsletterSettings:
    editor: str = "auto"  # auto: the AI editor pass when triage would use an AI; members: never
    max_tokens: int = 30_000  # per issue, prompt and answer together
    url: str = ""  # where news/ is read on the web; feed links are relative without it
    meeting_minutes: int = 60  # the Wednesday meeting's share for the news
    discussion_category: str = ""  # announce each issue as a GitHub Discussion in this category
    webhook: bool = False  # post each issue to COMMONS_WEBHOOK_URL
    agenda_label: str = "commons-agenda"  # the one issue that carries the meeting's run-of-show
    also_this_week: int = 5  # kept items nobody was given, listed under the reviewed ones by triage score; 0: none


@dataclass(frozen=True)
class HandbookSettings:
    sections: tuple[dict, ...] = DEFAULT_SECTIONS
    resource_kinds: tuple[str, ...] = DEFAULT_RESOURCE_KINDS


@dataclass(frozen=True)
class Config:
    name: str
    language: str
    timezone: str
    sources: tuple[Source, ...]
    categories: tuple[Category, ...]
    topic: str = ""
    description: str = ""
    site_url: str = ""  # the built site's address (GitHub Pages): feed and announcement links point there
    triage: TriageSettings = field(default_factory=TriageSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)
    newsletter: NewsletterSettings = field(default_factory=NewsletterSettings)
    handbook: HandbookSettings = field(default_factory=HandbookSettings)
    schedule: tuple[tuple[str, str], ...] = ()  # as written: (event, "weekday HH:MM")

    @property
    def week(self) -> cycles.Week:
        """The week's rhythm in ``timezone`` (defaults: Sunday 00:00 → due Wednesday 23:59)."""
        return week_of(self.timezone, dict(self.schedule))

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


@dataclass(frozen=True)
class Away:
    start: date
    end: date


@dataclass(frozen=True)
class Member:
    github: str
    name: str = ""
    interests: tuple[str, ...] = ()
    capacity: int = 5
    away: tuple[Away, ...] = ()
    active: bool = True
    portfolio: bool = True  # false: the member opted out of a page under portfolio/


def week_of(timezone: str, schedule: dict) -> cycles.Week:
    """A :class:`cycles.Week` from ``commons.yml``'s ``schedule`` (already checked)."""
    moments = {
        key: cycles.parse_moment(value, daily_allowed=key == "collect") for key, value in (schedule or {}).items()
    }
    return cycles.Week(timezone=timezone, **moments)


def check_file(path: Path, kind: str, schema_dir: Path, category_ids: frozenset[str] | None = None) -> list[Problem]:
    """Every problem in a config file (used by ``commons validate``).

    The same rules the commands apply when they load the file (one implementation):
    ``category_ids`` are commons.yml's, for members' interests (None: commons.yml is
    itself broken and reported on its own).
    """
    return _checked(path, kind, schema_dir, category_ids)[1]


def _checked(path: Path, kind: str, schema_dir: Path,
             category_ids: frozenset[str] | None = None) -> tuple[yamlsafe.Loaded | None, list[Problem]]:
    """Read, parse and check a config file: (the parsed file or None, its problems)."""
    if not path.exists():
        raise UsageError(say("config.not_found", path=path, name=path.name))
    try:
        text = read_text(path).removeprefix("\ufeff").replace("\r\n", "\n")
        loaded = yamlsafe.load(text)
    except (ContentError, yamlsafe.YamlError) as exc:
        return None, [Problem(str(path), exc.line, exc.column, exc.field, exc.message)]
    problems = []
    for key_path, field_name, message in schemas.check(schema_dir, kind, loaded.data):
        line, col = loaded.position(key_path)
        problems.append(Problem(str(path), line, col, field_name, message))
    if not problems:
        if kind == "commons":
            problems.extend(_semantic_commons(loaded, str(path)))
        else:
            problems.extend(_semantic_members(loaded, str(path), category_ids))
    return loaded, sorted(problems)


def _semantic_commons(loaded: yamlsafe.Loaded, path: str) -> list[Problem]:
    data = loaded.data
    problems = []

    def add(key_path, message):
        line, col = loaded.position(key_path)
        problems.append(Problem(path, line, col, yamlsafe.dotted(key_path), message))

    try:
        ZoneInfo(data["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        add(("timezone",), say("config.unknown_timezone", timezone=data['timezone']))
    for key, value in (data.get("schedule") or {}).items():
        try:
            cycles.parse_moment(value, daily_allowed=key == "collect")
        except ValueError as exc:
            add(("schedule", key), str(exc))
    for list_key in ("sources", "categories"):
        seen: dict[str, int] = {}
        for i, entry in enumerate(data[list_key]):
            if entry["id"] in seen:
                add((list_key, i, "id"), say("config.duplicate_id", id=entry['id'], entry=seen[entry['id']] + 1))
            seen.setdefault(entry["id"], i)
    category_ids = {c["id"] for c in data["categories"]}
    for i, source in enumerate(data["sources"]):
        if source.get("category") and source["category"] not in category_ids:
            add(("sources", i, "category"), say("config.unknown_category", category=source['category']))
    return problems


def _semantic_members(loaded: yamlsafe.Loaded, path: str, category_ids: frozenset[str] | None) -> list[Problem]:
    problems = []
    seen: set[str] = set()

    def add(key_path, message):
        line, col = loaded.position(key_path)
        problems.append(Problem(path, line, col, yamlsafe.dotted(key_path), message))

    for i, member in enumerate(loaded.data["members"]):
        handle = member["github"].lower()
        if handle in seen:
            add(("members", i, "github"), say("config.member_twice", handle=member['github']))
        seen.add(handle)
        for j, away in enumerate(member.get("away", [])):
            try:
                start, end = date.fromisoformat(away["from"]), date.fromisoformat(away["to"])
            except ValueError as exc:
                add(("members", i, "away", j), say("config.not_a_date", problem=exc))
                continue
            if start > end:
                add(("members", i, "away", j, "to"), say("config.end_before_start"))
        for j, interest in enumerate(member.get("interests", []) if category_ids is not None else []):
            if interest not in category_ids:
                add(("members", i, "interests", j),
                    say("config.unknown_interest", interest=interest, categories=", ".join(sorted(category_ids))))
    return problems


def _first_problem(problems: list[Problem]) -> None:
    if problems:
        more = say("config.more_problems", n=len(problems) - 1) if len(problems) > 1 else ""
        raise UsageError(str(problems[0]) + more)


def load_config(repo: Path) -> Config:
    path = Path(repo) / CONFIG_FILE
    loaded, problems = _checked(path, "commons", Path(repo) / "schemas")
    _first_problem(problems)
    data = loaded.data
    handbook = data.get("handbook", {})
    review = data.get("review", {})
    return Config(
        name=data["name"],
        language=data["language"],
        timezone=data["timezone"],
        topic=data.get("topic", ""),
        description=data.get("description", ""),
        site_url=data.get("site_url", ""),
        sources=tuple(Source(**{**s, **{k: tuple(s[k]) for k in ("include", "exclude") if k in s}}) for s in data["sources"]),
        categories=tuple(
            Category(**{**c, "keywords": tuple(c.get("keywords", ()))}) for c in data["categories"]
        ),
        triage=_triage_settings(data.get("triage", {})),
        review=ReviewSettings(
            **{
                **review,
                **{k: tuple(review[k]) for k in ("maintainers", "labels", "bots", "checks") if k in review},
            }
        ),
        publish=PublishSettings(**data.get("publish", {})),
        schedule=tuple((data.get("schedule") or {}).items()),
        newsletter=NewsletterSettings(**data.get("newsletter", {})),
        handbook=HandbookSettings(
            sections=tuple(handbook.get("sections", DEFAULT_SECTIONS)),
            resource_kinds=tuple(handbook.get("resource_kinds", DEFAULT_RESOURCE_KINDS)),
        ),
    )


def _triage_settings(data: dict) -> TriageSettings:
    lists = {k: tuple(data[k]) for k in ("include", "exclude") if k in data}
    rubric = tuple(sorted((int(k), v) for k, v in data.get("rubric", {}).items()))
    return TriageSettings(**{**data, **lists, "rubric": rubric})


def load_members(repo: Path, config: Config | None = None) -> tuple[Member, ...]:
    path = Path(repo) / MEMBERS_FILE
    category_ids = frozenset(c.id for c in config.categories) if config is not None else None
    loaded, problems = _checked(path, "members", Path(repo) / "schemas", category_ids)
    _first_problem(problems)
    return tuple(
        Member(
            github=m["github"],
            name=m.get("name", ""),
            interests=tuple(m.get("interests", ())),
            capacity=m.get("capacity", 5),
            away=tuple(Away(date.fromisoformat(a["from"]), date.fromisoformat(a["to"])) for a in m.get("away", ())),
            active=m.get("active", True),
            portfolio=m.get("portfolio", True),
        )
        for m in loaded.data["members"]
    )
