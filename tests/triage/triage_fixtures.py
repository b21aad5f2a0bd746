"""Items and configuration for the triage tests (the collection is built elsewhere)."""

from __future__ import annotations

from pathlib import Path

import yaml

from commons.content import frontmatter, yamlsafe

CYCLE = "2026-W48"

SAMPLES = [
    ("vllm-0-7-released", "vLLM 0.7 released with faster prefix caching", "vllm-releases",
     "vLLM 0.7 is a new release of the inference and serving engine. Prefix caching is twice as fast. "
     "Quantization support for new model checkpoints was added."),
    ("kakao-rag-adoption", "카카오의 사내 검색 RAG 도입기", "kakao-tech",
     "카카오는 사내 검색에 RAG를 도입했습니다. 벡터 데이터베이스와 LLM을 결합한 경험을 공유합니다. 기업 도입 사례로서 비용과 품질을 함께 다룹니다."),
    ("arxiv-long-context-eval", "A benchmark for long-context evaluation of LLMs", "arxiv-cs-cl",
     "We propose a benchmark and dataset for evaluating long-context retrieval in large language models. "
     "State-of-the-art models fail on multi-hop questions."),
    ("cute-cats", "Cute cats of the week", "hn-llm", "Pictures of cats sleeping in boxes."),
    ("naver-hyperclova-x", "네이버, 하이퍼클로바X 새 모델 출시", "naver-d2",
     "네이버가 하이퍼클로바X의 새 모델을 출시하고 가중치를 공개했습니다. 한국어 성능이 크게 좋아졌습니다."),
]


def make_item(repo: Path, item_id: str, title: str, text: str = "", *, source: str = "hn-llm",
              status: str = "new", cycle: str = CYCLE, excerpt: str | None = None, **extra) -> Path:
    meta = {
        "id": item_id, "title": title, "url": f"https://example.com/{item_id}", "source": source,
        "published": "2026-11-20T09:30:00Z", "collected": "2026-11-20T10:00:00Z", "cycle": cycle,
        "status": status,
    }
    if excerpt is not None:
        meta["excerpt"] = excerpt
    meta.update(extra)
    path = Path(repo) / "news" / cycle / "items" / f"{item_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    frontmatter.write(path, frontmatter.new(meta, text + "\n" if text else ""))
    return path


def make_samples(repo: Path, n: int | None = None) -> list[Path]:
    """The first ``n`` samples, returned in file-name order (the order triage takes them)."""
    return sorted(make_item(repo, i, t, x, source=s) for i, t, s, x in SAMPLES[:n])


def item_path(repo: Path, item_id: str, cycle: str = CYCLE) -> Path:
    return Path(repo) / "news" / cycle / "items" / f"{item_id}.md"


def meta(path: Path) -> dict:
    return frontmatter.read(path).meta


def set_triage(repo: Path, **settings) -> None:
    """Change keys of the ``triage`` mapping in the repo's commons.yml."""
    path = Path(repo) / "commons.yml"
    data = yamlsafe.load(path.read_text(encoding="utf-8")).data
    data.setdefault("triage", {}).update(settings)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(Path(repo, "news").rglob("*.md"))}
