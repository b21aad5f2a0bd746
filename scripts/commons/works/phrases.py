"""Generated text about members' works, in the community's language (see :func:`commons.i18n.pick`)."""

from __future__ import annotations

from .. import i18n

LABELS = {
    "ko": {
        "works_title": "멤버들이 만든 것", "notes": "스터디 노트", "posts": "포스트", "logs": "주간 로그·회의록",
        "portfolios": "멤버 포트폴리오",
        "note": "노트", "post": "글", "log": "기록", "member": "멤버", "date": "날짜", "chapters": "챕터",
        "cycle": "주기", "team": "팀", "authors": "작성", "log_type": {"log": "주간 로그", "minutes": "회의록"},
        "all": "전체 {n}개 보기 →", "none_yet": "아직 없습니다.", "count": "{n}개",
        "notes_intro": "강의·책·스터디 발표를 정리한 노트입니다. 각 노트는 자신이 채우는 챕터에 연결됩니다.",
        "posts_intro": "멤버가 블로그에 쓴 글을 그대로 옮겨 온 것입니다 (Learning in Public).",
        "logs_intro": "빌더와 팀이 주기마다 남긴 진행 기록과 회의록입니다.",
        "feeding": "이 챕터와 이어진 노트·글·기록", "more": "외 {n}개",
        # the portfolio page
        "as_of": "{community} · {cycle} 기준", "reviews": "리뷰", "chapter_list": "쓴 챕터",
        "totals": "리뷰 {reviews} · 챕터 {chapters} · 노트 {notes} · 글 {posts} · 기록 {logs}",
        "jandi": "잔디: 최근 {n}주의 기여", "jandi_alt": "주기별 기여 잔디 (리뷰, 챕터, 노트, 글, 기록)",
        "item": "소식", "impact": "영향도", "verdict": "판단", "newsletter": "이주의 소식",
        "verdicts": {"newsletter": "뉴스레터", "handbook": "핸드북", "skip": "건너뜀"},
        "issue": "실림", "part": "파트", "updated": "업데이트",
        "rows": ("리뷰", "챕터", "노트", "글", "기록"),
        "legend": ("적음", "많음"),
        "page_hint": "이 표시 밖에는 소개, 링크 등을 자유롭게 써도 됩니다. 표시 사이는 `commons index`가 다시 만듭니다.",
        "opt_out": "포트폴리오를 원하지 않으면 members.yml에서 자신의 항목에 `portfolio: false`를 적으세요.",
        "footer": "이 페이지는 `commons index`가 저장소의 리뷰·챕터·노트·글·기록으로 만듭니다.",
    },
    "en": {
        "works_title": "What members make", "notes": "Study notes", "posts": "Posts", "logs": "Weekly logs and minutes",
        "portfolios": "Member portfolios",
        "note": "Notes", "post": "Post", "log": "Record", "member": "Member", "date": "Date", "chapters": "Chapters",
        "cycle": "Cycle", "team": "Team", "authors": "Written by", "log_type": {"log": "weekly log", "minutes": "minutes"},
        "all": "All {n} →", "none_yet": "None yet.", "count": "{n}",
        "notes_intro": "Notes on courses, books and study talks, each linked to the chapters it feeds.",
        "posts_intro": "Members' blog posts, cross-posted as they are (learning in public).",
        "logs_intro": "What builders and teams did each cycle, and their meeting minutes.",
        "feeding": "Notes, posts and logs on this chapter", "more": "and {n} more",
        "as_of": "{community} · as of {cycle}", "reviews": "Reviews", "chapter_list": "Chapters written",
        "totals": "{reviews} reviews · {chapters} chapters · {notes} notes · {posts} posts · {logs} logs",
        "jandi": "Contributions over the last {n} weeks", "jandi_alt": "contributions per cycle (reviews, chapters, notes, posts, logs)",
        "item": "Item", "impact": "Impact", "verdict": "Verdict", "newsletter": "Newsletter",
        "verdicts": {"newsletter": "newsletter", "handbook": "handbook", "skip": "skip"},
        "issue": "featured", "part": "Part", "updated": "Updated",
        "rows": ("reviews", "chapters", "notes", "posts", "logs"),
        "legend": ("fewer", "more"),
        "page_hint": "Write anything outside the markers (a bio, links); `commons index` rewrites only what is between them.",
        "opt_out": "To have no portfolio page, add `portfolio: false` to your entry in members.yml.",
        "footer": "Written by `commons index` from the reviews, chapters, notes, posts and logs in this repository.",
    },
}


def labels(language: str) -> dict:
    return i18n.pick(LABELS, language)
