"""The book this repository ships: valid, indexed, and each chapter worth reading."""

import re

from commons.cli import main
from commons.content.frontmatter import read
from commons.handbook.book import chapter_files, load
from commons.pages.index import plan

from handbook.helpers import ROOT

ARXIV = re.compile(r"\(https://arxiv\.org/abs/(\d{4}\.\d{4,5})\)")
RESOURCE = re.compile(r"^- \*\*(paper|video|blog|docs|code|course)\*\* · \[[^\]]+\]\(https://[^)\s]+\) — \S")


def test_the_handbook_validates_clean(capsys):
    assert main(["--repo", str(ROOT), "validate", str(ROOT / "handbook")]) == 0, capsys.readouterr().out


def test_the_index_and_links_are_up_to_date():
    result = plan(ROOT, "LLM Engineering Handbook", "", "ko")
    assert [c.path for c in result.changes] == [], "run `commons index` and commit the result"
    assert result.notes == []


def test_chapters_follow_the_learning_order_with_three_real_resources_each():
    book = load(ROOT)
    parts = [part for part, _ in book.parts]
    expected = ["파운데이션 모델", "벡터 DB와 RAG", "오케스트레이션", "평가", "에이전트",
                "파인튜닝", "추론 최적화"]  # part names in the community's language
    positions = [next(i for i, p in enumerate(parts) if name in p) for name in expected]
    assert positions == sorted(positions)
    for path in chapter_files(ROOT):
        relative = path.relative_to(ROOT).as_posix()
        assert re.fullmatch(r"handbook/[a-z0-9-]+/[a-z0-9-]+\.md", relative), relative
        doc = read(path)
        resources = [line for line in doc.body.splitlines() if RESOURCE.match(line)]
        assert len(resources) >= 3, relative
        assert doc.meta.get("status") != "draft", relative
        for arxiv_id in ARXIV.findall(doc.body):
            year, month = int(arxiv_id[:2]), int(arxiv_id[2:4])
            assert 1 <= month <= 12 and 7 <= year <= 26, (relative, arxiv_id)
