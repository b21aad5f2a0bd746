"""Run the week: every step is the real command (``commons.cli.main``) with the clock pinned.

The demo folder holds ``repo/`` (the community's repository, on ``main``), ``origin.git``
(a bare repository standing in for GitHub: assign pushes review branches there, the
steps push ``main`` there as the workflows would) and ``logs/`` (each command's full
output). Git is the only subprocess; nothing touches the network.
"""

from __future__ import annotations

import io
import json
import re
import os
import shutil
import tempfile
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..i18n import say
from ..config import load_config, load_members
from ..content import frontmatter, layout
from ..git import DEFAULT_IDENTITY, Git, GitError, init_repo
from ..problems import UsageError
from . import clock, members as simulated, sample

MARKER = "demo.json"
# Environment that would steer the commands elsewhere: keys, GitHub, a PR's branch, Actions' summary.
# What a demo or a rehearsal must not take from the shell it runs in: keys and tokens (a real API, a real
# repository), the chat webhook (a real channel), and a GitHub job's own files and refs.
HIDDEN_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GITHUB_TOKEN", "COMMONS_TOKEN", "COMMONS_WEBHOOK_URL",
              "GITHUB_HEAD_REF", "GITHUB_BASE_REF", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ACTIONS")
STEPS = ("sample_data", "collect", "triage", "assign", "member_reviews", "validate_branches",
         "merge_reviews", "publish", "index", "validate_all")  # names in the catalogs: messages.demo.steps


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def line(self, prefix: str = "") -> str:
        """The first output line starting with ``prefix`` (the command's summary), else its last line."""
        lines = [x.strip() for x in (self.out + "\n" + self.err).splitlines() if x.strip()]
        found = [x for x in lines if prefix and x.startswith(prefix)]
        return found[0] if found else (lines[-1] if lines else "")

    def lines_starting(self, prefix: str) -> list[str]:
        return [x.strip() for x in (self.out + "\n" + self.err).splitlines() if x.strip().startswith(prefix)]


@dataclass
class Step:
    summary: str = ""
    details: list[str] = field(default_factory=list)


@dataclass
class Demo:
    folder: Path
    week: clock.Week
    again: bool
    out: object  # where the demo prints (sys.stdout at run time)
    unexpected: list[str] = field(default_factory=list)
    number: int = 0
    said: list[str] = field(default_factory=list)

    @property
    def repo(self) -> Path:
        return self.folder / "repo"

    @property
    def origin(self) -> Path:
        return self.folder / "origin.git"

    @property
    def logs(self) -> Path:
        return self.folder / "logs"

    @property
    def scratch(self) -> Path:
        return self.folder / "scratch"

    def say(self, text: str = "") -> None:
        self.said.append(text)
        print(text, file=self.out, flush=True)

    @contextmanager
    def step(self, key: str, when: datetime | None):
        name = say(f"demo.steps.{key}")
        self.number += 1
        current = Step()
        started = time.perf_counter()
        yield current
        seconds = time.perf_counter() - started
        moment = self.week.label(when) if when else ""
        self.say(f"{self.number:>2}. {name:<18} {moment:<16} {current.summary}  [{seconds:.2f} s]")
        for detail in current.details:
            self.say(f"      {detail}")

    def command(self, argv: list[str], now: datetime, *, repo: Path | None = None, expect=(0,)) -> Outcome:
        """``commons ARGV`` in this process with the clock at ``now``; the full output goes to logs/."""
        from ..cli import main

        out, err = io.StringIO(), io.StringIO()
        full = ["--repo", str(repo or self.repo), *argv]
        with _environment(now), redirect_stdout(out), redirect_stderr(err):
            code = main(full)
        outcome = Outcome(code, out.getvalue(), err.getvalue())
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / f"{self.number:02d}-{argv[0]}.log"
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"$ COMMONS_NOW={now.isoformat()} commons {' '.join(full)}\n{outcome.out}{outcome.err}"
                     f"(exit {code})\n\n")
        if code == 2:
            raise UsageError(f"`commons {argv[0]}` stopped: {outcome.line()} (see {log})")
        if code not in expect:
            self.unexpected.append(f"commons {argv[0]} exited {code}; see {log}")
        return outcome


@contextmanager
def _environment(now: datetime):
    saved = {k: os.environ.get(k) for k in ("COMMONS_NOW", *HIDDEN_ENV)}
    try:
        for key in HIDDEN_ENV:
            os.environ.pop(key, None)
        os.environ["COMMONS_NOW"] = now.isoformat()
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# -- git, as the workflows and the members would use it ------------------------------------------
def _git(path: Path) -> Git:
    return Git(path)


def _as(who: tuple[str, str], when: datetime) -> dict:
    name, email = who
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}


def commit(path: Path, message: str, when: datetime, who: tuple[str, str] = DEFAULT_IDENTITY) -> bool:
    """Commit everything in the working tree at ``path``; False (and no commit) when nothing changed."""
    git = _git(path)
    git.run("add", "-A")
    if not git.run("diff", "--cached", "--name-only"):
        return False
    git.run("-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", message, env=_as(who, when))
    return True


def push_main(demo: Demo) -> None:
    _git(demo.repo).run("push", "--quiet", "--no-verify", "origin", "main")


@contextmanager
def worktree(demo: Demo, name: str, *args: str):
    path = demo.scratch / name
    git = _git(demo.repo)
    if path.exists():  # left by an interrupted run
        git.run("worktree", "remove", "--force", str(path), check=False)
        shutil.rmtree(path, ignore_errors=True)
    git.run("worktree", "add", "--quiet", *args[:-1], str(path), args[-1])
    try:
        yield path
    finally:
        git.run("worktree", "remove", "--force", str(path), check=False)
        git.run("worktree", "prune")


# -- the folder -----------------------------------------------------------------------------------
def prepare(folder: Path | None, cycle: str) -> tuple[Path, bool]:
    """The demo folder, and whether it already holds this cycle's demo (a second run)."""
    if folder is None:
        return Path(tempfile.mkdtemp(prefix="commons-demo-")), False
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--keep {folder}: " + say("demo.keep_is_file"))
    marker = folder / MARKER
    if marker.is_file():
        try:
            recorded = json.loads(marker.read_text(encoding="utf-8")).get("cycle")
        except (ValueError, AttributeError):
            recorded = None
        if recorded != cycle:
            raise UsageError(f"--keep {folder}: " + (say("demo.keep_other_cycle", recorded=recorded, cycle=cycle) if recorded
                                                     else say("demo.keep_unknown_cycle", cycle=cycle)))
        repo = folder / "repo"
        if not (repo / ".git").is_dir() or _git(repo).rev_parse("main") is None or not (folder / "origin.git").is_dir():
            raise UsageError(f"--keep {folder}: " + say("demo.keep_unfinished"))
        return folder, True
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"--keep {folder}: " + say("demo.keep_not_empty", marker=MARKER))
    folder.mkdir(parents=True, exist_ok=True)
    return folder, False


def snapshot(demo: Demo) -> dict:
    """Everything a second run must leave as it was: refs here and in origin, and the working tree."""
    return {
        "refs": _git(demo.repo).run("for-each-ref", "--format=%(refname) %(objectname)"),
        "origin": _git(demo.origin).run("for-each-ref", "--format=%(refname) %(objectname)"),
        "status": _git(demo.repo).run("status", "--porcelain", "--untracked-files=all"),
    }


# -- the week -----------------------------------------------------------------------------------
def run(repo_arg: Path, keep: Path | None, today: datetime, *, dry_run: bool = False, out=None) -> int:
    import sys

    root = sample.find_root(repo_arg)
    config = load_config(root)
    week = clock.week_of(today, config.timezone)
    out = out or sys.stdout
    if dry_run:
        return _describe(week, keep, out)
    folder, again = prepare(keep, week.cycle)
    demo = Demo(folder, week, again, out)
    demo.say("commons demo: " + say("demo.intro", name=config.name, folder=folder))
    demo.say(say("demo.timeline", cycle=week.cycle, timezone=week.timezone, collect=week.label(week.collect),
                 distribute=week.label(week.distribute), review=week.label(week.review), publish=week.label(week.publish)))
    if again:
        demo.say(say("demo.again"))
    demo.say()
    started = time.perf_counter()
    try:
        before = snapshot(demo) if again else None
        _week(demo, root)
    except FileNotFoundError as exc:
        if shutil.which("git") is None:
            raise UsageError(say("demo.needs_git")) from None
        raise exc
    except GitError as exc:
        demo.say("commons demo: " + say("demo.git_failed", error=exc))
        demo.say(say("demo.left_for_a_look", folder=folder))
        return 1
    finally:
        shutil.rmtree(demo.scratch, ignore_errors=True)
    demo.say()
    if before is not None:
        after = snapshot(demo)
        changed = [name for name in before if before[name] != after[name]]
        if changed:
            demo.unexpected.append(say("demo.second_run_changed_problem", what=", ".join(changed)))
            demo.say(say("demo.second_run_changed", what=", ".join(changed)))
        else:
            demo.say(say("demo.second_run_same"))
    _where(demo)
    demo.say(say("demo.done_in", seconds=f"{time.perf_counter() - started:.1f}"))
    for problem in demo.unexpected:
        demo.say(say("demo.needs_a_look", problem=problem))
    from ..report import step_summary

    step_summary(f"## commons demo {week.cycle}\n\n```\n" + "\n".join(demo.said) + "\n```")
    return 1 if demo.unexpected else 0


def _describe(week: clock.Week, keep: Path | None, out) -> int:
    where = keep or Path(tempfile.gettempdir()) / "commons-demo-XXXXXXXX"
    print(say("demo.would_build", cycle=week.cycle, timezone=week.timezone, where=where), file=out)
    moments = [week.start, week.collect, week.collect, week.distribute, week.review, week.review,
               week.publish, week.publish, week.publish, week.publish]
    for n, (key, moment) in enumerate(zip(STEPS, moments), 1):
        print(f"{n:>2}. {say(f'demo.steps.{key}'):<17} {week.label(moment)}", file=out)
    print(say("demo.nothing_created"), file=out)
    return 0


def _week(demo: Demo, root: Path) -> None:
    week, cycle = demo.week, demo.week.cycle

    with demo.step("sample_data", week.start) as s:
        if not demo.again:
            sample.copy_into(root, demo.repo, week.collect.date())
            init_repo(demo.origin, bare=True)
            init_repo(demo.repo)
            _git(demo.repo).run("remote", "add", "origin", str(demo.origin))
            commit(demo.repo, "The sample commons: configuration, roster, schemas, handbook, example feeds", week.start)
            push_main(demo)
            (demo.folder / MARKER).write_text(json.dumps({"cycle": cycle, "made_by": "commons demo"}) + "\n",
                                              encoding="utf-8")
        config = load_config(demo.repo)
        roster = load_members(demo.repo, config)
        chapters = simulated.load_chapters(demo.repo / layout.HANDBOOK)
        s.summary = say("demo.sample_summary", feeds=len(config.sources), members=say("demo.n_members", n=len(roster)),
                        chapters=say("demo.n_chapters", n=len(chapters))) + (say("demo.already_there") if demo.again else "")

    with demo.step("collect", week.collect) as s:
        result = demo.command(["collect"], week.collect)
        s.summary = result.line("collect:").removeprefix("collect: ")
        commit(demo.repo, f"collect: news for {cycle}", week.collect)

    with demo.step("triage", week.collect) as s:
        result = demo.command(["triage", "--provider", "offline"], week.collect + timedelta(minutes=5))
        s.summary = result.line("triage by")
        commit(demo.repo, f"triage: {cycle} (offline)", week.collect + timedelta(minutes=5))
        push_main(demo)

    with demo.step("assign", week.distribute) as s:
        result = demo.command(["assign", "--no-pull-requests"], week.distribute, expect=(0, 1))
        plan = [x for x in result.out.splitlines() if x.strip()]
        s.summary = plan[1] if len(plan) > 1 else result.line()
        s.details = plan[2:] + result.lines_starting("branches:")
        commit(demo.repo, f"assign: record of {cycle}", week.distribute)
        push_main(demo)
        _git(demo.repo).run("fetch", "--quiet", "origin")

    from ..assign.inputs import read_state
    from ..assign.render import branch_name, review_relpath

    assignments = read_state(demo.repo, cycle) or {}
    by_handle = {m.github.lower(): m for m in roster}
    categories = {c.id: c.title for c in config.categories}
    source_titles = {s.id: s.title or s.id for s in config.sources}
    late = simulated.behind(assignments, config.review.maintainers)

    with demo.step("member_reviews", week.review) as s:
        done, pushed = 0, 0
        for handle, ids in sorted(assignments.items()):
            member = by_handle.get(handle.lower())
            branch = branch_name(cycle, handle)
            finished = ids[:1] if handle == late else ids
            with worktree(demo, f"review-{handle.lower()}", "-B", branch, f"origin/{branch}") as tree:
                for item_id in finished:
                    item = frontmatter.read(layout.item_path(demo.repo, cycle, item_id)).meta
                    review = simulated.judge(handle, member.interests if member else (), item, chapters, categories,
                                             config.language, source_titles.get(str(item.get("source")), ""))
                    file = tree / review_relpath(cycle, handle, item_id)
                    file.write_text(simulated.fill(file.read_text(encoding="utf-8"), review), encoding="utf-8")
                    done += 1
                who = ((member.name or handle) if member else handle, f"{handle}@users.noreply.github.com")
                moment = week.publish - timedelta(hours=1) if handle == late else week.review
                if commit(tree, f"Review {cycle}: {len(finished)} of {len(ids)} item(s)", moment, who):
                    _git(tree).run("push", "--quiet", "--no-verify", "origin", f"HEAD:refs/heads/{branch}")
                    pushed += 1
        total = sum(len(ids) for ids in assignments.values())
        s.summary = say("demo.reviews_summary", done=done, total=total, pushed=pushed, branches=len(assignments))
        if pushed < len(assignments):
            s.summary += " " + say("demo.reviews_held", n=len(assignments) - pushed)
        if late:
            s.details = [say("demo.falls_behind", handle=f"@{late}", total=len(assignments[late]))]

    clean: list[str] = []
    with demo.step("validate_branches", week.review) as s:
        for handle in sorted(assignments):
            branch = branch_name(cycle, handle)
            # What a pull request's check sees: the branch merged into main.
            with worktree(demo, f"validate-{handle.lower()}", "--detach", "main") as tree:
                _git(tree).run("-c", "commit.gpgsign=false", "merge", "--quiet", "--no-ff", "--no-verify", "--no-edit", branch,
                               env=_as(DEFAULT_IDENTITY, week.review))
                result = demo.command(["validate", "--review-branch", branch, "--changed-since", "main"],
                                      week.review, repo=tree, expect=(0, 1) if handle == late else (0,))
            if result.code == 0:
                clean.append(handle)
                continue
            s.details.append(f"{branch}: " + say("demo.not_merged", result=result.line()))
            s.details += [f"  {path}: {', '.join(fields)}" for path, fields in _fields_by_file(result.out).items()]
        s.summary = say("demo.branches_pass", clean=len(clean), n=len(assignments))

    with demo.step("merge_reviews", week.publish) as s:
        git = _git(demo.repo)
        merged = 0
        for handle in clean:
            branch = branch_name(cycle, handle)
            if git.ok("merge-base", "--is-ancestor", branch, "main"):
                continue  # merged by an earlier run
            git.run("-c", "commit.gpgsign=false", "merge", "--quiet", "--no-ff", "--no-verify", "-m",
                    f"Merge review {branch} (approved)", branch,
                    env=_as(DEFAULT_IDENTITY, week.publish - timedelta(minutes=30)))
            merged += 1
        push_main(demo)
        s.summary = say("demo.merged", n=merged)
        if merged < len(clean):
            s.summary += " " + say("demo.merged_earlier", n=len(clean) - merged)

    with demo.step("publish", week.publish) as s:
        result = demo.command(["publish", "--offline"], week.publish)
        readme = layout.NEWS + f"/{cycle}/README.md"
        entries = _newsletter_items(demo.repo / readme)
        refs = referenced_chapters(demo.repo, cycle)
        s.summary = f"{readme}: " + say("demo.published", items=say("demo.n_ranked", n=entries),
                                        references=say("demo.n_references", n=sum(refs.values())),
                                        chapters=say("demo.n_chapters", n=len(refs)), result=result.line())
        s.details = [note for note in result.err.splitlines() if note.strip() and note.strip() != result.line().strip()]
        commit(demo.repo, f"publish {cycle}: newsletter and handbook references", week.publish)
        push_main(demo)

    with demo.step("index", week.publish) as s:
        result = demo.command(["index"], week.publish + timedelta(minutes=5))
        s.summary = result.line() + " " + say("demo.index_again")
        commit(demo.repo, "index: handbook and news", week.publish + timedelta(minutes=5))
        push_main(demo)

    with demo.step("validate_all", week.publish) as s:
        result = demo.command(["validate"], week.publish + timedelta(minutes=10))
        s.summary = result.line()
        s.details = [x for x in result.out.splitlines() if x.strip()][:5]


def _fields_by_file(output: str) -> dict[str, list[str]]:
    """``path:line:col: field: message`` lines → the fields each file has problems with."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        parts = line.split(":", 4)
        if len(parts) == 5:
            fields = found.setdefault(parts[0], [])
            if parts[3].strip() and parts[3].strip() not in fields:
                fields.append(parts[3].strip())
    return found


def _newsletter_items(readme: Path) -> int:
    if not readme.is_file():
        return 0
    return sum(1 for line in readme.read_text(encoding="utf-8").splitlines() if re.match(r"^#{3,4} \d+\. ", line))  # under a category heading


def referenced_chapters(repo: Path, cycle: str) -> dict[str, int]:
    """Chapters whose generated ``news`` region lists items of ``cycle``: path → how many."""
    found = {}
    for file in sorted((repo / layout.HANDBOOK).rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        start, end = text.find("<!-- commons:news start -->"), text.find("<!-- commons:news end -->")
        if 0 <= start < end:
            count = text[start:end].count(f"news/{cycle}/README.md")
            if count:
                found[file.relative_to(repo).as_posix()] = count
    return found


def _where(demo: Demo) -> None:
    cycle = demo.week.cycle
    refs = referenced_chapters(demo.repo, cycle)
    newsletter = demo.repo / layout.NEWS / cycle / "README.md"
    def row(key: str, value) -> None:
        demo.say(f"  {say(f'demo.where.{key}'):<12} {value}")

    demo.say(say("demo.where_to_look"))
    row("newsletter", newsletter)
    demo.say(f"{'':15}{say('demo.where.newsletter_more')}")
    if refs:
        chapter, count = max(refs.items(), key=lambda kv: (kv[1], kv[0]))
        row("handbook", f"{demo.repo / chapter}  " + say("demo.where.references", n=count))
    row("reviews", demo.repo / layout.NEWS / cycle / "reviews")
    portfolios = sorted((demo.repo / "portfolio").glob("*.md"))
    if portfolios:
        row("portfolios", f"{demo.repo / 'portfolio'}  " + say("demo.where.portfolio_more", example=portfolios[0].name))
    row("branches", f"git -C {demo.repo} log --oneline --graph --all")
    row("each_step", f"{demo.logs}/ " + say("demo.where.logs_more"))
    row("again", f"commons demo --keep {demo.folder}  " + say("demo.where.again_more"))
