"""``commons doctor``: check the live repository's GitHub settings and say, one line each, what to fix.

Reads only (GET requests through :mod:`commons.github`); exit 0 when nothing must be fixed,
1 when something must (``FIX`` lines), 2 on bad usage.
"""

from __future__ import annotations

import json
import sys

from ..problems import UsageError
from . import checks
from ..schedule.workflows import workflow_texts
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--fix", action="store_true",
                        help="rename labels that still carry another language's name (or the old English one) to this community's")


def run(args) -> int:
    from ..config import load_config
    from ..github import GitHub, GitHubError, GitHubUnreachable

    config = load_config(args.repo)
    needs = checks.needs_from_workflows(workflow_texts(args.repo), config.review.labels, config.publish.branch,
                                        config.publish.mode, config.language, config.review.bots)
    gh = GitHub.from_env()
    try:
        gh.identity()  # the first request: without network, one line instead of a line per setting
        settings = gh.repository_settings(tuple(sorted(needs.environments)), needs.branch)
    except GitHubUnreachable as exc:
        print(f"commons doctor: {exc}", file=sys.stderr)
        return 1
    except GitHubError as exc:
        raise UsageError(str(exc)) from None
    if args.fix and settings.labels.ok:
        from .. import labels as label_names

        for old, new in label_names.renames(checks._names(settings.labels) or set(), config.language):
            try:
                gh.rename_label(old, new, label_names.description(label_names.key_of(new), config.language))
                print(say("doctor.renamed", old=old, new=new))
            except GitHubError as exc:
                print(say("doctor.rename_failed", old=old, error=exc), file=sys.stderr)
        settings = gh.repository_settings(tuple(sorted(needs.environments)), needs.branch)
    findings = checks.judge(settings, needs)
    if args.format == "json":
        json.dump([f.__dict__ for f in findings], sys.stdout, indent=2)
        print()
    else:
        print(say("doctor.heading", repository=gh.settings.repository, api=gh.settings.api_url))
        for finding in findings:
            print(f"  {finding}")
    to_fix = sum(1 for f in findings if f.level == checks.FIX)
    print(say("doctor.to_fix", n=to_fix) if to_fix else say("doctor.nothing_to_fix"), file=sys.stderr)
    return 1 if to_fix else 0
