"""backoff: the one waiting rule of the GitHub, AI and webhook retry loops."""

from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

from commons import backoff


def test_doubling_from_the_base_up_to_the_cap():
    assert [backoff.doubling(a) for a in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert [backoff.doubling(a, base=0.5, most=3) for a in range(4)] == [0.5, 1, 2, 3]
    assert backoff.doubling(3, base=0) == 0


def test_a_servers_retry_after_in_seconds_milliseconds_or_a_date():
    assert backoff.retry_after("7") == 7.0 and backoff.retry_after("0") == 0.0
    assert backoff.retry_after("5", milliseconds="1500") == 1.5
    assert backoff.retry_after("-3") == 0.0
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True)
    assert 100 < backoff.retry_after(later) <= 120
    for unreadable in (None, "", "soon", "nan-ish", object()):
        assert backoff.retry_after(unreadable) is None
