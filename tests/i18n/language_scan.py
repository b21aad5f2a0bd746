"""Find English sentences in what a command printed, leaving alone what is not language: paths, ids,
field names, commands and options, handles, quoted values, code, numbers, and the names of products
and of GitHub's own settings (which GitHub shows in English to everyone)."""

from __future__ import annotations

import re

# GitHub's and other products' own words, shown as GitHub shows them (its settings pages are English only).
PROPER_NAMES = (
    "GitHub Actions", "GitHub App", "Update branch", "Hacker News", "Files changed", "Edit file", "Allow all actions",
    "Deployment branches", "Selected branches", "New environment", "New branch ruleset", "Restrict deletions",
    "Block force pushes", "Secrets and variables", "Workflow permissions", "Build and deployment",
    "Allow GitHub Actions to create and approve pull requests", "Read and write", "Repository access",
    "Enforcement Active", "Pull requests", "Issues", "Labels", "ISO 8601", "run-of-show",
)
NOT_LANGUAGE = re.compile(
    r"`[^`\n]*`"                      # code
    r"|https?://\S+"                  # addresses
    r"|'[^'\n]*'|\"[^\"\n]*\""        # quoted values (a member's or a file's own words)
    r"|@[\w\[\]-]+"                   # handles
    r"|--[\w-]+"                      # options
    r"|\S*[/_.=#<>{}\\]\S*"           # paths, ids with dots, fields like triage.note, markers
    r"|\b\d{4}-W\d{2}\b"              # cycles
    r"|\b[a-z]+(?:-[a-z0-9]+)+\b"     # hyphenated ids (lab-blog, any-member)
    r"|\bcommons(?: [a-z-]+)?"        # the program and its commands
    r"|\b[\w\[\]-]+:(?=\s|$)"        # a field name before its message (impact:, authors[1]:)
    r"|\b[a-z0-9-]+(?:, [a-z0-9-]+)+\b"  # a list of ids or choices (log, minutes)
)
SENTENCE = re.compile(r"\b[A-Za-z]{2,}[,;:]? +(?:[A-Za-z]{2,}[,;:]? +)*[A-Za-z]{2,}\b")


def english_sentences(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """Lines of ``text`` that still hold two English words in a row once data and names are set aside."""
    found = []
    for line in text.splitlines():
        rest = line
        for value in sorted(data, key=len, reverse=True):  # titles and summaries the community's sources wrote
            if value and len(value) > 3:
                rest = rest.replace(value, " ")
        for name in PROPER_NAMES:
            rest = rest.replace(name, " ")
        rest = NOT_LANGUAGE.sub(" ", rest)
        if SENTENCE.search(rest):
            found.append(line.strip()[:160])
    return found
