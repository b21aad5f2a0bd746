"""A local stand-in for GitHub's REST API, for tests and benchmarks. Reusable by any capability.

The repository it serves is a real bare git repository that is also the git
remote of the test checkout: a branch pushed with ``git push`` is a branch the
API sees, and a pull request merged through the API is a commit a ``git fetch``
brings back. It keeps pull requests, issues, labels, comments, reviews,
assignees, check runs, commit statuses and merges.

It stays honest: every request body is checked against the operation's schema in
``tests/fixtures/github/rest-api-subset.json`` (jsonschema) and answers are built from
the documented response schemas, so PyGithub sees GitHub's shapes, with every
URL on this server's own host and port. Faults are injectable: 409, 422, the
403 secondary-rate-limit answer with ``Retry-After``, 429 and 5xx.

    with GitHubDouble(tmp_path) as gh:
        checkout = gh.clone(tmp_path / "work")       # a working clone, origin = the bare repo
        env = gh.env()                                 # GITHUB_API_URL, GITHUB_REPOSITORY, COMMONS_TOKEN
        gh.fail("POST", r"/pulls$", 403, secondary=True, retry_after=1, times=1)
        ...
        gh.requests                                    # every request: method, path, status
"""

from __future__ import annotations

import base64
import copy
import json
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import jsonschema
from local_server import LocalServer

SPEC_PATH = Path(__file__).resolve().parent / "fixtures" / "github" / "rest-api-subset.json"  # vendored, MIT
GRAPHQL_PATH = Path(__file__).resolve().parent / "fixtures" / "github" / "graphql-subset.json"
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


# -- the API description ------------------------------------------------------------------
def _nullable_to_json_schema(schema):
    """OpenAPI 3.0 ``nullable: true`` → JSON Schema, so jsonschema judges it as GitHub does."""
    if isinstance(schema, list):
        return [_nullable_to_json_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _nullable_to_json_schema(v) for k, v in schema.items() if k not in ("nullable", "discriminator", "example", "examples")}
    if schema.get("nullable"):
        if "type" in out and isinstance(out["type"], str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = list(out["enum"]) + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _skeleton(schema):
    """The smallest value that satisfies a response schema: the frame real data is laid into."""
    if not isinstance(schema, dict):
        return None
    if "allOf" in schema:
        value = {}
        for part in schema["allOf"]:
            part_value = _skeleton(part)
            if isinstance(part_value, dict):
                value.update(part_value)
        return value
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return _skeleton(schema[key][0])
    if schema.get("nullable"):
        return None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
        if kind is None:
            return None
    if kind == "object" or "properties" in schema:
        return {k: _skeleton(schema["properties"].get(k, {})) for k in schema.get("required", []) if k in schema.get("properties", {})}
    return {"array": [], "string": "", "integer": 0, "number": 0, "boolean": False}.get(kind)


class VirtualClock:
    """Time that passes only when someone sleeps: the clock the tests and benches give the client's pacer (commons.github.Pacer), so imposed waits are measured, not slept."""

    def __init__(self, start: float = 0.0):
        self.t = start

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(seconds, 0.0)


@dataclass
class Operation:
    method: str
    template: str
    regex: re.Pattern
    request_schema: dict | None
    responses: dict  # status → schema


class Spec:
    _cache: "Spec | None" = None

    def __init__(self, path: Path = SPEC_PATH):
        data = json.loads(path.read_text(encoding="utf-8"))
        self.operations: list[Operation] = []
        for template, methods in data["paths"].items():
            pattern = "^" + re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>.+)" if m[1] in ("ref", "path") else f"(?P<{m[1]}>[^/]+)", re.escape(template)) + "$"
            for method, op in methods.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
                responses = {}
                for status, response in op["responses"].items():
                    schema = (response.get("content") or {}).get("application/json", {}).get("schema")
                    if schema is not None:
                        responses[status] = schema
                self.operations.append(
                    Operation(method.upper(), template, re.compile(pattern), _nullable_to_json_schema(body) if body else None, responses)
                )
        # Longest templates first so /pulls/{n}/merge wins over /pulls/{n}.
        self.operations.sort(key=lambda o: -len(o.template))
        self._validators: dict[int, jsonschema.Validator] = {}
        self._skeletons: dict[tuple, object] = {}

    @classmethod
    def load(cls) -> "Spec":
        if cls._cache is None:
            cls._cache = Spec()
        return cls._cache

    def find(self, method: str, path: str) -> tuple[Operation, dict] | None:
        for op in self.operations:
            if op.method != method:
                continue
            match = op.regex.match(path)
            if match:
                return op, {k: unquote(v) for k, v in match.groupdict().items()}
        return None

    def request_errors(self, op: Operation, body) -> list[str]:
        if op.request_schema is None:
            return []
        validator = self._validator(op.request_schema)
        return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message}" for e in validator.iter_errors(body)]

    def response_errors(self, op: Operation, status: int, body) -> list[str]:
        schema = op.responses.get(str(status))
        if schema is None:
            return []
        validator = self._validator(_nullable_to_json_schema(schema), key=(op.method, op.template, status))
        return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message[:200]}" for e in validator.iter_errors(body)]

    def skeleton(self, method: str, template: str, status: int):
        key = (method, template, status)
        if key not in self._skeletons:
            op = next(o for o in self.operations if o.method == method and o.template == template)
            schema = op.responses[str(status)]
            if schema.get("type") == "array":
                schema = schema["items"]
            self._skeletons[key] = _skeleton(schema)
        return copy.deepcopy(self._skeletons[key])

    def _validator(self, schema, key=None):
        cache_key = key or id(schema)
        if cache_key not in self._validators:
            self._validators[cache_key] = jsonschema.Draft202012Validator(schema)
        return self._validators[cache_key]


# -- faults ---------------------------------------------------------------------------------
@dataclass
class Fault:
    method: str
    path_regex: re.Pattern
    status: int
    times: int
    headers: dict = field(default_factory=dict)
    message: str = ""
    apply_first: bool = False  # do the work, then fail (a 5xx after the write landed)


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors, self.headers = status, message, errors, headers or {}


# -- the double --------------------------------------------------------------------------------
class GitHubDouble:
    def __init__(self, root: Path, owner: str = "nlx", name: str = "handbook", default_branch: str = "main",
                 check_responses: bool = True, token: str = "test-token", bot: str = "github-actions[bot]"):
        self.spec = Spec.load()
        self.root = Path(root)
        self.owner, self.name, self.default_branch = owner, name, default_branch
        self.full_name = f"{owner}/{name}"
        self.token = token
        # the login the token belongs to: the author of what the API creates, and GET /user's answer
        # (a personal token's user; a "[bot]" login is an installation token, which GET /user refuses)
        self.bot = bot
        self.check_responses = check_responses
        self.bare = self.root / f"{name}.git"
        self.bare.mkdir(parents=True, exist_ok=True)
        self._git("init", "--quiet", "--bare", f"--initial-branch={default_branch}")
        self.lock = threading.RLock()
        self.requests: list[tuple[str, str, int]] = []
        self.violations: list[str] = []  # request bodies or answers that broke the schema
        self.faults: list[Fault] = []
        self.pulls: dict[int, dict] = {}
        self.issues: dict[int, dict] = {}  # number → issue fields (pull requests are issues too)
        self.labels: dict[str, dict] = {}
        self.comments: dict[int, dict] = {}
        self.reviews: dict[int, list[dict]] = {}
        self.check_runs: dict[str, list[dict]] = {}
        self.statuses: dict[str, list[dict]] = {}
        self.graphql_spec = json.loads(GRAPHQL_PATH.read_text(encoding="utf-8"))
        self.discussion_categories: list[dict] = []  # {"id", "name"}; empty: Discussions not set up
        self.discussions: list[dict] = []  # {"id", "number", "url", "title", "body", "categoryId"}
        self._next_number = 1
        self._next_id = 1000
        self._tick = 0
        self.epoch = datetime.now(timezone.utc).replace(microsecond=0)  # timestamps move one second per event
        self._server: LocalServer | None = None
        # The repository's settings, as `commons doctor` reads them; tests change them to a broken setup.
        self.settings = {
            "permissions": {"admin": True, "maintain": True, "push": True, "triage": True, "pull": True},
            "environments": {},  # name → {"branches": None | list of branch names, "secrets": [names]}
            "secrets": [], "organization_secrets": [],
            "rules": {},  # branch → list of rule dicts as GitHub lists them ({"type": ..., "parameters": ...})
            "protection": {},  # branch → branch protection answer fields, absent = not protected
            "actions_enabled": True, "allowed_actions": "all",
            "default_workflow_permissions": "read", "can_approve_pull_request_reviews": False,
            "pages": None,  # None = Pages off; else {"build_type": "workflow" | "legacy"}
        }

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> "GitHubDouble":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "GitHubDouble":
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                double._serve(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

        self._server = LocalServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self, token_name: str = "COMMONS_TOKEN") -> dict:
        return {"GITHUB_API_URL": self.url, "GITHUB_REPOSITORY": self.full_name, token_name: self.token}

    def clone(self, path: Path) -> Path:
        """A working clone whose ``origin`` is the bare repository."""
        subprocess.run(["git", "clone", "--quiet", str(self.bare), str(path)], check=True, capture_output=True)
        for key, value in (("user.name", "Test"), ("user.email", "test@example.com")):
            subprocess.run(["git", "config", key, value], cwd=path, check=True)
        return Path(path)

    # -- test controls ------------------------------------------------------------------------------
    def fail(self, method: str, path_regex: str, status: int, *, times: int = 1, retry_after: float | None = None,
             secondary: bool = False, message: str = "", after_applying: bool = False) -> None:
        headers = {}
        if retry_after is not None:
            headers["Retry-After"] = str(int(retry_after))
        if secondary and not message:
            message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        self.faults.append(Fault(method.upper(), re.compile(path_regex), status, times, headers,
                                 message or f"injected {status}", after_applying))

    def add_review(self, number: int, user: str, state: str = "APPROVED", commit_id: str | None = None) -> dict:
        with self.lock:
            pull = self.pulls[number]
            review = {
                "id": self._new_id(), "node_id": "R", "user": self._user(user), "body": "", "state": state,
                "html_url": f"{self.url}/{self.full_name}/pull/{number}#review",
                "pull_request_url": pull["url"], "author_association": "MEMBER",
                "_links": {"html": {"href": pull["html_url"]}, "pull_request": {"href": pull["url"]}},
                "submitted_at": self._now(), "commit_id": commit_id or self._head_sha(pull),
            }
            self.reviews.setdefault(number, []).append(review)
            return review

    def add_check_run(self, sha: str, name: str, status: str = "completed", conclusion: str | None = "success",
                      app: str = "github-actions", started_at: str | None = None) -> None:
        """A check run as GitHub records it: ``app`` is the slug of the GitHub App that created it
        (``github-actions`` for a workflow job); ``started_at`` defaults to now (the double's clock)."""
        with self.lock:
            self.check_runs.setdefault(sha, []).append({"name": name, "status": status, "conclusion": conclusion,
                                                        "app": app, "started_at": started_at or self._now()})

    def open_pull_as(self, user: str, head: str, base: str = "main", *, title: str = "", body: str = "",
                     head_repo: str | None = None, head_sha: str | None = None) -> int:
        """A pull request opened by someone else than the token's account, or from a fork
        (``head_repo`` owner/name; its branch need not exist here, ``head_sha`` names its tip)."""
        with self.lock:
            number = self._new_issue(title, body or None)
            self.issues[number]["user"] = user
            self.pulls[number] = {"head": head, "base": base, "draft": False,
                                  "html_url": f"{self.url}/{self.full_name}/pull/{number}",
                                  "url": self._api(f"/pulls/{number}")}
            if head_repo and head_repo.lower() != self.full_name.lower():
                self.pulls[number]["head_repo"] = head_repo
                self.pulls[number]["fork_sha"] = head_sha
                self._git("update-ref", f"refs/pull/{number}/head", head_sha)  # GitHub keeps fork heads here
            return number

    def add_status(self, sha: str, context: str, state: str = "success") -> None:
        with self.lock:
            self.statuses.setdefault(sha, []).append({"context": context, "state": state})

    def count(self, method: str | None = None, path_regex: str | None = None, writes_only: bool = False) -> int:
        pattern = re.compile(path_regex) if path_regex else None
        return sum(
            1 for m, p, _ in self.requests
            if (method is None or m == method) and (pattern is None or pattern.search(p))
            and (not writes_only or m in WRITE_METHODS)
        )

    def branch_sha(self, branch: str) -> str | None:
        return self._rev(f"refs/heads/{branch}")

    def file_on(self, ref: str, path: str) -> str | None:
        proc = subprocess.run(["git", "cat-file", "blob", f"{ref}:{path}"], cwd=self.bare, capture_output=True)
        return proc.stdout.decode() if proc.returncode == 0 else None

    # -- HTTP -------------------------------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        split = urlsplit(handler.path)
        path, query = split.path, {k: v[-1] for k, v in parse_qs(split.query).items()}
        method = handler.command
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        status, payload, headers = 500, {"message": "unhandled"}, {}
        with self.lock:
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
                status, payload = 400, {"message": "Problems parsing JSON"}
            else:
                try:
                    status, payload, headers = self._dispatch(handler, method, path, query, body)
                except ApiError as exc:
                    status, headers = exc.status, exc.headers
                    payload = {"message": exc.message, "documentation_url": "https://docs.github.com/rest"}
                    if exc.errors:
                        payload["errors"] = exc.errors
            self.requests.append((method, path, status))
        data = b"" if payload is None else json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("X-RateLimit-Limit", "5000")
        handler.send_header("X-RateLimit-Remaining", "4999")
        handler.send_header("X-RateLimit-Reset", "4102444800")
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _dispatch(self, handler, method, path, query, body):
        if handler.headers.get("Authorization", "") not in (f"token {self.token}", f"Bearer {self.token}"):
            raise ApiError(401, "Bad credentials")
        if path in ("/graphql", "/api/graphql") and method == "POST":
            return self._graphql(body)
        found = self.spec.find(method, path)
        if not found:
            self.violations.append(f"{method} {path}: not an operation of the API subset")
            raise ApiError(404, "Not Found")
        op, params = found
        if params.get("owner", self.owner).lower() != self.owner.lower() or params.get("repo", self.name).lower() != self.name.lower():
            raise ApiError(404, "Not Found")
        errors = self.spec.request_errors(op, body) if method in WRITE_METHODS and op.request_schema else []
        if errors:
            self.violations.append(f"{method} {op.template}: " + "; ".join(errors))
            raise ApiError(422, "Invalid request.\n\n" + "\n".join(errors))
        fault = next((f for f in self.faults if f.method == method and f.path_regex.search(path) and f.times > 0), None)
        if fault and not fault.apply_first:
            fault.times -= 1
            raise ApiError(fault.status, fault.message, headers=fault.headers)
        handler_name = "_op_" + re.sub(r"\W+", "_", op.template.replace("/repos/{owner}/{repo}", "")).strip("_") + "_" + method.lower()
        result = getattr(self, handler_name)(params, query, body)
        status, payload, headers = (result + ({},))[:3] if isinstance(result, tuple) else (200, result, {})
        if fault and fault.apply_first:
            fault.times -= 1
            raise ApiError(fault.status, fault.message, headers=fault.headers)
        if self.check_responses and payload is not None:
            problems = self.spec.response_errors(op, status, payload)
            if problems:
                self.violations.append(f"answer to {method} {op.template}: " + "; ".join(problems[:3]))
        return status, payload, headers

    # -- GraphQL ----------------------------------------------------------------------------------------
    def add_discussion_category(self, name: str) -> str:
        category = {"id": f"DIC_{len(self.discussion_categories) + 1}", "name": name}
        self.discussion_categories.append(category)
        return category["id"]

    def _graphql_check(self, body) -> tuple[str, dict]:
        """The operation's root field and its variables, checked against GitHub's types (graphql-subset.json)."""
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            raise ApiError(400, "A query attribute must be specified and must be a string.")
        query, variables = body["query"], body.get("variables") or {}
        before = len(self.violations)
        if not isinstance(variables, dict):
            raise ApiError(400, "Variables are invalid JSON.")
        root = re.search(r"^\s*(query|mutation)\b[^{]*\{\s*(\w+)\s*\(", query)
        if not root or root[2] not in self.graphql_spec["operations"]:
            self.violations.append(f"GraphQL: not an operation of the subset: {query[:80]!r}")
            raise ApiError(400, "Unknown operation")
        operation = self.graphql_spec["operations"][root[2]]
        if operation["kind"] != root[1]:
            self.violations.append(f"GraphQL: {root[2]} is a {operation['kind']}, sent as {root[1]}")
        declared = dict(re.findall(r"\$(\w+)\s*:\s*([\w!\[\]]+)", query.split("{", 1)[0]))
        for name in set(declared) ^ set(variables):
            if name in declared and declared[name].endswith("!"):
                self.violations.append(f"GraphQL: variable ${name} is declared non-null but not given")
            elif name not in declared:
                self.violations.append(f"GraphQL: variable ${name} is given but not declared")
        arguments = dict(re.findall(r"(\w+)\s*:\s*\$(\w+)", query))
        allowed = dict(operation["arguments"])
        for field in operation.get("fields", {}).values():
            allowed.update(field["arguments"])
        for argument, variable in arguments.items():
            expected = allowed.get(argument)
            if expected is None:
                self.violations.append(f"GraphQL: {root[2]} takes no argument '{argument}'")
            elif declared.get(variable, "").rstrip("!") != expected.rstrip("!"):
                self.violations.append(f"GraphQL: ${variable} is {declared.get(variable)}, '{argument}' wants {expected}")
        if len(self.violations) > before:
            raise ApiError(200, self.violations[-1])
        for name, kind in declared.items():
            schema = self.graphql_spec["inputs"].get(kind.rstrip("!"))
            if schema is not None and name in variables:
                errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(variables[name])]
                if errors:
                    self.violations.append(f"GraphQL: ${name}: " + "; ".join(errors))
                    raise ApiError(200, "; ".join(errors))
        return root[2], variables

    def _graphql(self, body):
        try:
            field, variables = self._graphql_check(body)
        except ApiError as exc:
            if exc.status == 200:  # GitHub answers type errors with 200 and an errors list
                return 200, {"errors": [{"message": exc.message, "type": "INVALID_INPUT"}]}, {}
            raise
        repo_id = f"R_{self.full_name}"
        if field == "pinIssue":
            number = int(str(variables["input"]["issueId"]).removeprefix("I_") or 0) if str(
                variables["input"]["issueId"]).startswith("I_") else 0
            if number not in self.issues:
                return 200, {"data": {"pinIssue": None},
                             "errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a node with the global id"}]}, {}
            self.issues[number]["pinned"] = True
            return 200, {"data": {"pinIssue": {"issue": {"number": number}}}}, {}
        if field == "repository":
            if variables.get("owner", "").lower() != self.owner.lower() or variables.get("name", "").lower() != self.name.lower():
                return 200, {"data": {"repository": None}, "errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a Repository"}]}, {}
            wanted = variables.get("categoryId")
            discussions = [d for d in reversed(self.discussions) if wanted in (None, d["categoryId"])]
            return 200, {"data": {"repository": {
                "id": repo_id,
                "discussionCategories": {"nodes": [dict(c) for c in self.discussion_categories]},
                "discussions": {"nodes": [{"url": d["url"], "body": d["body"]} for d in discussions[:50]]},
            }}}, {}
        data = variables["input"]
        if data["repositoryId"] != repo_id or data["categoryId"] not in {c["id"] for c in self.discussion_categories}:
            return 200, {"data": {"createDiscussion": None},
                         "errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a node with the global id"}]}, {}
        number = self._new_id()
        discussion = {"id": f"D_{number}", "number": number, "title": data["title"], "body": data["body"],
                      "categoryId": data["categoryId"], "url": f"https://github.com/{self.full_name}/discussions/{number}"}
        self.discussions.append(discussion)
        return 200, {"data": {"createDiscussion": {"discussion": {"id": discussion["id"], "url": discussion["url"]}}}}, {}

    # -- shapes ----------------------------------------------------------------------------------------
    def _now(self) -> str:
        self._tick += 1
        return (self.epoch + timedelta(seconds=self._tick)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _api(self, suffix: str = "") -> str:
        return f"{self.url}/repos/{self.full_name}{suffix}"

    def _user(self, login: str) -> dict:
        user = self.spec.skeleton("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", 200)["user"]
        user.update({
            "login": login, "id": abs(hash(login)) % 10_000_000, "node_id": f"U_{login}",
            "type": "Bot" if login.endswith("[bot]") else "User",
            "url": f"{self.url}/users/{login}", "html_url": f"{self.url}/{login}",
            "avatar_url": f"{self.url}/avatars/{login}",
        })
        return user

    def _repo_shape(self) -> dict:
        repo = self.spec.skeleton("GET", "/repos/{owner}/{repo}", 200)
        repo.update({
            "id": 1, "node_id": "R_1", "name": self.name, "full_name": self.full_name, "owner": self._user(self.owner),
            "private": False, "html_url": f"{self.url}/{self.full_name}", "url": self._api(),
            "default_branch": self.default_branch, "clone_url": str(self.bare), "visibility": "public",
            "permissions": dict(self.settings["permissions"]),
        })
        return repo

    def _label_shape(self, name: str) -> dict:
        return self.labels.get(name.lower()) or {
            "id": self._new_id(), "node_id": "L", "url": self._api(f"/labels/{quote(name)}"), "name": name,
            "description": "", "color": "ededed", "default": False,
        }

    def _issue_shape(self, number: int) -> dict:
        issue = self.issues[number]
        shape = self.spec.skeleton("GET", "/repos/{owner}/{repo}/issues/{issue_number}", 200)
        shape.update({
            "id": issue["id"], "node_id": f"I_{number}", "number": number, "title": issue["title"], "body": issue["body"],
            "state": issue["state"], "locked": False, "user": self._user(issue["user"]),
            "labels": [self._label_shape(n) for n in issue["labels"]],
            "assignee": self._user(issue["assignees"][0]) if issue["assignees"] else None,
            "assignees": [self._user(a) for a in issue["assignees"]],
            "comments": sum(1 for c in self.comments.values() if c["issue"] == number),
            "url": self._api(f"/issues/{number}"), "html_url": f"{self.url}/{self.full_name}/issues/{number}",
            "comments_url": self._api(f"/issues/{number}/comments"), "events_url": self._api(f"/issues/{number}/events"),
            "labels_url": self._api(f"/issues/{number}/labels{{/name}}"), "repository_url": self._api(),
            "created_at": issue["created_at"], "updated_at": issue["updated_at"], "closed_at": issue.get("closed_at"),
            "author_association": "MEMBER",
        })
        if number in self.pulls:
            shape["pull_request"] = {"url": self._api(f"/pulls/{number}"), "html_url": self.pulls[number]["html_url"],
                                     "diff_url": None, "patch_url": None, "merged_at": self.pulls[number].get("merged_at")}
        return shape

    def _branch_shape(self, ref: str, sha: str | None, full_name: str | None = None) -> dict:
        repo = self.spec.skeleton("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", 200)["head"]["repo"]
        repo.update(self._repo_shape())
        owner = self.owner
        if full_name and full_name.lower() != self.full_name.lower():  # a fork: its own repository object
            owner, name = full_name.split("/", 1)
            repo.update({"id": 2, "node_id": "R_2", "name": name, "full_name": full_name, "owner": self._user(owner),
                         "fork": True, "html_url": f"{self.url}/{full_name}", "url": f"{self.url}/repos/{full_name}"})
        return {"label": f"{owner}:{ref}", "ref": ref, "sha": sha or "0" * 40, "user": self._user(owner), "repo": repo}

    def _pull_shape(self, number: int, full: bool = True) -> dict:
        pull = self.pulls[number]
        issue = self.issues[number]
        template = "/repos/{owner}/{repo}/pulls/{pull_number}" if full else "/repos/{owner}/{repo}/pulls"
        shape = self.spec.skeleton("GET", template, 200)
        api = self._api(f"/pulls/{number}")
        html = pull["html_url"]
        head_sha = self._head_sha(pull)
        shape.update({
            "id": issue["id"], "node_id": f"PR_{number}", "number": number, "state": issue["state"], "locked": False,
            "title": issue["title"], "body": issue["body"], "user": self._user(issue["user"]),
            "labels": [self._label_shape(n) for n in issue["labels"]],
            "assignee": self._user(issue["assignees"][0]) if issue["assignees"] else None,
            "assignees": [self._user(a) for a in issue["assignees"]], "requested_reviewers": [], "requested_teams": [],
            "milestone": None, "created_at": issue["created_at"], "updated_at": issue["updated_at"],
            "closed_at": issue.get("closed_at"), "merged_at": pull.get("merged_at"),
            "merge_commit_sha": pull.get("merge_commit_sha"), "draft": pull.get("draft", False),
            "head": self._branch_shape(pull["head"], head_sha, pull.get("head_repo")), "base": self._branch_shape(pull["base"], self._rev(f"refs/heads/{pull['base']}")),
            "url": api, "html_url": html, "diff_url": html + ".diff", "patch_url": html + ".patch",
            "issue_url": self._api(f"/issues/{number}"), "commits_url": api + "/commits",
            "review_comments_url": api + "/comments", "review_comment_url": self._api("/pulls/comments{/number}"),
            "comments_url": self._api(f"/issues/{number}/comments"), "statuses_url": self._api(f"/statuses/{head_sha}"),
            "author_association": "MEMBER", "auto_merge": None, "active_lock_reason": None,
            "_links": {k: {"href": v} for k, v in {
                "self": api, "html": html, "issue": self._api(f"/issues/{number}"),
                "comments": self._api(f"/issues/{number}/comments"), "review_comments": api + "/comments",
                "review_comment": self._api("/pulls/comments{/number}"), "commits": api + "/commits",
                "statuses": self._api(f"/statuses/{head_sha}"),
            }.items()},
        })
        if full:
            files = self._diff(pull) if issue["state"] == "open" else []
            mergeable = self._mergeable(pull) if issue["state"] == "open" else None
            shape.update({
                "merged": bool(pull.get("merged_at")), "mergeable": mergeable, "rebaseable": mergeable,
                "mergeable_state": {True: "clean", False: "dirty", None: "unknown"}[mergeable],
                "merged_by": self._user(pull["merged_by"]) if pull.get("merged_by") else None,
                "comments": sum(1 for c in self.comments.values() if c["issue"] == number), "review_comments": 0,
                "maintainer_can_modify": True, "commits": 1, "additions": 0, "deletions": 0, "changed_files": len(files),
            })
        return shape

    def _comment_shape(self, comment: dict) -> dict:
        shape = self.spec.skeleton("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", 201)
        shape.update({
            "id": comment["id"], "node_id": f"C_{comment['id']}", "body": comment["body"], "user": self._user(comment["user"]),
            "url": self._api(f"/issues/comments/{comment['id']}"),
            "html_url": f"{self.url}/{self.full_name}/issues/{comment['issue']}#issuecomment-{comment['id']}",
            "issue_url": self._api(f"/issues/{comment['issue']}"), "created_at": comment["created_at"],
            "updated_at": comment["updated_at"], "author_association": "MEMBER",
        })
        return shape

    # -- git ---------------------------------------------------------------------------------------------
    def _git(self, *args, input: bytes | None = None, env: dict | None = None, check: bool = True) -> str:
        import os

        proc = subprocess.run(["git", *args], cwd=self.bare, input=input, capture_output=True,
                              env={**os.environ, **(env or {})})
        if check and proc.returncode != 0:
            raise ApiError(422, f"git {args[0]}: {proc.stderr.decode(errors='replace').strip()}")
        return proc.stdout.decode(errors="replace")

    def _rev(self, ref: str) -> str | None:
        out = self._git("rev-parse", "--verify", "--quiet", ref, check=False).strip()
        return out or None

    def _head_sha(self, pull: dict) -> str | None:
        if pull.get("head_repo"):  # a fork's branch is not a branch here
            return pull.get("head_sha_at_merge") or pull.get("fork_sha")
        return pull.get("head_sha_at_merge") or self._rev(f"refs/heads/{pull['head']}")

    def _mergeable(self, pull: dict) -> bool:
        base, head = self._rev(f"refs/heads/{pull['base']}"), self._head_sha(pull)
        if not base or not head:
            return False
        return subprocess.run(["git", "merge-tree", "--write-tree", base, head], cwd=self.bare, capture_output=True).returncode == 0

    def _diff(self, pull: dict) -> list[tuple[str, str]]:
        base, head = self._rev(f"refs/heads/{pull['base']}"), self._head_sha(pull)
        if not base or not head:
            return []
        out = self._git("diff", "--name-status", "-z", "--no-renames", f"{base}...{head}", check=False)
        parts = [p for p in out.split("\0") if p]
        return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]

    def _commit(self, tree: str, parents: list[str], message: str, author: str = "GitHub") -> str:
        env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "noreply@github.com",
               "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}
        args = ["commit-tree", tree] + [a for p in parents for a in ("-p", p)]
        return self._git(*args, input=message.encode(), env=env).strip()

    def _tree_with(self, base_tree: str | None, changes: dict[str, tuple[str, str] | None]) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            self._git("read-tree", *([base_tree] if base_tree else ["--empty"]), env=env)
            lines = [f"0 {'0' * 40}\t{p}" if v is None else f"{v[0]} {v[1]}\t{p}" for p, v in changes.items()]
            if lines:
                self._git("update-index", "--index-info", input=("\n".join(lines) + "\n").encode(), env=env)
            return self._git("write-tree", env=env).strip()

    # -- repository, branches, refs ------------------------------------------------------------------------
    def _op_user_get(self, params, query, body):  # GET /user: who the token is
        if self.bot.endswith("[bot]"):  # an installation token (GITHUB_TOKEN, an app's) has no user: GitHub says so
            raise ApiError(403, "Resource not accessible by integration")
        return self._user(self.bot)

    def _op_get(self, params, query, body):  # GET /repos/{owner}/{repo}
        return self._repo_shape()

    _op__get = _op_get  # the handler name of GET /repos/{owner}/{repo} as _dispatch spells it

    # -- settings (read by commons doctor) ----------------------------------------------------------------
    def _shape(self, template: str, fields: dict, status: int = 200) -> dict:
        shape = self.spec.skeleton("GET", template, status)
        shape.update(fields)
        return shape

    def _environment_shape(self, name: str, env: dict) -> dict:
        branches = env.get("branches")
        policy = None if branches is None else {"protected_branches": False, "custom_branch_policies": True}
        return {
            "id": abs(hash(name)) % 10_000_000, "node_id": f"EN_{name}", "name": name, "url": self._api(f"/environments/{quote(name)}"),
            "html_url": f"{self.url}/{self.full_name}/deployments/activity_log?environments_filter={quote(name)}",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "protection_rules": [], "deployment_branch_policy": policy,
        }

    def _op_environments_get(self, params, query, body):
        envs = [self._environment_shape(n, e) for n, e in sorted(self.settings["environments"].items())]
        return {"total_count": len(envs), "environments": envs}

    def _secrets(self, names) -> dict:
        return {"total_count": len(names), "secrets": [
            {"name": n, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"} for n in names]}

    def _op_environments_environment_name_secrets_get(self, params, query, body):
        env = self.settings["environments"].get(unquote(params["environment_name"]))
        if env is None:
            raise ApiError(404, "Not Found")
        return self._secrets(env.get("secrets", []))

    def _op_actions_secrets_get(self, params, query, body):
        return self._secrets(self.settings["secrets"])

    def _op_actions_organization_secrets_get(self, params, query, body):
        return self._secrets(self.settings["organization_secrets"])

    def _op_rules_branches_branch_get(self, params, query, body):
        return [{"ruleset_source_type": "Repository", "ruleset_source": self.full_name, "ruleset_id": 1, **rule}
                for rule in self.settings["rules"].get(unquote(params["branch"]), [])]

    def _op_branches_branch_protection_get(self, params, query, body):
        branch = unquote(params["branch"])
        if branch not in self.settings["protection"]:
            raise ApiError(404, "Branch not protected")
        return {"url": self._api(f"/branches/{quote(branch)}/protection"), **self.settings["protection"][branch]}

    def _op_actions_permissions_get(self, params, query, body):
        answer = {"enabled": self.settings["actions_enabled"]}
        if self.settings["actions_enabled"]:
            answer["allowed_actions"] = self.settings["allowed_actions"]
        return answer

    def _op_actions_permissions_workflow_get(self, params, query, body):
        return {"default_workflow_permissions": self.settings["default_workflow_permissions"],
                "can_approve_pull_request_reviews": self.settings["can_approve_pull_request_reviews"]}

    def _op_pages_get(self, params, query, body):
        pages = self.settings["pages"]
        if pages is None:
            raise ApiError(404, "Not Found")
        answer = self.spec.skeleton("GET", "/repos/{owner}/{repo}/pages", 200) | {
            "url": self._api("/pages"), "status": "built", "cname": None, "custom_404": False,
            "html_url": f"https://{self.owner}.github.io/{self.name}/", "public": True,
            "build_type": pages.get("build_type", "workflow"), "https_enforced": True,
        }
        if answer["build_type"] == "legacy":
            answer["source"] = {"branch": self.default_branch, "path": "/"}
        else:
            answer.pop("source", None)
        return answer

    def _op_branches_branch_get(self, params, query, body):
        sha = self._rev(f"refs/heads/{params['branch']}")
        if not sha:
            raise ApiError(404, "Branch not found")
        shape = self.spec.skeleton("GET", "/repos/{owner}/{repo}/branches/{branch}", 200)
        shape.update({"name": params["branch"], "protected": False,
                      "_links": {"html": f"{self.url}/{self.full_name}/tree/{params['branch']}", "self": self._api(f"/branches/{params['branch']}")},
                      "protection_url": self._api(f"/branches/{params['branch']}/protection")})
        shape["commit"].update({"sha": sha, "url": self._api(f"/commits/{sha}")})
        return shape

    def _ref_shape(self, ref: str, sha: str) -> dict:
        return {"ref": ref, "node_id": "REF", "url": self._api(f"/git/{ref}"),
                "object": {"type": "commit", "sha": sha, "url": self._api(f"/git/commits/{sha}")}}

    def _op_git_ref_ref_get(self, params, query, body):
        ref = "refs/" + params["ref"]
        sha = self._rev(ref)
        if not sha:
            raise ApiError(404, "Not Found")
        return self._ref_shape(ref, sha)

    def _op_git_refs_post(self, params, query, body):
        ref = body["ref"]
        if not ref.startswith("refs/") or ref.count("/") < 2:
            raise ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.")
        if self._rev(ref):
            raise ApiError(422, "Reference already exists")
        if not self._git("cat-file", "-t", body["sha"], check=False).strip() == "commit":
            raise ApiError(422, "Object does not exist")
        self._git("update-ref", ref, body["sha"])
        return 201, self._ref_shape(ref, body["sha"]), {"Location": self._api(f"/git/{ref}")}

    def _op_git_refs_ref_patch(self, params, query, body):
        ref = "refs/" + params["ref"]
        old = self._rev(ref)
        if not old:
            raise ApiError(422, "Reference does not exist")
        if not body.get("force"):
            proc = subprocess.run(["git", "merge-base", "--is-ancestor", old, body["sha"]], cwd=self.bare, capture_output=True)
            if proc.returncode != 0:
                raise ApiError(422, "Update is not a fast forward")
        self._git("update-ref", ref, body["sha"], old)
        return self._ref_shape(ref, body["sha"])

    def _op_git_refs_ref_delete(self, params, query, body):
        ref = "refs/" + params["ref"]
        if not self._rev(ref):
            raise ApiError(422, "Reference does not exist")
        self._git("update-ref", "-d", ref)
        return 204, None

    # -- git objects --------------------------------------------------------------------------------------------
    def _op_git_blobs_post(self, params, query, body):
        data = base64.b64decode(body["content"]) if body.get("encoding") == "base64" else body["content"].encode()
        sha = self._git("hash-object", "-w", "--stdin", input=data).strip()
        return 201, {"url": self._api(f"/git/blobs/{sha}"), "sha": sha}

    def _op_git_trees_post(self, params, query, body):
        changes = {}
        for entry in body["tree"]:
            if entry.get("sha", "") is None:
                changes[entry["path"]] = None
                continue
            sha = entry.get("sha")
            if sha is None:
                sha = self._git("hash-object", "-w", "--stdin", input=entry.get("content", "").encode()).strip()
            changes[entry["path"]] = (entry.get("mode", "100644"), sha)
        tree = self._tree_with(body.get("base_tree"), changes)
        return 201, self._tree_shape(tree, recursive=False)

    def _tree_shape(self, tree: str, recursive: bool) -> dict:
        out = self._git("ls-tree", *(["-r"] if recursive else []), "-z", tree)
        entries = []
        for record in filter(None, out.split("\0")):
            meta, path = record.split("\t", 1)
            mode, kind, sha = meta.split(" ")
            entries.append({"path": path, "mode": mode, "type": kind, "sha": sha, "url": self._api(f"/git/{kind}s/{sha}")})
        return {"sha": tree, "url": self._api(f"/git/trees/{tree}"), "tree": entries, "truncated": False}

    def _op_git_trees_tree_sha_get(self, params, query, body):
        if self._git("cat-file", "-t", params["tree_sha"], check=False).strip() not in ("tree", "commit"):
            raise ApiError(404, "Not Found")
        return self._tree_shape(params["tree_sha"], recursive=bool(query.get("recursive")))

    def _commit_shape(self, sha: str) -> dict:
        out = self._git("cat-file", "commit", sha)
        header, _, message = out.partition("\n\n")
        tree, parents = "", []
        for line in header.splitlines():
            if line.startswith("tree "):
                tree = line[5:]
            elif line.startswith("parent "):
                parents.append(line[7:])
        person = {"name": "GitHub", "email": "noreply@github.com", "date": "2026-01-01T00:00:00Z"}
        return {
            "sha": sha, "node_id": "C", "url": self._api(f"/git/commits/{sha}"), "html_url": f"{self.url}/{self.full_name}/commit/{sha}",
            "author": person, "committer": person, "message": message.rstrip("\n"),
            "tree": {"sha": tree, "url": self._api(f"/git/trees/{tree}")},
            "parents": [{"sha": p, "url": self._api(f"/git/commits/{p}"), "html_url": f"{self.url}/{self.full_name}/commit/{p}"} for p in parents],
            "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None, "verified_at": None},
        }

    def _op_git_commits_post(self, params, query, body):
        sha = self._commit(body["tree"], body.get("parents", []), body["message"])
        return 201, self._commit_shape(sha)

    def _op_git_commits_commit_sha_get(self, params, query, body):
        if self._git("cat-file", "-t", params["commit_sha"], check=False).strip() != "commit":
            raise ApiError(404, "Not Found")
        return self._commit_shape(params["commit_sha"])

    # -- contents ------------------------------------------------------------------------------------------------
    def _op_contents_path_get(self, params, query, body):
        ref = query.get("ref") or self.default_branch
        path = params["path"]
        proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}:{path}"], cwd=self.bare, capture_output=True)
        if proc.returncode != 0:
            raise ApiError(404, "Not Found")
        sha = proc.stdout.decode().strip()
        data = subprocess.run(["git", "cat-file", "blob", sha], cwd=self.bare, capture_output=True).stdout
        return {"type": "file", "encoding": "base64", "size": len(data), "name": path.rsplit("/", 1)[-1], "path": path,
                "content": base64.b64encode(data).decode(), "sha": sha, "url": self._api(f"/contents/{path}?ref={ref}"),
                "git_url": self._api(f"/git/blobs/{sha}"), "html_url": f"{self.url}/{self.full_name}/blob/{ref}/{path}",
                "download_url": f"{self.url}/raw/{ref}/{path}",
                "_links": {"self": self._api(f"/contents/{path}"), "git": self._api(f"/git/blobs/{sha}"), "html": f"{self.url}/{self.full_name}/blob/{ref}/{path}"}}

    def _op_contents_path_put(self, params, query, body):
        branch = body.get("branch") or self.default_branch
        path = params["path"]
        tip = self._rev(f"refs/heads/{branch}")
        if not tip:
            raise ApiError(404, f"Branch {branch} not found")
        proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{tip}:{path}"], cwd=self.bare, capture_output=True)
        current = proc.stdout.decode().strip() if proc.returncode == 0 else None
        if current and not body.get("sha"):
            raise ApiError(422, "Invalid request.\n\n\"sha\" wasn't supplied.")
        if current and body.get("sha") != current:
            raise ApiError(409, f"{path} does not match {body.get('sha')}")
        blob = self._git("hash-object", "-w", "--stdin", input=base64.b64decode(body["content"])).strip()
        tree = self._tree_with(f"{tip}^{{tree}}", {path: ("100644", blob)})
        commit = self._commit(tree, [tip], body["message"])
        self._git("update-ref", f"refs/heads/{branch}", commit, tip)
        html = f"{self.url}/{self.full_name}/blob/{branch}/{path}"
        content = {"name": path.rsplit("/", 1)[-1], "path": path, "sha": blob, "size": 0, "type": "file",
                   "url": self._api(f"/contents/{path}"), "html_url": html, "git_url": self._api(f"/git/blobs/{blob}"),
                   "download_url": f"{self.url}/raw/{branch}/{path}",
                   "_links": {"self": self._api(f"/contents/{path}"), "git": self._api(f"/git/blobs/{blob}"), "html": html}}
        return (200 if current else 201), {"content": content, "commit": self._commit_shape(commit)}

    # -- pulls ------------------------------------------------------------------------------------------------------
    def _op_pulls_get(self, params, query, body):
        state = query.get("state", "open")
        pulls = [n for n in self.pulls if state == "all" or self.issues[n]["state"] == state]
        if "head" in query:
            owner, _, branch = query["head"].partition(":")
            pulls = [n for n in pulls if owner.lower() == self.owner.lower() and self.pulls[n]["head"] == branch]
        if "base" in query:
            pulls = [n for n in pulls if self.pulls[n]["base"] == query["base"]]
        pulls.sort(reverse=query.get("direction", "desc" if query.get("sort", "created") == "created" else "asc") == "desc")
        return self._page([self._pull_shape(n, full=False) for n in pulls], query, "/pulls")

    def _page(self, items: list, query: dict, suffix: str):
        per_page, page = min(int(query.get("per_page", 30)), 100), int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(items):
            rest = {k: v for k, v in query.items() if k != "page"}
            params = "&".join(f"{k}={quote(str(v))}" for k, v in rest.items())
            headers["Link"] = f'<{self._api(suffix)}?{params}&page={page + 1}>; rel="next"'
        return 200, chunk, headers

    def _op_pulls_post(self, params, query, body):
        head, base = body["head"].split(":")[-1], body["base"]
        head_sha, base_sha = self._rev(f"refs/heads/{head}"), self._rev(f"refs/heads/{base}")
        if not head_sha or not base_sha:
            raise ApiError(422, "Validation Failed", [{"resource": "PullRequest", "field": "head" if not head_sha else "base", "code": "invalid"}])
        if any(p["head"] == head and self.issues[n]["state"] == "open" for n, p in self.pulls.items()):
            raise ApiError(422, "Validation Failed", [{"resource": "PullRequest", "code": "custom", "message": f"A pull request already exists for {self.owner}:{head}."}])
        if self._git("rev-list", "--count", f"{base_sha}..{head_sha}").strip() == "0":
            raise ApiError(422, "Validation Failed", [{"resource": "PullRequest", "code": "custom", "message": f"No commits between {base} and {head}"}])
        number = self._new_issue(body.get("title", ""), body.get("body") or None)
        self.pulls[number] = {"head": head, "base": base, "draft": body.get("draft", False),
                              "html_url": f"{self.url}/{self.full_name}/pull/{number}", "url": self._api(f"/pulls/{number}")}
        return 201, self._pull_shape(number), {"Location": self._api(f"/pulls/{number}")}

    def _new_issue(self, title: str, body: str | None) -> int:
        number = self._next_number
        self._next_number += 1
        now = self._now()
        self.issues[number] = {"id": self._new_id(), "title": title, "body": body, "state": "open", "user": self.bot,
                               "labels": [], "assignees": [], "created_at": now, "updated_at": now}
        return number

    def _pull(self, params) -> int:
        number = int(params["pull_number"])
        if number not in self.pulls:
            raise ApiError(404, "Not Found")
        return number

    def _op_pulls_pull_number_get(self, params, query, body):
        return self._pull_shape(self._pull(params))

    def _op_pulls_pull_number_patch(self, params, query, body):
        number = self._pull(params)
        issue = self.issues[number]
        for key in ("title", "body"):
            if key in body:
                issue[key] = body[key]
        if "state" in body:
            issue["state"] = body["state"]
            issue["closed_at"] = self._now() if body["state"] == "closed" else None
        if "base" in body:
            self.pulls[number]["base"] = body["base"]
        issue["updated_at"] = self._now()
        return self._pull_shape(number)

    def _op_pulls_pull_number_files_get(self, params, query, body):
        number = self._pull(params)
        letters = {"A": "added", "M": "modified", "D": "removed"}
        files = []
        for letter, path in self._diff(self.pulls[number]):
            files.append({"sha": "0" * 40, "filename": path, "status": letters.get(letter[0], "changed"),
                          "additions": 0, "deletions": 0, "changes": 0,
                          "blob_url": f"{self.url}/{self.full_name}/blob/x/{path}", "raw_url": f"{self.url}/{self.full_name}/raw/x/{path}",
                          "contents_url": self._api(f"/contents/{path}")})
        return self._page(files, query, f"/pulls/{number}/files")

    def _op_pulls_pull_number_reviews_get(self, params, query, body):
        return self._page(self.reviews.get(self._pull(params), []), query, f"/pulls/{params['pull_number']}/reviews")

    def _op_pulls_pull_number_merge_get(self, params, query, body):
        if not self.pulls[self._pull(params)].get("merged_at"):
            raise ApiError(404, "Not Found")
        return 204, None

    def _op_pulls_pull_number_merge_put(self, params, query, body):
        number = self._pull(params)
        pull, issue = self.pulls[number], self.issues[number]
        body = body or {}
        if issue["state"] != "open":
            raise ApiError(405, "Pull Request is not mergeable")
        head, base = self._head_sha(pull), self._rev(f"refs/heads/{pull['base']}")
        if body.get("sha") and body["sha"] != head:
            raise ApiError(409, "Head branch was modified. Review and try the merge again.")
        proc = subprocess.run(["git", "merge-tree", "--write-tree", base, head], cwd=self.bare, capture_output=True)
        if proc.returncode != 0:
            raise ApiError(405, "Pull Request is not mergeable")
        tree = proc.stdout.decode().split()[0]
        method = body.get("merge_method", "merge")
        title = body.get("commit_title") or (f"Merge pull request #{number} from {self.owner}/{pull['head']}" if method == "merge" else f"{issue['title']} (#{number})")
        message = title + ("\n\n" + body["commit_message"] if body.get("commit_message") else "")
        parents = [base, head] if method == "merge" else [base]
        sha = self._commit(tree, parents, message)
        self._git("update-ref", f"refs/heads/{pull['base']}", sha, base)
        now = self._now()
        pull.update({"merged_at": now, "merge_commit_sha": sha, "merged_by": self.bot, "head_sha_at_merge": head})
        issue.update({"state": "closed", "closed_at": now, "updated_at": now})
        return {"sha": sha, "merged": True, "message": "Pull Request successfully merged"}

    # -- issues ---------------------------------------------------------------------------------------------------------
    def _issue(self, params) -> int:
        number = int(params["issue_number"])
        if number not in self.issues:
            raise ApiError(404, "Not Found")
        return number

    def _op_issues_get(self, params, query, body):
        state = query.get("state", "open")
        numbers = sorted((n for n in self.issues if state == "all" or self.issues[n]["state"] == state), reverse=True)
        if query.get("labels"):
            wanted = {w.lower() for w in query["labels"].split(",")}
            numbers = [n for n in numbers if wanted <= {label.lower() for label in self.issues[n]["labels"]}]
        return self._page([self._issue_shape(n) for n in numbers], query, "/issues")

    def _op_issues_post(self, params, query, body):
        number = self._new_issue(str(body["title"]), body.get("body"))
        self._set_labels(number, body.get("labels") or [])
        self.issues[number]["assignees"] = list(body.get("assignees") or [])
        return 201, self._issue_shape(number)

    def _op_issues_issue_number_get(self, params, query, body):
        return self._issue_shape(self._issue(params))

    def _op_issues_issue_number_patch(self, params, query, body):
        number = self._issue(params)
        issue = self.issues[number]
        for key in ("title", "body", "state"):
            if key in body:
                issue[key] = body[key]
        if "labels" in body:
            issue["labels"] = []
            self._set_labels(number, body["labels"])
        if "assignees" in body:
            issue["assignees"] = list(dict.fromkeys(body["assignees"]))
        issue["updated_at"] = self._now()
        return self._issue_shape(number)

    def _set_labels(self, number: int, labels: list) -> None:
        issue = self.issues[number]
        for label in labels:
            name = label["name"] if isinstance(label, dict) else str(label)
            if name.lower() not in self.labels:  # GitHub creates a label it has not seen
                self.labels[name.lower()] = self._label_shape(name)
            if name.lower() not in {n.lower() for n in issue["labels"]}:
                issue["labels"].append(self.labels[name.lower()]["name"])

    def _op_issues_issue_number_assignees_post(self, params, query, body):
        number = self._issue(params)
        issue = self.issues[number]
        issue["assignees"] = list(dict.fromkeys(issue["assignees"] + list(body.get("assignees") or [])))
        return 201, self._issue_shape(number)

    def _op_issues_issue_number_labels_post(self, params, query, body):
        number = self._issue(params)
        labels = body.get("labels", []) if isinstance(body, dict) else ([body] if isinstance(body, str) else body)
        self._set_labels(number, labels)
        return [self._label_shape(n) for n in self.issues[number]["labels"]]

    def _op_issues_issue_number_labels_get(self, params, query, body):
        return self._page([self._label_shape(n) for n in self.issues[self._issue(params)]["labels"]], query, f"/issues/{params['issue_number']}/labels")

    def _op_issues_issue_number_comments_get(self, params, query, body):
        number = self._issue(params)
        items = [self._comment_shape(c) for c in sorted(self.comments.values(), key=lambda c: c["id"]) if c["issue"] == number]
        return self._page(items, query, f"/issues/{number}/comments")

    def _op_issues_issue_number_comments_post(self, params, query, body):
        number = self._issue(params)
        now = self._now()
        comment = {"id": self._new_id(), "issue": number, "body": body["body"], "user": self.bot, "created_at": now, "updated_at": now}
        self.comments[comment["id"]] = comment
        return 201, self._comment_shape(comment)

    def _op_issues_comments_comment_id_patch(self, params, query, body):
        comment = self.comments.get(int(params["comment_id"]))
        if not comment:
            raise ApiError(404, "Not Found")
        comment.update({"body": body["body"], "updated_at": self._now()})
        return self._comment_shape(comment)

    def _op_labels_get(self, params, query, body):
        return self._page(list(self.labels.values()), query, "/labels")

    def _op_labels_post(self, params, query, body):
        if body["name"].lower() in self.labels:
            raise ApiError(422, "Validation Failed", [{"resource": "Label", "code": "already_exists", "field": "name"}])
        label = self._label_shape(body["name"])
        label.update({"color": body.get("color", "ededed"), "description": body.get("description") or ""})
        self.labels[body["name"].lower()] = label
        return 201, label

    def _op_labels_name_patch(self, params, query, body):
        label = self.labels.get(params["name"].lower())
        if label is None:
            raise ApiError(404, "Not Found")
        new = body.get("new_name") or label["name"]
        if new.lower() != params["name"].lower() and new.lower() in self.labels:
            raise ApiError(422, "Validation Failed", [{"resource": "Label", "code": "already_exists", "field": "name"}])
        del self.labels[params["name"].lower()]
        label.update({"name": new, "url": self._api(f"/labels/{quote(new)}"),
                      **{k: body[k] for k in ("color", "description") if k in body}})
        self.labels[new.lower()] = label
        for issue in self.issues.values():  # GitHub renames the label on every issue and pull request carrying it
            issue["labels"] = [new if n.lower() == params["name"].lower() else n for n in issue["labels"]]
        return label

    # -- checks, rate limit ---------------------------------------------------------------------------------------------
    def _resolve(self, ref: str) -> str:
        return self._rev(f"refs/heads/{ref}") or self._rev(ref) or ref

    def _op_commits_ref_check_runs_get(self, params, query, body):
        sha = self._resolve(params["ref"])
        runs = []
        for i, run in enumerate(self.check_runs.get(sha, [])):
            runs.append({
                "id": i + 1, "node_id": "CR", "head_sha": sha, "external_id": "", "url": self._api(f"/check-runs/{i + 1}"),
                "html_url": None, "details_url": None, "status": run["status"], "conclusion": run["conclusion"],
                "started_at": run.get("started_at"), "completed_at": None, "name": run["name"], "check_suite": {"id": 1},
                "app": self._app_shape(run["app"]) if run.get("app") else None,
                "pull_requests": [], "output": {"title": None, "summary": None, "text": None, "annotations_count": 0, "annotations_url": ""},
            })
        return {"total_count": len(runs), "check_runs": runs}

    def _app_shape(self, slug: str) -> dict:
        """A GitHub App as the check-run schema describes it (``github-actions`` is GitHub's own, id 15368)."""
        owner = self._user("github" if slug == "github-actions" else slug)
        owner["type"] = "Organization"
        return {"id": 15368 if slug == "github-actions" else 900000 + len(slug), "slug": slug, "node_id": f"A_{slug}",
                "client_id": f"Iv1.{slug}", "owner": owner, "name": "GitHub Actions" if slug == "github-actions" else slug,
                "description": "", "external_url": f"https://github.com/apps/{slug}", "html_url": f"https://github.com/apps/{slug}",
                "created_at": "2018-07-30T09:30:17Z", "updated_at": "2024-04-10T20:33:16Z",
                "permissions": {"checks": "write", "contents": "read"}, "events": []}

    def _op_commits_ref_status_get(self, params, query, body):
        sha = self._resolve(params["ref"])
        statuses = self.statuses.get(sha, [])
        states = [s["state"] for s in statuses]
        state = "failure" if any(s in ("failure", "error") for s in states) else "pending" if (not states or "pending" in states) else "success"
        return {
            "state": state, "sha": sha, "total_count": len(statuses), "repository": self._repo_shape(),
            "commit_url": self._api(f"/commits/{sha}"), "url": self._api(f"/commits/{sha}/status"),
            "statuses": [{"id": i + 1, "node_id": "S", "url": self._api(f"/statuses/{sha}"), "avatar_url": None, "description": None,
                          "target_url": None, "context": s["context"], "state": s["state"], "created_at": "2026-01-01T00:00:00Z",
                          "updated_at": "2026-01-01T00:00:00Z"} for i, s in enumerate(statuses)],
        }

    def _op_rate_limit_get(self, params, query, body):
        core = {"limit": 5000, "remaining": 4999, "reset": 4102444800, "used": 1}
        return {"resources": {"core": core, "search": core, "graphql": core}, "rate": core}
