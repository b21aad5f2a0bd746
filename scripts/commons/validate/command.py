"""``commons validate [PATH…]``: one line per problem; exit 0 clean, 1 problems, 2 usage."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..git import clean_blob_ids
from ..problems import Problem, UsageError
from ..untrusted import code, for_github, for_log
from ..i18n import active, say

KINDS = ("item", "review", "chapter", "note", "post", "log", "portfolio", "commons", "members")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the whole repository)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text")
    parser.add_argument("--changed-since", metavar="REF", help="check only files changed since this git ref")
    parser.add_argument("--kind", choices=KINDS, help="check every file as this kind, whatever its path")
    parser.add_argument("--jobs", type=int, default=None, help="processes to use (default: one per core)")
    parser.add_argument("--no-cache", action="store_true",
                        help="check every file again, not only those changed since the last run (see validate/cache.py)")
    parser.add_argument("--review-branch", metavar="BRANCH", help="check a review PR made by `commons assign` (default: $GITHUB_HEAD_REF)")


def run(args) -> int:
    from . import checker

    repo: Path = args.repo
    if args.changed_since:
        from .. import git

        changed = git.changed_files(repo, args.changed_since)
        paths = [repo / name for name in changed if (repo / name).is_file()]
        explicit_missing: list[str] = []
    else:
        paths = list(args.paths) or [repo]
        explicit_missing = []
    # Workflows are no content kind: they are checked against commons.yml's schedule, here.
    workflows = [p for p in paths if _is_workflow(repo, p)]
    paths = [p for p in paths if p not in workflows]
    targets, missing = checker.discover(paths, repo, args.kind) if paths else ([], [])
    missing += explicit_missing
    if missing:
        raise UsageError(say("validate.no_such_path", paths=", ".join(missing)))
    if args.changed_since:
        # Changed files that no schema covers (code, images) are not the validator's business.
        targets = [t for t in targets if t.kind is not None]

    settings = checker.settings_for(repo)
    cache = None
    blob_ids: dict[str, str] = {}
    if not args.no_cache and not args.changed_since:  # a PR's few files: nothing to gain
        from .cache import ResultCache, location

        cache = ResultCache(location(repo), Path(settings.schema_dir), active().language)
        if cache.path is not None:  # committed, unchanged files: known without reading them
            blob_ids = clean_blob_ids(repo, ".")
    problems = checker.check_all(targets, settings, args.jobs, cache, blob_ids)
    if cache is not None:
        if not args.paths or [Path(p).resolve() for p in args.paths] == [Path(repo).resolve()]:
            cache.keep_only_used()
        cache.save()
    from ..assign.review_pr import review_pr_problems  # review PRs: exactly the member's items, all filled in

    review_problems = review_pr_problems(repo, args.review_branch, args.changed_since)
    # The review rule names the item for each unfinished field; the schema's "is empty"
    # for the same field would only say it twice.
    said = {(p.path, p.field) for p in review_problems}
    problems = [p for p in problems if (p.path, p.field) not in said] + review_problems
    if workflows or any(t.kind == "commons" for t in targets):
        problems += _schedule_problems(repo)
    problems = sorted(problems)
    emit(problems, len(targets), args.format)
    return 1 if problems else 0


def _is_workflow(repo: Path, path: Path) -> bool:
    try:
        relative = Path(path).resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return False
    return relative.startswith(".github/workflows/") and relative.endswith((".yml", ".yaml"))


def _schedule_problems(repo: Path) -> list[Problem]:
    """The workflows' cron lines and time gates against commons.yml (nothing to say when commons.yml is broken:
    that is reported as its own problem)."""
    from ..config import load_config
    from ..schedule.workflows import drifts

    try:
        config = load_config(repo)
    except UsageError:
        return []
    return drifts(repo, config.week)


def emit(problems: list[Problem], checked: int, fmt: str) -> None:
    files_with_problems = len({p.path for p in problems})
    if fmt == "json":
        json.dump([p.as_dict() for p in problems], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    if fmt == "github":
        for p in problems:
            title = _escape_property(p.field or "validate")
            print(
                f"::error file={_escape_property(p.path)},line={p.line},col={p.column},"
                f"title={title}::{_escape_data(p.message)}"
            )
        _write_summary(problems, checked, files_with_problems)
    else:
        for p in problems:
            print(for_log(p))  # a file name may hold a newline and `::error` or `::stop-commands::`
    print(_verdict(problems, checked, files_with_problems), file=sys.stderr)


def _verdict(problems: list[Problem], checked: int, files_with_problems: int) -> str:
    if not problems:
        return say("validate.all_good", files=say("validate.files", n=checked))
    return say("validate.verdict", problems=say("validate.problems", n=len(problems)), bad=files_with_problems,
               files=say("validate.files", n=checked))


def _escape_data(text: str) -> str:
    """Workflow-command data escaping (the annotation protocol itself); plain log lines use for_log."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _write_summary(problems: list[Problem], checked: int, files_with_problems: int) -> None:
    from ..report import markdown_table, step_summary

    if not problems:
        step_summary(f"### ✅ {say('validate.title')}\n\n{_verdict(problems, checked, 0)}")
        return
    rows = [[code(p.path), p.line, code(p.field) if p.field else "", for_github(p.message)] for p in problems[:200]]
    more = f"\n\n{say('validate.more', n=len(problems) - 200)}" if len(problems) > 200 else ""
    step_summary(
        f"### ❌ {say('validate.title')}: {_verdict(problems, checked, files_with_problems)}\n\n"
        + markdown_table(say("validate.columns").split(" | "), rows)
        + more
    )
