"""The current moment, for the commands (capabilities take "now" as an argument)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from .i18n import say
from .problems import UsageError


def now_from_env() -> datetime:
    """The current moment; ``COMMONS_NOW`` (ISO 8601) pins it for tests and the demo."""
    pinned = os.environ.get("COMMONS_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageError(say("cli.bad_now", value=pinned)) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)
