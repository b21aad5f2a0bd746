"""A year at real volume: weekly cycles through the real commands, measured as history grows.

Each simulated day runs the collect workflow (``commons collect`` then ``commons triage``,
offline triager, commit, push) on 24 local feeds shaped like the configured sources at their
caps (~290 entries, ~235 new items a day; a few stories carried by two sources). Each
Sunday runs the assign workflow against the GitHub double (30 members, capacity 6,
2 reviewers an item: 90 items, 180 reviews a week); members push their reviews, the
maintainer approves, the check passes; each Wednesday ``commons publish``, then
``commons index``. At the measured weeks every weekly command is timed (wall) with its
peak memory (the child's max RSS), plus a triage with nothing to do, a whole-repository
validate, a PR check (``validate --changed-since`` on one member's review branch), the
largest folder (entries), files in the repository, its packed size and a clone's time.

Usage: python bench/year/run.py [--weeks 52] [--measure 1,4,13,26,52] [--keep DIR] [--resume DIR]
(on 2 shared cores a week takes ~2–3 minutes; ``--weeks 13`` is a quarter). ``--resume DIR``
continues a run kept with ``--keep DIR`` from the week after its last: the repositories are
reused as they stand; the GitHub double starts empty (every review PR of the kept weeks was
merged, so nothing open is lost; new numbers start above any the kept run used), each feed's
history is read back from its last XML, and commons.yml's feed addresses follow DIR if the
folder was copied (one commit, as a maintainer would make). Copy a kept run before resuming
it: the resumed run changes it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from github_double import GitHubDouble  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")
MAINTAINER = "boss"
CHECK = "validate changed files"
FIRST_SUNDAY = date(2026, 11, 29)
# Source id → (cap, new items a day). The caps are commons.yml's; inflow per source as observed.
INFLOW = {
    "arxiv-cs-cl": (50, 50), "arxiv-cs-ai": (30, 30), "arxiv-cs-lg": (30, 30), "hf-daily-papers": (30, 20),
    "hf-blog": (20, 1.5), "openai-news": (20, 0.6), "google-deepmind": (20, 0.5), "google-research": (20, 0.7),
    "microsoft-research": (20, 1.0), "nvidia-developer": (20, 2.0), "aws-ml-blog": (20, 2.0), "langchain-blog": (20, 0.6),
    "vllm-releases": (5, 0.4), "transformers-releases": (5, 0.3), "llama-cpp-releases": (3, 3), "langchain-releases": (5, 1.5),
    "ollama-releases": (3, 0.5), "hn-llm": (30, 14), "reddit-localllama": (25, 12), "simon-willison": (20, 3),
    "geeknews": (40, 28), "aitimes-kr": (40, 30), "naver-d2": (20, 0.1), "kakao-tech": (20, 0.1),
}
WORDS = ("model release weights benchmark agent rag vector inference serving quantization fine-tuning prompt "
         "evaluation dataset training copilot coding assistant enterprise startup funding regulation workflow "
         "tutorial guide paper state-of-the-art llama qwen mistral gemini claude gpt transformer long-context "
         "reasoning multimodal speech vision kernel gpu cache memory retrieval graph tokenizer safety alignment").split()


# The child's own peak: VmHWM of its memory map at exit. (ru_maxrss from wait4 would not do:
# Linux keeps the pre-exec maximum, so every child would report at least this script's size.)
PEAK = ("import atexit, runpy, sys\n"
        "def _peak(path=sys.argv[1]):\n"
        "    kb = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "    open(path, 'w').write(kb)\n"
        "atexit.register(_peak)\n"
        "sys.argv = ['commons'] + sys.argv[2:]\n"
        "runpy.run_module('commons.cli', run_name='__main__')\n")


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[int, float, float, str]:
    """(exit code, wall seconds, peak RSS in MB, output) of one ``commons`` child process; ``cmd`` is its arguments."""
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", PEAK, str(peak), *cmd], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
        rss = int(peak.read_text()) / 1024 if peak.is_file() else 0.0
    return proc.returncode, wall, rss, proc.stdout.decode("utf-8", "replace")


def git(cwd: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


class Feeds:
    """Writes each source's feed for a day: its new items on top, older ones below, up to the cap."""

    def __init__(self, folder: Path, seed: int = 13, scale: float = 1.0):
        self.folder = folder
        self.scale = scale
        self.rng = random.Random(seed)
        self.history: dict[str, list[tuple[str, str, str, str]]] = {s: [] for s in INFLOW}
        self.carry = {s: 0.0 for s in INFLOW}
        folder.mkdir(parents=True, exist_ok=True)

    def day(self, day: date) -> int:
        new_total = 0
        recent_blog_urls = [e for s in ("hf-blog", "openai-news", "nvidia-developer", "simon-willison") for e in self.history[s][:3]]
        for source, (cap, rate) in INFLOW.items():
            self.carry[source] += rate * self.scale
            count, self.carry[source] = int(self.carry[source]), self.carry[source] - int(self.carry[source])
            fresh = []
            for n in range(count):
                words = self.rng.sample(WORDS, 5)
                title = f"{' '.join(words).capitalize()} {source} {day.isoformat()} #{n}"
                url = f"https://{source}.example.com/{day.isoformat()}/{hashlib.sha1(title.encode()).hexdigest()[:10]}"
                if source in ("hn-llm", "geeknews") and recent_blog_urls and self.rng.random() < 0.08:
                    _, url, title, _ = self.rng.choice(recent_blog_urls)  # a story another source carried
                stamp = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(minutes=self.rng.randrange(0, 1400))
                summary = " ".join(self.rng.sample(WORDS, 25))
                fresh.append((stamp.strftime("%a, %d %b %Y %H:%M:%S +0000"), url, title, summary))
            new_total += count
            self.history[source] = (fresh + self.history[source])[:cap]
            items = "".join(
                f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid><pubDate>{d}</pubDate>"
                f"<description>{s}</description></item>\n" for d, u, t, s in self.history[source]
            )
            (self.folder / f"{source}.xml").write_text(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{source}</title>'
                f"<link>https://{source}.example.com/</link><description>{source}</description>\n{items}</channel></rss>\n",
                encoding="utf-8")
        return new_total


def commons_yml(feeds: Path) -> str:
    text = (ROOT / "commons.yml").read_text(encoding="utf-8")
    lines = []
    for source, (cap, _) in INFLOW.items():
        lines.append(f'  - {{id: {source}, title: "{source}", url: "file://{feeds}/{source}.xml", max_items: {cap}}}')
    text = re.sub(r"\nsources:\n.*?\n\ncategories:", "\nsources:\n" + "\n".join(lines) + "\n\ncategories:", text, flags=re.S)
    return re.sub(r"maintainers: \[[^\]]*\]", f"maintainers: [{MAINTAINER}]", text)


def members_yml(n: int) -> str:
    cats = ["papers", "frameworks", "model-updates", "usage", "business", "productivity"]
    return "members:\n" + "".join(
        f"  - github: member{i:02d}\n    name: 멤버{i:02d}\n    interests: [{cats[i % 6]}]\n    capacity: 6\n" for i in range(n)
    )


def folder_stats(repo: Path) -> tuple[int, str, int, int]:
    """(entries in the largest folder, which, files in the repository, folders over 1,000) — .git excluded."""
    biggest, where, files, over = 0, "", 0, 0
    for root, dirs, names in os.walk(repo):
        dirs[:] = [d for d in dirs if d != ".git"]
        files += len(names)
        over += len(dirs) + len(names) > 1000
        if len(dirs) + len(names) > biggest:
            biggest, where = len(dirs) + len(names), os.path.relpath(root, repo)
    return biggest, where, files, over


class Year:
    def __init__(self, work: Path, members: int, inflow: float = 1.0, resume: bool = False, merge_kept: bool = False):
        self.work = work
        self.gh = GitHubDouble(work / "github").start()
        self.members = [f"member{i:02d}" for i in range(members)]
        self.env = {**os.environ, **self.gh.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0", "PYTHONPATH": str(ROOT / "scripts")}
        for key in ("GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
            self.env.pop(key, None)
        self.log: list[str] = []
        if resume:
            self._resume(inflow)
            if merge_kept:
                self.merge_kept_reviews()
            return
        self.runner = self.gh.clone(work / "runner")
        self.member = self.gh.clone(work / "member")
        self.feeds = Feeds(work / "feeds", scale=inflow)
        (self.runner / "commons.yml").write_text(commons_yml(self.feeds.folder), encoding="utf-8")
        (self.runner / "members.yml").write_text(members_yml(members), encoding="utf-8")
        shutil.copytree(ROOT / "schemas", self.runner / "schemas")
        shutil.copytree(ROOT / "handbook", self.runner / "handbook")
        git(self.runner, "add", "-A")
        git(self.runner, "commit", "-qm", "a commons repository")
        git(self.runner, "push", "-q", "origin", "HEAD:main")

    def _resume(self, inflow: float) -> None:
        self.runner, self.member = self.work / "runner", self.work / "member"
        for clone in (self.runner, self.member):
            git(clone, "remote", "set-url", "origin", str(self.gh.bare))
        # Numbers above any the kept run handed out (~30 pull requests a week plus a few issues).
        self.gh._next_number = 100 * (self.weeks_done() + 1) + 10000
        log = self.work / "commands.log"
        self.log = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
        self.feeds = Feeds(self.work / "feeds", seed=13 + self.weeks_done(), scale=inflow)
        item = re.compile(r"<item><title>(.*?)</title><link>(.*?)</link><guid>.*?</guid><pubDate>(.*?)</pubDate>"
                          r"<description>(.*?)</description></item>")
        for source in INFLOW:
            text = (self.feeds.folder / f"{source}.xml").read_text(encoding="utf-8")
            self.feeds.history[source] = [(d, u, t, s) for t, u, d, s in item.findall(text)]
        self.fresh()
        config = self.runner / "commons.yml"
        text = config.read_text(encoding="utf-8")
        moved = re.sub(r"file://[^\s\"']*/feeds/", f"file://{self.feeds.folder}/", text)
        if moved != text:
            config.write_text(moved, encoding="utf-8")
            git(self.runner, "commit", "-qam", "commons.yml: the feeds moved")
            git(self.runner, "push", "-q", "origin", "HEAD:main")

    def merge_kept_reviews(self) -> None:
        """Runs kept before this script read a pull request's state from the double's issues never
        approved a review, so publish merged none: bring every kept review branch's files onto main
        in one commit (what its merges would have added), so the year's repository holds them."""
        branches = [b.strip() for b in git(self.runner, "branch", "-r", "--format=%(refname:short)").splitlines()
                    if b.strip().startswith("origin/commons/review/")]
        merged = 0
        for branch in branches:
            _, _, _, cycle, handle = branch.split("/")
            folder = f"news/{cycle}/reviews/{handle}"
            if not (self.runner / folder).exists() and git(self.runner, "ls-tree", "--name-only", branch, folder).strip():
                git(self.runner, "checkout", branch, "--", folder)
                for path in (self.runner / folder).glob("*.md"):  # those runs wrote an unquoted ': ' there
                    text = path.read_text(encoding="utf-8")
                    path.write_text(text.replace("summary: 요약: ", "summary: "), encoding="utf-8")
                git(self.runner, "add", "--", folder)
                merged += 1
        if merged:
            git(self.runner, "commit", "-qm", f"bench: {merged} kept review branches merged late")
            git(self.runner, "push", "-q", "origin", "HEAD:main")
        print(f"merged {merged} kept review branches", flush=True)

    def weeks_done(self) -> int:
        """Weeks the repository has lived through: each opens with an "assign: record" commit on main."""
        return git(self.gh.bare, "log", "--format=%s", "main").splitlines().count("assign: record")

    def clock(self, now: datetime) -> None:
        """The double's clock at the simulated moment (it moves a second an event), so what GitHub
        records (a pull request's creation, a review, a check run) is dated in the simulated year."""
        self.gh.epoch = now.astimezone(timezone.utc).replace(tzinfo=timezone.utc) - timedelta(seconds=self.gh._tick)

    def commons(self, now: datetime, *args: str, cwd: Path | None = None) -> tuple[int, float, float, str]:
        self.clock(now)
        env = {**self.env, "COMMONS_NOW": now.isoformat()}
        code, wall, rss, out = run(["--repo", str(cwd or self.runner), *args], cwd or self.runner, env)
        self.log.append(f"{now.isoformat()} commons {' '.join(args)} -> {code} ({wall:.2f} s, {rss:.0f} MB)")
        return code, wall, rss, out

    def push_main(self, message: str, now: datetime) -> None:
        git(self.runner, "add", "--all", "--", "news", ".commons")
        if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=self.runner).returncode:
            git(self.runner, "commit", "-qm", message, when=now.isoformat())
            git(self.runner, "push", "-q", "origin", "HEAD:main")

    def fresh(self) -> None:
        git(self.runner, "fetch", "-q", "origin")
        git(self.runner, "reset", "-q", "--hard", "origin/main")

    def collect_day(self, day: date, figures: dict | None) -> None:
        now = datetime.combine(day, datetime.min.time(), SEOUL).replace(hour=6, minute=17)
        self.feeds.day(day)
        self.fresh()
        c = self.commons(now, "collect", "--workers", "1")
        t = self.commons(now, "triage", "--provider", "offline")
        if figures is not None:
            figures["collect"], figures["triage"] = c[1:3], t[1:3]
            figures["triage idle"] = self.commons(now, "triage", "--provider", "offline")[1:3]
            figures["new items"] = int(re.search(r"wrote (\d+) new", c[3]).group(1)) if "wrote" in c[3] else 0
        self.push_main("collect: news", now)

    def assign(self, sunday: date, figures: dict | None) -> dict:
        now = datetime.combine(sunday, datetime.min.time(), SEOUL).replace(minute=5)
        self.fresh()
        first = self.commons(now, "assign", "--no-pull-requests")
        self.push_main("assign: record", now)
        second = self.commons(now, "assign")
        if figures is not None:
            figures["assign"] = (first[1] + second[1], max(first[2], second[2]))
            figures["assign exit"] = max(first[0], second[0])
        cycle = (sunday + timedelta(days=3)).isocalendar()
        name = f"{cycle[0]}-W{cycle[1]:02d}"
        record = json.loads((self.runner / ".commons" / "assign" / f"{name}.json").read_text())
        return {"cycle": name, "record": record, "exit": max(first[0], second[0]), "out": first[3][-2000:]}

    def reviews(self, cycle: str, record: dict, monday: date) -> None:
        """Every member fills in their files and pushes (one push); the maintainer approves; the check passes."""
        when = datetime.combine(monday, datetime.min.time(), SEOUL).replace(hour=21).isoformat()
        git(self.member, "fetch", "-q", "origin")
        branches = []
        for n, (handle, ids) in enumerate(sorted(record["assignments"].items())):
            branch = f"commons/review/{cycle}/{handle}"
            git(self.member, "checkout", "-q", "-B", branch, f"origin/{branch}")
            for k, item_id in enumerate(ids):
                path = self.member / "news" / cycle / "reviews" / handle / f"{item_id}.md"
                text = path.read_text(encoding="utf-8")
                verdict = "newsletter" if (n + k) % 3 == 0 else "skip"
                for key, value in (("impact", str(3 + (n + k) % 3)), ("verdict", verdict),
                                   ("summary", "핵심을 한 문장으로 정리했습니다."), ("why", "우리 팀의 RAG 작업과 관련이 있습니다.")):
                    text = re.sub(rf"^{key}:[^\n]*$", f"{key}: {value}", text, count=1, flags=re.M)
                path.write_text(text, encoding="utf-8")
            git(self.member, "commit", "-qam", f"reviews by {handle}", when=when)
            branches.append(branch)
        git(self.member, "push", "-q", "origin", *branches)
        self.clock(datetime.combine(monday, datetime.min.time(), SEOUL).replace(hour=21, minute=30))
        for number, pull in list(self.gh.pulls.items()):
            if pull["head"].startswith(f"commons/review/{cycle}/") and self.gh.issues[number]["state"] == "open":
                sha = self.gh.branch_sha(pull["head"])
                self.gh.add_check_run(sha, CHECK)
                self.gh.add_review(number, MAINTAINER, commit_id=sha)

    def pr_check(self, cycle: str, record: dict, now: datetime) -> tuple[float, float]:
        """The validate workflow on one review PR: a depth-2 checkout of the merge, validate what changed."""
        handle = sorted(record["assignments"])[0]
        branch = f"commons/review/{cycle}/{handle}"
        # GitHub's refs/pull/N/merge: the head merged into main, made here and pushed to the double.
        git(self.member, "fetch", "-q", "origin")
        git(self.member, "checkout", "-q", "--detach", "origin/main")
        git(self.member, "merge", "-q", "--no-edit", f"origin/{branch}", when=now.isoformat())
        git(self.member, "push", "-q", "-f", "origin", "HEAD:refs/pull/1/merge")
        ci = self.work / "ci"
        shutil.rmtree(ci, ignore_errors=True)
        ci.mkdir()
        git(ci, "init", "-q")
        git(ci, "fetch", "-q", "--depth", "2", f"file://{self.gh.bare}", "refs/pull/1/merge")
        git(ci, "checkout", "-q", "--detach", "FETCH_HEAD")
        code, wall, rss, out = self.commons(now, "validate", "--changed-since", "HEAD^1", "--review-branch", branch, cwd=ci)
        if code:
            self.log.append(out[-3000:])
        return wall, rss

    def publish(self, wednesday: date, figures: dict | None) -> None:
        now = datetime.combine(wednesday, datetime.min.time(), SEOUL).replace(hour=22)
        self.fresh()
        p = self.commons(now, "publish")
        self.log.append(p[3][:3000])  # what it merged and why not
        self.fresh()
        i = self.commons(now, "index")
        self.push_main("index", now)
        if figures is not None:
            figures["publish"], figures["index"] = p[1:3], i[1:3]

    def measure_repo(self, figures: dict, now: datetime) -> None:
        figures["validate (whole)"] = self.commons(now, "validate")[1:3]
        figures["status"] = self.commons(now, "status")[1:3]
        biggest, where, files, over = folder_stats(self.runner)
        figures["largest folder"] = (biggest, where)
        figures["folders over 1000"] = over
        figures["files"] = files
        git(self.gh.bare, "gc", "-q")
        figures["repo MB"] = sum(f.stat().st_size for f in self.gh.bare.rglob("*") if f.is_file()) / 1e6
        target = self.work / "clone"
        shutil.rmtree(target, ignore_errors=True)
        start = time.perf_counter()
        git(self.work, "clone", "-q", "--no-local", str(self.gh.bare), str(target))
        figures["clone s"] = time.perf_counter() - start
        shutil.rmtree(target, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--measure", default="1,4,13,26,52", help="weeks to measure (comma-separated)")
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--inflow", type=float, default=1.0, help="scale every source's new items a day (a smoke test: 0.1)")
    parser.add_argument("--keep", type=Path, help="keep the simulated repositories here")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--resume", type=Path, help="continue the run kept in this folder from the week after its last")
    parser.add_argument("--merge-kept-reviews", action="store_true",
                        help="with --resume: first bring the kept review branches' files onto main (runs kept before "
                             "the reviews were approved merged none)")
    args = parser.parse_args()
    measured = {int(w) for w in args.measure.split(",") if int(w) <= args.weeks}
    work = (args.resume or args.keep or Path(tempfile.mkdtemp(prefix="commons-year-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    year = Year(work, args.members, args.inflow, resume=bool(args.resume), merge_kept=args.merge_kept_reviews)
    table: dict[int, dict] = {}
    queue: dict[int, tuple[int, int, int]] = {}
    started = time.perf_counter()
    first_week = year.weeks_done() + 1 if args.resume else 1
    try:
        # Days before the first Sunday fill the first cycle.
        for offset in range(6, 0, -1) if not args.resume else ():
            year.collect_day(FIRST_SUNDAY - timedelta(days=offset), None)
        for week in range(first_week, args.weeks + 1):
            sunday = FIRST_SUNDAY + timedelta(days=7 * (week - 1))
            figures = {} if week in measured else None
            assigned = year.assign(sunday, figures)
            given = {i for ids in assigned["record"]["assignments"].values() for i in ids}
            reviews = sum(len(ids) for ids in assigned["record"]["assignments"].values())
            queue[week] = (len(given), reviews, assigned["exit"])
            for offset in range(0, 7):
                day = sunday + timedelta(days=offset)
                if offset == 1:
                    year.reviews(assigned["cycle"], assigned["record"], day)
                    if figures is not None:
                        figures["PR check"] = year.pr_check(assigned["cycle"], assigned["record"],
                                                            datetime.combine(day, datetime.min.time(), SEOUL).replace(hour=22))
                year.collect_day(day, figures if offset == 2 else None)
                if offset == 3:
                    year.publish(day, figures)
            if figures is not None:
                year.measure_repo(figures, datetime.combine(sunday + timedelta(days=6), datetime.min.time(), SEOUL))
                table[week] = figures
            print(f"week {week}: {len(given)} items, {reviews} reviews, assign exit {assigned['exit']}; "
                  f"{time.perf_counter() - started:.0f} s so far", flush=True)
            if figures is not None:
                print(json.dumps({k: v for k, v in figures.items()}, default=str), flush=True)
    finally:
        year.gh.stop()
        (work / "commands.log").write_text("\n".join(year.log) + "\n", encoding="utf-8")
    print_table(table, queue, time.perf_counter() - started, args.weeks)
    if args.json:
        args.json.write_text(json.dumps({"table": table, "queue": queue}, default=str, indent=1), encoding="utf-8")
    if not args.keep and not args.resume:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_table(table: dict[int, dict], queue: dict, seconds: float, weeks: int) -> None:
    cols = sorted(table)
    rows = [("`commons collect` (s / MB)", "collect"), ("`commons triage`, a day's items (s / MB)", "triage"),
            ("`commons triage`, nothing to do (s / MB)", "triage idle"), ("`commons assign`, both runs (s / MB)", "assign"),
            ("PR check: `validate --changed-since` (s / MB)", "PR check"), ("`commons publish` (s / MB)", "publish"),
            ("`commons index` (s / MB)", "index"), ("`commons status` (s / MB)", "status"),
            ("`commons validate`, whole repository (s / MB)", "validate (whole)")]
    print(f"\n{weeks} weeks in {seconds / 60:.1f} min\n")
    print("| | " + " | ".join(f"week {w}" for w in cols) + " | " + (f"week {cols[-1]} ÷ week 4 (time)" if 4 in table else "") + " |")
    print("|---|" + "---:|" * (len(cols) + 1))
    for label, key in rows:
        cells = [f"{table[w][key][0]:.2f} / {table[w][key][1]:.0f}" for w in cols]
        ratio = f"{table[cols[-1]][key][0] / table[4][key][0]:.2f}×" if 4 in table and cols[-1] != 4 else ""
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")
    print("| new items that day | " + " | ".join(str(table[w]["new items"]) for w in cols) + " | |")
    print("| folders over 1,000 entries | " + " | ".join(str(table[w]["folders over 1000"]) for w in cols) + " | |")
    print("| largest folder (entries) | " + " | ".join(f"{table[w]['largest folder'][0]} (`{table[w]['largest folder'][1]}`)" for w in cols) + " | |")
    print("| files in the repository | " + " | ".join(f"{table[w]['files']:,}" for w in cols) + " | |")
    print("| packed repository (MB) | " + " | ".join(f"{table[w]['repo MB']:.1f}" for w in cols) + " | |")
    print("| full clone (s) | " + " | ".join(f"{table[w]['clone s']:.2f}" for w in cols) + " | |")
    print("| assign exit | " + " | ".join(str(table[w]["assign exit"]) for w in cols) + " | |")
    print("\n| week | items handed out | reviews | assign exit |\n|---:|---:|---:|---:|")
    for week, (items, reviews, code) in sorted(queue.items()):
        print(f"| {week} | {items} | {reviews} | {code} |")


if __name__ == "__main__":
    sys.exit(main())
