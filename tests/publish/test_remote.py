"""publish's materialize: a commit's files written out a batch of blobs at a time, exactly as committed."""

from __future__ import annotations

import subprocess

from commons.git import Git
from commons.publish.remote import materialize


def test_materialize_writes_every_file_across_batches_and_follows_wanted(tmp_path):
    repo = tmp_path / "repo"
    files = {f"news/2026-W{n % 9 + 10:02d}/reviews/m/{n:04d}.md": f"review {n}\n" for n in range(1200)}
    files["news/a.md"] = files["news/b.md"] = "the same bytes under two names\n"
    files["news/2026-W01/collected/x.jsonl"] = "{}\n"
    files["news/2026-W02/README.md"] = "an old newsletter\n"
    for relative, text in files.items():
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text(text, encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "files"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    git = Git(repo)
    head = git.rev_parse("HEAD")
    out = tmp_path / "out"

    def wanted(path: str) -> str:
        return {"news/2026-W01/collected/x.jsonl": "skip"}.get(path, "read")

    materialize(git, head, out, wanted=wanted)
    written = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()}
    expected = {k: v for k, v in files.items() if k != "news/2026-W01/collected/x.jsonl"}
    assert written == expected


def test_blobs_come_in_batches_and_a_missing_one_is_left_out(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    git = Git(repo)
    shas = git.write_blobs([f"blob {n}".encode() for n in range(7)])
    got = dict(git.blobs_in_batches(shas + ["0" * 40], batch=3))
    assert got == {sha: f"blob {n}".encode() for n, sha in enumerate(shas)}
