"""The chapter shape: the resources list, errors naming the line, drafts."""

from pathlib import Path

import pytest

from commons.cli import main
from commons.validate.resources import check_resources

from handbook.helpers import GOOD_BODY, chapter

KINDS = ("paper", "video", "blog", "docs", "code", "course")


def problems(body: str):
    return check_resources(body, "자료", KINDS, body_line=10)


def test_a_well_formed_list_passes():
    body = """## 자료

Start with these.

### 입문

- **paper** · [Attention](https://arxiv.org/abs/1706.03762) — the origin.
  - a free-form note under it
- **Docs**: [vLLM](https://docs.vllm.ai/) - how to serve it
1. **video** · [GPT from scratch](https://www.youtube.com/watch?v=kCc8FmEb1nY) — build one
"""
    assert problems(body) == []


@pytest.mark.parametrize(
    "item, words",
    [
        ("- [Attention](https://arxiv.org/abs/1706.03762) — the origin", "starts with its kind in bold"),
        ("- **podcast** · [A show](https://example.org) — listen", "'podcast' is not a resource kind"),
        ("- **paper** · Attention Is All You Need — no link", "needs a link"),
        ("- **paper** · [Attention](https://arxiv.org/abs/1706.03762)", "one-line reason"),
        ("- **paper** · [Attention](https://arxiv.org/abs/1706.03762) — ", "one-line reason"),
        ("- **paper** · [](https://arxiv.org/abs/1706.03762) — why", "no title"),
    ],
)
def test_each_mistake_is_named_on_its_line(item, words):
    body = f"## 자료\n\n- **paper** · [Fine](https://arxiv.org/abs/1) — ok\n{item}\n"
    found = problems(body)
    assert len(found) == 1
    line, field, message = found[0]
    assert (line, field) == (10 + 3, "resources")
    assert words in message


def test_a_link_outside_a_list_is_flagged():
    found = problems("## 자료\n\nRead [this](https://example.org).\n")
    assert found and "list item of its own" in found[0][2]


def test_other_sections_are_not_checked():
    assert problems("## 요약\n\n- [x](https://example.org)\n\n## 자료\n\n- **blog** · [y](https://example.org) — why\n") == []


def _write(repo: Path, name: str, text: str) -> Path:
    path = repo / "handbook" / "01-part" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_reports_path_line_column_field(repo, capsys):
    body = GOOD_BODY.replace("- **paper** ·", "- **slides** ·")
    _write(repo, "bad.md", chapter("Bad", "1. Part", 1, body))
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    line_number = chapter("Bad", "1. Part", 1, body).split("\n").index(
        next(line for line in body.split("\n") if "slides" in line)
    ) + 1
    assert out == [
        f"handbook/01-part/bad.md:{line_number}:1: resources: 'slides' is not a resource kind; "
        "use one of: paper, video, blog, docs, code, course"
    ]


def test_generated_nav_links_do_not_count_as_resources(repo, capsys):
    body = GOOD_BODY.split("- **paper**")[0] + "<!-- commons:nav start -->\n[x](bad.md)\n<!-- commons:nav end -->\n"
    _write(repo, "bad.md", chapter("Bad", "1. Part", 1, body))
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 1
    assert "needs at least one link to a resource" in capsys.readouterr().out


def test_resource_kinds_come_from_config(repo, capsys):
    config = repo / "commons.yml"
    config.write_text(config.read_text() + "\nhandbook:\n  resource_kinds: [paper, slides]\n", encoding="utf-8")
    _write(repo, "ok.md", chapter("Ok", "1. Part", 1, GOOD_BODY.replace("**paper**", "**slides**")))
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 0, capsys.readouterr().out


def test_a_draft_keeps_its_shape_but_not_broken_links(repo, capsys):
    _write(repo, "draft.md", chapter("Draft", "1. Part", 1, "# Draft\n\nOwn shape.\n", status="draft"))
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 0
    _write(repo, "draft.md", chapter("Draft", "1. Part", 1, "# Draft\n\n[gone](missing.md)\n", status="draft"))
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 1
    assert "does not exist" in capsys.readouterr().out


def test_unknown_status_is_a_schema_error(repo, capsys):
    _write(repo, "x.md", chapter("X", "1. Part", 1, GOOD_BODY, status="wip"))
    assert main(["--repo", str(repo), "validate", str(repo / "handbook")]) == 1
    assert "status" in capsys.readouterr().out
