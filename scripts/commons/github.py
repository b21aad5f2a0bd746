"""The one module that talks to GitHub's REST API (through PyGithub).

Everything here returns plain dataclasses, so callers never hold PyGithub
objects. Writes are paced under GitHub's secondary limits for content-creating
requests (80 a minute, 500 an hour) and retried when GitHub says to wait
(``Retry-After``, the 403 secondary-limit answer, 429) or fails (5xx). The
clock is injectable so tests and benchmarks run in virtual time.

PyGithub is imported inside functions: ``commons validate`` must start fast.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import quote

from . import backoff
from .content.layout import REVIEW_BRANCHES
from .problems import UsageError
from .i18n import say

DEFAULT_API_URL = "https://api.github.com"
INSTALLATION_BOT = "github-actions[bot]"  # the author of what GITHUB_TOKEN opens
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
TOKEN_FALLBACK_WARNING = (
    "warning: COMMONS_TOKEN is not set; using GITHUB_TOKEN. Pull requests opened with it trigger no "
    "workflows (validation will not run on them until someone pushes); set COMMONS_TOKEN to a GitHub App "
    "or fine-grained token to fix this."
)


# -- settings -------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    api_url: str
    repository: str  # owner/name
    token: str = field(repr=False)
    token_source: str  # COMMONS_TOKEN or GITHUB_TOKEN

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]


def settings_from_env(env: dict | None = None, warn=None) -> Settings:
    """GITHUB_API_URL, GITHUB_REPOSITORY and COMMONS_TOKEN (falling back to GITHUB_TOKEN, with a warning)."""
    env = os.environ if env is None else env
    warn = warn or (lambda message: print(message, file=sys.stderr))
    repository = env.get("GITHUB_REPOSITORY", "").strip()
    if repository.count("/") != 1 or not all(repository.split("/")):
        raise UsageError(say("github.no_repository"))
    token, source = env.get("COMMONS_TOKEN", "").strip(), "COMMONS_TOKEN"
    if not token:
        token, source = env.get("GITHUB_TOKEN", "").strip(), "GITHUB_TOKEN"
        if token:
            warn(TOKEN_FALLBACK_WARNING)
    if not token:
        raise UsageError(say("github.no_token"))
    api_url = (env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    return Settings(api_url=api_url, repository=repository, token=token, token_source=source)


# -- pacing -----------------------------------------------------------------------
class RealClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


def review_bots(identity: str, configured=()) -> tuple[str, ...]:
    """Who opens review pull requests: the token's identity, then ``review.bots`` (extra
    identities), each once however it is capitalised."""
    found: dict[str, str] = {}
    for login in (identity, *configured):
        found.setdefault(login.lower(), login)
    return tuple(found.values())


@dataclass
class Limits:
    per_minute: int = 80
    per_hour: int = 500
    seconds_between_writes: float = 1.0  # GitHub's advice, and PyGithub's default
    max_retries: int = 6
    default_retry_after: float = 60.0  # a secondary limit without Retry-After: wait a minute


class Pacer:
    """Keeps content-creating requests under the per-minute and per-hour windows."""

    def __init__(self, limits: Limits, clock=None):
        self.limits = limits
        self.clock = clock or RealClock()
        self.sent: deque[float] = deque()
        self.waited = 0.0
        self.writes = 0

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            self.clock.sleep(seconds)

    def before_write(self) -> None:
        limits = self.limits
        while True:
            now = self.clock.now()
            while self.sent and now - self.sent[0] >= 3600:
                self.sent.popleft()
            wait = 0.0
            if self.sent and limits.seconds_between_writes:
                wait = max(wait, self.sent[-1] + limits.seconds_between_writes - now)
            recent = [t for t in self.sent if now - t < 60]
            if len(recent) >= limits.per_minute:
                wait = max(wait, recent[len(recent) - limits.per_minute] + 60 - now)
            if len(self.sent) >= limits.per_hour:
                wait = max(wait, self.sent[len(self.sent) - limits.per_hour] + 3600 - now)
            if wait <= 0:
                break
            self._sleep(wait)
        self.sent.append(self.clock.now())
        self.writes += 1

    def wait(self, seconds: float) -> None:
        self._sleep(seconds)


# -- plain data ---------------------------------------------------------------------
@dataclass(frozen=True)
class Pull:
    number: int
    head: str
    base: str
    head_sha: str
    title: str
    body: str
    state: str  # open | closed
    merged: bool
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    author: str
    html_url: str
    created_at: datetime | None
    head_repo: str = ""  # owner/name of the repository the head branch is in ("" when GitHub lost it)


def opened_by_bot_here(pull: Pull, repository: str, bots) -> bool:
    """A pull request the bot opened from a branch of ``repository``: the only kind assign, remind and
    publish act on (anyone can open one from a fork, or by hand, with a review branch's name)."""
    here = pull.head_repo.lower() == repository.lower()  # "" when the fork was deleted: not here
    return here and pull.author.lower() in {b.lower() for b in bots}


@dataclass(frozen=True)
class Comment:
    id: int
    author: str
    body: str
    created_at: datetime | None


@dataclass(frozen=True)
class Issue:
    number: int
    title: str
    body: str
    state: str  # open | closed
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    id: int
    author: str
    state: str  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    commit_id: str


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # queued | in_progress | completed
    conclusion: str | None
    app: str = ""  # slug of the GitHub App that made it ("github-actions" for workflow jobs)
    head_sha: str = ""
    started_at: str | None = None  # ISO 8601, as GitHub recorded it


class GitHubError(Exception):
    """A GitHub request that failed for good; the message says which and why."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class GitHubUnreachable(GitHubError):
    """No answer at all: no network, or GITHUB_API_URL names nothing that listens."""


def _data_message(data) -> str:
    if isinstance(data, dict):
        parts = [str(data.get("message", ""))]
        for error in data.get("errors", []) or []:
            parts.append(str(error.get("message", error)) if isinstance(error, dict) else str(error))
        return "; ".join(p for p in parts if p)
    return str(data or "")


def _header(headers, name: str):
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


@dataclass(frozen=True)
class Probe:
    """One read: ``ok`` and its JSON (None: GitHub says 404), or not ``ok`` with the status and why."""

    ok: bool
    data: object = None
    status: int | None = None
    error: str = ""


@dataclass(frozen=True)
class RepositorySettings:
    repository: Probe
    labels: Probe
    environments: Probe
    environment_secrets: dict  # environment name → Probe
    secrets: Probe
    organization_secrets: Probe
    rules: Probe
    protection: Probe
    actions: Probe
    workflow_permissions: Probe
    pages: Probe
    identity: Probe  # the token's login (GitHub.identity)
    review_authors: Probe  # who opened the open review PRs of this repository
    token_source: str = "COMMONS_TOKEN"


# -- the client -------------------------------------------------------------------------
class GitHub:
    """One repository on GitHub, with pacing and retries around every request."""

    def __init__(self, settings: Settings, *, limits: Limits | None = None, clock=None, per_page: int = 100, timeout: int = 30):
        from github import Auth, Github

        self.settings = settings
        self.limits = limits or Limits()
        self.pacer = Pacer(self.limits, clock)
        self.calls = 0
        # Our pacer does the spacing (in virtual time in tests); PyGithub's own sleeps are off,
        # and so are its retries, which would sleep in real time without telling us.
        self._gh = Github(
            auth=Auth.Token(settings.token), base_url=settings.api_url, per_page=per_page, timeout=timeout,
            retry=None, seconds_between_requests=None, seconds_between_writes=None, lazy=True,
        )
        self._repo = self._gh.get_repo(settings.repository)  # lazy: no request until needed
        self._identity: str | None = None

    @classmethod
    def from_env(cls, env: dict | None = None, warn=None, **kwargs) -> "GitHub":
        """Settings from the environment; ``COMMONS_SECONDS_BETWEEN_WRITES`` overrides the 1 s spacing.

        ``warn`` receives the GITHUB_TOKEN fallback warning (stderr by default); a caller that
        opens no pull requests has no use for it."""
        env = os.environ if env is None else env
        spacing = env.get("COMMONS_SECONDS_BETWEEN_WRITES")
        if spacing and "limits" not in kwargs:
            try:
                kwargs["limits"] = Limits(seconds_between_writes=max(float(spacing), 0.0))
            except ValueError:
                raise UsageError(say("triage.not_seconds", name="COMMONS_SECONDS_BETWEEN_WRITES", value=spacing)) from None
        return cls(settings_from_env(env, warn), **kwargs)

    # -- the retry loop --------------------------------------------------------------
    def _call(self, what: str, fn: Callable, *, write: bool = False, already_done: Callable | None = None):
        """Run one request (or one page walk); pace writes; wait and retry when GitHub says so."""
        from github import GithubException
        from requests.exceptions import ConnectionError as NoConnection, Timeout

        attempt = 0
        while True:
            if write:
                self.pacer.before_write()
            self.calls += 1
            try:
                return fn()
            except (NoConnection, Timeout) as exc:
                raise GitHubUnreachable(say("github.unreachable", api=self.settings.api_url, what=what,
                                            error=type(exc).__name__)) from None
            except GithubException as exc:
                status, headers, data = exc.status, exc.headers or {}, exc.data
                message = _data_message(data)
                retry_after = _header(headers, "retry-after")
                secondary = status in (403, 429) and (
                    retry_after is not None or "secondary rate limit" in message.lower()
                    or "abuse" in message.lower()
                )
                primary = status in (403, 429) and _header(headers, "x-ratelimit-remaining") == "0"
                attempt += 1
                if attempt > self.limits.max_retries or not (secondary or primary or status >= 500):
                    raise GitHubError(f"GitHub {what}: {status} {message}".strip(), status) from None
                told = backoff.retry_after(retry_after)
                if told is not None:
                    delay = told
                elif primary:
                    reset = _header(headers, "x-ratelimit-reset")
                    delay = max(float(reset) - time.time(), 1.0) if reset else self.limits.default_retry_after
                elif secondary:
                    delay = self.limits.default_retry_after * attempt  # GitHub: at least a minute, longer on repeats
                else:
                    delay = backoff.doubling(attempt - 1)
                self.pacer.wait(delay)
                if status >= 500 and already_done is not None:
                    found = already_done()  # a 5xx may still have done the write: look before repeating it
                    if found is not None:
                        return found

    # -- pulls ----------------------------------------------------------------------------
    def pulls(self, state: str = "open", since: datetime | None = None, head_prefix: str = "") -> list[Pull]:
        """Pull requests, newest first; stops paging at ones created before ``since``."""

        def walk():
            found = []
            for pr in self._repo.get_pulls(state=state, sort="created", direction="desc"):
                created = _parse_time(pr._rawData.get("created_at"))
                if since is not None and created is not None and created < since:
                    break
                if pr.head.ref.startswith(head_prefix):
                    found.append(_pull(pr))
            return found

        return self._call("list pull requests", walk)

    def pull_by_head(self, head: str, state: str = "all") -> Pull | None:
        def look():
            for pr in self._repo.get_pulls(state=state, head=f"{self.settings.owner}:{head}"):
                return _pull(pr)
            return None

        return self._call(f"find the pull request of {head}", look)

    def get_pull(self, number: int) -> Pull:
        return self._call(f"read pull request #{number}", lambda: _pull(self._gh_pull(number, fetch=True)))

    def create_pull(self, *, head: str, base: str, title: str, body: str) -> Pull:
        """Open a pull request; when one already exists for ``head`` (a resumed run), return that one."""

        def create():
            return _pull(self._repo.create_pull(base=base, head=head, title=title, body=body, maintainer_can_modify=True))

        try:
            return self._call(f"open a pull request for {head}", create, write=True,
                              already_done=lambda: self.pull_by_head(head, state="open"))
        except GitHubError as exc:
            if exc.status == 422 and "already exists" in str(exc).lower():
                existing = self.pull_by_head(head, state="open")
                if existing:
                    return existing
            raise

    def update_pull(self, number: int, *, title: str | None = None, body: str | None = None) -> None:
        fields = {k: v for k, v in (("title", title), ("body", body)) if v is not None}
        if fields:
            self._call(f"update pull request #{number}", lambda: self._gh_pull(number).edit(**fields), write=True)

    def close_pull(self, number: int) -> None:
        self._call(f"close pull request #{number}", lambda: self._gh_pull(number).edit(state="closed"), write=True)

    def set_labels_and_assignees(self, number: int, *, labels: list[str], assignees: list[str]) -> None:
        """Both in one PATCH of the issue: the floor, since a pull request cannot be opened with them."""
        self._call(
            f"set labels and assignees of #{number}",
            lambda: self._repo.get_issue(number).edit(labels=list(labels), assignees=list(assignees)),
            write=True,
        )

    def add_labels(self, number: int, labels: list[str]) -> None:
        self._call(f"label #{number}", lambda: self._repo.get_issue(number).add_to_labels(*labels), write=True)

    def pull_files(self, number: int) -> list[str]:
        return self._call(f"list the files of #{number}", lambda: [f.filename for f in self._gh_pull(number).get_files()])

    def reviews(self, number: int) -> list[Review]:
        def walk():
            return [
                Review(r.id, r.user.login if r.user else "", r.state, r.commit_id or "")
                for r in self._gh_pull(number).get_reviews()
            ]

        return self._call(f"list reviews of #{number}", walk)

    def merge(self, number: int, *, sha: str | None = None, method: str = "squash", title: str | None = None) -> str:
        """Merge a pull request; returns the merge commit's id. 405/409 (not mergeable, head moved) raise."""

        def merge():
            kwargs = {"merge_method": method}
            if sha:
                kwargs["sha"] = sha
            if title:
                kwargs["commit_title"] = title
            return self._gh_pull(number).merge(**kwargs).sha

        return self._call(f"merge #{number}", merge, write=True)

    def checks(self, ref: str) -> list[Check]:
        """The check runs of a commit, with the app that made each. Commit statuses are left out on
        purpose: anyone who can push can post one, so they prove nothing."""

        def read():
            runs = []
            for r in self._repo.get_commit(ref).get_check_runs():
                raw = r._rawData
                runs.append(Check(raw.get("name", ""), raw.get("status", ""), raw.get("conclusion"),
                                  ((raw.get("app") or {}).get("slug") or ""), raw.get("head_sha", ""),
                                  raw.get("started_at")))
            return runs

        return self._call(f"read checks of {ref}", read)

    # -- GraphQL: discussions -----------------------------------------------------------------
    @property
    def graphql_url(self) -> str:
        """``https://api.github.com/graphql``; on GitHub Enterprise ``https://HOST/api/graphql``."""
        base = self.settings.api_url.rstrip("/")
        return base[: -len("/v3")] + "/graphql" if base.endswith("/api/v3") else base + "/graphql"

    def graphql(self, what: str, query: str, variables: dict, *, write: bool = False) -> dict:
        """One GraphQL request; its ``data``, or GitHubError naming what failed."""
        import httpx

        def send():
            try:
                response = httpx.post(self.graphql_url, json={"query": query, "variables": variables}, timeout=30,
                                      headers={"Authorization": f"Bearer {self.settings.token}",
                                               "Accept": "application/vnd.github+json"})
            except httpx.HTTPError as exc:
                raise GitHubError(f"GitHub {what}: {exc}") from None
            try:
                payload = response.json()
            except ValueError:
                payload = {}
            if response.status_code >= 400 or payload.get("errors") or not isinstance(payload.get("data"), dict):
                errors = payload.get("errors") or [{"message": payload.get("message") or response.text[:200]}]
                message = "; ".join(str(e.get("message", e)) for e in errors if isinstance(e, dict))
                raise GitHubError(f"GitHub {what}: {response.status_code} {message}".strip(), response.status_code)
            return payload["data"]

        if write:
            self.pacer.before_write()
        self.calls += 1
        return send()

    def discussion_category(self, name: str) -> tuple[str, str]:
        """(repository node id, category node id) of the Discussions category called ``name``."""
        owner, repo = self.settings.repository.split("/", 1)
        data = self.graphql("read discussion categories", DISCUSSION_CATEGORIES, {"owner": owner, "name": repo})
        repository = data.get("repository") or {}
        nodes = ((repository.get("discussionCategories") or {}).get("nodes")) or []
        found = next((c for c in nodes if str(c.get("name", "")).casefold() == name.casefold()), None)
        if found is None:
            listed = ", ".join(str(c.get("name")) for c in nodes) or "none (are Discussions enabled?)"
            raise GitHubError(say("github.no_category", name=name, repository=self.settings.repository, listed=listed))
        return str(repository["id"]), str(found["id"])

    def find_discussion(self, category_id: str, marker: str) -> str | None:
        """The address of a recent discussion in the category whose body holds ``marker``."""
        owner, repo = self.settings.repository.split("/", 1)
        data = self.graphql("read discussions", RECENT_DISCUSSIONS,
                            {"owner": owner, "name": repo, "categoryId": category_id})
        nodes = (((data.get("repository") or {}).get("discussions") or {}).get("nodes")) or []
        return next((str(d["url"]) for d in nodes if marker in str(d.get("body", ""))), None)

    def pin_issue(self, number: int) -> None:
        """Pin an issue to the repository's front page (at most three are; GitHub says so when full)."""
        node_id = self._call(f"read issue #{number}", lambda: self._repo.get_issue(number).raw_data["node_id"])
        self.graphql(f"pin issue #{number}", PIN_ISSUE, {"input": {"issueId": node_id}}, write=True)

    def create_discussion(self, repository_id: str, category_id: str, title: str, body: str) -> str:
        data = self.graphql("create a discussion", CREATE_DISCUSSION, {"input": {
            "repositoryId": repository_id, "categoryId": category_id, "title": title, "body": body}}, write=True)
        discussion = ((data.get("createDiscussion") or {}).get("discussion")) or {}
        return str(discussion.get("url", ""))

    # -- issues, comments, labels ------------------------------------------------------------
    def comments(self, number: int) -> list[Comment]:
        def walk():
            return [
                Comment(c.id, c.user.login if c.user else "", c.body or "", _aware(c.created_at))
                for c in self._repo.get_issue(number).get_comments()
            ]

        return self._call(f"list comments of #{number}", walk)

    def add_comment(self, number: int, body: str, marker: str | None = None) -> Comment:
        """Comment once; ``marker`` (text in the body) lets a retry after a 5xx find a comment that landed."""

        def already_done():
            if marker is None:
                return None
            return next((c for c in self.comments(number) if marker in c.body), None)

        def create():
            c = self._repo.get_issue(number).create_comment(body)
            return Comment(c.id, c.user.login if c.user else "", c.body or "", _aware(c.created_at))

        return self._call(f"comment on #{number}", create, write=True, already_done=already_done)

    def issues(self, label: str, state: str = "open") -> list[Issue]:
        """Issues (not pull requests) carrying ``label``."""

        def walk():
            return [_issue(i) for i in self._repo.get_issues(state=state, labels=[label])
                    if not i._rawData.get("pull_request")]

        return self._call(f"list issues labelled {label}", walk)

    def create_issue(self, *, title: str, body: str, labels: list[str], marker: str) -> Issue:
        """Open an issue; ``marker`` (text in its body) lets a retry after a 5xx find one that was opened."""

        def already_done():
            return next((i for i in self.issues(labels[0]) if marker in i.body), None) if labels else None

        return self._call(f"open an issue: {title}",
                          lambda: _issue(self._repo.create_issue(title=title, body=body, labels=list(labels))),
                          write=True, already_done=already_done)

    def update_issue(self, number: int, *, title: str | None = None, body: str | None = None,
                     state: str | None = None) -> None:
        fields = {k: v for k, v in (("title", title), ("body", body), ("state", state)) if v is not None}
        if fields:
            self._call(f"update issue #{number}", lambda: self._repo.get_issue(number).edit(**fields), write=True)

    def labels(self) -> dict[str, str]:
        return self._call("list labels", lambda: {label.name: label.color for label in self._repo.get_labels()})

    def ensure_labels(self, wanted: dict[str, tuple[str, str]]) -> list[str]:
        """Create the labels (name → (color, description)) the repository lacks; returns those created."""
        have = {name.lower() for name in self.labels()}
        created = []
        for name, (color, description) in wanted.items():
            if name.lower() in have:
                continue
            try:
                self._call(f"create label {name}", lambda n=name, c=color, d=description: self._repo.create_label(n, c, d), write=True)
            except GitHubError as exc:
                if exc.status != 422:  # 422: created meanwhile (already_exists)
                    raise
            created.append(name)
        return created

    def rename_label(self, old: str, new: str, description: str) -> None:
        """Rename a label in place: every issue and pull request carrying it keeps it under the new name."""
        from urllib.parse import quote

        url = f"{self.settings.api_url}/repos/{self.settings.repository}/labels/{quote(old, safe='')}"
        self._call(f"rename label {old}", lambda: self._gh.requester.requestJsonAndCheck(
            "PATCH", url, input={"new_name": new, "description": description}), write=True)

    # -- who the token is ---------------------------------------------------------------------------
    def identity(self) -> str:
        """The login the token acts as: what it opens is authored by it.

        GET /user answers a personal token (classic or fine-grained) with its user; an installation
        token (GITHUB_TOKEN, a GitHub App's) gets 403 "Resource not accessible by integration", and
        then the author is the app's bot: ``github-actions[bot]`` for GITHUB_TOKEN (another app's
        ``<slug>[bot]`` is named in ``review.bots``)."""
        if self._identity is None:
            from github import GithubException

            def get():
                try:
                    return str(self._gh.requester.requestJsonAndCheck("GET", f"{self.settings.api_url}/user")[1]["login"])
                except GithubException as exc:
                    if exc.status == 403:
                        return INSTALLATION_BOT
                    raise

            self._identity = self._call("read the token's user", get)
        return self._identity

    def bots(self, configured=()) -> tuple[str, ...]:
        return review_bots(self.identity(), configured)

    # -- the repository's settings (commons doctor) ----------------------------------------------
    def _get(self, what: str, path: str):
        """GET an API path of this repository: its JSON, or None when GitHub answers 404 (absent or not visible)."""
        from github import GithubException

        url = f"{self.settings.api_url}/repos/{self.settings.repository}{path}"

        def get():
            try:
                return self._gh.requester.requestJsonAndCheck("GET", url)[1]
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise

        return self._call(what, get)

    def _probe(self, what: str, path: str) -> Probe:
        return self._read(lambda: self._get(what, path))

    def repository_settings(self, environments: tuple[str, ...] = (), branch: str = "main") -> RepositorySettings:
        """Everything ``commons doctor`` judges, each read on its own: one refused read does not hide the others."""
        repo = self._probe("read the repository", "")
        found_envs = self._probe("list environments", "/environments")
        env_secrets = {
            name: self._probe(f"list secrets of environment {name}", f"/environments/{quote(name, safe='')}/secrets")
            for name in environments
        }
        return RepositorySettings(
            repository=repo,
            labels=self._probe("list labels", "/labels?per_page=100"),
            environments=found_envs,
            environment_secrets=env_secrets,
            secrets=self._probe("list repository secrets", "/actions/secrets?per_page=100"),
            organization_secrets=self._probe("list organization secrets", "/actions/organization-secrets?per_page=100"),
            rules=self._probe(f"list rules for {branch}", f"/rules/branches/{quote(branch, safe='')}"),
            protection=self._probe(f"read protection of {branch}", f"/branches/{quote(branch, safe='')}/protection"),
            actions=self._probe("read Actions permissions", "/actions/permissions"),
            workflow_permissions=self._probe("read workflow permissions", "/actions/permissions/workflow"),
            pages=self._probe("read Pages", "/pages"),
            token_source=self.settings.token_source,
            identity=self._read(self.identity),
            review_authors=self._read(lambda: sorted({p.author for p in self.pulls(state="open", head_prefix=REVIEW_BRANCHES)
                                                      if p.head_repo.lower() == self.settings.repository.lower()})),
        )

    @staticmethod
    def _read(fn) -> Probe:
        try:
            return Probe(True, fn())
        except GitHubError as exc:
            return Probe(False, None, exc.status, str(exc))

    # -- internals ----------------------------------------------------------------------------
    def _gh_pull(self, number: int, fetch: bool = False):
        pr = self._repo.get_pull(number)
        if fetch:
            pr.raw_data  # noqa: B018 - completes the lazy object with one GET
        return pr


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _issue(issue) -> Issue:
    raw = issue._rawData
    return Issue(
        number=raw["number"], title=raw.get("title") or "", body=raw.get("body") or "", state=raw.get("state", "open"),
        labels=tuple(label["name"] for label in raw.get("labels") or []),
    )


def _pull(pr) -> Pull:
    raw = pr._rawData  # what GitHub sent; the public raw_data would refetch a listed pull
    return Pull(
        number=raw["number"],
        head=raw["head"]["ref"],
        base=raw["base"]["ref"],
        head_sha=raw["head"]["sha"],
        title=raw.get("title") or "",
        body=raw.get("body") or "",
        state=raw.get("state", "open"),
        merged=bool(raw.get("merged_at")),
        labels=tuple(label["name"] for label in raw.get("labels") or []),
        assignees=tuple(a["login"] for a in raw.get("assignees") or []),
        author=(raw.get("user") or {}).get("login", ""),
        html_url=raw.get("html_url", ""),
        created_at=_parse_time(raw.get("created_at")),
        head_repo=((raw["head"].get("repo") or {}).get("full_name") or ""),
    )


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")))


# GitHub's GraphQL documents (https://docs.github.com/graphql): categories, recent discussions, createDiscussion.
DISCUSSION_CATEGORIES = """query($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { id discussionCategories(first: 50) { nodes { id name } } }
}"""
RECENT_DISCUSSIONS = """query($owner: String!, $name: String!, $categoryId: ID) {
  repository(owner: $owner, name: $name) {
    discussions(first: 50, categoryId: $categoryId, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { url body } }
  }
}"""
CREATE_DISCUSSION = """mutation($input: CreateDiscussionInput!) {
  createDiscussion(input: $input) { discussion { id url } }
}"""
PIN_ISSUE = """mutation($input: PinIssueInput!) {
  pinIssue(input: $input) { issue { number } }
}"""
