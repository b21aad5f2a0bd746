import pytest

from calibration.calibration_support import judgement
from commons.calibration.stories import Stories, line_of


@pytest.mark.parametrize("title, source, line", [
    ("vllm v0.7.0", "vllm-releases", "vllm-releases:vllm"),
    ("vLLM 0.7 released with faster prefix caching", "hn-llm", "hn-llm:vllm"),
    ("transformers v4.47.0rc1", "transformers-releases", "transformers-releases:transformers"),
    ("Llama 3.1 405B is here", "meta-ai", "meta-ai:llama"),
    ("하이퍼클로바X 2.0 공개", "naver-d2", "naver-d2:하이퍼클로바x"),
    ("Qwen2.5-Coder released", "hn", None),          # no separate version number
    ("v1.2.3", "x", None),                          # nothing before it
    ("A study of 3.5 million prompts", "x", "x:study of"),
])
def test_release_lines(title, source, line):
    assert line_of(title, source) == line


def test_a_new_release_follows_the_newest_reviewed_one_of_its_line():
    past = [judgement("vllm-0-6", 4, [4], source="vllm-releases", title="vllm v0.6.0", cycle="2026-W44"),
            judgement("vllm-0-7", 4, [5], source="vllm-releases", title="vllm v0.7.0", cycle="2026-W46")]
    stories = Stories(past)
    assert stories.follows({"id": "vllm-0-8", "title": "vllm v0.8.0", "source": "vllm-releases"}).item_id == "vllm-0-7"
    assert stories.follows({"id": "x", "title": "vllm v0.8.0", "source": "hn-llm"}) is None  # another source
    assert stories.follows({"id": "vllm-0-7", "title": "vllm v0.7.0", "source": "vllm-releases"}) is None  # itself
