"""``commons init``: a new community's repository from this one.

``commons init DIR --name … --language en --timezone America/New_York --maintainer octocat --source URL``
makes DIR a repository of the engine with the community's own configuration, roster, README,
contribution guide, templates and CODEOWNERS, in its language, and workflows whose cron lines
follow its local week. ``--in-place`` does the same to this repository (a copy made from it as a
GitHub template repository): it removes what is ours, which git still has. Questions not answered
by options are asked when a person is at the terminal.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .. import i18n
from ..content import yamlsafe
from ..i18n import say
from ..content.files import atomic_write_text
from ..problems import UsageError
from . import community
from ..schedule.workflows import workflow_texts

QUESTIONS = (
    ("name", "Community name"),
    ("language", "Language of everything members read (en, ko, …)"),
    ("timezone", "Timezone (IANA, e.g. America/New_York)"),
    ("topic", "One sentence on what you study"),
    ("maintainer", "Maintainers' GitHub handles (comma-separated)"),
    ("source", "Feed addresses to collect (comma-separated)"),
)


def add_arguments(parser) -> None:
    parser.add_argument("target", nargs="?", type=Path, help="folder for the new repository (new or empty)")
    parser.add_argument("--in-place", action="store_true",
                        help="turn this repository (e.g. one made from it as a GitHub template) into the new community's")
    parser.add_argument("--name", help="the community's name")
    parser.add_argument("--description", default="", help="one line under the name")
    parser.add_argument("--site-url", default="", help="the site's address, e.g. https://OWNER.github.io/REPO/ "
                                                       "(feed and announcement links point there)")
    parser.add_argument("--language", help="language code of everything members read: en, ko, …")
    parser.add_argument("--timezone", help="IANA timezone of the week, e.g. America/New_York")
    parser.add_argument("--topic", default=None, help="one sentence on what the community studies")
    parser.add_argument("--maintainer", action="append", default=[], help="a maintainer's GitHub handle (repeat)")
    parser.add_argument("--source", action="append", default=[], help="a feed address to collect (repeat)")
    parser.add_argument("--sources", type=Path, help="a YAML file with a list of commons.yml source entries")
    parser.add_argument("--category", action="append", default=[], help="a category as id=Title (repeat)")
    for key in community.SCHEDULE_KEYS:
        parser.add_argument(f"--{key}", metavar="WHEN", help=f"local {key} time, e.g. '{_example(key)}'")
    parser.add_argument("--keep", default="", help=f"bring along what is ours: {', '.join(community.KEEPABLE)} (comma-separated)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be taken, written and left; change nothing")


def _example(key: str) -> str:
    return {"distribute": "sunday 00:00", "remind": "tuesday 09:00", "due": "wednesday 23:59",
            "publish": "wednesday 22:00", "agenda": "wednesday 15:00", "collect": "daily 06:17"}[key]


def _ask(args) -> None:
    """Ask for what the options left out, when a person can answer."""
    if not sys.stdin.isatty():
        return
    for key, question in QUESTIONS:
        current = getattr(args, key)
        if current in (None, []):
            answer = input(f"{question}: ").strip()
            if key in ("maintainer", "source"):
                setattr(args, key, [a.strip() for a in answer.split(",") if a.strip()])
            else:
                setattr(args, key, answer)


def answers_from(args) -> community.Answers:
    _ask(args)
    sources = [community.source_from_url(u) for u in args.source]
    if args.sources:
        try:
            loaded = yamlsafe.load(args.sources.read_text(encoding="utf-8")).data
        except (OSError, yamlsafe.YamlError) as exc:
            raise UsageError(f"--sources: {args.sources}: {getattr(exc, 'message', exc)}") from None
        if isinstance(loaded, dict):
            loaded = loaded.get("sources")
        if not isinstance(loaded, list) or not all(isinstance(s, dict) and "url" in s for s in loaded):
            raise UsageError(f"--sources: {args.sources}: " + say("init.bad_sources"))
        sources += [{**community.source_from_url(s["url"], str(s.get("title") or "")), **s} for s in loaded]
    try:
        categories = [community.category_from_text(c) for c in args.category]
    except ValueError as exc:
        raise UsageError(f"--category: {exc}") from None
    schedule = {k: getattr(args, k).strip().lower() for k in community.SCHEDULE_KEYS if getattr(args, k)}
    answers = community.Answers(
        name=(args.name or "").strip(), language=(args.language or "").strip(), timezone=(args.timezone or "").strip(),
        topic=(args.topic or "").strip(), description=args.description.strip(),
        maintainers=tuple(h.strip().lstrip("@") for m in args.maintainer for h in m.split(",") if h.strip()),
        sources=tuple(community.unique_ids(sources)), categories=tuple(categories), schedule=schedule,
        keep=frozenset(k.strip() for k in args.keep.split(",") if k.strip()),
        site_url=args.site_url.strip(),
    )
    problems = community.check_answers(answers)
    if problems:
        more = " " + say("init.more", n=len(problems) - 1, rest="; ".join(problems[1:])) if len(problems) > 1 else ""
        raise UsageError(problems[0] + more)
    return answers


def present_paths(repo: Path) -> list[str]:
    """This repository's entries: each top-level one, and each one inside .github/."""
    out = []
    for entry in sorted(repo.iterdir()):
        if entry.name == ".github" and entry.is_dir():
            out += [f".github/{sub.name}" for sub in sorted(entry.iterdir())]
        else:
            out.append(entry.name)
    return out


def _ours(repo: Path) -> dict:
    try:
        return yamlsafe.load((repo / "commons.yml").read_text(encoding="utf-8")).data or {}
    except (OSError, yamlsafe.YamlError):
        return {}


def _ignore(_folder, names):
    return [n for n in names if n in community.SKIPPED_NAMES or n.endswith(".egg-info")]


def run(args) -> int:
    from ..git import Git, GitError, init_repo
    from ..schedule.workflows import DEPENDABOT

    source = Path(args.repo)
    if args.in_place == bool(args.target):
        raise UsageError(say("init.target"))
    target = source if args.in_place else args.target.resolve()
    if not args.in_place and target.exists() and any(target.iterdir()):
        raise UsageError(f"{target}: " + say("init.not_empty"))
    if not (source / "scripts" / "commons").is_dir():
        raise UsageError(f"{source}: " + say("init.not_commons"))
    answers = answers_from(args)
    i18n.use(answers.language)  # what init says from here on is for the community being made: in its language
    workflows = workflow_texts(source)
    if (source / DEPENDABOT).is_file():
        workflows[DEPENDABOT] = (source / DEPENDABOT).read_text(encoding="utf-8")
    guides = {name: (source / name).read_text(encoding="utf-8")
              for name in (*community.SETUP_GUIDES.values(), community.SECURITY) if (source / name).is_file()}
    result = community.plan(answers, present_paths(source), _ours(source), workflows, guides, _stand_in(source))
    if args.dry_run:
        print("\n".join(result.describe()))
        return 0
    if args.in_place:
        try:
            dirty = Git(source).run("status", "--porcelain")
        except GitError as exc:
            raise UsageError("--in-place: " + say("init.needs_git", error=exc)) from None
        if dirty.strip():
            raise UsageError("--in-place: " + say("init.dirty"))
        for relative in result.left:
            path = target / relative
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
    else:
        target.mkdir(parents=True, exist_ok=True)
        for relative in result.copy:
            origin, destination = source / relative, target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, destination, ignore=_ignore, symlinks=True)
            else:
                shutil.copy2(origin, destination)
    for relative, text in sorted(result.write.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    _index(target)
    if not args.in_place and not (target / ".git").exists():
        init_repo(target)
    print(say("init.converted" if args.in_place else "init.created", target=target, copied=len(result.copy),
              written=say("publish.n_files", n=len(result.write)), left=len(result.left)))
    print(say("init.next"))
    return 0


def _index(target: Path) -> None:
    """The handbook and news indexes, generated once so the new repository starts valid."""
    from ..config import load_config
    from ..pages.index import plan as index_plan

    config = load_config(target)
    for change in index_plan(target, config.name, config.description, config.language, week=config.week).changes:
        atomic_write_text(target / change.path, change.after)


def _stand_in(source: Path) -> dict[str, str]:
    """The local GitHub stand-in's files (``commons rehearse``), path → text."""
    from ..demo.rehearse import STAND_IN

    out = {}
    for relative in STAND_IN:
        path = source / relative
        for file in sorted(path.rglob("*")) if path.is_dir() else [path] if path.is_file() else []:
            if file.is_file() and "__pycache__" not in file.parts:
                out[file.relative_to(source).as_posix()] = file.read_text(encoding="utf-8")
    return out
