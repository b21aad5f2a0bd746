"""Every hostile input gets one clear line for its file; the other files are still checked."""

import subprocess
import sys

import pytest

from conftest import write
from fixtures_content import ITEM

GOOD = "news/2026-W48/items/2026-11-20-vllm-0-7-released-3f2a1c.md"


def bomb():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    return ("---\n" + "\n".join(lines) + "\n---\n").encode()


HOSTILE = {
    "alias-bomb": (bomb(), "anchors and aliases"),
    "python-object": (b"---\nid: x\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n", "tag !!python/object/apply:os.system is not allowed"),
    "custom-tag": (b"---\nid: !secret x\n---\n", "tag !secret is not allowed"),
    "duplicate-keys": (b"---\nid: a\nid: b\n---\n", "'id' appears twice"),
    "list-front-matter": (b"---\n- a\n- b\n---\n", "front matter must be fields"),
    "unterminated": (b"---\nid: a\ntitle: never ends\n", "never closed"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    "ten-megabytes": (b"---\nid: a\n---\n" + b"word " * 2_000_000, "too large"),
    "invalid-utf8": (b"---\nid: a\ntitle: caf\xe9\n---\n", "not valid UTF-8"),
    "deep-nesting": (b"---\nx: " + b"[" * 31_000 + b"]" * 31_000 + b"\n---\n", ":2:"),  # the line, whoever stops it
    "huge-front-matter": (b"---\n" + b"k: v\n" * 20_000 + b"---\n", "front matter is larger than"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gets_one_clear_line_and_others_are_checked(repo, cli, name):
    content, words = HOSTILE[name]
    write(repo / GOOD, ITEM.replace("score: 4", "score: 0"))  # a normal problem elsewhere
    hostile = write(repo / f"news/2026-W48/items/{name}.md", content)
    result = cli("--repo", repo, "validate")
    assert result.code == 1
    hostile_lines = [l for l in result.out.splitlines() if l.startswith(f"news/2026-W48/items/{name}.md:")]
    assert len(hostile_lines) == 1, result.out
    assert words in hostile_lines[0]
    assert "score: must be between 1 and 5, not 0" in result.out  # the other file was still checked
    assert "Traceback" not in result.out + result.err
    assert hostile.read_bytes() == content  # nothing lost


def test_all_hostile_files_at_once_in_a_separate_process_bounded_memory(repo, tmp_path):
    for name, (content, _) in HOSTILE.items():
        write(repo / f"news/2026-W48/items/{name}.md", content)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "from commons.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--repo", str(repo), "validate", "--jobs", "1"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) == len(HOSTILE)
