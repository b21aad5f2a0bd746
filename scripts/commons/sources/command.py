"""``commons suggest-source``: a suggested source, approved by a maintainer's label, becomes one PR.

Run by the source-suggestions workflow on ``issues: labeled``, from main's code with the event
file GitHub wrote; the issue body is data. Only the approval label, added by a maintainer of
commons.yml, acts. The feed is test-fetched with collect's fetcher and parser (every redirect
hop's host checked, as for ``/share``); a feed that fails gets one comment saying why and no
PR. Otherwise one branch ``commons/source/<issue>`` adds the source to commons.yml (comments
and layout kept; the result passes the same checks as ``commons validate``), one PR carries
the test fetch's result, and one comment on the issue links it. A rerun changes nothing.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from ..collect import failure
from .. import events
from ..i18n import say

APPROVED_LABEL = "source-approved"
SUGGESTION_LABEL = "source"  # the issue form's own label: a new suggestion makes sure maintainers have the approval label
APPROVED_COLOR = "0e8a16"
# Tests serve the feed from a local server; everywhere else a private or loopback host is refused.
ALLOW_PRIVATE_HOSTS = False


def add_arguments(parser) -> None:
    parser.add_argument("--event", type=Path, help="the issues event file (default: $GITHUB_EVENT_PATH)")
    parser.add_argument("--remote", default="origin", help="the git remote that is the GitHub repository")
    parser.add_argument("--dry-run", action="store_true", help="print the test fetch and the new commons.yml; change nothing")


def _labeled_issue(event: dict) -> dict:
    issue = event["issue"]
    return {
        "action": str(event.get("action") or ""), "label": str((event.get("label") or {}).get("name") or ""),
        "sender": str((event.get("sender") or {}).get("login") or ""), "number": int(issue["number"]),
        "body": str(issue.get("body") or ""), "is_pull": bool(issue.get("pull_request")),
        "created_at": str(issue.get("created_at") or ""),
    }


def read_event(path: Path | None) -> dict:
    return events.read(path, "sources", _labeled_issue)


def test_fetch(suggestion, source_id: str):
    """collect's fetcher and parser on the one feed: (core.TestFetch)."""
    from ..collect import fetch, parse
    from . import core

    outcome = fetch.Outcome(source_id)
    try:
        page = fetch.fetch_page(suggestion.url, fetch.Limits(timeout=30.0), allow_private=ALLOW_PRIVATE_HOSTS,
                                accept=fetch.ACCEPT)
        headers = {"content-type": page.content_type, "content-location": page.url}
        result = parse.parse_source(suggestion.kind, source_id, page.body, headers, 1000)
        if result.get("error"):
            raise fetch.FetchError.stored(result["error"])
        outcome.entries = result["entries"]
    except fetch.FetchError as exc:
        outcome.error = str(exc)
    return core.summarize(outcome)


def run(args) -> int:
    from .. import i18n
    from ..config import check_file, load_config
    from ..untrusted import code, for_github, for_log
    from . import core

    event = read_event(args.event)
    if event["action"] != "labeled" or event["label"] not in (APPROVED_LABEL, SUGGESTION_LABEL) or event["is_pull"]:
        print(say("sources.not_approval"))
        return 0
    repo = args.repo
    config = load_config(repo)
    if event["label"] == SUGGESTION_LABEL:
        return _ensure_approval_label(config, args.dry_run)
    maintainers = {h.lower() for h in config.review.maintainers}
    number = event["number"]
    if event["sender"].lower() not in maintainers:
        # Only a maintainer's label acts; anyone else's is ignored (no answer: it would invite retries).
        print(f"#{number}: " + say("sources.not_maintainer", who=for_log(event['sender'])))
        return 0

    from ..github import GitHub, GitHubError

    gh = None if args.dry_run else GitHub.from_env()

    def t_both(key: str, **words) -> str:  # the issue's answer, in the community's language only
        return i18n.catalog(config.language)(key, **words)

    def say_once(marker: str, text: str) -> int:
        if args.dry_run:
            print(text)
            return 0
        try:
            if any(marker in c.body for c in gh.comments(number)):
                print(f"#{number}: " + say("sources.answered"))
                return 0
            gh.add_comment(number, f"{marker}\n{text}\n", marker=marker)
        except GitHubError as exc:
            print(f"commons suggest-source: {exc}", file=sys.stderr)
            return 1
        return 0

    try:
        suggestion = core.parse_form(event["body"], ALLOW_PRIVATE_HOSTS)
    except core.FormError as exc:
        digest = hashlib.sha1(event["body"].encode("utf-8")).hexdigest()[:12]  # a corrected form is answered again
        print(f"#{number}: " + say("sources.form_unusable", field=exc.field, reason=exc.reason))
        return say_once(f"<!-- commons:source issue={number} form={digest} -->", _form_error_text(exc, config.language))

    from ..collect.urls import url_key

    known = {url_key(s.url): s.id for s in config.sources if s.url.startswith("http")}
    url_digest = hashlib.sha1(suggestion.url.encode("utf-8")).hexdigest()[:12]
    if url_key(suggestion.url) in known:
        return say_once(f"<!-- commons:source issue={number} known={url_digest} -->",
                        t_both("sources.already", id=code(known[url_key(suggestion.url)])))
    from ..claim.share import SOURCE as SHARED

    new_id = core.source_id(suggestion.title, suggestion.url, {s.id for s in config.sources} | {SHARED})  # `shared`: members' finds
    result = test_fetch(suggestion, new_id)
    if not result.ok:
        print(f"#{number}: " + say("sources.fetch_failed", error=for_log(failure.said(result.error))))
        why = failure.describe(result.error, i18n.catalog(config.language))
        return say_once(f"<!-- commons:source issue={number} failed={url_digest} -->",
                        t_both("sources.fetch_failed", url=code(suggestion.url), why=code(why)))

    from ..assign.apply import base_commit
    from ..git import Git, GitError, NewCommit

    git = Git(repo)
    branch = core.branch(number)
    try:
        git.fetch(args.remote, [f"+refs/heads/{config.publish.branch}:refs/remotes/{args.remote}/{config.publish.branch}"])
        base = base_commit(git, args.remote, config.publish.branch)
        text = (git.show_blob(base, "commons.yml") or b"").decode("utf-8")
        new_text = core.add_source(text, core.source_line(new_id, suggestion), number)
    except (GitError, ValueError) as exc:
        print(f"commons suggest-source: {exc}", file=sys.stderr)
        return 1
    problems = _check(repo, new_text, check_file)
    if problems:  # our own edit must validate; if not, a person looks (nothing pushed)
        print(f"commons suggest-source: {say('sources.would_not_validate', problem=problems[0])}", file=sys.stderr)
        return 1
    words = {"name": for_github(suggestion.title), "id": code(new_id), "url": code(suggestion.url),
             "kind": code(suggestion.kind), "entries": result.entries, "date": result.newest_date[:10] or "—",
             "title": for_github(result.newest_title) or "—", "issue": number}
    title = i18n.catalog(config.language)("sources.pull_title", name=for_github(suggestion.title, markdown=False))
    body = f"<!-- commons:source issue={number} -->\n" + i18n.catalog(config.language)("sources.pull_body", **words)
    if args.dry_run:
        print(new_text)
        print(body)
        return 0
    try:
        blob = git.write_blobs([new_text.encode("utf-8")])[0]
        remote_refs = git.ls_remote(args.remote, f"refs/heads/{branch}")
        tip = remote_refs.get(f"refs/heads/{branch}")
        if tip:
            git.fetch(args.remote, [f"+refs/heads/{branch}:refs/remotes/{args.remote}/{branch}"])
        same = tip and {e.path: e.sha for e in git.ls_tree(tip, "commons.yml")}.get("commons.yml") == blob
        if not same:
            when = event["created_at"] or "2000-01-01T00:00:00+00:00"
            (commit,) = git.commit_many([NewCommit(base, {"commons.yml": blob},
                                                   f"sources: add {new_id} (suggested in issue {number})", when.replace("Z", "+00:00"))])
            git.push(args.remote, [f"+{commit}:refs/heads/{branch}"], leases={f"refs/heads/{branch}": tip or ""})
        pull = gh.pull_by_head(branch, state="open")
        if pull is None:
            pull = gh.create_pull(head=branch, base=config.publish.branch, title=title, body=body)
            print(f"#{number}: " + say("sources.opened", number=pull.number))
        elif pull.body != body or pull.title != title:
            gh.update_pull(pull.number, title=title, body=body)
            print(f"#{number}: " + say("sources.updated", number=pull.number))
    except (GitError, GitHubError) as exc:
        print(f"commons suggest-source: {say('claim.rerun', error=exc)}", file=sys.stderr)
        return 1
    return say_once(f"<!-- commons:source issue={number} pull -->", t_both("sources.opened", pull=pull.number))


def _ensure_approval_label(config, dry_run: bool) -> int:
    """A suggestion arrived: the label a maintainer adds to approve it exists, described in the community's language."""
    from .. import i18n
    from ..github import GitHub, GitHubError

    wanted = {APPROVED_LABEL: (APPROVED_COLOR, i18n.catalog(config.language)("labels.source_approved"))}
    if dry_run:
        print(say("sources.would_label", label=APPROVED_LABEL))
        return 0
    try:
        GitHub.from_env().ensure_labels(wanted)
    except GitHubError as exc:
        print(f"commons suggest-source: {exc}", file=sys.stderr)
        return 1
    print(say("sources.label_there", label=APPROVED_LABEL))
    return 0


def _form_error_text(exc, language: str) -> str:
    from .. import i18n

    t = i18n.catalog(language)
    reasons = t.raw("sources.form")
    why = t(f"sources.form.{exc.reason}") if exc.reason in reasons else t(f"url_refused.{exc.reason}")
    return t("sources.form_error", field=t(f"sources.field.{exc.field}"), why=why)


def _check(repo: Path, text: str, check_file) -> list:
    """The edited commons.yml through the checks ``commons validate`` runs on it."""
    with tempfile.TemporaryDirectory(prefix="commons-source-") as tmp:
        path = Path(tmp) / "commons.yml"
        path.write_text(text, encoding="utf-8")
        return check_file(path, "commons", Path(repo) / "schemas")

