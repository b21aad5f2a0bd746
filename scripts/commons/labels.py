"""GitHub labels by a stable key, named in the community's language.

Commands look a label up by its key (``review``, ``overdue``, ``source-health``, ``agenda``); the
name people see is the catalog's ``labels.names.<key>`` in commons.yml's ``language`` (``마감 지남``
in Korean, ``overdue`` in English). A label under another catalog's name for the same key, or
under the key itself (the English names every community had before), still counts as that
label, so nothing is lost before ``commons doctor --fix`` renames it.
"""

from __future__ import annotations

from . import i18n

KEYS = ("review", "overdue", "source-health", "agenda")
COLORS = {"review": "0e8a16", "overdue": "d93f0b", "source-health": "fbca04", "agenda": "0e8a16"}


def name(key: str, language: str) -> str:
    return i18n.catalog(language)(f"labels.names.{key}")


def description(key: str, language: str) -> str:
    return i18n.catalog(language)(f"labels.meaning.{key}")


def names_of(key: str) -> set[str]:
    """Every name the label of ``key`` may carry (lowercase): its name in each catalog, and the key itself."""
    return {key.lower(), *(name(key, code).lower() for code in i18n.available())}


def key_of(label: str) -> str | None:
    """The key of a label name (any language's), or None for a label of the community's own."""
    lowered = label.lower()
    return next((key for key in KEYS if lowered in names_of(key)), None)


def resolve(configured: str, language: str) -> str:
    """A label as commons.yml gives it (a key, or any language's name of one) → its name in ``language``;
    a label of the community's own stays as written."""
    key = key_of(configured)
    return name(key, language) if key else configured


def has(labels, key: str) -> bool:
    """Whether a pull request's or issue's ``labels`` include the label of ``key`` under any of its names."""
    known = names_of(key)
    return any(label.lower() in known for label in labels)


def wanted(keys, language: str) -> dict[str, tuple[str, str]]:
    """name → (color, description) for ``GitHub.ensure_labels``."""
    return {name(key, language): (COLORS[key], description(key, language)) for key in keys}


def renames(have: set[str], language: str) -> list[tuple[str, str]]:
    """(old name, new name) for each label of ours that carries another language's name (or its key)
    while its name in ``language`` is missing: what ``commons doctor`` reports and ``--fix`` renames."""
    lower = {h.lower(): h for h in have}
    out = []
    for key in KEYS:
        new = name(key, language)
        if new.lower() in lower:
            continue
        old = next((lower[n] for n in sorted(names_of(key)) if n in lower), None)
        if old is not None:
            out.append((old, new))
    return out
