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
