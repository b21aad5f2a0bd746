"""schemas.quick_check (jsonschema-rs) answers like jsonschema wherever it answers: over valid records and
thousands of broken ones; only its "valid" is trusted, but it must never say so of data jsonschema rejects."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from commons import schemas

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"

ITEM = {
    "id": "funding-kernel-multimodal-arxiv-cs-cl-981d0a9d", "title": "Funding kernel multimodal #0",
    "url": "https://arxiv-cs-cl.example.com/2027-05-16/ef5c6a5dd5", "source": "arxiv-cs-cl",
    "published": "2027-05-16T08:57:00Z", "collected": "2027-05-15T21:17:00Z", "cycle": "2027-W21",
    "status": "not-selected", "excerpt": "quantization claude", "score": 4, "category": "business",
    "summary": "요약", "why": "[오프라인 자동 분류] 키워드 일치: agent", "tags": ["agent", "arxiv"],
    "also_seen": [{"source": "hn-llm", "url": "https://news.ycombinator.com/item?id=1"}],
    "arxiv": "2405.12345", "doi": "10.1234/abc", "follows": "an-earlier-item",
    "triage": {"provider": "offline", "model": "keywords", "prompt_version": "offline-1", "input_hash": "sha256:b1"},
}
REVIEW = {
    "item": "funding-kernel-multimodal-arxiv-cs-cl-981d0a9d", "reviewer": "member01", "impact": 4,
    "verdict": "handbook", "chapter": "retrieval-augmented-generation", "summary": "한 문장", "why": "우리 일과 관련",
    "title": "Funding", "url": "https://example.com/a", "cycle": "2027-W21", "ai_score": None, "notes": None,
}
ODD = [None, True, False, 0, 1, 5, 6, -1, 2.5, 3.0, "", " ", "x", "X Y", "a\n", "2026-W48", "2026-W4",
       "https://a b", "https://example.com/x", "http://", "2026-11-20", "2026-11-20T09:30:00Z", "2026-11-20T09:30",
       "not-selected", "triaged", "new", "published", "skip", "handbook", "newsletter", "2405.12345", "10.1/x",
       "a" * 121, "a" * 1001, "Member-01", "-bad", "ok-id", [], ["x"], [1], [None], [{"source": "s"}],
       [{"source": "s", "url": "u"}], {}, {"a": 1}, {"provider": 1}]


def mutations(sample: dict, rng: random.Random, count: int):
    keys = list(sample) + ["unknown_field", "triage", "score", "status", "verdict", "chapter"]
    for key in list(sample):
        changed = dict(sample)
        del changed[key]
        yield changed
        for value in ODD:
            changed = copy.deepcopy(sample)
            changed[key] = value
            yield changed
    for _ in range(count):  # two or three changes at once
        changed = copy.deepcopy(sample)
        for _ in range(rng.randint(2, 3)):
            key = rng.choice(keys)
            if rng.random() < 0.25:
                changed.pop(key, None)
            else:
                changed[key] = copy.deepcopy(rng.choice(ODD))
        yield changed
    yield []
    yield "text"
    yield None


@pytest.mark.parametrize("kind,sample", [("item", ITEM), ("review", REVIEW)])
def test_it_answers_as_jsonschema_does_or_not_at_all(kind, sample):
    quick, full = schemas.quick_check(SCHEMAS, kind), schemas.validator(SCHEMAS, kind)
    assert quick is not None
    assert quick(sample) is True and full.is_valid(sample)
    answered = disagreed = 0
    for data in mutations(sample, random.Random(13), 3000):
        answer = quick(data)
        if answer is not None:
            answered += 1
            disagreed += answer != full.is_valid(data)
    assert disagreed == 0
    assert answered > 3000  # it decides nearly everything, not only the easy cases


def test_every_status_and_the_fields_it_requires():
    quick, full = schemas.quick_check(SCHEMAS, "item"), schemas.validator(SCHEMAS, "item")
    for status in ("new", "triaged", "dropped", "not-selected", "assigned", "reviewed", "published", "other"):
        for without in (None, "score", "category", "summary", "why", "triage"):
            data = dict(ITEM, status=status)
            data.pop(without, None)
            assert quick(data) == full.is_valid(data), (status, without)


def test_every_schema_in_the_repository_answers_as_jsonschema_does():
    rng = random.Random(7)
    for path in sorted(SCHEMAS.glob("*.schema.yml")):
        kind = path.name.split(".")[0]
        quick, full = schemas.quick_check(SCHEMAS, kind), schemas.validator(SCHEMAS, kind)
        if quick is None:
            continue  # checked by jsonschema alone
        sample = {key: rng.choice(ODD) for key in full.schema.get("properties", {})}
        for data in mutations(sample, rng, 500):
            answer = quick(data)
            assert answer is None or answer == full.is_valid(data), (kind, data)


def test_data_it_cannot_take_is_left_to_jsonschema(tmp_path):
    import datetime

    (tmp_path / "item.schema.yml").write_text("type: object\nproperties: {day: {enum: [a]}}\n", encoding="utf-8")
    quick = schemas.quick_check(tmp_path, "item")
    assert quick({"day": "a"}) is True and quick({"day": "b"}) is False
    assert quick({"day": datetime.date(2026, 1, 1)}) is None


def test_a_pattern_ends_at_the_end_of_the_string_in_both(tmp_path):
    """ECMA-262's "$" (jsonschema-rs) and the "\\Z" jsonschema is given agree: no trailing newline."""
    (tmp_path / "item.schema.yml").write_text("type: string\npattern: '^[a-z]+$'\n", encoding="utf-8")
    quick, full = schemas.quick_check(tmp_path, "item"), schemas.validator(tmp_path, "item")
    for text, valid in (("carol", True), ("carol\n", False), ("Carol", False)):
        assert quick(text) is valid and full.is_valid(text) is valid


def test_a_changed_schema_is_compiled_from_what_is_on_disk(tmp_path):
    (tmp_path / "item.schema.yml").write_text("type: object\nrequired: [id]\n", encoding="utf-8")
    assert schemas.quick_check(tmp_path, "item")({"id": "x"}) is True
    assert schemas.check(tmp_path, "item", {}) == [((), "id", "required field is missing")]
