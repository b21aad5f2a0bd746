"""``commons``: arguments → one capability → exit code.

Each command lives in its own package and exposes ``add_arguments(parser)`` and
``run(args) -> int``; modules are imported only when their command runs, so a
quick ``commons validate`` does not pay for the OpenAI or GitHub clients.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .problems import UsageError, one_line

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE = 0, 1, 2

# name → (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "collect": ("commons.collect.command", "fetch every source, drop duplicates of anything ever collected, write new items"),
    "triage": ("commons.triage.command", "score, categorize and summarize new items (AI or offline)"),
    "assign": ("commons.assign.command", "plan who reviews what this cycle; open or update one PR per member"),
    "remind": ("commons.progress.remind", "comment on open review PRs with progress, once a day at most"),
    "publish": ("commons.publish.command", "merge approved review PRs, then write the newsletter, handbook references and indexes"),
    "validate": ("commons.validate.command", "check files against schemas/ and the body rules"),
    "import": ("commons.handbook.import_command", "migrate an existing markdown handbook (e.g. a Jupyter Book) into chapters"),
    "index": ("commons.handbook.index_command", "regenerate handbook/README.md, news/README.md and chapter links"),
    "review-command": ("commons.claim.command", "act on /skip, /swap, /claim or /share commented on a review PR (the review-commands workflow)"),
    "suggest-source": ("commons.sources.command", "turn a source suggested in an issue, once a maintainer labels it source-approved, into a PR that adds it to commons.yml"),
    "site": ("commons.site.command", "build the handbook and newsletters as a website with Korean search (MkDocs)"),
    "status": ("commons.progress.status", "the current cycle at a glance: items, coverage, progress, overdue"),
    "migrate": ("commons.migrate.command", "move items no person was given into the per-day pool (news/<cycle>/collected/)"),
    "agenda": ("commons.agenda.command", "the Wednesday meeting's run-of-show: items by impact, a presenter and minutes each"),
    "demo": ("commons.demo.command", "the whole weekly cycle offline in a temporary copy, on sample data shipped in the repo"),
    "schedule": ("commons.schedule.command", "the week in local time; keep the workflows' UTC cron lines in step with commons.yml"),
    "init": ("commons.adopt.init", "a new community's repository from this one: name, language, timezone, topic, sources"),
    "doctor": ("commons.adopt.doctor", "check a live repository's settings on GitHub and say what to fix"),
}


def now_from_env() -> datetime:
    """The current moment; ``COMMONS_NOW`` (ISO 8601) pins it for tests and the demo."""
    pinned = os.environ.get("COMMONS_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageError(f"COMMONS_NOW: '{pinned}' is not an ISO 8601 date and time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (the usage block would bury it) and exit 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, one_line(f"{self.prog}: {message} (see {self.prog} --help)") + "\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the command named in ``argv`` (all of them when None) imports its module."""
    chosen = _command_in(argv) if argv is not None else None
    parser = _Parser(
        prog="commons",
        description="Run a community's living handbook: collect, triage, assign, validate, publish.",
    )
    parser.add_argument("--version", action="version", version=f"commons {__version__}")
    parser.add_argument(
        "--repo", type=Path, default=None,
        help="the commons repository (default: the current folder or the nearest one above it with commons.yml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(_module=module_name)
        if chosen is None or name == chosen:
            _module(module_name).add_arguments(command_parser)
    return parser


def _command_in(argv: list[str]) -> str:
    """The command word of a command line (the first word that is not a global option)."""
    words = iter(argv)
    for word in words:
        if word == "--repo":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""


def _module(name: str):
    return importlib.import_module(name)


# Commands that work outside a commons repository (the demo builds its own).
NO_REPOSITORY_NEEDED = {"demo"}


def find_repository(given: Path | None, cwd: Path) -> Path:
    """The commons repository: ``--repo`` as given, else the nearest folder at or above ``cwd``
    holding commons.yml (as git finds its repository from a subfolder)."""
    if given is not None:
        repo = (cwd / given).resolve()
        if not (repo / "commons.yml").is_file():
            what = "no such folder" if not repo.is_dir() else "no commons.yml there"
            raise UsageError(f"--repo {given}: {what}; expected the folder of a commons repository (with commons.yml)")
        return repo
    for folder in (cwd, *cwd.parents):
        if (folder / "commons.yml").is_file():
            return folder
    raise UsageError(f"commons.yml: not found in {cwd} or any folder above it; run this inside a commons "
                     "repository or pass --repo PATH")


def check_arguments(args) -> None:
    """Arguments every command shares, checked once (each command trusts them afterwards)."""
    from .content import cycles

    cycle = getattr(args, "cycle", None)
    if cycle is not None:
        try:
            cycles.parse_cycle(cycle)
        except ValueError as exc:
            raise UsageError(f"--cycle: {exc}") from None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)  # imports just the command being run: startup stays fast
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        try:
            cwd = Path.cwd().resolve()
        except OSError:  # the folder was deleted under the shell
            raise UsageError("the current folder no longer exists; cd into the repository or pass --repo PATH") from None
        if args.command in NO_REPOSITORY_NEEDED:
            args.repo = (cwd / (args.repo or Path("."))).resolve()
        else:
            args.repo = find_repository(args.repo, cwd)
        check_arguments(args)
        return _module(args._module).run(args)
    except UsageError as exc:
        print(one_line(f"commons {args.command}: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ATTENTION
    except OSError as exc:  # a full disk or read-only file system met outside the atomic writers
        from .content.files import WRITE_ADVICE, write_error

        if exc.errno not in WRITE_ADVICE:
            raise
        print(f"commons {args.command}: {write_error(exc.filename or args.repo, exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"commons {args.command}: interrupted; nothing half-written was left behind", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
