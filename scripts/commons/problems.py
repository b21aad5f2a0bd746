"""A problem found in a file, reported as ``path:line:col: field: message``."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Every command's exit status: done; done, but a person should look; the command line was wrong.
EXIT_OK, EXIT_ATTENTION, EXIT_USAGE = 0, 1, 2


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


class LocatedError(Exception):
    """Bad input at a place in a text: 1-based line and column, and the field when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1, field: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.field = field


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters (often from the very
    argument being complained about) shown escaped, as Python would write them."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class UsageError(Exception):
    """Bad usage or configuration: the command prints this one line and exits 2."""
