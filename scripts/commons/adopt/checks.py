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


def needs_from_workflows(texts: dict[str, str], labels: tuple[str, ...], branch: str, publish_mode: str,
                         language: str = "en") -> Needs:
    wanted = [label_names.resolve(label, language) for label in (*labels, "overdue")]
    if any("commons suggest-source" in text for text in texts.values()):
        # the label a maintainer adds to approve a suggested source; the workflow's `if:` matches this very name,
        # so it is not one of the labels named in the community's language
        wanted.append("source-approved")
    needs = Needs(labels=tuple(dict.fromkeys(wanted)), branch=branch, publish_mode=publish_mode, language=language)
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
    out: list[Finding] = []
    repo = settings.repository
    if not repo.ok or repo.data is None:
        return [Finding(FIX, "token", say("doctor.no_repository", status=repo.status or 404))]
    permissions = repo.data.get("permissions") or {}
    if settings.token_source != "COMMONS_TOKEN":
        out.append(Finding(NOTE, "token", say("doctor.github_token")))
    if permissions and not permissions.get("push"):
        out.append(Finding(FIX, "token", say("doctor.no_write")))
    elif permissions:
        out.append(Finding(OK, "token", say("doctor.can_write" if permissions.get("admin") else "doctor.can_write_not_admin")))
    # labels
    have = _names(settings.labels)
    if have is None:
        out.append(_unreadable("labels", settings.labels, "Issues: Read"))
    else:
        renames = label_names.renames(have, needs.language)
        for old, new in renames:
            out.append(Finding(FIX, "labels", say("doctor.label_old_name", old=old, new=new)))
        lower = {h.lower() for h in have} | {new.lower() for _, new in renames}
        missing = [label for label in needs.labels if label.lower() not in lower]
        if missing:
            out.append(Finding(NOTE, "labels", say("doctor.labels_missing", labels=", ".join(missing))))
        elif not renames:
            out.append(Finding(OK, "labels", ", ".join(needs.labels)))
    # environments and secrets
    envs = _names(settings.environments, "environments")
    for name, env_secrets in sorted(needs.environments.items()):
        if envs is None:
            out.append(_unreadable(f"environment {name}", settings.environments, "Administration: Read or Environments: Read"))
            continue
        if name not in envs and name == "github-pages":
            out.append(Finding(FIX, f"environment {name}", say("doctor.pages_environment")))
            continue
        if name not in envs:
            out.append(Finding(FIX, f"environment {name}", say("doctor.environment_missing", name=name, branch=needs.branch)))
            continue
        entry = next(e for e in settings.environments.data["environments"] if e.get("name") == name)
        if entry.get("deployment_branch_policy") is None:
            out.append(Finding(FIX, f"environment {name}", say("doctor.environment_open", name=name, branch=needs.branch)))
        else:
            out.append(Finding(OK, f"environment {name}", say("doctor.environment_ok")))
    repo_secrets = _names(settings.secrets, "secrets")
    org_secrets = _names(settings.organization_secrets, "secrets") or set()
    wanted: dict[str, set[str]] = {}
    for secret in needs.secrets:
        wanted.setdefault(secret, set()).add("")
    for env, env_secrets in needs.environments.items():
        for secret in env_secrets:
            wanted.setdefault(secret, set()).add(env)
    for secret in sorted(wanted):
        places = []
        for env in sorted(wanted[secret]):
            probe = settings.environment_secrets.get(env) if env else None
            in_env = _names(probe, "secrets") if probe is not None else set()
            if repo_secrets is None and (not env or in_env is None):
                places.append(None)
                continue
            found = secret in (repo_secrets or set()) or secret in org_secrets or (env and secret in (in_env or set()))
            places.append(bool(found))
        where = say("doctor.or").join(say("doctor.in_environment", name=e) for e in sorted(wanted[secret]) if e) \
            or say("doctor.the_repository")
        if None in places:
            out.append(_unreadable(f"secret {secret}", settings.secrets, "Secrets: Read"))
        elif all(places):
            out.append(Finding(OK, f"secret {secret}", say("doctor.secret_present")))
        elif secret in OPTIONAL_SECRETS:
            out.append(Finding(NOTE, f"secret {secret}", say("doctor.secret_optional", why=say(OPTIONAL_SECRETS[secret]), where=where)))
        else:
            key = "doctor.secret_required" if secret in REQUIRED_SECRETS else "doctor.secret_missing"
            out.append(Finding(FIX, f"secret {secret}", say(key, where=where)))
    # main's protection
    rules = settings.rules.data if settings.rules.ok and isinstance(settings.rules.data, list) else None
    protection = settings.protection.data if settings.protection.ok else None
    branch = needs.branch
    if rules is None and not settings.protection.ok:
        out.append(_unreadable(say("doctor.protection", branch=branch), settings.rules, "Metadata: Read (rules) / Administration: Read"))
    elif not rules and protection is None:
        out.append(Finding(FIX, say("doctor.protection", branch=branch), say("doctor.no_protection", branch=branch)))
    else:
        kinds = {r.get("type") for r in rules or []}
        if protection:
            if not (protection.get("allow_force_pushes") or {}).get("enabled"):
                kinds.add("non_fast_forward")
            if not (protection.get("allow_deletions") or {}).get("enabled"):
                kinds.add("deletion")
            if (protection.get("required_pull_request_reviews") or protection.get("required_status_checks")):
                kinds.add("pull_request")
        gaps = [words for kind, words in (("deletion", "Restrict deletions"), ("non_fast_forward", "Block force pushes"))
                if kind not in kinds]
        blocking = {"pull_request", "required_status_checks"} & kinds
        if blocking:
            # collect, assign and publish (mode: commit) push to main: a rule that wants a PR or checks stops them
            key = "doctor.protection_blocks_commit" if needs.publish_mode == "commit" else "doctor.protection_blocks"
            out.append(Finding(FIX if needs.publish_mode == "commit" else NOTE, say("doctor.protection", branch=branch),
                               say(key, rules=" + ".join(sorted(blocking)), branch=branch)))
        elif gaps:
            out.append(Finding(FIX, say("doctor.protection", branch=branch), say("doctor.protection_gaps", gaps=", ".join(gaps))))
        else:
            out.append(Finding(OK, say("doctor.protection", branch=branch), say("doctor.protection_ok")))
    # Actions
    actions = settings.actions
    if not actions.ok or actions.data is None:
        out.append(_unreadable("Actions", actions, "Administration: Read"))
    elif not actions.data.get("enabled"):
        out.append(Finding(FIX, "Actions", say("doctor.actions_off")))
    else:
        allowed = actions.data.get("allowed_actions", "all")
        out.append(Finding(OK if allowed == "all" else NOTE, "Actions",
                           say("doctor.actions_on") if allowed == "all" else say("doctor.actions_some", allowed=allowed)))
    workflow = settings.workflow_permissions
    commons_token = "COMMONS_TOKEN" in (repo_secrets or set()) | org_secrets or any(
        "COMMONS_TOKEN" in (_names(p, "secrets") or set()) for p in settings.environment_secrets.values())
    if not workflow.ok or workflow.data is None:
        out.append(_unreadable(say("doctor.workflow_permissions"), workflow, "Administration: Read"))
    elif not workflow.data.get("can_approve_pull_request_reviews"):
        level = NOTE if commons_token else FIX
        out.append(Finding(level, say("doctor.workflow_permissions"),
                           say("doctor.no_pull_requests_but_token" if commons_token else "doctor.no_pull_requests")))
    else:
        out.append(Finding(OK, say("doctor.workflow_permissions"), say("doctor.pull_requests_ok")))
    # Pages
    pages = settings.pages
    if not pages.ok:
        out.append(_unreadable("Pages", pages, "Pages: Read"))
    elif pages.data is None:
        out.append(Finding(FIX if needs.pages else NOTE, "Pages", say("doctor.pages_off" if needs.pages else "doctor.pages_off_optional")))
    elif needs.pages and pages.data.get("build_type") != "workflow":
        out.append(Finding(FIX, "Pages", say("doctor.pages_branch")))
    else:
        out.append(Finding(OK, "Pages", say("doctor.pages_on", url=pages.data.get('html_url') or pages.data.get('url', ''))))
    return out
