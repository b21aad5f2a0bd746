"""The sample data a demo starts from: the repository's own files, collecting the example feeds."""

from __future__ import annotations

import re
import shutil
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


def copy_into(root: Path, target: Path) -> None:
    """Copy the sample data from ``root`` into the (empty) repository folder ``target``."""
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
