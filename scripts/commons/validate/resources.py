"""The shape of a chapter's resource list (seed 001: "the best resources to learn it").

Each resource is one list item that a person can write by hand and that reads
well rendered on GitHub::

    - **paper** · [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — the paper that started it

the kind in bold (one of ``handbook.resource_kinds``), a link, then a one-line
reason to read it after a dash. Lists may be grouped under ``###`` headings and
introduced by a paragraph; sub-items under a resource are free-form notes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from ..i18n import say

_SEPARATORS = " \t·•:|-–—"
_md = MarkdownIt("commonmark")


def check_resources(
    body: str, section_title: str, kinds: tuple[str, ...], body_line: int
) -> list[tuple[int, str, str]]:
    """Problems as (file line, field, message) in the level-2 section titled ``section_title``."""
    tokens = _md.parse(body)
    problems: list[tuple[int, str, str]] = []
    known = {k.casefold() for k in kinds}
    in_section = False
    list_depth = 0
    item_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and int(token.tag[1]) <= 2:
            in_section = _inline_text(tokens[index + 1]) == section_title
            continue
        if not in_section:
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "list_item_open":
            item_depth += 1
            if list_depth == 1:
                line = body_line + (token.map[0] if token.map else 0)
                inline = _first_inline(tokens, index)
                message = _check_item(inline, known, kinds) if inline is not None else say("resources.empty_item")
                if message:
                    problems.append((line, "resources", message))
        elif token.type == "list_item_close":
            item_depth -= 1
        elif token.type == "inline" and list_depth == 0 and token.map:
            if any(child.type == "link_open" for child in token.children or []):
                problems.append(
                    (body_line + token.map[0], "resources",
                     say("resources.own_item", example=say("resources.example")))
                )
    return problems


def _first_inline(tokens, start: int):
    """The inline token of a list item's first paragraph (None when the item is empty)."""
    depth = 0
    for token in tokens[start:]:
        if token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
            if depth == 0:
                return None
        elif token.type == "inline":
            return token
    return None


def _inline_text(inline) -> str:
    return "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline")).strip()


def _check_item(inline, known: set[str], kinds: tuple[str, ...]) -> str | None:
    children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
    choices = ", ".join(kinds)
    if not children or children[0].type != "strong_open":
        return say("resources.kind_first", choices=choices, example=say("resources.example"))
    close = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    kind = "".join(c.content for c in children[1:close]).strip() if close else ""
    if kind.casefold() not in known:
        return say("resources.unknown_kind", kind=kind, choices=choices)
    link_open = next((i for i, c in enumerate(children) if c.type == "link_open"), None)
    if link_open is None:
        return say("resources.needs_link", example=say("resources.example"))
    link_close = next(i for i, c in enumerate(children) if c.type == "link_close" and i > link_open)
    if not "".join(c.content for c in children[link_open + 1 : link_close]).strip():
        return say("resources.no_title")
    after = "".join(
        c.content if c.type in ("text", "code_inline") else (" " if c.type == "softbreak" else "")
        for c in children[link_close + 1 :]
    )
    if not after.strip(_SEPARATORS):
        return say("resources.needs_reason", example=say("resources.example"))
    return None
