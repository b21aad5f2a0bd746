"""No sentence a person reads is written in code: what the command line prints, raises or reports as a
problem comes from the catalogs (``scripts/commons/locales/``), said with ``i18n.say``.

The scan looks at the calls that produce messages (``print``, ``Problem``, every ``raise X(...)``, the
error classes, a progress ``note``/``label``) and fails on a string literal with a word in it. Glue
without words stays allowed (``f"{path}:{line}: {message}"``), and so do workflow commands
(``::error file=…``) and the few technical tokens listed below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "commons"

# Calls whose text arguments people read.
MESSAGE_CALLS = {
    "print", "Problem", "UsageError", "LocatedError", "ContentError", "YamlError", "StateError",
    "FetchError", "GitHubError", "GitError", "AIError", "EditorError", "WebhookError", "NotAFeed",
    "ValueError", "Progress", "Reason", "fail", "add", "problem", "warn", "notice", "write",
    "step_summary", "markdown_table", "StepSummary", "summary",
}
# Modules that speak to developers, not to a community: the catalog loader's own errors.
DEVELOPER_FACING = {"i18n.py"}
# A programming error (never bad input), marked so on its line: said to developers, in English.
DEVELOPER = "# a bug, not bad input"
# Literal text that is not language: workflow commands, URLs, escape codes, git/GitHub words.
TECHNICAL = re.compile(r"::(error|warning|notice|group|endgroup|add-mask)|https?://|\x1b")
COMMAND = re.compile(r"\bcommons(?: [a-z-]+)?|--[\w-]+")  # the program's own name and its options: `--in-place: …`
# A sentence: two words in a row, or any Hangul (a Korean phrase in code is as wrong as an English one).
SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,;'’-]+[A-Za-z]{2,}|[\uac00-\ud7a3]")


def literal_text(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return literal_text(node.left) + literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return literal_text(node.body) + literal_text(node.orelse)
    return []


def call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def prose(texts: list[str]) -> list[str]:
    return [t for t in texts if not TECHNICAL.search(t) and SENTENCE.search(COMMAND.sub("", t))]


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in DEVELOPER_FACING:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.split("\n")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in MESSAGE_CALLS and DEVELOPER not in lines[node.lineno - 1]:
                args = list(node.args) + [k.value for k in node.keywords if k.arg not in ("help", "description", "file", "end", "sep", "metavar")]
                for arg in args:
                    for text in prose(literal_text(arg)):
                        found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {call_name(node)}({text[:60]!r})")
    return found


# Modules whose messages have not moved into the catalogs yet (issue 16). The list may only shrink: a module
# that is clean must leave it, and every other module must stay clean.
LEFT_TO_CONVERT = {
    "collect/fetch.py",
    "collect/parse.py",
    "demo/week.py",
    "handbook/import_command.py",
    "publish/editor_ai.py",
    "triage/ai.py",
    "works/import_command.py",
    "works/importer.py",
}


def test_no_message_is_written_in_code():
    left = [v for v in violations() if v.split(":")[0] not in LEFT_TO_CONVERT]
    assert not left, f"{len(left)} messages written in code instead of the catalogs:\n" + "\n".join(left)


def test_the_modules_left_to_convert_are_exactly_those_with_messages_in_code():
    assert {v.split(":")[0] for v in violations()} == LEFT_TO_CONVERT
