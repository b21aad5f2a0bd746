"""Markdown files with YAML front matter: read, parse, write back unchanged.

Reading is defensive (size cap, binary and encoding checks, CRLF and BOM
tolerated); writing is atomic and writes nothing when the bytes would not
change. A document written from what was read is byte-identical.
"""

from __future__ import annotations

import os

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import LocatedError
from . import yamlsafe
from .files import atomic_write
from ..i18n import say

MAX_FILE_BYTES = 1_000_000
MAX_FRONT_MATTER_BYTES = 64_000
BOM = "\ufeff"


class ContentError(LocatedError):
    """A file that cannot be read as front matter + markdown. Lines are 1-based in the file."""


@dataclass
class Document:
    meta: dict
    body: str
    # Where each front-matter key is, as (line, column) in the *file*.
    positions: dict = field(default_factory=dict)
    newline: str = "\n"
    bom: bool = False
    raw_meta: str | None = None  # the front matter as read, kept so an unchanged write is exact

    @property
    def body_line(self) -> int:
        """The file line on which the body starts."""
        if self.raw_meta is None:
            return 1
        return self.raw_meta.count("\n") + 3  # opening ---, the YAML, closing ---

    def position(self, path) -> tuple[int, int]:
        return yamlsafe.nearest(self.positions, path)

    def render(self) -> str:
        # Re-reading the original here (rare: only on write) is cheaper than a deep
        # copy on every read, and validation reads thousands of files.
        if self.raw_meta is not None and self.meta == (yamlsafe.load(self.raw_meta).data or {}):
            meta_text = self.raw_meta
        else:
            meta_text = yamlsafe.dump(self.meta) if self.meta else ""
        text = f"---\n{meta_text}---\n{self.body}"
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (BOM if self.bom else "") + text


def decode(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Bytes of a text file → str, or a ContentError a person can act on."""
    if len(data) > max_bytes:
        raise ContentError(say("content.too_large", size=f"{len(data) / 1_000_000:.1f}", limit=max_bytes // 1_000_000))
    if b"\x00" in data:
        raise ContentError(say("content.binary"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            say("content.not_utf8", byte=f"0x{data[exc.start]:02x}"),
            line,
            column,
        ) from None


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read at most ``max_bytes`` (+1 to notice more) so a huge file costs bounded memory."""
    return decode(read_bytes(path, max_bytes), max_bytes)


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, at most ``max_bytes`` of them (a ContentError past that)."""
    with open(path, "rb") as fh:
        # Asked for no more than the file holds: read(n) sets n bytes aside first (a limit of
        # 1 GB, the portfolio cache's, would ask the system for 1 GB each read).
        size = os.fstat(fh.fileno()).st_size
        data = fh.read(min(size, max_bytes) + 1)
        if size < len(data) <= max_bytes:  # it grew since: the rest, up to the limit
            data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        size = path.stat().st_size
        raise ContentError(say("content.too_large", size=f"{size / 1_000_000:.1f}", limit=max_bytes // 1_000_000))
    return data


def parse(text: str, require_front_matter: bool = True) -> Document:
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        text = text.replace("\r\n", "\n")

    if not (text.startswith("---\n") or text == "---"):
        if require_front_matter:
            raise ContentError(say("content.no_front_matter"))
        return Document({}, text, {}, newline, bom, None)

    end = _closing_fence(text)
    if end is None:
        raise ContentError(say("content.front_matter_unclosed"))
    raw_meta = text[4:end]
    if len(raw_meta.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise ContentError(say("content.front_matter_too_large", limit=MAX_FRONT_MATTER_BYTES // 1000))
    rest = text[end:]
    body = rest.split("\n", 1)[1] if "\n" in rest else ""

    try:
        loaded = yamlsafe.load(raw_meta, first_line=2)
    except yamlsafe.YamlError as exc:
        raise ContentError(exc.message, exc.line + 1, exc.column, exc.field) from None
    meta = loaded.data
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(say("content.not_fields_list" if isinstance(meta, list) else "content.not_fields_value"), 2, 1)
    positions = {path: (line + 1, col) for path, (line, col) in loaded.positions.items()}
    positions[()] = (1, 1)
    return Document(meta, body, positions, newline, bom, raw_meta)


def _closing_fence(text: str) -> int | None:
    """Index of the closing '---' (or '...') line after the opening one, if any."""
    pos = 4
    while pos <= len(text):
        line_end = text.find("\n", pos)
        line = text[pos:] if line_end == -1 else text[pos:line_end]
        if line.rstrip() in ("---", "..."):
            return pos
        if line_end == -1:
            return None
        pos = line_end + 1
    return None


def read(path: Path, require_front_matter: bool = True) -> Document:
    return parse(read_text(Path(path)), require_front_matter)


def write(path: Path, doc: Document) -> bool:
    """Write atomically; returns False (and touches nothing) when the file is unchanged."""
    return atomic_write(Path(path), doc.render().encode("utf-8"))


def new(meta: dict, body: str = "") -> Document:
    return Document(dict(meta), body)
