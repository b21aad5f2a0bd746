"""Every action a workflow pins has a stand-in for the rehearsal: third-party actions can't be
downloaded in CI, and a workflow that pins a new one would otherwise be rehearsed without it."""

from __future__ import annotations

import yaml

from rehearsal.rehearsal_support import STAND_INS, pinned_actions


def test_every_pinned_action_has_a_stand_in_with_its_inputs():
    pinned = pinned_actions()
    assert pinned, "the workflows pin no action: the pattern is stale"
    missing = [f"{repo}@{sha[:7]} ({', '.join(files)})" for (repo, sha), files in pinned.items()
               if not (STAND_INS / repo / "action.yml").is_file()]
    assert not missing, "pinned without a stand-in in tests/rehearsal/actions/: " + "; ".join(missing)


def test_every_stand_in_takes_the_inputs_the_workflows_give_it():
    """act passes any `with:` through; a stand-in that ignores one would rehearse something else."""
    from rehearsal.rehearsal_support import WORKFLOWS

    given: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for job in (yaml.safe_load(path.read_text(encoding="utf-8")).get("jobs") or {}).values():
            for step in job.get("steps") or []:
                uses = str(step.get("uses", ""))
                if "@" in uses and not uses.startswith("./"):
                    given.setdefault(uses.split("@")[0], set()).update(step.get("with") or {})
    for repo, names in given.items():
        inputs = yaml.safe_load((STAND_INS / repo / "action.yml").read_text(encoding="utf-8")).get("inputs") or {}
        assert names <= set(inputs), f"{repo}: the stand-in lacks {sorted(names - set(inputs))}"
