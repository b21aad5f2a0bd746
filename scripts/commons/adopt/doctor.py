"""``commons doctor``: check the live repository's GitHub settings and say, one line each, what to fix.

Reads only (GET requests through :mod:`commons.github`); exit 0 when nothing must be fixed,
1 when something must (``FIX`` lines), 2 on bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..problems import UsageError
from . import checks


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def workflow_texts(repo: Path) -> dict[str, str]:
    folder = Path(repo) / ".github" / "workflows"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.y*ml"))} if folder.is_dir() else {}


def run(args) -> int:
    from ..config import load_config
    from ..github import GitHub, GitHubError

    config = load_config(args.repo)
    needs = checks.needs_from_workflows(workflow_texts(args.repo), config.review.labels, config.publish.branch,
                                        config.publish.mode)
    gh = GitHub.from_env()
    try:
        settings = gh.repository_settings(tuple(sorted(needs.environments)), needs.branch)
    except GitHubError as exc:
        raise UsageError(str(exc)) from None
    findings = checks.judge(settings, needs)
    if args.format == "json":
        json.dump([f.__dict__ for f in findings], sys.stdout, indent=2)
        print()
    else:
        print(f"{gh.settings.repository} on {gh.settings.api_url}:")
        for finding in findings:
            print(f"  {finding}")
    to_fix = sum(1 for f in findings if f.level == checks.FIX)
    print(f"{to_fix} thing{'s' if to_fix != 1 else ''} to fix" if to_fix else "nothing to fix", file=sys.stderr)
    return 1 if to_fix else 0
