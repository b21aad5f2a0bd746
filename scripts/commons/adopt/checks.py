"""``commons doctor``'s judgement: a repository's GitHub settings against what its workflows and commons.yml need.

Pure: what the workflows ask for (environments, secrets, Pages) and what GitHub said (a
:class:`commons.github.RepositorySettings`) in, one :class:`Finding` per thing out, each one
line saying what is missing and where to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .. import labels as label_names
from ..github import INSTALLATION_BOT, review_bots
from ..i18n import say

OK, FIX, NOTE = "ok", "fix", "note"
SECRET = re.compile(r"secrets\.([A-Za-z_][A-Za-z0-9_]*)")
REQUIRED_SECRETS = {"COMMONS_TOKEN"}  # without it, review PRs trigger no validation
OPTIONAL_SECRETS = {"OPENAI_API_KEY": "doctor.without_openai",  # the catalog's words for why it is optional
                    "COMMONS_WEBHOOK_URL": "doctor.without_webhook"}


@dataclass(frozen=True)
class Finding:
    level: str  # ok | fix | note
    topic: str
    text: str

    def __str__(self) -> str:
        return f"{say(f'doctor.level.{self.level}')} {self.topic}: {self.text}"


@dataclass
class Needs:
    """What the repository's files ask of GitHub."""

    labels: tuple[str, ...] = ("review", "overdue")  # names in the community's language (labels.resolve)
    language: str = "en"
    branch: str = "main"
    publish_mode: str = "commit"
    environments: dict[str, set[str]] = field(default_factory=dict)  # environment → secrets its jobs read
    secrets: set[str] = field(default_factory=set)  # secrets read by jobs without an environment
    pages: bool = False  # a workflow deploys GitHub Pages
    bots: tuple[str, ...] = ()  # review.bots: who else opens review PRs


def needs_from_workflows(texts: dict[str, str], labels: tuple[str, ...], branch: str, publish_mode: str,
                         language: str = "en", bots: tuple[str, ...] = ()) -> Needs:
    wanted = [label_names.resolve(label, language) for label in (*labels, "overdue")]
    if any("commons suggest-source" in text for text in texts.values()):
        # the label a maintainer adds to approve a suggested source; the workflow's `if:` matches this very name,
        # so it is not one of the labels named in the community's language
        wanted.append("source-approved")
    needs = Needs(labels=tuple(dict.fromkeys(wanted)), branch=branch, publish_mode=publish_mode, language=language,
                  bots=tuple(bots))
    for text in texts.values():
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            continue  # `commons validate` and actionlint say what is wrong with it
        for job in (data.get("jobs") or {}).values():
            if not isinstance(job, dict):
                continue
            job_text = yaml.safe_dump(job)
            secrets = set(SECRET.findall(job_text)) - {"GITHUB_TOKEN"}
            environment = job.get("environment")
            name = environment.get("name") if isinstance(environment, dict) else environment
            if isinstance(name, str) and name and "${{" not in name:
                needs.environments.setdefault(name, set()).update(secrets)
            else:
                needs.secrets.update(secrets)
            if "actions/deploy-pages" in job_text:
                needs.pages = True
    return needs


def _names(probe, key: str | None = None, field_name: str = "name") -> set[str] | None:
    if not probe.ok or probe.data is None:
        return None
    items = probe.data.get(key, []) if key else probe.data
    return {str(item.get(field_name, "")) for item in items if isinstance(item, dict)}


def _unreadable(topic: str, probe, needs_what: str) -> Finding:
    return Finding(NOTE, topic, say("doctor.unreadable", status=probe.status or "error", needs=needs_what))


def judge(settings, needs: Needs) -> list[Finding]:
    """Every check, in the order a person fixes things: who the token is first."""
    repo = settings.repository
    if not repo.ok or repo.data is None:
        return [Finding(FIX, "token", say("doctor.no_repository", status=repo.status or 404))]
    out: list[Finding] = []
    for check in (check_token, check_bot, check_labels, check_environments, check_secrets, check_protection,
                  check_actions, check_workflow_permissions, check_pages):
        out.extend(check(settings, needs))
    return out


def check_token(settings, needs: Needs) -> list[Finding]:
    permissions = settings.repository.data.get("permissions") or {}
    out = []
    if settings.token_source != "COMMONS_TOKEN":
        out.append(Finding(NOTE, "token", say("doctor.github_token")))
    if permissions and not permissions.get("push"):
        out.append(Finding(FIX, "token", say("doctor.no_write")))
    elif permissions:
        out.append(Finding(OK, "token", say("doctor.can_write" if permissions.get("admin") else "doctor.can_write_not_admin")))
    return out


def check_bot(settings, needs: Needs) -> list[Finding]:
    """Who opens review PRs (the token's identity) against who counts (it, and review.bots), and
    whether the review PRs already open were opened by someone who counts."""
    probe = settings.identity
    if not probe.ok or not probe.data:
        return [_unreadable("bot", probe, "a token GitHub accepts")]
    login = str(probe.data)
    counted = review_bots(login, needs.bots)
    lowered = {b.lower() for b in counted}
    strangers = sorted({a for a in (settings.review_authors.data or []) if a.lower() not in lowered}) \
        if settings.review_authors.ok else []
    if strangers:
        return [Finding(FIX, "bot", say("doctor.bot_strangers", who=", ".join(strangers), bots=", ".join(counted)))]
    if login.lower() == INSTALLATION_BOT and settings.token_source == "COMMONS_TOKEN" and \
            not any(b.lower().endswith("[bot]") and b.lower() != INSTALLATION_BOT for b in needs.bots):
        # a GitHub App's token: GET /user refuses it like GITHUB_TOKEN, but its PRs are authored by <slug>[bot]
        return [Finding(NOTE, "bot", say("doctor.bot_app"))]
    return [Finding(OK, "bot", say("doctor.bot_ok", login=login, bots=", ".join(counted)))]


def check_labels(settings, needs: Needs) -> list[Finding]:
    have = _names(settings.labels)
    if have is None:
        return [_unreadable("labels", settings.labels, "Issues: Read")]
    renames = label_names.renames(have, needs.language)
    out = [Finding(FIX, "labels", say("doctor.label_old_name", old=old, new=new)) for old, new in renames]
    lower = {h.lower() for h in have} | {new.lower() for _, new in renames}
    missing = [label for label in needs.labels if label.lower() not in lower]
    if missing:
        out.append(Finding(NOTE, "labels", say("doctor.labels_missing", labels=", ".join(missing))))
    elif not renames:
        out.append(Finding(OK, "labels", ", ".join(needs.labels)))
    return out


def check_environments(settings, needs: Needs) -> list[Finding]:
    envs = _names(settings.environments, "environments")
    out = []
    for name in sorted(needs.environments):
        topic = f"environment {name}"
        if envs is None:
            out.append(_unreadable(topic, settings.environments, "Administration: Read or Environments: Read"))
        elif name not in envs and name == "github-pages":
            out.append(Finding(NOTE, topic, say("doctor.pages_environment")))  # Pages is optional (SETUP.md)
        elif name not in envs:
            out.append(Finding(FIX, topic, say("doctor.environment_missing", name=name, branch=needs.branch)))
        else:
            entry = next(e for e in settings.environments.data["environments"] if e.get("name") == name)
            if entry.get("deployment_branch_policy") is None:
                out.append(Finding(FIX, topic, say("doctor.environment_open", name=name, branch=needs.branch)))
            else:
                out.append(Finding(OK, topic, say("doctor.environment_ok")))
    return out


def _wanted_secrets(needs: Needs) -> dict[str, set[str]]:
    """secret → the environments it is read in ("" for the repository's own)."""
    wanted: dict[str, set[str]] = {}
    for secret in needs.secrets:
        wanted.setdefault(secret, set()).add("")
    for env, env_secrets in needs.environments.items():
        for secret in env_secrets:
            wanted.setdefault(secret, set()).add(env)
    return wanted


def _secret_names(settings, env: str = "") -> tuple[set[str], bool]:
    """The secrets a job in ``env`` ("": none) can read (the repository's, the organization's and the
    environment's), and whether GitHub let us read the repository's or the environment's list."""
    repo = _names(settings.secrets, "secrets")
    probe = settings.environment_secrets.get(env) if env else None
    in_env = _names(probe, "secrets") if probe is not None else set()
    readable = repo is not None or bool(env) and in_env is not None
    return (repo or set()) | (_names(settings.organization_secrets, "secrets") or set()) | (in_env or set()), readable


def check_secrets(settings, needs: Needs) -> list[Finding]:
    wanted = _wanted_secrets(needs)
    out = []
    for secret in sorted(wanted):
        places = []
        for env in sorted(wanted[secret]):
            names, readable = _secret_names(settings, env)
            places.append(secret in names if readable else None)
        where = say("doctor.or").join(say("doctor.in_environment", name=e) for e in sorted(wanted[secret]) if e) \
            or say("doctor.the_repository")
        topic = f"secret {secret}"
        if None in places:
            out.append(_unreadable(topic, settings.secrets, "Secrets: Read"))
        elif all(places):
            out.append(Finding(OK, topic, say("doctor.secret_present")))
        elif secret in OPTIONAL_SECRETS:
            out.append(Finding(NOTE, topic, say("doctor.secret_optional", why=say(OPTIONAL_SECRETS[secret]), where=where)))
        else:
            key = "doctor.secret_required" if secret in REQUIRED_SECRETS else "doctor.secret_missing"
            out.append(Finding(FIX, topic, say(key, where=where)))
    return out


def _rule_kinds(rules, protection) -> set:
    """The rule types in force on the branch, from rulesets and classic branch protection alike."""
    kinds = {r.get("type") for r in rules or []}
    if protection:
        if not (protection.get("allow_force_pushes") or {}).get("enabled"):
            kinds.add("non_fast_forward")
        if not (protection.get("allow_deletions") or {}).get("enabled"):
            kinds.add("deletion")
        if protection.get("required_pull_request_reviews") or protection.get("required_status_checks"):
            kinds.add("pull_request")
    return kinds


def check_protection(settings, needs: Needs) -> list[Finding]:
    rules = settings.rules.data if settings.rules.ok and isinstance(settings.rules.data, list) else None
    protection = settings.protection.data if settings.protection.ok else None
    branch = needs.branch
    topic = say("doctor.protection", branch=branch)
    if rules is None and not settings.protection.ok:
        return [_unreadable(topic, settings.rules, "Metadata: Read (rules) / Administration: Read")]
    if not rules and protection is None:
        return [Finding(FIX, topic, say("doctor.no_protection", branch=branch))]
    kinds = _rule_kinds(rules, protection)
    gaps = [words for kind, words in (("deletion", "Restrict deletions"), ("non_fast_forward", "Block force pushes"))
            if kind not in kinds]
    blocking = {"pull_request", "required_status_checks"} & kinds
    if blocking:
        # collect, assign and publish (mode: commit) push to main: a rule that wants a PR or checks stops them
        commit = needs.publish_mode == "commit"
        return [Finding(FIX if commit else NOTE, topic, say("doctor.protection_blocks_commit" if commit else "doctor.protection_blocks",
                                                             rules=" + ".join(sorted(blocking)), branch=branch))]
    if gaps:
        return [Finding(FIX, topic, say("doctor.protection_gaps", gaps=", ".join(gaps)))]
    return [Finding(OK, topic, say("doctor.protection_ok"))]


def check_actions(settings, needs: Needs) -> list[Finding]:
    actions = settings.actions
    if not actions.ok or actions.data is None:
        return [_unreadable("Actions", actions, "Administration: Read")]
    if not actions.data.get("enabled"):
        return [Finding(FIX, "Actions", say("doctor.actions_off"))]
    allowed = actions.data.get("allowed_actions", "all")
    if allowed == "all":
        return [Finding(OK, "Actions", say("doctor.actions_on"))]
    return [Finding(NOTE, "Actions", say("doctor.actions_some", allowed=allowed))]


def check_workflow_permissions(settings, needs: Needs) -> list[Finding]:
    workflow = settings.workflow_permissions
    topic = say("doctor.workflow_permissions")
    if not workflow.ok or workflow.data is None:
        return [_unreadable(topic, workflow, "Administration: Read")]
    if workflow.data.get("can_approve_pull_request_reviews"):
        return [Finding(OK, topic, say("doctor.pull_requests_ok"))]
    if any("COMMONS_TOKEN" in _secret_names(settings, env)[0] for env in ("", *settings.environment_secrets)):
        return [Finding(NOTE, topic, say("doctor.no_pull_requests_but_token"))]
    return [Finding(FIX, topic, say("doctor.no_pull_requests"))]


def check_pages(settings, needs: Needs) -> list[Finding]:
    """Pages is optional (SETUP.md): off is a note; on, but built from a branch, fights pages.yml."""
    pages = settings.pages
    if not pages.ok:
        return [_unreadable("Pages", pages, "Pages: Read")]
    if pages.data is None:
        return [Finding(NOTE, "Pages", say("doctor.pages_off_optional"))]
    if needs.pages and pages.data.get("build_type") != "workflow":
        return [Finding(FIX, "Pages", say("doctor.pages_branch"))]
    return [Finding(OK, "Pages", say("doctor.pages_on", url=pages.data.get("html_url") or pages.data.get("url", "")))]
