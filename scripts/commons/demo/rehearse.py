"""``commons rehearse [--keep DIR]``: this community's whole week against a local GitHub stand-in, offline.

Before going live: the repository as it is (its commons.yml, schedule, language, roster and
workflows) runs one week in a scratch folder: collect (from local feeds made of the categories'
keywords, since the real ones are not fetched), triage (offline, or whatever AI the shell names
is hidden), assign with real pull requests on a local GitHub (tests/github_double.py, which
``commons init`` carries, with its vendored API description), a member's review, the validate
check, a maintainer's approval, the agenda, publish, and the site when its tools are installed.
Every command runs at the local time ``schedule:`` names (``COMMONS_NOW``) against the stand-in
(``GITHUB_API_URL``). What members and readers would see is written to DIR/seen/: the pull
requests' bodies, the bot's comments and issues, the agenda and the newsletter, in the
community's language. Exit 0 when the week published; 1 when a step needed a person; 2 bad usage.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timedelta
from email.utils import format_datetime
from io import StringIO
from pathlib import Path
from xml.sax.saxutils import escape

from ..i18n import say
from .week import HIDDEN_ENV

STAND_IN = ("tests/github_double.py", "tests/local_server.py", "tests/fixtures/github")
SKIPPED = {".git", ".venv", "build", "__pycache__", ".pytest_cache", "site"}
FEED_ITEMS = 4  # per source


def add_arguments(parser) -> None:
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="rehearse in DIR and keep it (default: a new folder under the system's temp folder, kept too)")


def run(args) -> int:
    from ..config import load_config, load_members
    from ..problems import UsageError

    repo = Path(args.repo)
    missing = [p for p in STAND_IN if not (repo / p).exists()]
    if missing:
        raise UsageError(say("rehearse.no_stand_in", paths=", ".join(missing)))
    config, members = load_config(repo), load_members(repo)
    folder = (args.keep or Path(tempfile.mkdtemp(prefix="commons-rehearsal-"))).resolve()
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder}: " + say("init.not_empty"))
    folder.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(repo / "tests"))
    try:
        double = importlib.import_module("github_double")
    finally:
        sys.path.remove(str(repo / "tests"))
    from ..clock import now_from_env

    return Rehearsal(repo, folder, config, members, double, now_from_env()).week()


class Rehearsal:
    def __init__(self, repo: Path, folder: Path, config, members, double, now: datetime):
        self.repo, self.folder, self.config, self.members, self.double = repo, folder, config, members, double
        self.now = now  # the rehearsed week is the next one after it
        self.log: list[str] = []
        self.failed: list[str] = []

    # -- the world around the commands --------------------------------------------------------------
    def week(self) -> int:
        from ..content import cycles

        config = self.config
        owner, _, name = (os.environ.get("GITHUB_REPOSITORY") or "community/handbook").partition("/")
        # SETUP.md's token, of a machine account: GitHub lets nobody approve a pull request they opened
        bot = "commons-bot"
        week = config.week
        start = _next(week, "distribute", self.now)
        cycle = cycles.distributing_cycle(start, week)
        feeds = _FeedServer(self.feed_bodies(start - timedelta(days=2)), self.double.LocalServer)
        saved = {k: os.environ.get(k) for k in (*HIDDEN_ENV, "COMMONS_NOW", "GITHUB_API_URL", "GITHUB_REPOSITORY",
                                                 "COMMONS_SECONDS_BETWEEN_WRITES")}
        try:
            with self.double.GitHubDouble(self.folder / "github", owner=owner, name=name or "handbook", bot=bot) as gh:
                self.gh = gh
                for key in HIDDEN_ENV:  # COMMONS_TOKEN too: the double's own comes next
                    os.environ.pop(key, None)
                os.environ.update({**gh.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})
                self.runner = gh.clone(self.folder / "runner")
                self.member = gh.clone(self.folder / "member")
                self.seed(feeds.base, start - timedelta(days=1))
                self.step("collect", start - timedelta(hours=12), ("collect",), ("triage",), commit="collect: news")
                self.step("assign", start, ("assign", "--no-pull-requests"), commit="assign: record this cycle's review assignments")
                self.step("assign", start, ("assign",))
                self.step("remind", _next(week, "remind", start), ("remind",))
                self.review(cycle, cycles.due_time(cycle, week) - timedelta(hours=20))
                self.step("agenda", datetime.combine(cycles.meeting_date(cycle, week), week.agenda.at, week.zone), ("agenda",))
                self.step("publish", cycles.publish_time(cycle, week), ("publish",))
                self.site(cycles.publish_time(cycle, week) + timedelta(minutes=30))
                self.show(cycle)
        finally:
            feeds.close()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        (self.folder / "log.txt").write_text("\n".join(self.log) + "\n", encoding="utf-8")
        print(say("rehearse.done", folder=self.folder, seen=self.folder / "seen", log=self.folder / "log.txt"))
        for problem in self.failed:
            print(f"commons rehearse: {problem}", file=sys.stderr)
        return 1 if self.failed else 0

    def seed(self, feed_base: str, when: datetime) -> None:
        """The repository as it is, its sources pointed at the local feeds, as main on the stand-in."""
        for entry in self.repo.iterdir():
            if entry.name not in SKIPPED and not entry.name.endswith(".egg-info"):
                (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, self.runner / entry.name, **(
                    {"ignore": shutil.ignore_patterns(*SKIPPED), "symlinks": True} if entry.is_dir() else {}))
        import re

        lines = (self.runner / "commons.yml").read_text(encoding="utf-8").split("\n")
        for source in self.config.sources:  # each source reads its local feed, a plain RSS one
            lines = [re.sub(r",\s*kind:\s*\"?[a-z-]+\"?", "", ln.replace(source.url, f"{feed_base}/{source.id}.xml"))
                     if source.url in ln else ln for ln in lines]
        (self.runner / "commons.yml").write_text("\n".join(lines), encoding="utf-8")
        if len(self.members) < 2:  # a roster of one cannot review and approve: two stand-ins join for the week
            roster = (self.runner / "members.yml").read_text(encoding="utf-8").rstrip("\n")
            roster += "".join(f"\n  - github: rehearsal-member-{n}" for n in (1, 2)) + "\n"
            (self.runner / "members.yml").write_text(roster, encoding="utf-8")
        self.commit(self.runner, "the repository as it is", when, push="main")

    def feed_bodies(self, published: datetime) -> dict[str, bytes]:
        """One RSS feed per source, its items made of the categories' keywords in the community's language."""
        from .. import i18n

        t = i18n.catalog(self.config.language)
        words = [k for c in self.config.categories for k in c.keywords[:3]] or [self.config.name]
        bodies = {}
        for s, source in enumerate(self.config.sources):
            items = "".join(
                f"<item><title>{escape(t('rehearse.item_title', word=words[(s + n) % len(words)], source=source.title or source.id))}"
                f"</title><link>https://example.com/{source.id}/{n}</link>"
                f"<description>{escape(t('rehearse.item_text', word=words[(s + n) % len(words)], topic=self.config.topic))}</description>"
                f"<pubDate>{format_datetime(published - timedelta(hours=n), usegmt=False)}</pubDate></item>"
                for n in range(FEED_ITEMS))
            bodies[f"/{source.id}.xml"] = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(source.id)}</title>'
                                           f"{items}</channel></rss>").encode()
        return bodies

    def commons(self, now: datetime, *args: str, cwd: Path | None = None) -> int:
        from ..cli import main

        os.environ["COMMONS_NOW"] = now.isoformat()
        out, err = StringIO(), StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--repo", str(cwd or self.runner), *args])
        self.log.append(f"$ COMMONS_NOW={now.isoformat()} commons {' '.join(args)} → {code}\n{out.getvalue()}{err.getvalue()}")
        return code

    def step(self, event: str, now: datetime, *commands: tuple[str, ...], commit: str = "") -> None:
        """One workflow run: main as it is on the stand-in, the commands, its commit pushed."""
        _to_main(self.runner)
        print(say("rehearse.step", event=event, when=_when(now)))
        for command in commands:
            code = self.commons(now, *command)
            if code != 0:
                self.failed.append(say("rehearse.failed", command=" ".join(command), code=code, log=self.folder / "log.txt"))
        if commit:
            self.commit(self.runner, commit, now, push="main")

    def commit(self, path: Path, message: str, when: datetime, push: str) -> None:
        from ..git import Git

        git = Git(path)
        git.run("add", "-A")
        if git.run("diff", "--cached", "--name-only").strip():
            stamp = when.isoformat()
            git.run("-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", message,
                    env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
        git.run("push", "--quiet", "origin", f"HEAD:{push}")

    def review(self, cycle: str, when: datetime) -> None:
        """Each member fills in their review files and pushes; validate runs; a maintainer (not the author) approves."""
        import re

        from .. import i18n
        from ..assign.inputs import read_state
        from ..assign.render import branch_name

        t = i18n.catalog(self.config.language)
        print(say("rehearse.step", event="review", when=_when(when)))
        git = _to_main(self.member)
        approvers = [*self.config.review.maintainers, *(m.github for m in self.members)]
        for handle, ids in sorted((read_state(self.member, cycle) or {}).items()):
            branch = branch_name(cycle, handle)
            git.run("checkout", "--quiet", "-B", branch, f"origin/{branch}")
            for n, item in enumerate(ids):
                path = self.member / "news" / cycle / "reviews" / handle / f"{item}.md"
                text = path.read_text(encoding="utf-8")
                for key, value in (("impact", str(5 - n % 3)), ("verdict", "newsletter"),
                                   ("summary", _quoted(t("rehearse.summary", item=item))),
                                   ("why", _quoted(t("rehearse.why")))):
                    text = re.sub(rf"^{key}:[^\n]*$", f"{key}: {value}", text, count=1, flags=re.M)
                path.write_text(text, encoding="utf-8")
            self.commit(self.member, f"reviews by {handle}", when, push=branch)
            head = git.run("rev-parse", "HEAD").strip()
            git.run("checkout", "--quiet", "--detach", "origin/main")
            code = self.commons(when, "validate", "--changed-since", "origin/main", "--review-branch", branch, cwd=self.member)
            self.gh.add_check_run(head, self.config.review.checks[0] if self.config.review.checks else "validate changed files",
                                  "completed", "success" if code == 0 else "failure")
            number = next((n for n, p in self.gh.pulls.items() if p["head"] == branch), None)
            approver = next((a for a in approvers if a.lower() != handle.lower()), None)
            if number is not None and approver:
                self.gh.add_review(number, approver, "APPROVED")

    def site(self, now: datetime) -> None:
        try:
            importlib.import_module("mkdocs")
        except ImportError:
            print(say("rehearse.no_site"))
            return
        _to_main(self.runner)
        if self.commons(now, "site", "build", "--out", str(self.folder / "site")) != 0:
            self.failed.append(say("rehearse.site_failed", log=self.folder / "log.txt"))

    def show(self, cycle: str) -> None:
        """What members and readers would see, one file each, in seen/."""
        seen = self.folder / "seen"
        seen.mkdir(exist_ok=True)
        for number, issue in sorted(self.gh.issues.items()):
            kind = "pull" if number in self.gh.pulls else "issue"
            comments = [c for c in self.gh.comments.values() if c["issue"] == number]
            text = f"# #{number} {issue['title']}\n\n{issue.get('body') or ''}\n" + "".join(
                f"\n---\n\n**@{c['user']}:**\n\n{c['body']}\n" for c in comments)
            (seen / f"{kind}-{number}.md").write_text(text, encoding="utf-8")
        for name in ("README.md", "agenda.md"):
            source = self.runner / "news" / cycle / name
            if source.is_file():
                shutil.copy2(source, seen / ("newsletter.md" if name == "README.md" else name))
            elif name == "README.md":
                self.failed.append(say("rehearse.no_newsletter", cycle=cycle))


def _to_main(path: Path):
    """The clone at ``path`` as main now is on the stand-in (a workflow's fresh checkout)."""
    from ..git import Git

    git = Git(path)
    git.run("fetch", "--quiet", "origin")
    git.run("reset", "--quiet", "--hard", "origin/main")
    return git


def _when(moment: datetime) -> str:
    """'Thu 2026-10-29 16:00 CET' / '2026년 10월 29일 (목) 16:00 CET': the day as the terminal's language writes it."""
    from .. import i18n

    return f"{i18n.active().day(moment.date())} {moment.strftime('%H:%M %Z')}"


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _next(week, event: str, after: datetime) -> datetime:
    """The first local moment of ``event`` (a weekday and time of ``schedule:``) after ``after``."""
    moment = getattr(week, event)
    day = after.astimezone(week.zone).date()
    for n in range(1, 9):
        candidate = day + timedelta(days=n)
        if moment.weekday is None or candidate.weekday() == moment.weekday:
            return datetime.combine(candidate, moment.at, week.zone)
    raise AssertionError("a weekday comes within a week")  # unreachable


class _FeedServer:
    """The local feeds: fixed bodies by path on 127.0.0.1, served by the tests' LocalServer (its backlog
    takes collect's many connections at once)."""

    def __init__(self, bodies: dict[str, bytes], server_class):
        import threading
        from http.server import BaseHTTPRequestHandler

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 (http.server's name)
                body = bodies.get(self.path.split("?")[0])
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.server = server_class(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
