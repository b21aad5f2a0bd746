from calibration.calibration_support import judgement
from commons.calibration.model import MIN_JUDGEMENTS, fit, title_terms


def taste():
    """Members love quantization and serving, and skip business news; keywords said 3 to all."""
    rows = []
    for n in range(6):
        rows.append((judgement(f"q{n}", 3, [5, 5], title=f"New quantization kernels part {n}"), 3, "frameworks"))
        rows.append((judgement(f"b{n}", 3, [1, 1], source="biz-wire", category="business", title=f"Startup funding round {n}"), 3, "business"))
        rows.append((judgement(f"o{n}", 3, [3, 3], title=f"Ordinary update {n}"), 3, "frameworks"))
    return rows


def test_learns_the_taste_and_says_why():
    model = fit(taste())
    up, why_up = model.adjust(3, "hn-llm", "frameworks", "Faster quantization for small GPUs")
    down, why_down = model.adjust(3, "biz-wire", "business", "Another funding announcement")
    assert up >= 4 and down <= 2
    assert any(name == "term:quantization" and w > 0 for name, w in why_up)
    assert any(name in ("source:biz-wire", "category:business") and w < 0 for name, w in why_down)
    assert model.adjust(3, "hn-llm", "frameworks", "Ordinary update 9")[0] == 3


def test_too_few_reviews_change_nothing():
    model = fit(taste()[: MIN_JUDGEMENTS - 1])
    assert model.trained_on == 0 and model.adjust(3, "biz-wire", "business", "funding")[0] == 3
    assert model.fingerprint() == "none"


def test_deterministic_and_fingerprint_follows_the_weights():
    assert fit(taste()).fingerprint() == fit(list(taste())).fingerprint()
    assert fit(taste()).fingerprint() != fit(taste()[:-3]).fingerprint()


def test_title_terms():
    assert title_terms("The vLLM releases: faster serving with Quantization") == ["vllm", "release", "faster", "serving", "quantization"]
    assert "양자화" in title_terms("양자화 모델 공개")
