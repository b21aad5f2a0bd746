"""Text a member sees: review files, the pull request's title and body. Pure and deterministic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..content import cycles, yamlsafe
from ..report import markdown_table
from ..untrusted import code, for_github, url
from .plan import Candidate, Plan

BRANCH_PREFIX = "commons/review/"
HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")  # GitHub's login rule, whole string
REVIEWER_FIELDS = ("impact", "verdict", "summary", "why")  # what the member fills in
WEEKDAYS_KO = "월화수목금토일"
CHAPTER_CHOICES = 6  # chapters named in a review file's hint; the index lists them all
# The one way to say "done", as CONTRIBUTING.md also gives it (tests hold the two together).
DONE_COMMENT = {"ko": "리뷰 완료", "en": "review done"}


@dataclass(frozen=True)
class ChapterChoice:
    name: str  # what `chapter:` takes: the file name without .md
    words: frozenset[str]  # its tags, title and name, lowercased, to match against an item


@dataclass(frozen=True)
class ReviewContext:
    """What the repository knows that a member's files and PR body show: the community's
    timezone, its sources' titles, its chapters and each category's keywords."""
    timezone: str = "UTC"
    source_titles: dict[str, str] = field(default_factory=dict)
    chapters: tuple[ChapterChoice, ...] = ()
    category_words: dict[str, frozenset[str]] = field(default_factory=dict)


def words_of(text: str) -> set[str]:
    out, word = set(), []
    for ch in text.lower() + " ":
        if ch.isalnum() or ch in ".-_":
            word.append(ch)
        elif word:
            out.add("".join(word).strip(".-_"))
            word = []
    return {w for w in out if w}


def chapter_choices(item: Candidate, context: ReviewContext) -> list[str]:
    """The chapters an item could go to: those its category's keywords touch first (the ones
    the item's own words point at leading), then the rest; path order breaks ties."""
    category = context.category_words.get(item.category, frozenset())
    own = words_of(f"{item.title} {item.summary}")

    def rank(indexed):
        index, chapter = indexed
        in_category = len(chapter.words & category)
        return (-bool(in_category), -len(chapter.words & own), -in_category, index)

    return [c.name for _, c in sorted(enumerate(context.chapters), key=rank)]


def branch_name(cycle: str, handle: str) -> str:
    return f"{BRANCH_PREFIX}{cycle}/{handle.lower()}"


def parse_branch(branch: str) -> tuple[str, str] | None:
    """(cycle, handle) of a review branch, or None when it is not one."""
    if not branch.startswith(BRANCH_PREFIX):
        return None
    rest = branch[len(BRANCH_PREFIX):].split("/")
    if len(rest) != 2 or not all(rest):
        return None
    try:
        cycles.parse_cycle(rest[0])
    except ValueError:
        return None
    if not HANDLE.fullmatch(rest[1]):
        return None
    return rest[0], rest[1]


def review_relpath(cycle: str, handle: str, item_id: str) -> str:
    return f"news/{cycle}/reviews/{handle.lower()}/{item_id}.md"


def review_file(cycle: str, handle: str, item: Candidate, context: ReviewContext | None = None) -> str:
    """A review file: the item reference prefilled, the member's fields empty, the AI summary below."""
    choices = chapter_choices(item, context or ReviewContext())[:CHAPTER_CHOICES]
    chapter_hint = (
        "# chapter:  # handbook이면 맨 앞 #을 지우고 아래에서 고르세요 / with handbook: remove the first #, pick one below\n"
        f"#   {' | '.join(choices)}  (전체 / all: handbook/README.md)"
        if choices else "# chapter:  # handbook이면 맨 앞 #을 지우고 챕터 파일 이름(.md 없이)을 적으세요 / with handbook: remove the "
        "first # and name a chapter file without .md"
    )
    prefilled = {
        "item": item.id, "reviewer": handle, "title": item.title, "url": item.url, "cycle": cycle,
        "ai_score": item.score or None,
    }
    lines = [
        "---",
        yamlsafe.dump(prefilled).rstrip("\n"),
        "# Fill in the four fields below / 아래 네 칸을 채워 주세요",
        "impact:     # 1 (noise) .. 5 (must discuss on Wednesday) / 1(잡음)~5(수요일에 꼭 논의)",
        "verdict:    # newsletter | handbook | skip",
        chapter_hint,
        "summary:    # what it is, in a sentence or two / 한두 문장으로, 무엇인가",
        "why:        # why it matters to us / 우리에게 왜 중요한가",
        "---",
        "",
        "## AI 요약 / AI summary",
        "",
        (item.summary or "(없음 / none)").strip(),
        "",
    ]
    if item.why:
        lines += ["**왜 중요한가 / Why it matters (AI):** " + item.why.strip(), ""]
    lines += [f"원문 / Source: <{item.url}>" if item.url else "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _due_label(cycle: str) -> str:
    due = cycles.due_date(cycle)
    return f"{due.isoformat()} ({WEEKDAYS_KO[due.weekday()]})"


def _last_minute(cycle: str, timezone: str) -> datetime:
    """The last minute a review is on time, in the community's timezone (Wednesday 23:59)."""
    return (cycles.due_time(cycle, timezone) - timedelta(minutes=1)).astimezone(ZoneInfo(timezone))


def due_with_hour(cycle: str, timezone: str) -> tuple[str, str]:
    """(Korean, English) due date and hour in ``timezone``: ('2026-11-25 (수) 23:59', 'Wed 2026-11-25 23:59')."""
    last = _last_minute(cycle, timezone)
    return f"{last.date().isoformat()} ({WEEKDAYS_KO[last.weekday()]}) {last:%H:%M}", f"{last:%a %Y-%m-%d %H:%M}"


def pull_title(cycle: str, count: int) -> str:
    due = cycles.due_date(cycle)
    return f"[{cycle}] 리뷰 {count}건 · 마감 {_due_label(cycle)} / Review {count} item{'s' if count != 1 else ''}, due {due.strftime('%a %Y-%m-%d')}"


def pull_body(plan: Plan, handle: str, context: ReviewContext | None = None) -> str:
    context = context or ReviewContext()
    cycle = plan.cycle
    rows = []
    for n, item_id in enumerate(plan.assignments[handle], 1):
        item = plan.items[item_id]
        # Feed titles, sources and addresses are outside text: inert here (no mention, reference or HTML).
        title = for_github(item.title) + (" (이월 / carried over)" if item.carried_over else "") + (
            " (점검: 걸러진 소식 / audit: dropped by triage)" if item.audit else "") + (
            f" (후속: {for_github(item.follows)} / follows up)" if item.follows else "")
        target = url(item.url)
        link = f"[link]({target})" if target else ""
        source = for_github(context.source_titles.get(item.source) or item.source)
        rows.append([n, title, source, item.score or "", link, code(review_relpath(cycle, handle, item_id))])
    table = markdown_table(["#", "제목 / Title", "출처 / Source", "AI 점수 / AI score", "링크 / Link", "파일 / File"], rows)
    due, due_en = due_with_hour(cycle, context.timezone)
    done_ko, done_en = DONE_COMMENT["ko"], DONE_COMMENT["en"]
    return f"""<!-- commons:assign cycle={cycle} reviewer={handle.lower()} -->
@{handle} 님, 이번 주 리뷰할 소식 {len(rows)}건입니다. 마감은 **{due}**({context.timezone} 기준)입니다.
Hi @{handle}, here are your {len(rows)} items for {cycle}, due **{due_en}** ({context.timezone} time).

{table}

### 리뷰 방법
1. 위 표의 파일을 하나씩 엽니다 (Files changed 탭에서 `…` → Edit file, 또는 이 브랜치를 체크아웃).
2. 원문을 읽고 front matter의 네 칸을 채웁니다: `impact`(1–5), `verdict`(`newsletter` | `handbook` | `skip`), `summary`, `why`.
   `verdict: handbook`이면 `# chapter:` 줄의 맨 앞 `#`을 지우고 거기 적힌 챕터 중 하나를 고르세요.
3. 다른 파일은 추가하거나 지우지 마세요. 검사(validate)가 빠진 칸과 빠진 항목을 알려 줍니다.
4. 모두 채우면 이 PR에 **{done_ko}** 라고 댓글을 남겨 주세요. 운영진이 승인하면 수요일 모임과 뉴스레터에 반영됩니다.

맡기 어려운 항목은 댓글 첫 줄에 `/skip <항목> <이유>`(내려놓기), `/swap <항목> @<멤버>`(넘기기)로, 리뷰어가 모자란 항목은 `/claim <항목>`으로 가져올 수 있습니다.

### How to review
1. Open each file in the table (Files changed → `…` → Edit file, or check out this branch).
2. Read the source and fill in the four front-matter fields: `impact` (1–5), `verdict` (`newsletter` | `handbook` | `skip`), `summary`, `why`.
   With `verdict: handbook`, remove the `#` in front of `# chapter:` and pick one of the chapters listed there.
3. Do not add or remove other files; the validate check names any missing field or item.
4. When all are filled in, comment **{done_en}** on this pull request. Reviews a maintainer approves feed Wednesday's meeting and the newsletter.

Can't take an item? Comment `/skip <item> <reason>` (hand it back) or `/swap <item> @<member>` (give it to someone with room) as the first line; `/claim <item>` takes one that still lacks reviewers.
"""
