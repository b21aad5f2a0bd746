"""`commons import` of members' own files: a Jekyll site or `_posts` folder, single files, and
one clear line (exit 2) for what it cannot do."""

from __future__ import annotations

from works.works_support import POST, SEED_MINUTES, SEED_NOTES, make_repo, put

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

WITH_IMAGES = """---
layout: post
title: "RAG 평가 후기"
categories: [LLM]
---
![chart]({{ site.baseurl }}/assets/img/chart.png)
![shot](../../../../assets/img/Devocean/Pasted image 1.png)
![gone](/assets/img/missing.png)
[외부 링크](https://example.com/a)
"""


def jekyll_site(tmp_path):
    site = tmp_path / "blog"
    put(site, "_posts/2026-11-20-rag-평가.md", WITH_IMAGES)
    put(site, "_posts/2026-11-23-kickoff.markdown", POST.replace("date:   2026-11-23 20:52:24 +0530\n", ""))
    put(site, "_posts/notes.txt", "not a post")
    (site / "assets/img/Devocean").mkdir(parents=True)
    (site / "assets/img/chart.png").write_bytes(PNG)
    (site / "assets/img/Devocean/Pasted image 1.png").write_bytes(PNG + b"1")
    return site


def test_a_jekyll_site_folder_brings_its_posts_and_their_images(cli, tmp_path):
    repo, site = make_repo(tmp_path), jekyll_site(tmp_path)
    result = cli("--repo", repo, "import", site, "--author", "Jiyoon-NLP")
    assert result.code == 1  # one image is not in the site: named for a person
    posts = repo / "posts/jiyoon-nlp"
    assert sorted(p.name for p in posts.glob("*.md")) == ["2026-11-20-rag.md", "2026-11-23-kickoff.md"]
    text = (posts / "2026-11-20-rag.md").read_text(encoding="utf-8")
    assert text.startswith(WITH_IMAGES.split("![chart]")[0])  # front matter as the blog had it
    assert "![chart](assets/chart.png)" in text
    assert "![shot](assets/pasted-image-1.png)" in text
    assert "![gone](/assets/img/missing.png)" in text
    assert (posts / "assets/chart.png").read_bytes() == PNG
    assert "image or file '/assets/img/missing.png' was not found in the site" in result.err
    assert cli("--repo", repo, "validate").code == 0

    again = cli("--repo", repo, "import", site / "_posts", "--author", "jiyoon-nlp")
    assert "skip   posts/jiyoon-nlp/2026-11-20-rag.md ← 2026-11-20-rag-평가.md: already imported, unchanged" in again.out


def test_a_changed_post_is_not_replaced_without_force(cli, tmp_path):
    repo, site = make_repo(tmp_path), jekyll_site(tmp_path)
    cli("--repo", repo, "import", site, "--author", "jiyoon-nlp")
    target = repo / "posts/jiyoon-nlp/2026-11-23-kickoff.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n고친 문장.\n", encoding="utf-8")
    result = cli("--repo", repo, "import", site, "--author", "jiyoon-nlp")
    assert "a different file is already there; use --force to replace it" in result.out
    assert "고친 문장" in target.read_text(encoding="utf-8")
    cli("--repo", repo, "import", site, "--author", "jiyoon-nlp", "--force")
    assert "고친 문장" not in target.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(cli, tmp_path):
    repo = make_repo(tmp_path)
    result = cli("--repo", repo, "import", SEED_NOTES, "--kind", "note", "--author", "jiyoon-nlp",
                 "--chapter", "long-context", "--dry-run")
    assert result.code == 0
    assert "would create" in result.out and "notes/jiyoon-nlp/generation-for-nlp-summary-notes.md" in result.out
    assert not (repo / "notes").exists()


def test_given_chapters_win_over_suggestions(cli, tmp_path):
    repo = make_repo(tmp_path)
    result = cli("--repo", repo, "import", SEED_NOTES, "--kind", "note", "--author", "jiyoon-nlp",
                 "--chapter", "embeddings.md")
    assert result.code == 0, result.err
    text = (repo / "notes/jiyoon-nlp/generation-for-nlp-summary-notes.md").read_text(encoding="utf-8")
    assert "chapters:\n- embeddings\n" in text


def test_a_log_for_a_builder_without_a_team(cli, tmp_path):
    repo = make_repo(tmp_path)
    source = put(tmp_path, "week.md", "# 이번 주\n\n## 진행 상황\n\n- 크롤러\n\n## 다음 주 계획\n\n- 평가\n")
    result = cli("--repo", repo, "import", source, "--kind", "log", "--author", "seongwoo-ai", "--date", "2026-11-26")
    assert result.code == 0, result.err
    target = repo / "logs/seongwoo-ai/2026-W48.md"
    assert "type: log\ncycle: 2026-W48\n" in target.read_text(encoding="utf-8")
    assert cli("--repo", repo, "validate", target).code == 0


def test_bad_usage_is_one_line_and_exit_2(cli, tmp_path):
    repo = make_repo(tmp_path)
    undated = put(tmp_path, "minutes.md", "# 회의\n\n# Agenda\n")
    cases = [
        (("import", SEED_NOTES, "--kind", "note"), "--author: missing; whose note is it? pass --author HANDLE"),
        (("import", SEED_NOTES), "002_26ad16078955f306.txt: a single file is imported as a member's work; pass --kind note, post or log"),
        (("import", undated, "--kind", "log", "--author", "seongwoo-ai"),
         "minutes.md: cannot tell the day of this log from its title or file name; pass --date YYYY-MM-DD"),
        (("import", SEED_MINUTES, "--kind", "log", "--author", "seongwoo-ai", "--date", "8 July"),
         "--date 8 July: expected a day as YYYY-MM-DD"),
        (("import", SEED_NOTES, "--kind", "note", "--author", "bad_handle!"), "--author bad_handle!: expected a GitHub handle"),
        (("import", SEED_NOTES, "--kind", "note", "--author", "a", "--author", "b"), "--author: a note has one owner"),
        (("import", tmp_path, "--kind", "note", "--author", "a"), "not a file; notes and logs are imported one markdown file at a time"),
    ]
    for args, message in cases:
        result = cli("--repo", repo, *args)
        assert result.code == 2, (args, result.err)
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, lines)
    assert not any((repo / folder).exists() for folder in ("notes", "posts", "logs"))


def test_an_unreadable_post_is_named_and_the_others_come_in(cli, tmp_path):
    repo, site = make_repo(tmp_path), jekyll_site(tmp_path)
    (site / "_posts/2026-11-21-broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    result = cli("--repo", repo, "import", site, "--author", "jiyoon-nlp")
    assert result.code == 1
    assert "_posts/2026-11-21-broken.md:3: not imported: not valid YAML" in result.err
    assert (repo / "posts/jiyoon-nlp/2026-11-23-kickoff.md").is_file()
