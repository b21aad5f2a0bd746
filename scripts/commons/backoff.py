"""How long to wait before trying a remote service again: one rule for GitHub, the AI server and
chat webhooks. Doubling from ``base`` (so a flapping server is not hammered), capped at ``most``;
a server's own ``Retry-After`` wins when it gives one."""

from __future__ import annotations

import email.utils
import time


def doubling(attempt: int, base: float = 1.0, most: float = 30.0) -> float:
    """``base`` × 2^``attempt`` seconds (the first retry is attempt 0), at most ``most``."""
    return min(base * 2 ** attempt, most)


def retry_after(value, milliseconds=None) -> float | None:
    """Seconds a server asked for: ``Retry-After`` (seconds or an HTTP date) or ``retry-after-ms``;
    None when it asked nothing readable. Never negative."""
    try:
        if milliseconds:
            return max(float(milliseconds) / 1000, 0.0)
        if not value:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, OverflowError):
        return None
