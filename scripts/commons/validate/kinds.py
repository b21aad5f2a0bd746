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


def _at_root(name: str):
    return lambda parts, anchored: len(parts) == 1 and parts[0] == name


def _pool(parts, anchored) -> bool:  # news/<cycle>/collected/<day>.jsonl: one item a line
    return (len(parts) >= 4 and parts[-4] == "news" and bool(CYCLE.match(parts[-3])) and parts[-2] == "collected"
            and parts[-1].endswith(".jsonl"))


def _svg(parts, anchored) -> bool:  # a picture beside a post, in the handbook or a newsletter: served by the site
    return parts[-1].lower().endswith(".svg")


def _not_markdown(parts, anchored) -> bool:
    return not parts[-1].endswith(".md")


def _generated(parts, anchored) -> bool:
    return tuple(parts[-2:]) in GENERATED


def _in_cycle(folder: str, depth: int):
    """news/<cycle>/<folder>/ then ``depth`` - 3 more levels (items: the file; reviews: <member>/the file)."""
    return lambda parts, anchored: (len(parts) >= depth and parts[-depth] == "news"
                                    and bool(CYCLE.fullmatch(parts[-depth + 1])) and parts[-depth + 2] == folder)


def _newsletter(parts, anchored) -> bool:
    return len(parts) == 3 and parts[0] == "news" and bool(CYCLE.fullmatch(parts[1])) and parts[2] == "README.md"


def _work(folder: str):
    """<folder>/<member or team>/<file>.md, the member's folder neither hidden nor private."""
    return lambda parts, anchored: (len(parts) >= 3 and parts[-3] == folder and (not anchored or len(parts) == 3)
                                    and not parts[-2].startswith((".", "_")))


def _portfolio(parts, anchored) -> bool:
    return len(parts) >= 2 and parts[-2] == "portfolio" and (not anchored or len(parts) == 2)


def _chapter(parts, anchored) -> bool:
    if "handbook" not in (parts[:1] if anchored else parts[:-1]):
        return False
    below = parts[parts.index("handbook") + 1:]
    return bool(below) and not any(p.startswith((".", "_")) for p in below)


# A path's kind: the first rule it meets decides (None: no schema covers it).
RULES = (
    (_at_root("commons.yml"), "commons"),
    (_at_root("members.yml"), "members"),
    (_pool, "pool"),
    (_svg, "svg"),
    (_not_markdown, None),
    (_generated, None),
    (_in_cycle("items", 4), "item"),
    (_in_cycle("reviews", 5), "review"),
    (_newsletter, None),
    *((_work(folder), kind) for folder, kind in WORKS.items()),
    (_portfolio, "portfolio"),
    (_chapter, "chapter"),
)


def classify(parts: tuple[str, ...], anchored: bool = True) -> str | None:
    """The kind of a file from its path parts (see RULES).

    ``anchored``: the parts are relative to the repository root, so only the
    real layout counts (test fixtures deep in ``tests/`` are not content).
    Otherwise (a path outside the repository) the trailing parts decide, so
    ``/tmp/copy/news/2026-W48/items/x.md`` is an item too. None: no schema covers it.
    """
    if not parts or (anchored and parts[0] not in ROOTS):
        return None
    return next((kind for applies, kind in RULES if applies(parts, anchored)), None)


def parts_of(path: str) -> tuple[str, ...]:
    path = path.replace("\\", "/")
    if (path and path[0] != "/" and not path.endswith("/") and "//" not in path and "/./" not in path
            and not path.startswith("./") and not path.endswith("/.") and path != "."):
        return tuple(path.split("/"))  # a plain relative path (nearly every call): what PurePosixPath gives, quicker
    return PurePosixPath(path).parts
