"""Every human-facing text in the community's ``language``, from one catalog file per language.

A catalog is ``scripts/commons/locales/<code>.yml``: a mapping of sections (``assign``,
``remind``, ``newsletter`` …) to messages. A message is a string with ``{named}``
placeholders (``str.format``), a list (weekday names, a label and its meaning), or, when it
counts something, a mapping of CLDR plural categories (``one``, ``other``; ``zero``, ``two``,
``few``, ``many`` where the language has them) chosen by the ``n`` argument. The file's
``_meta.plural`` gives the language's CLDR rules (``one: "n = 1"``), in the CLDR rule syntax
gettext and Babel use, so adding a language is adding one file: no code, no build step.

Why a plain YAML catalog rather than gettext ``.po``/``.mo``: messages here are keyed by
meaning, several are whole markdown templates (a PR body) that read better as YAML block
text than as C-escaped ``msgid``s, there is no compile step to forget, and the project
already reads YAML. Plural categories and rules follow CLDR, as Babel's do.

What the command line prints (errors, validation problems, progress, summaries, hints) is
in the catalogs too, under ``messages.<capability>.<meaning>``, and is said with :func:`say`
in the language :func:`use` chose for the run, the reader's: ``COMMONS_LANGUAGE`` when a person
sets it (their own choice, as git honours ``LANGUAGE``), else their locale
(``LC_ALL``/``LC_MESSAGES``/``LANG``) when a catalog for it exists, else ``commons.yml``'s
``language``, else English. See :func:`run_language`.

A key missing from a catalog falls back to English (``tests/test_i18n.py`` checks that the
shipped catalogs have every key, the same placeholders and the plural forms their rules need).
"""

from __future__ import annotations

import os
import re
import string
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).with_name("locales")
FALLBACK = "en"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def base_language(language: str) -> str:
    """``ko-KR`` → ``ko``; ``pt-BR`` → ``pt-br`` when a catalog of that name exists, else ``pt``."""
    code = language.strip().lower().replace("_", "-")
    return code if (LOCALES / f"{code}.yml").exists() else code.split("-")[0]


def available() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


def pick(table: dict[str, dict], language: str) -> dict:
    """The phrases for ``language`` from a module's own table (``ko-KR`` counts as ``ko``), else English."""
    return table.get(language.split("-")[0].lower(), table["en"])


class CatalogError(Exception):
    pass


# -- CLDR plural rules (integer operand n; the subset the rules of whole numbers need) ---------
_RANGE = re.compile(r"^\s*n\s*(?:%\s*(\d+)\s*)?(=|!=)\s*([\d.,\s]+)$")


def _relation_holds(relation: str, n: int) -> bool:
    match = _RANGE.match(relation)
    if not match:
        raise CatalogError(f"plural rule '{relation}' is not in the supported CLDR form 'n [% m] = a, b..c'")
    modulus, operator, values = match.groups()
    value = n % int(modulus) if modulus else n
    found = False
    for part in values.split(","):
        low, _, high = part.strip().partition("..")
        found = found or int(low) <= value <= int(high or low)
    return found if operator == "=" else not found


def plural_category(rules: dict[str, str], n: int) -> str:
    """The CLDR category of ``n`` under ``rules`` (category → condition); ``other`` when none holds."""
    n = abs(int(n))
    for category in PLURAL_CATEGORIES[:-1]:
        rule = rules.get(category)
        if rule and any(all(_relation_holds(r, n) for r in alt.split(" and ")) for alt in rule.split(" or ")):
            return category
    return "other"


# -- catalogs -------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _load(code: str) -> dict:
    path = LOCALES / f"{code}.yml"
    if not path.exists():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe loader)
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: a catalog is a mapping of sections to messages")
    return data


class Catalog:
    """The messages of one language, English for any key it lacks."""

    def __init__(self, language: str):
        self.language = base_language(language or FALLBACK)
        self._own = _load(self.language)
        self._fallback = _load(FALLBACK)
        meta = self._own.get("_meta") or {}
        self.plural_rules: dict[str, str] = dict(meta.get("plural") or {})
        self.name = meta.get("name", self.language)

    def raw(self, key: str):
        """The message at ``section.name`` as stored (string, list or plural mapping)."""
        for data in (self._own, self._fallback):
            node = data
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
                if node is None:
                    break
            if node is not None:
                return node
        raise KeyError(f"no message '{key}' in the {self.language} or {FALLBACK} catalog")

    def __call__(self, key: str, /, **values) -> str:
        """The message at ``key`` with ``values`` filled in; ``n`` chooses the plural form."""
        message = self.raw(key)
        if isinstance(message, dict):
            if "n" not in values:
                raise KeyError(f"message '{key}' has plural forms: pass n")
            rules = self.plural_rules if key_in(self._own, key) else _meta_rules(FALLBACK)
            message = message.get(plural_category(rules, values["n"]), message.get("other"))
        if not isinstance(message, str):
            raise KeyError(f"message '{key}' is not text")
        return message.format(**values) if values else message

    def section(self, name: str) -> dict:
        """A whole section as a plain dict (English for keys this language lacks): a module's phrase table."""
        merged = dict(self._fallback.get(name) or {})
        merged.update(self._own.get(name) or {})
        return merged

    def weekday(self, day: date, *, short: bool = True) -> str:
        names = self.raw("calendar.weekdays_short" if short else "calendar.weekdays")
        return names[day.weekday()]

    def week_name(self, cycle: str) -> str:
        """A cycle as people name a week: ``12월 둘째 주``, ``2nd week of December`` (the month and place of
        its Thursday, as ISO weeks count). Codes like 2026-W50 stay in paths and addresses."""
        thursday = _cycle_day(cycle, 4)
        if thursday is None:
            return cycle
        nth = self.raw("calendar.ordinals")[(thursday.day - 1) // 7]
        return self("calendar.week_of_month", month=self.raw("calendar.months")[thursday.month - 1], nth=nth,
                    year=thursday.year)

    def week_axis(self, cycle: str) -> str:
        """A week on a chart's axis: the day it starts (``12/7``), not its ISO number."""
        monday = _cycle_day(cycle, 1)
        return cycle if monday is None else self("calendar.axis_day", m=monday.month, d=monday.day)

    def short_day(self, day: date, *, year: int | None = None) -> str:
        """``12월 7일`` (``2025년 12월 7일`` when not in ``year``)."""
        key = "calendar.short_day" if day.year == year else "calendar.long_day"
        return self(key, y=day.year, m=day.month, d=day.day, month=self.raw("calendar.months")[day.month - 1])

    def day(self, day: date) -> str:
        """A date as people of this language write it with its weekday: ``2026-12-02 (수)``, ``Wed 2026-12-02``."""
        return self("calendar.day", date=day.isoformat(), weekday=self.weekday(day))

    def day_time(self, moment) -> str:
        """A date with its weekday and hour as people of this language write it: ``2026-12-02 (수) 23:59``, ``Wed 2026-12-02 23:59``."""
        return self("calendar.day_time", date=moment.date().isoformat(), weekday=self.weekday(moment.date()),
                    time=f"{moment:%H:%M}")


def _cycle_day(cycle: str, weekday: int) -> date | None:
    """The day of a cycle's week (1 Monday … 7 Sunday); None when ``cycle`` is not a cycle's name."""
    from .content.cycles import parse_cycle  # content.cycles says its errors through this module

    try:
        return date.fromisocalendar(*parse_cycle(cycle), weekday)
    except ValueError:
        return None


def key_in(data: dict, key: str) -> bool:
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _meta_rules(code: str) -> dict:
    return dict((_load(code).get("_meta") or {}).get("plural") or {})


@lru_cache(maxsize=None)
def catalog(language: str) -> Catalog:
    return Catalog(language)


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


# -- what the command line says -----------------------------------------------------------------
_active: Catalog | None = None


def use(language: str | None) -> Catalog:
    """Say every command-line message of this process in ``language`` from now on."""
    global _active
    _active = catalog(language or FALLBACK)
    return _active


def active() -> Catalog:
    """The catalog the command line speaks: the one :func:`use` chose, else ``COMMONS_LANGUAGE`` or English."""
    return _active or catalog(os.environ.get("COMMONS_LANGUAGE") or FALLBACK)


def reset() -> None:
    global _active
    _active = None


def say(key: str, /, **values) -> str:
    """The command-line message ``messages.<key>`` in the run's language, ``values`` filled in."""
    message = active()("messages." + key, **values)
    return message if values else message.format()  # one brace rule for every message: {{ is {


def _locale_language() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0].split("@")[0]
        if code and code not in ("C", "POSIX"):
            return code if (LOCALES / f"{base_language(code)}.yml").exists() else None
    return None


def run_language(repo: Path | None) -> str:
    """The language a run speaks in, to the person at the terminal: ``COMMONS_LANGUAGE``; else
    their locale when a catalog exists for it (``C``/``POSIX``, as on Actions runners, names
    none); else commons.yml's ``language`` (read on its own, so that a commons.yml broken
    elsewhere is still complained about in its community's language); else English. What the
    community reads (PRs, comments, the newsletter) is always in commons.yml's language."""
    override = os.environ.get("COMMONS_LANGUAGE", "").strip()
    if override:
        return override
    local = _locale_language()
    if local:
        return local
    if repo is not None:
        try:
            data = yaml.load((Path(repo) / "commons.yml").read_text(encoding="utf-8"),  # noqa: S506 (safe loader)
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            language = data.get("language") if isinstance(data, dict) else None
            if isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", language.strip()):
                return language.strip()
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            pass
    return FALLBACK
