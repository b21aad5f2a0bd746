"""``commons doctor``'s judgement: a repository's GitHub settings against what its workflows and commons.yml need.

Pure: what the workflows ask for (environments, secrets, Pages) and what GitHub said (a
:class:`commons.github.RepositorySettings`) in, one :class:`Finding` per thing out, each one
line saying what is missing and where to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

OK, FIX, NOTE = "ok", "fix", "note"
SECRET = re.compile(r"secrets\.([A-Za-z_][A-Za-z0-9_]*)")
REQUIRED_SECRETS = {"COMMONS_TOKEN"}  # without it, review PRs trigger no validation
OPTIONAL_SECRETS = {"OPENAI_API_KEY": "triage runs offline without it",
                    "COMMONS_WEBHOOK_URL": "needed only with newsletter.webhook: true"}


@dataclass(frozen=True)
class Finding:
    level: str  # ok | fix | note
    topic: str
    text: str

    def __str__(self) -> str:
        mark = {OK: "ok  ", FIX: "FIX ", NOTE: "note"}[self.level]
        return f"{mark} {self.topic}: {self.text}"


@dataclass
class Needs:
    """What the repository's files ask of GitHub."""

    labels: tuple[str, ...] = ("review", "overdue")
    branch: str = "main"
    publish_mode: str = "commit"
    environments: dict[str, set[str]] = field(default_factory=dict)  # environment → secrets its jobs read
    secrets: set[str] = field(default_factory=set)  # secrets read by jobs without an environment
    pages: bool = False  # a workflow deploys GitHub Pages


def needs_from_workflows(texts: dict[str, str], labels: tuple[str, ...], branch: str, publish_mode: str) -> Needs:
    wanted = [*labels, "overdue"]
    if any("commons suggest-source" in text for text in texts.values()):
        wanted.append("source-approved")  # the label a maintainer adds to approve a suggested source
    needs = Needs(labels=tuple(dict.fromkeys(wanted)), branch=branch, publish_mode=publish_mode)
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
    return Finding(NOTE, topic, f"could not read ({probe.status or 'error'}); the token needs {needs_what} "
                                "(run doctor with a repository admin's token to check this)")


def judge(settings, needs: Needs) -> list[Finding]:
    out: list[Finding] = []
    repo = settings.repository
    if not repo.ok or repo.data is None:
        return [Finding(FIX, "token", f"cannot read the repository ({repo.status or 404}): check GITHUB_REPOSITORY and "
                                      "that the token can see it (a fine-grained token lists the repository under Repository access)")]
    permissions = repo.data.get("permissions") or {}
    if settings.token_source != "COMMONS_TOKEN":
        out.append(Finding(NOTE, "token", "doctor ran with GITHUB_TOKEN; set COMMONS_TOKEN to the token the workflows will use"))
    if permissions and not permissions.get("push"):
        out.append(Finding(FIX, "token", "no write access to the repository: give the token Contents, Pull requests and "
                                         "Issues: Read and write (fine-grained) or the repo scope (classic)"))
    elif permissions:
        out.append(Finding(OK, "token", "can write to the repository" + ("" if permissions.get("admin") else
                                                                         "; not an admin, so some settings below cannot be read")))
    # labels
    have = _names(settings.labels)
    if have is None:
        out.append(_unreadable("labels", settings.labels, "Issues: Read"))
    else:
        lower = {h.lower() for h in have}
        missing = [label for label in needs.labels if label.lower() not in lower]
        out.append(Finding(NOTE, "labels", f"{', '.join(missing)} missing: `commons assign`, `commons remind` and a new "
                                           "source suggestion create them, or add them under Issues → Labels") if missing
                   else Finding(OK, "labels", ", ".join(needs.labels)))
    # environments and secrets
    envs = _names(settings.environments, "environments")
    for name, env_secrets in sorted(needs.environments.items()):
        if envs is None:
            out.append(_unreadable(f"environment {name}", settings.environments, "Administration: Read or Environments: Read"))
            continue
        if name not in envs and name == "github-pages":
            out.append(Finding(FIX, f"environment {name}", "missing: GitHub makes it when Settings → Pages → Source is "
                                                          "GitHub Actions"))
            continue
        if name not in envs:
            out.append(Finding(FIX, f"environment {name}", "missing: Settings → Environments → New environment "
                                                          f"`{name}`, Deployment branches: Selected branches → `{needs.branch}`"))
            continue
        entry = next(e for e in settings.environments.data["environments"] if e.get("name") == name)
        if entry.get("deployment_branch_policy") is None:
            out.append(Finding(FIX, f"environment {name}", f"any branch may deploy to it: Settings → Environments → {name} → "
                                                          f"Deployment branches → Selected branches → `{needs.branch}`"))
        else:
            out.append(Finding(OK, f"environment {name}", "exists, limited to selected branches"))
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
        where = " or ".join(f"environment `{e}`" for e in sorted(wanted[secret]) if e) or "the repository"
        if None in places:
            out.append(_unreadable(f"secret {secret}", settings.secrets, "Secrets: Read"))
        elif all(places):
            out.append(Finding(OK, f"secret {secret}", "present"))
        elif secret in OPTIONAL_SECRETS:
            out.append(Finding(NOTE, f"secret {secret}", f"not set ({OPTIONAL_SECRETS[secret]}): Settings → Secrets and "
                                                         f"variables → Actions, or the {where} secrets"))
        else:
            why = " (review PRs opened with GITHUB_TOKEN trigger no validation)" if secret in REQUIRED_SECRETS else ""
            out.append(Finding(FIX, f"secret {secret}", f"missing{why}: add it to {where} (Settings → Environments → "
                                                        "secrets, or Settings → Secrets and variables → Actions)"))
    # main's protection
    rules = settings.rules.data if settings.rules.ok and isinstance(settings.rules.data, list) else None
    protection = settings.protection.data if settings.protection.ok else None
    branch = needs.branch
    if rules is None and not settings.protection.ok:
        out.append(_unreadable(f"{branch} protection", settings.rules, "Metadata: Read (rules) or Administration: Read"))
    elif not rules and protection is None:
        out.append(Finding(FIX, f"{branch} protection", f"none: Settings → Rules → Rulesets → New branch ruleset, target "
                                                        f"`{branch}`, Enforcement Active: Restrict deletions, Block force pushes"))
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
            out.append(Finding(FIX if needs.publish_mode == "commit" else NOTE, f"{branch} protection",
                               f"requires {' and '.join(sorted(blocking))}, which stops the workflows' pushes to `{branch}`: "
                               "add the COMMONS_TOKEN's account or app to the ruleset's bypass list"
                               + (" (or set publish.mode: pull-request; collect and assign still push)" if needs.publish_mode == "commit" else "")))
        elif gaps:
            out.append(Finding(FIX, f"{branch} protection", "protected, but add: " + ", ".join(gaps)))
        else:
            out.append(Finding(OK, f"{branch} protection", "deletion and force pushes blocked"))
    # Actions
    actions = settings.actions
    if not actions.ok or actions.data is None:
        out.append(_unreadable("Actions", actions, "Administration: Read"))
    elif not actions.data.get("enabled"):
        out.append(Finding(FIX, "Actions", "disabled: Settings → Actions → General → Allow all actions (or the ones the workflows use)"))
    else:
        allowed = actions.data.get("allowed_actions", "all")
        out.append(Finding(OK if allowed == "all" else NOTE, "Actions",
                           "enabled" + ("" if allowed == "all" else f" for {allowed} actions: allow actions/checkout, "
                                                                    "actions/setup-python (and the Pages actions)")))
    workflow = settings.workflow_permissions
    commons_token = "COMMONS_TOKEN" in (repo_secrets or set()) | org_secrets or any(
        "COMMONS_TOKEN" in (_names(p, "secrets") or set()) for p in settings.environment_secrets.values())
    if not workflow.ok or workflow.data is None:
        out.append(_unreadable("workflow permissions", workflow, "Administration: Read"))
    elif not workflow.data.get("can_approve_pull_request_reviews"):
        level = NOTE if commons_token else FIX
        out.append(Finding(level, "workflow permissions", "workflows may not open pull requests with GITHUB_TOKEN: Settings → "
                                                          "Actions → General → Workflow permissions → Allow GitHub Actions to "
                                                          "create and approve pull requests"
                                                          + (" (only needed without COMMONS_TOKEN)" if commons_token else "")))
    else:
        out.append(Finding(OK, "workflow permissions", "workflows may open pull requests"))
    # Pages
    pages = settings.pages
    if not pages.ok:
        out.append(_unreadable("Pages", pages, "Pages: Read"))
    elif pages.data is None:
        out.append(Finding(FIX if needs.pages else NOTE, "Pages", "off: Settings → Pages → Build and deployment → Source: "
                                                                 "GitHub Actions" + ("" if needs.pages else " (for the handbook site)")))
    elif needs.pages and pages.data.get("build_type") != "workflow":
        out.append(Finding(FIX, "Pages", "built from a branch: Settings → Pages → Source: GitHub Actions"))
    else:
        out.append(Finding(OK, "Pages", f"on ({pages.data.get('html_url') or pages.data.get('url', '')})"))
    return out
