"""Text a member sees: review files, the pull request's title and body. Pure and deterministic."""

from __future__ import annotations

import re

from ..content import cycles, yamlsafe
from ..report import markdown_table
from ..untrusted import code, for_github, url
from .plan import Candidate, Plan

BRANCH_PREFIX = "commons/review/"
HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")  # GitHub's login rule, whole string
REVIEWER_FIELDS = ("impact", "verdict", "summary", "why")  # what the member fills in
WEEKDAYS_KO = "월화수목금토일"


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


def review_file(cycle: str, handle: str, item: Candidate) -> str:
    """A review file: the item reference prefilled, the member's fields empty, the AI summary below."""
    prefilled = {
        "item": item.id, "reviewer": handle, "title": item.title, "url": item.url, "cycle": cycle,
        "ai_score": item.score or None,
    }
    lines = [
        "---",
        yamlsafe.dump(prefilled).rstrip("\n"),
        "# Fill in the four fields below / 아래 네 칸을 채워 주세요",
        "impact:     # 1 (noise) .. 5 (must discuss on Wednesday) / 1(잡음)~5(수요일에 꼭 논의)",
        "verdict:    # newsletter | handbook | skip  (handbook: add `chapter: <file name>`)",
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


def pull_title(cycle: str, count: int) -> str:
    due = cycles.due_date(cycle)
    return f"[{cycle}] 리뷰 {count}건 · 마감 {_due_label(cycle)} / Review {count} item{'s' if count != 1 else ''}, due {due.strftime('%a %Y-%m-%d')}"


def pull_body(plan: Plan, handle: str) -> str:
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
        rows.append([n, title, for_github(item.source), item.score or "", link,
                     code(review_relpath(cycle, handle, item_id))])
    table = markdown_table(["#", "제목 / Title", "출처 / Source", "AI 점수 / AI score", "링크 / Link", "파일 / File"], rows)
    due = _due_label(cycle)
    due_en = cycles.due_date(cycle).strftime("%a %Y-%m-%d")
    return f"""<!-- commons:assign cycle={cycle} reviewer={handle.lower()} -->
@{handle} 님, 이번 주 리뷰할 소식 {len(rows)}건입니다. 마감은 **{due}** 입니다.
Hi @{handle}, here are your {len(rows)} items for {cycle}, due **{due_en}**.

{table}

### 리뷰 방법
1. 위 표의 파일을 하나씩 엽니다 (Files changed 탭에서 `…` → Edit file, 또는 이 브랜치를 체크아웃).
2. 원문을 읽고 front matter의 네 칸을 채웁니다: `impact`(1–5), `verdict`(`newsletter` | `handbook` | `skip`), `summary`, `why`.
   `verdict: handbook`이면 `chapter:`에 핸드북 챕터 파일 이름을 적어 주세요.
3. 다른 파일은 추가하거나 지우지 마세요. 검사(validate)가 빠진 칸과 빠진 항목을 알려 줍니다.
4. 모두 채우면 리뷰를 요청하세요. 승인되면 수요일 모임과 뉴스레터에 반영됩니다.

### How to review
1. Open each file in the table (Files changed → `…` → Edit file, or check out this branch).
2. Read the source and fill in the four front-matter fields: `impact` (1–5), `verdict` (`newsletter` | `handbook` | `skip`), `summary`, `why`.
   With `verdict: handbook`, name the chapter file in `chapter:`.
3. Do not add or remove other files; the validate check names any missing field or item.
4. When all are filled in, ask for a review. Approved reviews feed Wednesday's meeting and the newsletter.
"""
