"""Attack 6 of issue 12, in `commons validate`: a file name with a newline and a workflow command
prints as one inert line (text) or one escaped annotation (github)."""

from __future__ import annotations

from conftest import write


def test_file_names_never_become_workflow_commands(cli, repo):
    name = "news/2026-W48/reviews/mallory/a\n::stop-commands::pwned\n::error title=x::owned.md"
    write(repo / name, "---\nitem: x\n---\n")
    for fmt in ("text", "github"):
        result = cli("--repo", repo, "validate", "--format", fmt, str(repo / name), env={"GITHUB_STEP_SUMMARY": ""})
        assert result.code == 1
        lines = (result.out + result.err).splitlines()
        commands = [line for line in lines if line.lstrip().startswith("::")]
        if fmt == "text":
            assert commands == [] and "a\\n:\\:stop-commands:\\:pwned" in result.out
        else:  # only our own annotations, their file property escaped
            assert commands and all(line.startswith("::error file=news/2026-W48/reviews/mallory/a%0A%3A%3Astop-commands")
                                    for line in commands)
