
from conftest import write
from fixtures_content import CHAPTER

from commons.validate.body import github_anchor, outline


def check(repo, cli, text, name="handbook/rag.md"):
    write(repo / name, text)
    return cli("--repo", repo, "validate", repo / name)


def test_good_chapter_is_clean(repo, cli):
    result = check(repo, cli, CHAPTER)
    assert result.code == 0, result.out


def test_missing_section_and_resource_link(repo, cli):
    text = CHAPTER.replace("## 연결\n\n임베딩을 먼저 보세요.\n\n", "").replace(
        "- **paper** · [RAG (Lewis et al., 2020)](https://arxiv.org/abs/2005.11401) — 원 논문.", "- 나중에 추가"
    )
    out = check(repo, cli, text).out
    assert "handbook/rag.md:8:1: body: missing the section '## Connections' / '## How it connects'" in out  # an English reader's titles
    assert "body: the '자료' section needs at least one link to a resource" in out


def test_sections_in_english_are_accepted(repo, cli):
    text = (CHAPTER.replace("## 요약", "## Summary").replace("## 왜 중요한가", "## Why it matters")
            .replace("## 연결", "## Connections").replace("## 자료", "## Resources").replace("(#자료)", "(#resources)"))
    assert check(repo, cli, text).code == 0


def test_sections_out_of_order(repo, cli):
    text = CHAPTER.replace("## 요약\n", "## TMP\n").replace("## 왜 중요한가\n", "## 요약\n").replace("## TMP\n", "## 왜 중요한가\n")
    out = check(repo, cli, text).out
    assert "handbook/rag.md:10:1: body: '## 왜 중요한가' should come after '## 요약'" in out


def test_relative_links_and_anchors_must_resolve(repo, cli):
    write(repo / "handbook/embeddings.md", CHAPTER.replace("Retrieval-Augmented Generation", "Embeddings"))
    write(repo / "handbook/img/diagram.png", b"\x89PNG")
    text = CHAPTER.replace(
        "임베딩을 먼저 보세요.",
        "[임베딩](embeddings.md)과 [그 요약](embeddings.md#요약), [없는 절](embeddings.md#nope),\n"
        "[없는 파일](missing.md), [여기](#왜-중요한가), [틀린 앵커](#없음), ![그림](img/diagram.png),\n"
        "[공백 경로](my%20notes.md).",
    )
    out = check(repo, cli, text).out.splitlines()
    assert out == [
        "handbook/rag.md:20:1: link: '#nope' matches no heading in embeddings.md",
        "handbook/rag.md:21:1: link: '#없음' matches no heading in this file",
        "handbook/rag.md:21:1: link: 'missing.md' points to a file that does not exist",
        "handbook/rag.md:22:1: link: 'my notes.md' points to a file that does not exist",
    ]


def test_github_anchor_rules():
    assert github_anchor("왜 중요한가") == "왜-중요한가"
    assert github_anchor("What's new in v0.7?") == "whats-new-in-v07"
    assert github_anchor("  A -- B_c ") == "a----b_c"
    shape = outline("# T\n\n## Same\n\n## Same\n")
    assert shape.anchors() == {"t", "same", "same-1"}


def test_body_problem_lines_count_from_the_file_start(repo, cli):
    text = CHAPTER.replace("[자료](#자료)", "[자료](#resources-typo)")
    out = check(repo, cli, text).out
    assert out.startswith("handbook/rag.md:12:1: link: '#resources-typo' matches no heading in this file")


def test_old_front_matter_keys_say_where_they_belong_now(repo, cli):
    text = CHAPTER.replace("level: intro\n", "level: intro\nsummary: 한 줄 요약\nrelated: [embeddings]\n")
    result = check(repo, cli, text)
    assert result.code == 1
    assert result.out.splitlines() == [
        "handbook/rag.md:6:1: summary: belongs in the body now: write it under '## 요약' and delete this line "
        "(front matter holds short values only, because GitHub shows it as a table above the page)",
        "handbook/rag.md:7:1: related: belongs in the body now: write a link to each related chapter under "
        "'## 연결' and delete this line (front matter holds short values only, because GitHub shows it as a "
        "table above the page)",
    ]


def test_tags_as_a_list_are_refused_on_their_line(repo, cli):
    out = check(repo, cli, CHAPTER.replace("level: intro\n", "level: intro\ntags: [rag, retrieval]\n")).out
    assert out.startswith("handbook/rag.md:6:1: tags: must be text, not a list")
    assert check(repo, cli, CHAPTER.replace("level: intro\n", "level: intro\ntags: rag, retrieval\n")).code == 0


def test_an_empty_summary_section_is_named_on_its_heading_line(repo, cli):
    text = CHAPTER.replace("RAG는 검색과 생성을 잇습니다. [자료](#자료)를 보세요.\n", "")
    out = check(repo, cli, text).out
    assert out.splitlines() == [
        "handbook/rag.md:10:1: body: the '## 요약' section is empty; write a sentence or two under it"
    ]


def test_unclosed_quote_is_reported_where_it_starts_and_where_it_was_noticed(repo, cli):
    text = CHAPTER.replace("title: Retrieval-Augmented Generation", 'title: "Retrieval-Augmented Generation')
    out = check(repo, cli, text).out.splitlines()
    assert out == ["handbook/rag.md:2:8: this quoted text is never closed; add the closing quote (noticed on line 7)"]


def test_unclosed_bracket_in_commons_yml_names_its_line(repo, cli):
    path = repo / "commons.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("categories:"))
    lines[start + 1] += "\n    keywords: [rag, retrieval"  # never closed
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("--repo", repo, "validate", path)
    first = result.out.splitlines()[0]
    assert first.startswith(f"commons.yml:{start + 3}:15: this '[' list is never closed with ']' (noticed on line ")
    assert cli("--repo", repo, "status").err.startswith(f"commons status: {path}:{start + 3}:15: this '['")
