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

from commons import i18n

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "commons"

# Calls whose text arguments people read.
MESSAGE_CALLS = {
    "print", "Problem", "UsageError", "LocatedError", "ContentError", "YamlError", "StateError",
    "FetchError", "GitHubError", "GitError", "AIError", "EditorError", "WebhookError", "NotAFeed",
    "NotAPage", "ValueError", "Progress", "Reason", "fail", "add", "problem", "warn", "notice", "write",
    "step_summary", "markdown_table", "StepSummary", "summary", "say",
}
# Modules that speak to developers, not to a community: the catalog loader's own errors.
DEVELOPER_FACING = {"i18n.py"}
# A programming error (never bad input), marked so on its line: said to developers, in English.
DEVELOPER = "# a bug, not bad input"
# Literal text that is not language: workflow commands and escape codes; addresses are set aside within a text
# (a sentence with a link in it is still a sentence).
TECHNICAL = re.compile(r"::(error|warning|notice|group|endgroup|add-mask)|\x1b")
ADDRESS = re.compile(r"https?://\S+")
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
    return [t for t in texts if not TECHNICAL.search(t) and SENTENCE.search(COMMAND.sub("", ADDRESS.sub("", t)))]


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


# -- phrases by language in code: a table of sentences, answers joined for ("ko", "en"), a Korean/English pair ----
LANGUAGES = set(i18n.available()) | {"ko", "en"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PHRASE = re.compile(r"[A-Za-z]{2,}[,;:'’]? +[A-Za-z]{2,}|[\uac00-\ud7a3]")  # words with a space between, or Hangul
# Tables that hold words people never read from this program: the model's prompt names the language to answer in.
NOT_FOR_PEOPLE = {("triage/prompt.py", "LANGUAGE_NAMES")}


def _phrases(node: ast.AST) -> list[str]:
    return [t for t in literal_text(node) if not TECHNICAL.search(t) and PHRASE.search(COMMAND.sub("", ADDRESS.sub("", t)))]


def _language_literal(node: ast.AST) -> bool:
    return (isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2
            and all(isinstance(e, ast.Constant) and e.value in LANGUAGES for e in node.elts))


def _assigned_names(tree: ast.AST) -> dict[int, str]:
    """Line of a dict literal → the name it is assigned to (to allow the few tables in NOT_FOR_PEOPLE)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[node.value.lineno] = target.id
    return names


def phrases_by_language(source: str, relative: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    names = _assigned_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and (relative, names.get(node.lineno)) not in NOT_FOR_PEOPLE:
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            texts = [t for v in node.values if v is not None for t in _phrases(v)]
            nested = [v for v in node.values if isinstance(v, ast.Dict)]
            if len(texts) >= 2 or (len(keys & LANGUAGES) >= 2 and (texts or nested)):
                found.append(f"{relative}:{node.lineno}: a table of phrases in code ({(texts or ['…'])[0][:40]!r})")
        iterables = [node.iter] if isinstance(node, (ast.For, ast.comprehension)) else []
        if any(_language_literal(it) for it in iterables):
            found.append(f"{relative}:{node.iter.lineno}: the same text said in several languages at once")
        if isinstance(node, ast.IfExp):
            body, orelse = " ".join(literal_text(node.body)), " ".join(literal_text(node.orelse))
            words = re.compile(r"[A-Za-z]{2,}|[\uac00-\ud7a3]")
            if words.search(body) and words.search(orelse) and bool(HANGUL.search(body)) != bool(HANGUL.search(orelse)):
                found.append(f"{relative}:{node.lineno}: a Korean/English pair chosen in code ({body[:30]!r})")
    return found


def language_violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name not in DEVELOPER_FACING:
            found += phrases_by_language(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    return found


def test_no_message_is_written_in_code():
    left = violations()
    assert not left, f"{len(left)} messages written in code instead of the catalogs:\n" + "\n".join(left)


def test_no_phrase_table_or_join_of_languages_in_code():
    """A community reads its own language only: no dict of sentences, no answer joined for ("ko", "en"),
    no `"한국어" if korean else "English"`: each of those leaves a third language out."""
    left = language_violations()
    assert not left, f"{len(left)} phrases by language in code instead of the catalogs:\n" + "\n".join(left)


def test_the_scan_catches_the_shapes_it_is_for():
    caught = phrases_by_language(
        'PHRASES = {"ko": {"done": "맡았습니다."}, "en": {"done": "It is yours."}}\n'
        'def reply(k):\n    return "\\n\\n".join(catalog(language)(k) for language in ("ko", "en"))\n'
        'def name(korean):\n    return "전체" if korean else "overall"\n'
        'TEXT = {"skip": "Too far from what we study.", "newsletter": "Worth a look this week."}\n', "x.py")
    assert sorted(line.split(":")[1] + ":" + line.split(": ", 1)[1].split(" (")[0] for line in caught) == [
        "1:a table of phrases in code", "3:the same text said in several languages at once",
        "5:a Korean/English pair chosen in code", "6:a table of phrases in code"]
    assert phrases_by_language('SETUP = {"en": "SETUP.md", "ko": "SETUP.ko.md"}\nfor x in ("a", "b"): pass\n', "x.py") == []
