"""The ways into the newsletter: the latest-issue line on the home pages."""

from commons.content.issues import Issue
from commons.pages.news import latest

ISSUES = [Issue("2026-W08", "2026-02-18", "이주의 소식 · 2026년 2월 18일 (수)", "Old news", 1, ()),
          Issue("2026-W09", "2026-02-25", "이주의 소식 · 2026년 2월 25일 (수)", "KoReason 공개", 3, ())]


def test_the_latest_issue_line_names_the_newsletter_once_and_links_its_date():
    line = latest(ISSUES, "news/", "ko")
    assert line.startswith("**최신 이주의 소식:** [2026년 2월 25일 (수)](news/2026-W09/README.md) — KoReason 공개 외 2건")
    assert line.count("이주의 소식") == 1


def test_the_latest_issue_line_in_english_names_it_once_too():
    issues = [Issue("2026-W09", "2026-02-25", "Newsletter · Wednesday, February 25, 2026", "KoReason", 1, ())]
    line = latest(issues, "../news/", "en")
    assert line.startswith("**Latest newsletter:** [Wednesday, February 25, 2026](../news/2026-W09/README.md) — KoReason")
    assert line.lower().count("newsletter") == 1
