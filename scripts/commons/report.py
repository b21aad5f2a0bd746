"""What a run tells people: the Actions step summary and progress while it works."""

from __future__ import annotations

import os
import sys


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def step_summary(markdown: str) -> None:
    """Append ``markdown`` to the Actions step summary, when there is one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(markdown.rstrip("\n") + "\n\n")


def markdown_table(headers: list[str], rows: list[list]) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


class Progress:
    """A bar on a terminal, a collapsed log group in Actions, nothing when piped."""

    def __init__(self, label: str, total: int, stream=None, lines: bool = False):
        """``lines``: on a terminal, also leave one line per finished step above the bar
        (collect: each source as it finishes, so a slow one is seen to be the one left)."""
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.lines = lines

    def __enter__(self):
        if in_actions():
            print(f"::group::{self.label} ({self.total})", file=self.stream, flush=True)
        return self

    def advance(self, note: str = "") -> None:
        self.done += 1
        if in_actions():
            print(f"[{self.done}/{self.total}] {note}", file=self.stream, flush=True)
        elif self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            if self.lines:  # the finished step's own line, then the bar redrawn under it
                print(f"\r\x1b[K{note}", file=self.stream)
                print(f"{self.label} [{bar}] {self.done}/{self.total}", end="", file=self.stream, flush=True)
            else:
                print(f"\r{self.label} [{bar}] {self.done}/{self.total} {note[:40]:<40}", end="", file=self.stream, flush=True)

    def __exit__(self, *exc):
        if in_actions():
            print("::endgroup::", file=self.stream, flush=True)
        elif self.tty:
            print(file=self.stream, flush=True)
        return False

