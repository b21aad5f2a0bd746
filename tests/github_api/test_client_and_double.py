"""commons.github (PyGithub, paced) and commons.git against the double; the double's own GitHub behaviour."""

from __future__ import annotations

import base64

import pytest
import requests

from commons.git import Git, GitError
from commons.github import GitHub, GitHubError, Limits, Pacer, settings_from_env
from github_double import VirtualClock
from commons.problems import UsageError
from commons_repo import git


@pytest.fixture
def repo(double, tmp_path):
    work = double.clone(tmp_path / "work")
    (work / "README.md").write_text("hello\n")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "init")
    git(work, "push", "-q", "origin", "HEAD:main")
    return work


@pytest.fixture
def gh(double, fast_writes):
    return GitHub.from_env(double.env())


def api(double, method, path, **kwargs):
    return requests.request(method, f"{double.url}/repos/{double.full_name}{path}",
                            headers={"Authorization": f"token {double.token}"}, timeout=10, **kwargs)


def push_branch(work, branch, files):
    g = Git(work)
    base = g.rev_parse("HEAD")
    blobs = g.write_blobs([c.encode() for c in files.values()])
    tree = g.tree_with(base, dict(zip(files, blobs)))
    commit = g.commit_tree(tree, [base], f"add {', '.join(files)}", when="2026-11-22T00:00:00+09:00")
    g.push("origin", [f"{commit}:refs/heads/{branch}"], leases={f"refs/heads/{branch}": ""})
    return commit


def test_git_builds_branches_without_touching_the_checkout_and_pushes_atomically(repo, double):
    status = git(repo, "status", "--porcelain")
    first = push_branch(repo, "feature/a", {"docs/a.md": "A\n"})
    assert double.branch_sha("feature/a") == first
    assert double.file_on("feature/a", "docs/a.md") == "A\n"
    assert git(repo, "status", "--porcelain") == status and git(repo, "branch", "--show-current").strip() == "main"
    # the same content at the same time is the same commit: a resumed run recreates it exactly
    g = Git(repo)
    again = g.commit_tree(g.tree_of(first), [g.rev_parse("HEAD")], "add docs/a.md", when="2026-11-22T00:00:00+09:00")
    assert again == first
    # a lease that no longer holds refuses the whole push
    other = g.commit_tree(g.tree_of(first), [first], "another")
    with pytest.raises(GitError):
        g.push("origin", [f"{other}:refs/heads/feature/a", f"{first}:refs/heads/feature/b"], leases={"refs/heads/feature/a": "", "refs/heads/feature/b": ""})
    assert double.branch_sha("feature/b") is None
    assert g.ls_remote("origin", "refs/heads/feature/*") == {"refs/heads/feature/a": first}


def test_pull_lifecycle_reviews_checks_and_merge(repo, double, gh):
    head = push_branch(repo, "feature/x", {"x.md": "x\n"})
    pull = gh.create_pull(head="feature/x", base="main", title="T", body="B")
    assert (pull.number, pull.head, pull.head_sha, pull.state) == (1, "feature/x", head, "open")
    assert pull.html_url.startswith(double.url)
    assert gh.create_pull(head="feature/x", base="main", title="T", body="B").number == 1  # exists: found, not duplicated
    assert gh.pull_files(1) == ["x.md"]
    double.add_review(1, "maintainer", "APPROVED")
    double.add_check_run(head, "validate", "completed", "success")
    double.add_status(head, "ci/legacy", "success")
    assert [r.state for r in gh.reviews(1)] == ["APPROVED"]
    assert {(c.name, c.app, c.head_sha) for c in gh.checks(head)} == {("validate", "github-actions", head)}  # statuses prove nothing
    with pytest.raises(GitHubError) as stale:
        gh.merge(1, sha="0" * 40)
    assert stale.value.status == 409
    merged = gh.merge(1, sha=head)
    assert double.branch_sha("main") == merged and double.file_on("main", "x.md") == "x\n"
    assert gh.get_pull(1).merged
    git(repo, "pull", "-q", "origin", "main")
    assert (repo / "x.md").read_text() == "x\n"  # the API's merge is a commit git sees


def test_comments_labels_and_assignees(repo, double, gh):
    push_branch(repo, "feature/y", {"y.md": "y\n"})
    pull = gh.create_pull(head="feature/y", base="main", title="T", body="B")
    assert gh.ensure_labels({"review": ("0e8a16", "r"), "2026-W48": ("c5def5", "")}) == ["review", "2026-W48"]
    assert gh.ensure_labels({"review": ("0e8a16", "r")}) == []
    gh.set_labels_and_assignees(pull.number, labels=["review", "2026-W48"], assignees=["alice"])
    gh.add_labels(pull.number, ["overdue"])
    assert double.issues[1]["labels"] == ["review", "2026-W48", "overdue"] and double.issues[1]["assignees"] == ["alice"]
    gh.add_comment(pull.number, "hi <!-- m -->", marker="<!-- m -->")
    assert [c.body for c in gh.comments(pull.number)] == ["hi <!-- m -->"]
    gh.update_pull(pull.number, title="T2")
    assert gh.pulls(state="open")[0].title == "T2"


def test_a_5xx_after_a_comment_landed_does_not_post_it_twice(repo, double, gh):
    push_branch(repo, "feature/z", {"z.md": "z\n"})
    pull = gh.create_pull(head="feature/z", base="main", title="T", body="B")
    double.fail("POST", r"/comments$", 502, after_applying=True)
    gh.add_comment(pull.number, "once <!-- once -->", marker="<!-- once -->")
    assert len(double.comments) == 1


def test_errors_are_github_errors_with_the_status(repo, double, gh):
    with pytest.raises(GitHubError) as missing:
        gh.create_pull(head="no-such-branch", base="main", title="T", body="B")
    assert missing.value.status == 422
    double.fail("GET", r"/pulls$", 503, times=99)
    with pytest.raises(GitHubError) as down:
        gh.pulls()
    assert down.value.status == 503


def test_the_double_checks_request_bodies_against_the_api_description(repo, double):
    bad = api(double, "POST", "/pulls", json={"head": 5, "base": "main"})
    assert bad.status_code == 422 and "head" in bad.json()["message"]
    assert any("POST /repos/{owner}/{repo}/pulls" in v for v in double.violations)
    double.violations.clear()
    assert api(double, "GET", "/nope").status_code == 404
    double.violations.clear()
    assert requests.get(f"{double.url}/repos/{double.full_name}/pulls", timeout=5).status_code == 401


def test_the_double_keeps_refs_and_contents_like_github(repo, double):
    sha = double.branch_sha("main")
    assert api(double, "POST", "/git/refs", json={"ref": "refs/heads/main", "sha": sha}).status_code == 422  # exists
    assert api(double, "POST", "/git/refs", json={"ref": "refs/heads/new", "sha": sha}).status_code == 201
    assert api(double, "GET", "/git/ref/heads/new").json()["object"]["sha"] == sha  # {ref} with a slash
    current = api(double, "GET", "/contents/README.md").json()
    content = base64.b64encode(b"changed\n").decode()
    stale = api(double, "PUT", "/contents/README.md", json={"message": "m", "content": content, "sha": "1" * 40})
    assert stale.status_code == 409
    ok = api(double, "PUT", "/contents/README.md", json={"message": "m", "content": content, "sha": current["sha"]})
    assert ok.status_code == 200 and double.file_on("main", "README.md") == "changed\n"
    blob = api(double, "POST", "/git/blobs", json={"content": "b\n", "encoding": "utf-8"}).json()["sha"]
    tree = api(double, "POST", "/git/trees", json={"base_tree": current["sha"] and api(double, "GET", "/git/commits/" + double.branch_sha("main")).json()["tree"]["sha"],
                                                     "tree": [{"path": "b.md", "mode": "100644", "type": "blob", "sha": blob}]}).json()["sha"]
    commit = api(double, "POST", "/git/commits", json={"message": "b", "tree": tree, "parents": [double.branch_sha("main")]}).json()["sha"]
    assert api(double, "PATCH", "/git/refs/heads/main", json={"sha": commit}).status_code == 200
    assert double.file_on("main", "b.md") == "b\n"
    assert api(double, "PATCH", "/git/refs/heads/main", json={"sha": sha}).status_code == 422  # not a fast-forward
    double.fail("POST", r"/labels$", 403, secondary=True, retry_after=3)
    limited = api(double, "POST", "/labels", json={"name": "x"})
    assert limited.status_code == 403 and limited.headers["Retry-After"] == "3"
    assert "secondary rate limit" in limited.json()["message"]


def test_pacer_keeps_content_creating_calls_under_the_secondary_limits():
    clock = VirtualClock()
    pacer = Pacer(Limits(seconds_between_writes=0), clock)
    stamps = []
    for _ in range(1200):
        pacer.before_write()
        stamps.append(clock.now())
    for i in range(len(stamps)):
        assert sum(1 for t in stamps[i:i + 81] if t - stamps[i] < 60) <= 80
        assert sum(1 for t in stamps[i:i + 501] if t - stamps[i] < 3600) <= 500
    assert 2 * 3600 <= clock.now() < 2 * 3600 + 200  # the hour limit dominates: 1200 writes take two hours and a bit
    spaced = Pacer(Limits(seconds_between_writes=1.0), VirtualClock())
    for _ in range(3):
        spaced.before_write()
    assert spaced.clock.now() == 2.0


def test_settings_from_env():
    warnings = []
    s = settings_from_env({"GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t"}, warn=warnings.append)
    assert (s.api_url, s.owner, s.token_source) == ("https://api.github.com", "o", "GITHUB_TOKEN") and warnings
    s = settings_from_env({"GITHUB_REPOSITORY": "o/r", "COMMONS_TOKEN": "c", "GITHUB_TOKEN": "t", "GITHUB_API_URL": "https://ghe.example/api/v3/"})
    assert (s.api_url, s.token, s.token_source) == ("https://ghe.example/api/v3", "c", "COMMONS_TOKEN")
    assert "token" not in repr(s).replace("token_source", "")
    with pytest.raises(UsageError, match="GITHUB_REPOSITORY"):
        settings_from_env({"COMMONS_TOKEN": "c"})
    with pytest.raises(UsageError, match="COMMONS_TOKEN"):
        settings_from_env({"GITHUB_REPOSITORY": "o/r"})


def test_write_spacing_is_configurable(double):
    gh = GitHub.from_env({**double.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "0"})
    assert gh.limits.seconds_between_writes == 0
    assert GitHub.from_env(double.env()).limits.seconds_between_writes == 1.0
    with pytest.raises(UsageError, match="COMMONS_SECONDS_BETWEEN_WRITES"):
        GitHub.from_env({**double.env(), "COMMONS_SECONDS_BETWEEN_WRITES": "soon"})


def test_commit_many_makes_the_same_commits_as_commit_tree(repo):
    from commons.git import NewCommit

    g = Git(repo)
    base = g.rev_parse("HEAD")
    a, b = g.write_blobs([b"a\n", b"b\n"])
    when = "2026-11-22T00:00:00+09:00"
    fast = g.commit_many([NewCommit(base, {"x/a.md": a, "x/b.md": b}, "two files", when),
                          NewCommit(base, {"README.md": None, "y.md": a}, "swap", when)])
    slow = [g.commit_tree(g.tree_with(base, {"x/a.md": a, "x/b.md": b}), [base], "two files", when=when),
            g.commit_tree(g.tree_with(base, {"README.md": None, "y.md": a}), [base], "swap", when=when)]
    assert fast == slow
    assert g.run("for-each-ref", "refs/commons-import") == ""  # no trace left
    assert git(repo, "status", "--porcelain") == ""


def test_a_conflicting_pull_is_not_mergeable(repo, double, gh):
    push_branch(repo, "feature/c", {"README.md": "theirs\n"})
    (repo / "README.md").write_text("ours\n")
    git(repo, "commit", "-qam", "ours")
    git(repo, "push", "-q", "origin", "HEAD:main")
    pull = gh.create_pull(head="feature/c", base="main", title="T", body="B")
    assert api(double, "GET", f"/pulls/{pull.number}").json()["mergeable"] is False
    with pytest.raises(GitHubError) as refused:
        gh.merge(pull.number)
    assert refused.value.status == 405
