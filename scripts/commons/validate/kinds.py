"""Which schema a file answers to, decided by where it lives (DESIGN.md, "Layout")."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

CYCLE = re.compile(r"\d{4}-W\d{2}")  # used with fullmatch

# Generated files: they have no front matter and are rewritten by `commons index`/`publish`.
GENERATED = {("news", "README.md"), ("handbook", "README.md"),
             ("notes", "README.md"), ("posts", "README.md"), ("logs", "README.md"), ("portfolio", "README.md")}
# Members' works (commons.works.layout): <folder>/<member or team>/<file>.md
WORKS = {"notes": "note", "posts": "post", "logs": "log"}
ROOTS = ("news", "handbook", "commons.yml", "members.yml", *WORKS, "portfolio")


def classify(parts: tuple[str, ...], anchored: bool = True) -> str | None:
    """The kind of a file from its path parts.

    ``anchored``: the parts are relative to the repository root, so only the
    real layout counts (test fixtures deep in ``tests/`` are not content).
    Otherwise (a path outside the repository) the trailing parts decide, so
    ``/tmp/copy/news/2026-W48/items/x.md`` is an item too. None: no schema covers it.
    """
    if not parts:
        return None
    if anchored and parts[0] not in ROOTS:
        return None
    name = parts[-1]
    if len(parts) == 1 and name == "commons.yml":
        return "commons"
    if len(parts) == 1 and name == "members.yml":
        return "members"
    if name.endswith(".jsonl"):
        if len(parts) >= 4 and parts[-4] == "news" and CYCLE.match(parts[-3]) and parts[-2] == "collected":
            return "pool"  # news/<cycle>/collected/<day>.jsonl: one item a line
        return None
    if name.lower().endswith(".svg"):
        return "svg"  # a picture beside a post, in the handbook or a newsletter: served by the site
    if not name.endswith(".md"):
        return None
    if tuple(parts[-2:]) in GENERATED:
        return None
    if len(parts) >= 4 and parts[-4] == "news" and CYCLE.fullmatch(parts[-3]) and parts[-2] == "items":
        return "item"
    if len(parts) >= 5 and parts[-5] == "news" and CYCLE.fullmatch(parts[-4]) and parts[-3] == "reviews":
        return "review"
    if len(parts) == 3 and parts[0] == "news" and CYCLE.fullmatch(parts[1]) and name == "README.md":
        return None  # a newsletter
    if len(parts) >= 3 and parts[-3] in WORKS and (not anchored or len(parts) == 3):
        if not parts[-2].startswith((".", "_")):
            return WORKS[parts[-3]]
    if len(parts) >= 2 and parts[-2] == "portfolio" and (not anchored or len(parts) == 2):
        return "portfolio"
    if "handbook" in (parts[:1] if anchored else parts[:-1]):
        below = parts[parts.index("handbook") + 1 :]
        if below and not any(p.startswith((".", "_")) for p in below):
            return "chapter"
    return None


def name_class(name: str) -> str:
    """All that :func:`classify` looks at in a file's own name: the few names it knows, the suffix, and
    whether the name is hidden or private ("." or "_"). Files of one folder with the same class have
    the same kind, so a walk classifies once per folder and class, not once per file."""
    if name in ("commons.yml", "members.yml", "README.md"):
        return name
    suffix = ".jsonl" if name.endswith(".jsonl") else ".md" if name.endswith(".md") else (
        ".svg" if name.lower().endswith(".svg") else "other")
    return suffix + ("_" if name.startswith((".", "_")) else "")


def parts_of(path: str) -> tuple[str, ...]:
    path = path.replace("\\", "/")
    if (path and path[0] != "/" and not path.endswith("/") and "//" not in path and "/./" not in path
            and not path.startswith("./") and not path.endswith("/.") and path != "."):
        return tuple(path.split("/"))  # a plain relative path (nearly every call): what PurePosixPath gives, quicker
    return PurePosixPath(path).parts
