"""MyST (Jupyter Book) markup → markdown that GitHub renders.

GitHub shows ```` ```{note} ```` and ``:::{figure}`` blocks as raw code, so an imported
page would read badly on the repository. Admonitions become GitHub alerts
(``> [!NOTE]`` and friends), figures and images become ``![alt](path)`` with the
caption under them, code cells plain fenced code, and a few roles plain text or
links. What has no GitHub form is kept as a fenced block and noted. Pure: text in,
(text, notes) out; links are rewritten later by the importer like any other link.
"""

from __future__ import annotations

import re

# MyST admonition → GitHub alert (https://docs.github.com/…/basic-writing-and-formatting-syntax#alerts)
ALERTS = {
    "note": "NOTE", "seealso": "NOTE", "admonition": "NOTE",
    "tip": "TIP", "hint": "TIP",
    "important": "IMPORTANT",
    "warning": "WARNING", "attention": "WARNING",
    "caution": "CAUTION", "danger": "CAUTION", "error": "CAUTION",
}
_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[a-zA-Z][\w:-]*)\}[ \t]*(?P<arg>.*?)\s*$")
from ..content.fences import FENCE as _PLAIN_FENCE  # noqa: E402
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*?)\s*$")
_ROLE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<text>[^`]+)`")
_ROLE_TARGET = re.compile(r"^(?P<label>.*?)\s*<(?P<target>[^<>]+)>$")


def _directive_end(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing the directive opened at ``start`` (len(lines) when unclosed).

    A fence closes on a line of the same character, at least as long; directives nest
    when the inner one uses a shorter fence (MyST's rule).
    """
    char = fence[0]
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= len(fence):
            return index
    return len(lines)


def _options(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading ``:key: value`` lines (or a ``---`` YAML block) → options, and the rest."""
    options: dict[str, str] = {}
    rest = list(lines)
    if rest and rest[0].strip() == "---":
        end = next((i for i in range(1, len(rest)) if rest[i].strip() == "---"), None)
        if end is not None:
            for line in rest[1:end]:
                key, _, value = line.partition(":")
                if key.strip():
                    options[key.strip()] = value.strip()
            rest = rest[end + 1 :]
    while rest and (match := _OPTION.match(rest[0])):
        options[match["key"]] = match["value"]
        rest = rest[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    while rest and not rest[-1].strip():
        rest = rest[:-1]
    return options, rest


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}".rstrip() if line.strip() else ">" for line in lines]


def _image(path: str, alt: str) -> str:
    alt = " ".join(alt.replace("[", "(").replace("]", ")").split())
    return f"![{alt}](<{path.strip()}>)"


def convert(text: str) -> tuple[str, list[str]]:
    """The page with MyST directives and roles turned into GitHub markdown, and notes
    (1-based source line: what could not be carried over)."""
    lines = text.split("\n")
    out, notes = _convert(lines, 0, notes=[])
    return _roles("\n".join(out)), notes


def _convert(lines: list[str], offset: int, notes: list[str]) -> tuple[list[str], list[str]]:
    out: list[str] = []
    index = 0
    fence = None  # inside an ordinary fenced code block: copied as it is
    while index < len(lines):
        line = lines[index]
        if fence:
            out.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            index += 1
            continue
        match = _OPEN.match(line)
        if not match:
            plain = _PLAIN_FENCE.match(line)
            if plain:
                fence = plain.group(1)
            out.append(line)
            index += 1
            continue
        end = _directive_end(lines, index, match["fence"])
        inner = lines[index + 1 : end]
        out.extend(_directive(match["name"].lower(), match["arg"], inner, offset + index + 1, notes))
        index = end + 1
    return out, notes


def _directive(name: str, arg: str, inner: list[str], line: int, notes: list[str]) -> list[str]:
    options, content = _options(inner)
    if name in ALERTS:
        body, _ = _convert(content, line, notes)
        title = arg if name == "admonition" else ""
        if name == "seealso" and not title:
            title = "See also"
        head = [f"**{title}**", ""] if title else []
        kind = ALERTS.get(options.get("class", "").split(" ")[0].lower(), ALERTS[name]) if name == "admonition" else ALERTS[name]
        return _quote([f"[!{kind}]", *head, *body])
    if name in ("figure", "image"):
        if not arg:
            notes.append(f"line {line}: a {name} without a file; kept as text")
            return content
        caption, _ = _convert(content, line, notes)
        alt = options.get("alt") or " ".join(" ".join(caption).split()) or arg.rsplit("/", 1)[-1]
        block = [_image(arg, alt)]
        if caption and name == "figure":
            block += ["", *(f"*{c.strip()}*" if c.strip() else "" for c in caption)]
        return block
    if name in ("code-cell", "code-block", "code", "sourcecode"):
        return [f"```{arg.split()[0] if arg else ''}", *content, "```"]
    if name == "math":
        return ["```math", *content, "```"]
    if name in ("toctree", "tableofcontents"):
        notes.append(f"line {line}: {{{name}}} dropped (the handbook index lists the chapters)")
        return []
    notes.append(f"line {line}: {{{name}}} has no GitHub form; kept as a code block")
    return ["```text", *([arg] if arg else []), *content, "```"]


def _roles(text: str) -> str:
    """``{doc}`label <path>``` → a link; other roles → their text (outside code spans)."""

    def role(match: re.Match) -> str:
        name, body = match["role"], match["text"]
        target = _ROLE_TARGET.match(body)
        if name == "doc":
            if target:
                return f"[{target['label']}]({target['target']}.md)"
            return f"[{body}]({body}.md)"
        if name == "math":
            return f"${body}$"
        return target["label"] if target and target["label"] else body

    out, fence = [], None
    for line in text.split("\n"):
        plain = _PLAIN_FENCE.match(line)
        if fence:
            if plain and plain.group(1)[0] == fence[0]:
                fence = None
        elif plain:
            fence = plain.group(1)
        else:
            line = _ROLE.sub(role, line)
        out.append(line)
    return "\n".join(out)
