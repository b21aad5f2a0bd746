"""validate.kinds: a file's kind from its place; name_class says all that classify reads in the name."""

import itertools

from commons.validate.kinds import classify, name_class, parts_of

FOLDERS = ["", "news", "news/2026-W48", "news/2026-W48/items", "news/2026-W48/reviews/jiyoon-nlp",
           "news/2026-W48/collected", "news/2026-W48x/collected", "news/not-a-cycle/items", "handbook",
           "handbook/rag", "handbook/_drafts", "handbook/.hidden", "notes", "notes/jiyoon-nlp", "notes/_team",
           "posts/jiyoon-nlp", "logs/a", "portfolio", "tests/fixtures/news/2026-W48/items", "a/handbook/b",
           "copy/news/2026-W48/items", "x/portfolio", "x/notes/m"]
NAMES = ["a.md", "b.md", "_a.md", ".a.md", "README.md", "readme.md", "commons.yml", "members.yml", "x.yml",
         "2026-11-20.jsonl", "_x.jsonl", "x.txt", ".md", "news", "handbook", "a.md.txt", "x.MD"]


def test_files_of_one_folder_with_one_name_class_have_one_kind():
    for folder, anchored in itertools.product(FOLDERS, (True, False)):
        by_class: dict[str, set] = {}
        for name in NAMES:
            path = f"{folder}/{name}" if folder else name
            by_class.setdefault(name_class(name), set()).add(classify(parts_of(path), anchored=anchored))
        assert all(len(kinds) == 1 for kinds in by_class.values()), (folder, anchored, by_class)
