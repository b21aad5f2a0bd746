"""The sample data a demo starts from: the repository's own files, collecting the example feeds."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from ..problems import UsageError
from ..i18n import say

SOURCES_FILE = Path("examples") / "feeds" / "commons.sources.yml"
COPIED = ("members.yml", "schemas", "handbook", "examples")
# Copied when present: the handbook's pages link the contributor guide, and a site built from the demo checks links.
COPIED_IF_PRESENT = ("CONTRIBUTING.md",)
GITIGNORE = ".commons-tmp-*\n__pycache__/\n"

_TOP_LEVEL_SOURCES = re.compile(r"^sources:[^\n]*\n(?:(?:[ \t#][^\n]*)?\n)*", re.MULTILINE)


def find_root(repo: Path) -> Path:
    """Where the sample data is: the repository named by ``--repo``, else the checkout this package runs from."""
    here = Path(__file__).resolve().parents[3]  # scripts/commons/demo/sample.py → the checkout
    for candidate in (Path(repo), here):
        if all((candidate / name).exists() for name in ("commons.yml", *COPIED, SOURCES_FILE)):
            return candidate
    raise UsageError(
        f"{Path(repo) / SOURCES_FILE}: " + say("demo.not_found")
    )


def with_sources(commons_text: str, sources_text: str) -> str:
    """``commons.yml`` with its top-level ``sources:`` block replaced by the one in ``sources_text``.

    Text surgery keeps every comment and the key order of the community's file; the
    result is checked by loading it like any commons.yml.
    """
    new_block = _TOP_LEVEL_SOURCES.search(sources_text)
    old_block = _TOP_LEVEL_SOURCES.search(commons_text)
    if new_block is None:
        raise UsageError(f"{SOURCES_FILE}: " + say("demo.no_sources"))
    block = new_block.group(0).rstrip("\n") + "\n\n"
    if old_block is None:
        return commons_text.rstrip("\n") + "\n\n" + block
    return commons_text[: old_block.start()] + block + commons_text[old_block.end():]


# The example feeds are dated for a collection on this day; a demo of another week moves every date
# by whole weeks (weekdays stay right), so its news is as fresh as on that day: no item is too old
# for triage.max_age_days, and each shows a date of its own week.
SAMPLE_COLLECT = date(2026, 11, 26)
_RFC822 = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2} [A-Z][a-z]{2} \d{4})")
_ISO_DAY = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?=T)")


def redated(text: str, weeks: int) -> str:
    """``text`` with every feed date (RFC 822 and ISO 8601) moved by ``weeks`` weeks."""
    if not weeks:
        return text
    shift = timedelta(weeks=weeks)

    def rfc822(match: re.Match) -> str:
        day = datetime.strptime(match.group(1), "%d %b %Y") + shift
        return day.strftime("%a, %d %b %Y")  # C locale names: the process's locale is never set

    def iso(match: re.Match) -> str:
        return (date.fromisoformat(match.group(1)) + shift).isoformat()

    return _ISO_DAY.sub(iso, _RFC822.sub(rfc822, text))


def copy_into(root: Path, target: Path, collect: date | None = None) -> None:
    """Copy the sample data from ``root`` into the (empty) repository folder ``target``; with
    ``collect``, the example feeds are dated for a collection on that day."""
    commons_text = (root / "commons.yml").read_text(encoding="utf-8")
    sources_text = (root / SOURCES_FILE).read_text(encoding="utf-8")
    target.mkdir(parents=True, exist_ok=True)
    (target / "commons.yml").write_text(with_sources(commons_text, sources_text), encoding="utf-8")
    for name in (*COPIED, *(n for n in COPIED_IF_PRESENT if (root / n).exists())):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".commons-tmp-*"))
        else:
            shutil.copy2(source, target / name)
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    weeks = round((collect - SAMPLE_COLLECT).days / 7) if collect else 0
    for feed in sorted((target / SOURCES_FILE.parent).glob("*")) if weeks else ():
        if feed.is_file() and feed.name != SOURCES_FILE.name:
            feed.write_text(redated(feed.read_text(encoding="utf-8"), weeks), encoding="utf-8")
