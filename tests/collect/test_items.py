"""Item files: ids, and front matter that reads back as it was written."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from commons.collect.items import item_id, item_meta
from commons.content import frontmatter, yamlsafe

tricky = st.one_of(
    st.text(),
    st.sampled_from(["yes", "No", "null", "~", "2026-11-20", "12:30", "- dash", "# hash", "a: b", "'q'", '"dq"',
                     "0x1F", "1e3", "한국어 제목: 부제", "tab\there", "line\nbreak", " lead", "trail ", "@at", "`tick`",
                     "x" * 300, "word " * 60, "\u2028sep", "\x85nel", "\ufeffbom"]),
)


@settings(max_examples=300, deadline=None)
@example(title="t", excerpt="0", authors=[], tags=["\n"])  # a kept newline last: no "..." end marker
@given(title=tricky, excerpt=tricky, authors=st.lists(tricky, max_size=3), tags=st.lists(tricky, max_size=3))
def test_an_item_file_reads_back_as_its_entry(title, excerpt, authors, tags):
    entry = {"source": "s", "title": title or "t", "url": "https://e.com/1", "published": None,
             "excerpt": excerpt, "authors": authors, "tags": tags}
    meta = item_meta(entry, item_id(entry), "2026-W48", "2026-11-20T03:00:00Z")
    assert frontmatter.parse(f"---\n{yamlsafe.dump(meta)}---\n").meta == meta


def test_ids_are_ascii_slugs_with_a_stable_hash():
    english = {"source": "lab", "title": "Introducing Nimbus-2!", "url": "https://lab.example.com/n2"}
    assert item_id(english) == item_id(dict(english)) and item_id(english).startswith("introducing-nimbus-2-")
    korean = {"source": "geeknews", "title": "한국어 모델 공개", "url": "https://news.example.kr/1"}
    other = {**korean, "url": "https://news.example.kr/2"}
    assert item_id(korean).startswith("hangukeo-model-gonggae-") and item_id(korean) != item_id(other)
    caching = {"source": "example-devs-ko", "title": "프롬프트 캐싱 도입 한 달… 비용이 40% 줄었다", "url": "https://d.example.kr/1"}
    assert item_id(caching).startswith("peurompeuteu-kaesing-doip-han-dal-biyongi-40-juleotda-")
    mixed = {"source": "s", "title": "RAG 파이프라인 평가", "url": "https://d.example.kr/2"}
    assert item_id(mixed).startswith("rag-paipeurain-pyeongga-")
    nothing = {"source": "lab", "title": "🤖 …", "url": "https://d.example.kr/3"}
    assert item_id(nothing).startswith("lab-")  # nothing to spell: the source stands in
    paper_v1 = {"source": "a", "title": "P", "url": "https://arxiv.org/abs/2401.01234", "arxiv": "2401.01234"}
    assert item_id(paper_v1) == item_id({**paper_v1, "url": "https://huggingface.co/papers/2401.01234"})
