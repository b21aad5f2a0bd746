"""A problem found in a file, reported as ``path:line:col: field: message``."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.column}: {field}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class UsageError(Exception):
    """Bad usage or configuration: the command prints this one line and exits 2."""
