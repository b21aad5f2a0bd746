"""What the demo's simulated members write: each in their own words, in Korean, about the sample items.

Keyed by the sample item's address; each item has a few takes (summary, why) and a member's take
is picked by a hash of (member, item), so two reviewers of one item rarely say the same thing.
Items not in this table (other feeds) get a take composed from the item's own facts.
"""

from __future__ import annotations

import hashlib

from ..publish.editor import korean_share

TAKES: dict[str, tuple[tuple[str, str], ...]] = {
    "https://lab.example.com/blog/nimbus-2": (
        ("32B 오픈 웨이트 모델인데 컨텍스트가 256K까지 되고 라이선스가 Apache-2.0입니다. 긴 문서 QA에서는 두 배 크기 모델과 비슷한 점수를 냈다고 합니다.",
         "상업적으로 마음껏 쓸 수 있는 긴 컨텍스트 모델이 하나 더 생겼습니다. RAG 없이 문서를 통째로 넣는 실험을 해 볼 만합니다."),
        ("Nimbus-2가 공개됐습니다. 파라미터 32B, 컨텍스트 256K 토큰, Apache-2.0 라이선스라 사내 배포에도 부담이 없습니다.",
         "우리 프로젝트 중 긴 회의록 요약 팀이 바로 비교해 볼 수 있는 후보입니다."),
        ("긴 문맥에 강한 32B 공개 모델입니다. 벤치마크는 회사 자체 측정이라 직접 돌려 봐야 알 것 같습니다.",
         "공개 모델 중 256K를 제대로 쓰는 모델은 아직 드물어서, 실제로 끝까지 기억하는지 검증해 볼 가치가 있습니다."),
    ),
    "https://arxiv.org/abs/2611.04730": (
        ("한국어로 처음부터 쓴 다단계 추론 문제 3,200개짜리 벤치마크입니다. 번역한 영어 벤치마크보다 최신 모델 점수가 11~19점 낮게 나옵니다.",
         "번역 벤치마크로 한국어 실력을 재면 과대평가된다는 걸 숫자로 보여 줍니다. 평가 챕터에 꼭 넣고 싶습니다."),
        ("KoReason은 번역이 아니라 한국어 원문으로 만든 추론 벤치마크입니다. 모델들이 한국어 원문 문제에서 눈에 띄게 약했습니다.",
         "우리가 만드는 한국어 서비스의 평가 기준을 다시 생각하게 합니다."),
        ("다단계 추론을 한국어로 직접 측정하는 벤치마크가 나왔습니다. 문제 작성 과정과 채점 기준도 공개돼 있습니다.",
         "리더보드 숫자만 보고 모델을 고르던 습관을 돌아보게 하는 논문입니다."),
    ),
    "https://github.com/example/tiny-agent-evals": (
        ("200줄짜리 에이전트 평가 도구입니다. 과제 정의, 실행, 채점이 파일 하나에 다 들어 있어서 읽기만 해도 구조가 잡힙니다.",
         "무거운 프레임워크 없이도 에이전트를 평가할 수 있다는 좋은 예시라, 스터디 실습 자료로 쓰기 좋습니다."),
        ("Hacker News에서 화제가 된 초소형 에이전트 평가 하네스입니다. 도구 호출 기록을 남기고 성공 여부를 자동으로 채점합니다.",
         "우리 에이전트 프로젝트에 바로 붙여 볼 수 있을 만큼 가볍습니다."),
    ),
    "https://lab.example.com/blog/speculative-retrieval": (
        ("사용자가 질문을 다 입력하기 전부터 후보 문단을 미리 가져오고, 입력이 끝나면 다시 순위를 매깁니다. p50 지연이 820ms에서 390ms로 줄었습니다.",
         "RAG가 느리다는 불만에 대한 실용적인 답입니다. 검색 단계를 입력과 겹치는 발상이 신선합니다."),
        ("검색을 질의 완성 전에 시작하는 '추측 검색'으로 RAG 응답 시간을 절반으로 줄인 사례입니다.",
         "지연 시간 때문에 RAG 도입을 망설이는 팀에 보여 줄 만한 숫자입니다."),
    ),
    "https://arxiv.org/abs/2611.04512": (
        ("질의를 다 만들기 전 부분 질의로 검색하고 나중에 재순위화해도 정확도가 거의 떨어지지 않는다는 논문입니다.",
         "같은 주에 나온 지연 단축 블로그 글의 이론적 배경이라 함께 읽으면 좋습니다."),
        ("부분 질의 검색과 재순위화를 겹쳐서 RAG 지연을 줄이는 방법을 체계적으로 실험했습니다.",
         "RAG 챕터의 '지연 줄이기' 절에 근거로 인용할 만합니다."),
    ),
    "https://github.com/vllm-project/vllm/releases/tag/v0.14.0": (
        ("vLLM 0.14.0에서 지원 모델의 추측 디코딩이 기본으로 켜지고, FP8 KV 캐시를 쓸 수 있는 GPU가 늘었습니다.",
         "설정을 바꾸지 않아도 추론이 빨라질 수 있어서, 서빙하는 팀은 업그레이드 전에 벤치마크를 다시 돌려 봐야 합니다."),
        ("이번 vLLM 릴리스의 핵심은 추측 디코딩 기본 활성화와 FP8 KV 캐시 확대입니다.",
         "KV 캐시 챕터에서 설명한 최적화가 이제 기본값이 됐다는 점이 흥미롭습니다."),
    ),
    "https://devs.example.kr/posts/vllm-quantized-serving": (
        ("vLLM으로 AWQ 4비트 모델을 서빙해 보니 FP16보다 처리량이 1.9배 높았고, 한국어 요약 품질은 사람이 봐도 거의 차이가 없었다는 후기입니다.",
         "양자화가 한국어 품질을 얼마나 해치는지 궁금했는데, 실측 자료라 믿을 만합니다."),
        ("국내 개발자가 AWQ 양자화 모델의 처리량과 품질을 직접 잰 글입니다. GPU 한 장으로 버틸 수 있는 사용자 수가 거의 두 배가 됩니다.",
         "비용을 줄이려는 팀이 가장 먼저 해 볼 수 있는 선택지입니다."),
    ),
    "https://devs.example.kr/posts/prompt-caching-month": (
        ("프롬프트 캐싱을 한 달 써 보니 API 비용이 38% 줄었다는 후기입니다. 변하지 않는 시스템 프롬프트와 예시를 앞쪽에 두는 게 요령입니다.",
         "코드 몇 줄로 비용을 크게 줄이는 방법이라, 프로젝트마다 당장 적용해 볼 만합니다."),
        ("캐시 적중률을 높이려면 프롬프트 구조를 바꿔야 한다는 실전 팁이 담겨 있습니다.",
         "프롬프팅 챕터에 비용 관점을 더할 수 있는 사례입니다."),
    ),
    "https://news.example.kr/article/10245": (
        ("국내 기업 212곳 중 48%가 RAG를 도입했지만, 답변 품질을 정기적으로 평가하는 곳은 17%뿐이라는 조사입니다.",
         "도입은 빨랐는데 평가는 따라가지 못한다는 현실을 보여 줍니다. 평가 챕터를 보강해야 할 이유입니다."),
        ("RAG를 도입한 기업은 많지만 품질 평가 체계를 갖춘 곳은 드물다는 설문 결과입니다.",
         "우리가 핸드북에서 평가를 강조하는 이유를 설명할 때 인용하기 좋은 숫자입니다."),
    ),
    "https://lab.example.com/blog/agent-evals": (
        ("50단계짜리 긴 과제에서 에이전트의 성공률은 계획을 잘 세우는 능력보다 도구 오류에서 회복하는 능력에 더 크게 좌우됐습니다. 하네스와 실행 기록도 공개했습니다.",
         "에이전트를 만들 때 재시도와 오류 처리를 먼저 챙겨야 한다는 교훈입니다."),
        ("에이전트를 1만 번 돌려 보고 정리한 교훈입니다. 실패는 대부분 도구 호출 오류 뒤에 생겼습니다.",
         "에이전트 프로젝트를 하는 팀이라면 실행 기록을 직접 열어 볼 만합니다."),
    ),
}

SKIPS = (
    "좋은 글이지만 이번 주 우리 주제와는 조금 거리가 있어 넘깁니다.",
    "이미 지난주에 다룬 내용과 겹쳐서 이번에는 넘기겠습니다.",
    "흥미롭지만 아직 근거가 부족해서 다음에 다시 보고 싶습니다.",
)

# For items outside the table: a summary from the item's own facts and a why in the reviewer's voice.
OPENINGS = ("{source}에 올라온 글입니다.", "{source}에서 가져온 소식입니다.", "이번 주 {source}에 실린 글입니다.")
WHYS = {
    "model-updates": ("새 모델이 나오면 우리 프로젝트의 기본 모델을 바꿀지 따져 봐야 합니다.",
                      "공개 모델 선택지가 늘어나는 흐름이라 눈여겨볼 만합니다."),
    "frameworks": ("우리가 쓰는 도구의 변화라 업그레이드 전에 확인해 둘 만합니다.",
                   "스터디 실습 환경에 바로 영향을 주는 소식입니다."),
    "papers": ("핸드북의 관련 챕터에 근거로 더할 만한 연구입니다.",
               "방법이 단순해서 우리도 작은 규모로 재현해 볼 수 있을 것 같습니다."),
    "": ("이번 주 모임에서 함께 이야기해 볼 만한 주제입니다.",
         "실무에 바로 가져다 쓸 수 있는 내용이 들어 있습니다."),
}


def pick(handle: str, item_id: str, n: int, salt: str = "") -> int:
    return int(hashlib.sha256(f"{salt}{handle.lower()}/{item_id}".encode()).hexdigest(), 16) % n


def take(handle: str, item: dict, source_title: str) -> tuple[str, str] | None:
    """(summary, why) this member writes about the sample item, or None when it is not a sample item."""
    takes = TAKES.get(str(item.get("url") or ""))
    if not takes:
        return None
    return takes[pick(handle, str(item.get("id", "")), len(takes))]


def composed(handle: str, item: dict, source_title: str, first_sentence: str) -> tuple[str, str]:
    item_id = str(item.get("id", ""))
    opening = OPENINGS[pick(handle, item_id, len(OPENINGS), "o")].format(source=source_title or "피드")
    korean = korean_share(first_sentence) >= 0.3
    # a member quotes an English source rather than mixing its words into a Korean sentence
    summary = f"{opening} {first_sentence}" if korean else f"“{first_sentence}” {opening}"
    whys = WHYS.get(str(item.get("category") or ""), WHYS[""])
    return summary, whys[pick(handle, item_id, len(whys), "w")]


def skip_reason(handle: str, item_id: str) -> str:
    return SKIPS[pick(handle, item_id, len(SKIPS), "s")]
