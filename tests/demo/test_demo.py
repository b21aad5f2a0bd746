"""`commons demo`: the whole week, offline, twice on the same folder, on the repository's sample data."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import re
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22T09:00:00+09:00"  # a Sunday: cycle 2026-W48, distributed today, due Wednesday 11-25
CYCLE = "2026-W48"
MARKERS = re.compile(r"<!-- commons:(\w+) start -->.*?<!-- commons:\1 end -->", re.DOTALL)


def _refuse_network(self, address, *args, **kwargs):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise AssertionError(f"the demo tried to reach the network: {address}")
    return _real_connect(self, address, *args, **kwargs)


_real_connect = socket.socket.connect


def run_demo(*args: str, env: dict | None = None) -> tuple[int, str, str]:
    """``commons --repo ROOT demo ARGS`` in this process, offline, with keys that would fail if used."""
    from commons.cli import main

    settings = {
        "COMMONS_NOW": TODAY, "COMMONS_LANGUAGE": "en",  # (a module-scoped run: the suite-wide English is not set yet)
        "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
        "OPENAI_API_KEY": "sk-must-not-be-used", "OPENAI_BASE_URL": "http://10.255.255.1:1/v1",
        "GITHUB_TOKEN": "must-not-be-used", "GITHUB_API_URL": "http://10.255.255.1:1",
        **(env or {}),
    }
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for key, value in settings.items():
            mp.setenv(key, value)
        mp.setattr(socket.socket, "connect", _refuse_network)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--repo", str(ROOT), "demo", *args])
    return code, out.getvalue(), err.getvalue()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "/.git/" not in f"/{p.relative_to(folder).as_posix()}"
            and not p.relative_to(folder).as_posix().startswith(("logs/", ".git/"))}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "week"
    code, out, err = run_demo("--keep", str(folder))
    return folder, code, out, err


def test_the_demo_runs_the_week_and_says_where_to_look(demo):
    folder, code, out, err = demo
    assert code == 0, out + err
    assert f"cycle {CYCLE} (Asia/Seoul)" in out
    for n, name in enumerate(("sample data", "collect", "triage", "assign", "member reviews", "validate branches",
                              "merge reviews", "publish", "index", "validate all"), 1):
        assert re.search(rf"^\s*{n}\. {name}\s.*\[\d+\.\d\d s\]$", out, re.MULTILINE), name
    assert "wrote 13 new items into 2026-W48" in out
    published = len(re.findall(r"^#{3,4} \d+\. ", (folder / "repo" / "news" / CYCLE / "README.md").read_text(encoding="utf-8"), re.M))
    assert published > 0 and re.search(rf"README.md: {published} items? ranked by impact", out), out
    assert "offline" in out and "needs a look" not in out
    assert re.search(r"@\S+ \(\d\): ", out)  # the assignment plan is printed
    assert f"newsletter   {folder / 'repo' / 'news' / CYCLE / 'README.md'}" in out
    assert "between <!-- commons:news start/end -->" in out
    assert (folder / "logs").is_dir()


def test_the_newsletter_ranks_items_by_impact(demo):
    folder = demo[0]
    newsletter = folder / "repo" / "news" / CYCLE
    text = (newsletter / "README.md").read_text(encoding="utf-8")
    assert (newsletter / "contributions.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    tldr = text.split("## 한눈에 보기", 1)[1].split("## ", 1)[0]
    assert 3 <= sum(1 for line in tldr.splitlines() if line.startswith("- ")) <= 5
    groups = text.split("## 이번 주 소식", 1)[1].split("\n## ", 1)[0].split("\n### ")[1:]
    assert len(groups) >= 3  # grouped by category
    total = 0
    for group in groups:  # within a category, by impact weighed by how many reviewed
        found = re.findall(r"^[★½☆]+ \*\*([\d.]+)\*\* · 리뷰 (\d)명", group, re.MULTILINE)
        weights = [(float(i) * int(n) + 4.5) / (int(n) + 1.5) for i, n in found]
        assert weights == sorted(weights, reverse=True), group
        total += len(weights)
    assert total >= 8
    assert "📚 핸드북" in text  # handbook verdicts link their chapter


def test_the_demos_issue_reads_as_a_newsletter(demo):
    from commons.publish.editor import korean_share, sentences

    repo = demo[0] / "repo"
    text = (repo / "news" / CYCLE / "README.md").read_text(encoding="utf-8")
    assert re.match(r"# 이주의 소식 · 20\d\d년 \d+월 \d+일 \(수\)\n", text)  # the publication date
    prose = [line.lstrip("-> ") for line in text.splitlines()
             if line and not line.startswith(("<", "#", "!", "[", "_", "★", "|"))]
    said = [s for line in prose for s in sentences(line) if len(s) > 12]
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]  # no sentence twice
    # offline: nothing on the page claims to be written by AI (names like "Example AI Lab Blog" are names)
    assert not re.search(r"AI ?(가|이|\(|초안|요약)|🤖", text)
    assert "키워드 일치" not in text and "Hacker News: 156 points" not in text
    summaries = [line for line in text.split("## 이번 주 소식", 1)[1].splitlines()
                 if line and not line.startswith(("<", "#", "!", "[", "_", "★", ">", "|"))]
    korean = [line for line in summaries if korean_share(line) > 0.5]
    assert len(korean) >= len(summaries) * 0.6  # the members write in Korean
    feed = (repo / "news" / "feed.xml").read_text(encoding="utf-8")
    import feedparser

    assert not feedparser.parse(feed).bozo and "<entry>" in feed
    assert f"news/{CYCLE}/README.md" in (repo / "handbook" / "README.md").read_text(encoding="utf-8")


def test_handbook_references_are_added_only_inside_markers(demo):
    folder = demo[0]
    from commons.demo.week import referenced_chapters

    repo = folder / "repo"
    chapters = referenced_chapters(repo, CYCLE)
    assert chapters, "no chapter got a reference"
    for path in chapters:
        after = (repo / path).read_text(encoding="utf-8")
        before = (ROOT / path).read_text(encoding="utf-8")
        region = re.search(r"<!-- commons:news start -->(.*?)<!-- commons:news end -->", after, re.DOTALL).group(1)
        assert f"news/{CYCLE}/README.md" in region
        outside = [re.sub(r"\n{3,}", "\n\n", MARKERS.sub("", text)).rstrip("\n") for text in (after, before)]
        assert outside[0] == outside[1], f"{path} changed outside its markers (blank lines around a new region aside)"


def test_every_file_validates(demo):
    from commons.cli import main

    folder = demo[0]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--repo", str(folder / "repo"), "validate"])
    assert code == 0, out.getvalue()


def test_branches_reviews_and_history_are_in_git(demo):
    folder = demo[0]
    repo = folder / "repo"
    assert git(repo, "status", "--porcelain") == ""
    branches = git(folder / "origin.git", "for-each-ref", "--format=%(refname:short)", f"refs/heads/commons/review/{CYCLE}/").split()
    assert len(branches) == 6
    merged = [b for b in branches if subprocess.run(["git", "-C", str(repo), "merge-base", "--is-ancestor", b, "main"]).returncode == 0]
    assert len(merged) == 5  # the member who fell behind is not merged
    behind = (set(branches) - set(merged)).pop()
    assert f"{behind}: " in demo[2] and "not merged" in demo[2]
    assert git(repo, "rev-parse", "main") == git(folder / "origin.git", "rev-parse", "main")
    log = git(repo, "log", "--format=%ad %s", "--date=iso-local", "main")
    assert "publish 2026-W48" in log and "collect: news for 2026-W48" in log
    reviews = list((repo / "news" / CYCLE / "reviews").glob("*/*.md"))
    assert len(reviews) >= 15


def test_a_second_run_on_the_same_folder_changes_nothing(demo):
    folder = demo[0]
    before = files_of(folder)
    refs = git(folder / "origin.git", "for-each-ref")
    code, out, err = run_demo("--keep", str(folder))
    assert code == 0, out + err
    assert "second run: nothing changed" in out
    assert "wrote 0 new items" in out
    assert files_of(folder) == before
    assert git(folder / "origin.git", "for-each-ref") == refs


def test_a_folder_that_is_not_a_demo_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run_demo("--keep", str(tmp_path))
    assert code == 2
    assert "not empty and not a demo folder" in err and str(tmp_path) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_demo_of_another_week_is_refused(demo):
    folder = demo[0]
    code, out, err = run_demo("--keep", str(folder), env={"COMMONS_NOW": "2026-12-02T09:00:00+09:00"})
    assert code == 2
    assert f"holds the demo of {CYCLE}, not 2026-W49" in err


def test_dry_run_creates_nothing(tmp_path):
    target = tmp_path / "never"
    code, out, err = run_demo("--keep", str(target), "--dry-run")
    assert code == 0, err
    assert "would build the demo of 2026-W48" in out and "publish" in out
    assert not target.exists()


def test_the_network_guard_refuses_outside_addresses():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _refuse_network)
        with socket.socket() as sock, pytest.raises(AssertionError, match="reach the network"):
            sock.connect(("10.255.255.1", 443))


def test_a_demo_folder_whose_repository_is_gone_is_refused(tmp_path):
    (tmp_path / "demo.json").write_text('{"cycle": "2026-W48"}\n', encoding="utf-8")
    code, out, err = run_demo("--keep", str(tmp_path))
    assert code == 2 and "stopped before its first commit" in err


def test_the_demo_and_the_rehearsal_hide_every_secret_the_workflows_pass():
    """Both run real commands in the shell's environment: a key, token or the chat webhook left there
    would reach a real API, repository or channel (publish --offline posts to COMMONS_WEBHOOK_URL)."""
    import re
    from pathlib import Path

    from commons.demo import rehearse, week

    workflows = Path(__file__).resolve().parents[2] / ".github" / "workflows"
    secrets = {name for path in workflows.glob("*.yml") for name in re.findall(r"secrets\.([A-Z_]+)", path.read_text())}
    assert secrets and secrets | {"GITHUB_TOKEN"} <= set(week.HIDDEN_ENV)
    assert rehearse.HIDDEN_ENV is week.HIDDEN_ENV
