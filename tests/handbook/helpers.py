"""Shared helpers: a throwaway commons repository with the project's schemas and config."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus" / "llm-handbook"


def make_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copy(ROOT / "commons.yml", root / "commons.yml")
    return root


def chapter(title: str, part: str, order: int, body: str, **extra) -> str:
    """A chapter file's text; ``body`` follows the front matter."""
    meta = {
        "title": title, "part": part, "order": order, "level": "intro",
        "updated": "2026-11-22", **extra,
    }
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f'{key}: "{value}"')
    return "\n".join(lines) + "\n---\n" + body


GOOD_BODY = """# Title

## 요약

A thin summary.

## 왜 중요한가

Because.

## 연결

Nothing yet.

## 자료

- **paper** · [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — the paper that started it.
"""
