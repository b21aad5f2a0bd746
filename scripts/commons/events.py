"""The GitHub Actions event a workflow-run command answers: read from its file, one line when it can't be."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

from .i18n import say
from .problems import UsageError


def read(path: Path | None, messages: str, pick: Callable[[dict], dict]) -> dict:
    """``pick(event)`` from ``path`` (default ``$GITHUB_EVENT_PATH``); a missing, unreadable or
    misshapen file is a UsageError worded by ``<messages>.no_event`` / ``<messages>.not_an_event``."""
    where = path or (Path(os.environ["GITHUB_EVENT_PATH"]) if os.environ.get("GITHUB_EVENT_PATH") else None)
    if where is None:
        raise UsageError(say(f"{messages}.no_event"))
    try:
        return pick(json.loads(Path(where).read_text(encoding="utf-8")))
    except OSError as exc:
        raise UsageError(f"--event {where}: " + say("validate.unreadable", error=exc.strerror or exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"--event {where}: " + say(f"{messages}.not_an_event", error=f"{type(exc).__name__}: {exc}")) from None
