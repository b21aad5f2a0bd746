"""Generated text in the community's language: each module keeps its own phrase table."""

from __future__ import annotations


def pick(table: dict[str, dict], language: str) -> dict:
    """The phrases for ``language`` (``ko-KR`` counts as ``ko``), English when there are none."""
    return table.get(language.split("-")[0].lower(), table["en"])
