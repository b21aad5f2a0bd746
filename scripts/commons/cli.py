"""``commons``: arguments → one capability → exit code.

Each command lives in its own package and exposes ``add_arguments(parser)`` and
``run(args) -> int``; modules are imported only when their command runs, so a
quick ``commons validate`` does not pay for the OpenAI or GitHub clients.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from pathlib import Path

from . import __version__, i18n
from .i18n import say
from .problems import EXIT_ATTENTION, EXIT_USAGE, UsageError, one_line

# name → (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "collect": ("commons.sources.collect_command", "fetch every source, drop duplicates of anything ever collected, write new items"),
    "triage": ("commons.triage.command", "score, categorize and summarize new items (AI or offline)"),
    "assign": ("commons.assign.command", "plan who reviews what this cycle; open or update one PR per member"),
    "remind": ("commons.progress.remind", "comment on open review PRs with progress, once a day at most"),
    "publish": ("commons.publish.command", "merge approved review PRs, then write the newsletter, handbook references and indexes"),
    "validate": ("commons.validate.command", "check files against schemas/ and the body rules"),
    "import": ("commons.handbook.import_command", "migrate an existing markdown handbook (e.g. a Jupyter Book) into chapters"),
    "index": ("commons.pages.index_command", "regenerate handbook/README.md, news/README.md and chapter links"),
    "review-command": ("commons.claim.command", "act on /skip, /swap, /claim or /share commented on a review PR (the review-commands workflow)"),
    "suggest-source": ("commons.sources.command", "turn a source suggested in an issue, once a maintainer labels it source-approved, into a PR that adds it to commons.yml"),
    "site": ("commons.site.command", "build the handbook and newsletters as a website with Korean search (MkDocs)"),
    "status": ("commons.progress.status", "the current cycle at a glance: items, coverage, progress, overdue"),
    "migrate": ("commons.migrate.command", "move items no person was given into the per-day pool (news/<cycle>/collected/)"),
    "agenda": ("commons.agenda.command", "the meeting's run-of-show (schedule.agenda): items by impact, a presenter and minutes each"),
    "rehearse": ("commons.demo.rehearse", "this community's whole week against a local GitHub stand-in, offline: what members and readers would see"),
    "demo": ("commons.demo.command", "the whole weekly cycle offline in a temporary copy, on sample data shipped in the repo"),
    "schedule": ("commons.schedule.command", "the week in local time; keep the workflows' UTC cron lines in step with commons.yml"),
    "init": ("commons.adopt.init", "a new community's repository from this one: name, language, timezone, topic, sources"),
    "doctor": ("commons.adopt.doctor", "check a live repository's settings on GitHub and say what to fix"),
}


# argparse's own messages → the catalogs' messages.argparse, so that a mistake on the command line is said in
# the run's language too (translated in _Parser.error). --help stays English (README says why).
ARGPARSE_MESSAGES = {
    "unrecognized arguments: %s": "argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "the following arguments are required: %s": "argparse.required",
    "expected one argument": "argparse.expected_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "not allowed with argument %s": "argparse.not_allowed",
    "one of the arguments %s is required": "argparse.one_required",
    "ignored explicit argument %r": "argparse.ignored",
}


def _pattern(template: str) -> re.Pattern:
    """A regular expression that takes argparse's formatted ``template`` apart into its values."""
    parts, n = [], 0
    for piece in re.split(r"(%\([a-z_]+\)[sr]|%[sr])", template):
        if piece.startswith("%") and len(piece) > 1:
            name = piece[2:-2] if piece.startswith("%(") else f"_{n}"
            n += not piece.startswith("%(")
            parts.append(f"(?P<{name}>.*?)")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts), re.S)


_PATTERNS = [(_pattern(template), key) for template, key in ARGPARSE_MESSAGES.items()]


def _argparse_text(message: str) -> str:
    """argparse's English ``message`` in the run's language: matched against the templates it was
    formatted from, its values put into the catalog's (an argument's own message too)."""
    for pattern, key in _PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            values = {name: _argparse_text(value) if name == "message" else value
                      for name, value in found.groupdict().items()}
            # The values are already as argparse wrote them (a repr included): put them in as text.
            text = re.sub(r"%(\([a-z_]+\))?r", r"%\1s", i18n.active()(f"messages.{key}"))
            positional = [values.pop(f"_{i}") for i in range(len(values)) if f"_{i}" in values]
            return text % (tuple(positional) if positional else values) if "%" in text else text
    return message


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (the usage block would bury it) and exit 2."""

    def error(self, message: str):
        message = _argparse_text(message)
        self.exit(EXIT_USAGE, one_line(say("cli.bad_usage", prog=self.prog, message=message)) + "\n")


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


def _repository_in(argv: list[str]) -> Path | None:
    """The repository a command line will run in, as far as can be told before parsing it (for its language)."""
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--repo" and i + 1 < len(words):
            return Path(words[i + 1])
        if word.startswith("--repo="):
            return Path(word.split("=", 1)[1])
    try:
        cwd = Path.cwd()
    except OSError:
        return None
    return next((f for f in (cwd, *cwd.parents) if (f / "commons.yml").is_file()), None)


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
            what = say("cli.no_folder") if not repo.is_dir() else say("cli.no_config_there")
            raise UsageError(say("cli.bad_repo", given=given, what=what))
        return repo
    for folder in (cwd, *cwd.parents):
        if (folder / "commons.yml").is_file():
            return folder
    raise UsageError(say("cli.no_repository", cwd=cwd))


def check_arguments(args) -> None:
    """Arguments every command shares, checked once (each command trusts them afterwards)."""
    from .content import cycles

    cycle = getattr(args, "cycle", None)
    if cycle is not None:
        try:
            cycles.parse_cycle(cycle)
        except ValueError as exc:
            raise UsageError(say("cli.bad_cycle", problem=exc)) from None


def _init_language(argv: list[str]) -> str:
    """``init --language xx`` speaks xx when a catalog exists; else the person's own (COMMONS_LANGUAGE, the
    locale) or English, never the language of the repository it copies from."""
    for n, word in enumerate(argv):
        value = argv[n + 1] if word == "--language" and n + 1 < len(argv) else word.partition("=")[2] \
            if word.startswith("--language=") else ""
        if value.strip() and i18n.base_language(value) in i18n.available():
            return value.strip()
    return i18n.run_language(None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # errors in parsing are said in it too; init speaks the language of the community it makes
    i18n.use(_init_language(argv) if _command_in(argv) == "init" else i18n.run_language(_repository_in(argv)))
    parser = build_parser(argv)  # imports just the command being run: startup stays fast
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        try:
            cwd = Path.cwd().resolve()
        except OSError:  # the folder was deleted under the shell
            raise UsageError(say("cli.cwd_gone")) from None
        if args.command in NO_REPOSITORY_NEEDED:
            args.repo = (cwd / (args.repo or Path("."))).resolve()
        else:
            args.repo = find_repository(args.repo, cwd)  # the one _repository_in found: its language is spoken
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
        print(f"commons {args.command}: {say('cli.interrupted')}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
