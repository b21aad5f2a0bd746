"""POST a JSON message to a chat webhook (Discord or Slack); a few retries on 429 and 5xx."""

from __future__ import annotations

import time

from .. import backoff
from ..i18n import say


class WebhookError(Exception):
    pass


def post(url: str, payload: dict, *, attempts: int = 3, sleep=time.sleep, timeout: float = 15.0) -> None:
    import httpx

    for attempt in range(attempts):
        try:
            response = httpx.post(url, json=payload, timeout=timeout)
        except httpx.HTTPError as exc:
            if attempt + 1 >= attempts:
                raise WebhookError(say("publish.webhook_unreachable", error=exc)) from None
            sleep(backoff.doubling(attempt))
            continue
        if response.status_code < 300:
            return
        if response.status_code in (429, 500, 502, 503, 504) and attempt + 1 < attempts:
            told = backoff.retry_after(response.headers.get("retry-after"))
            sleep(min(told, 30.0) if told is not None else backoff.doubling(attempt))  # doubling stops at 30 s itself
            continue
        raise WebhookError(say("publish.webhook_answered", status=response.status_code, text=response.text[:200]))
