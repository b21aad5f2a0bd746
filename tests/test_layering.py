"""Capabilities take "now" and their inputs as arguments: none imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "commons"
# The demo drives the whole command line on purpose: it runs a week's commands as a user would.
ALLOWED = {"demo/week.py", "demo/rehearse.py"}


def test_no_capability_imports_the_cli():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "cli.py" or relative in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "cli":
                offenders.append(f"{relative}:{node.lineno}")
    assert not offenders, "import the clock from commons.clock, not the CLI: " + ", ".join(offenders)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module within commons) of every import of ``path``, relative or absolute."""
    relative = path.relative_to(PACKAGE).with_suffix("").parts
    package = list(relative[:-1]) if relative[-1] != "__init__" else list(relative[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("commons."):
                module = node.module[len("commons."):]
            else:
                continue
            found.extend((node.lineno, f"{module}.{a.name}".strip(".")) for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name[len("commons."):]) for a in node.names if a.name.startswith("commons."))
    return found


def _capability(module: str) -> str:
    return module.split(".")[0]


# The generated pages (indexes, nav and latest-issue regions, the feed, works lists, portfolios)
# read what the other capabilities wrote; only the commands that write pages or run everything use them.
PAGES_USED_BY = {"pages", "publish", "site", "adopt", "demo", "cli"}
# What pages may read with: the repository's files as data and the capabilities that wrote them.
PAGES_READ = {"content", "handbook", "works", "config", "git", "i18n", "problems", "report", "clock", "untrusted"}
# Capabilities below publish and pages: they never reach up into them.
LOWER = {"content", "handbook", "works", "collect", "validate", "triage", "calibration"}


def test_no_lower_capability_imports_a_higher_one():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _capability(path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."))
        for line, module in _imports(path):
            there = _capability(module)
            if there == here:
                continue
            where = f"{path.relative_to(PACKAGE).as_posix()}:{line} imports {module}"
            if there == "pages" and here not in PAGES_USED_BY:
                offenders.append(where + " (only publish, site, adopt and the demo use the generated pages)")
            if here == "pages" and there not in PAGES_READ:
                offenders.append(where + " (pages reads the others' results, never publish or a command)")
            if here in LOWER and there in {"pages", "publish", "site", "adopt", "demo", "sources"}:
                offenders.append(where + " (a lower capability reaching up)")
    assert not offenders, "\n".join(offenders)


def test_only_the_places_that_talk_to_github_import_it():
    """Collecting writes files; telling people on GitHub about its sources is sources.health's."""
    offenders = [f"{path.relative_to(PACKAGE).as_posix()}:{line}"
                 for folder in ("collect", "content", "pages", "handbook", "works", "validate")
                 for path in sorted((PACKAGE / folder).rglob("*.py"))
                 for line, module in _imports(path) if module.split(".")[0] == "github"]
    assert not offenders, offenders


def test_assign_and_agenda_reach_publish_only_for_the_newsletter_they_share():
    """assign reads publish's records where content.layout says they are; agenda puts its file on main
    with git's own commit_files; agenda ranks and loads items as the newsletter does (its one link up)."""
    shared = {"publish.newsletter", "publish.plan.load_items"}
    offenders = [f"{path.relative_to(PACKAGE).as_posix()}:{line} imports {module}"
                 for folder in ("assign", "agenda") for path in sorted((PACKAGE / folder).rglob("*.py"))
                 for line, module in _imports(path)
                 if module.split(".")[0] == "publish" and not any(module == s or module.startswith(s + ".") for s in shared)]
    assert not offenders, offenders
