"""The merge policy: plain facts in, merge or the exact reasons out."""

from __future__ import annotations

import pytest

from commons.publish.policy import (
    ALREADY_MERGED, CLOSED, HOLD, MERGE, ChangedFile, CheckResult, PullFacts, Rules, Vote, decide, member_of_branch,
)

CYCLE = "2026-W48"
HEAD = "a" * 40
RULES = Rules(CYCLE, "maintainers", frozenset({"nlx-maintainer"}),
              frozenset({"nlx-maintainer", "jiyoon-nlp", "hyeonwoo-dev"}), required_checks=("validate",),
              repository="nlx/handbook")


def pull(**changes) -> PullFacts:
    facts = dict(
        number=7, branch=f"commons/review/{CYCLE}/jiyoon-nlp", head_sha=HEAD, opened_by="github-actions[bot]",
        votes=(Vote("nlx-maintainer", "APPROVED", HEAD),),
        checks=(CheckResult("validate", "completed", "success"),),
        files=(ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/vllm.md"),),
        assigned=frozenset({"vllm", "x"}), head_repo="nlx/handbook",
    )
    facts.update(changes)
    return PullFacts(**facts)


def codes(decision) -> list[str]:
    return [r.code for r in decision.reasons]


def test_approved_by_a_maintainer_with_green_checks_inside_own_folder_is_merged():
    decision = decide(pull(), RULES)
    assert decision.action == MERGE and decision.reasons == ()
    assert decision.author == "jiyoon-nlp" and decision.approved_by == ("nlx-maintainer",)


def test_unapproved_is_held_with_the_reason_in_korean_and_english():
    decision = decide(pull(votes=()), RULES)
    assert decision.action == HOLD and codes(decision) == ["not-approved"]
    assert "@nlx-maintainer" in decision.reasons[0].ko and "maintainer" in decision.reasons[0].en


def test_approval_by_a_plain_member_does_not_count_unless_any_member_is_configured():
    votes = (Vote("hyeonwoo-dev", "APPROVED", HEAD),)
    assert codes(decide(pull(votes=votes), RULES)) == ["not-approved"]
    any_member = Rules(CYCLE, "any-member", RULES.maintainers, RULES.members, required_checks=("validate",))
    assert decide(pull(votes=votes), any_member).action == MERGE


def test_the_author_cannot_approve_their_own_review_even_as_a_maintainer():
    rules = Rules(CYCLE, "any-member", frozenset({"jiyoon-nlp"}), RULES.members, required_checks=("validate",))
    decision = decide(pull(votes=(Vote("JIYOON-NLP", "APPROVED", HEAD),)), rules)
    assert codes(decision) == ["not-approved"] and "own approval" in decision.reasons[0].en


def test_the_only_maintainers_own_review_is_approved_by_another_member():
    mine = dict(branch=f"commons/review/{CYCLE}/nlx-maintainer", files=(ChangedFile(f"news/{CYCLE}/reviews/nlx-maintainer/vllm.md"),))
    decision = decide(pull(votes=(), **mine), RULES)
    assert codes(decision) == ["not-approved"] and "no maintainer but the author" in decision.reasons[0].en
    assert "작성자 외에 메인테이너가 없으므로" in decision.reasons[0].ko
    approved = decide(pull(votes=(Vote("hyeonwoo-dev", "APPROVED", HEAD),), **mine), RULES)
    assert approved.action == MERGE and approved.approved_by == ("hyeonwoo-dev",)
    assert codes(decide(pull(votes=(Vote("nlx-maintainer", "APPROVED", HEAD),), **mine), RULES)) == ["not-approved"]
    # with a second maintainer, that maintainer approves and a plain member's approval does not count
    two = Rules(CYCLE, "maintainers", frozenset({"nlx-maintainer", "jiyoon-nlp"}), RULES.members,
                required_checks=("validate",))
    assert codes(decide(pull(votes=(Vote("hyeonwoo-dev", "APPROVED", HEAD),), **mine), two)) == ["not-approved"]
    assert decide(pull(votes=(Vote("jiyoon-nlp", "APPROVED", HEAD),), **mine), two).action == MERGE


def test_the_shipped_configuration_can_merge_every_members_review():
    """Every member of the shipped roster, maintainers included, has someone whose approval counts."""
    from pathlib import Path

    from commons.config import load_config, load_members

    root = Path(__file__).resolve().parents[2]
    config = load_config(root)
    members = load_members(root, config)
    rules = Rules.from_config(CYCLE, config.review, members)
    rules = Rules(**{**rules.__dict__, "required_checks": ("validate",)})  # the check name pull() uses
    assert len(config.review.maintainers) >= 2 and set(h.lower() for h in config.review.maintainers) <= rules.members
    for member in rules.members:
        others = sorted(rules.members - {member})
        facts = pull(branch=f"commons/review/{CYCLE}/{member}", files=(ChangedFile(f"news/{CYCLE}/reviews/{member}/x.md"),),
                     votes=tuple(Vote(h, "APPROVED", HEAD) for h in others), assignees=(member,))
        assert decide(facts, rules).action == MERGE, member


def test_approval_of_an_earlier_commit_is_stale():
    decision = decide(pull(votes=(Vote("nlx-maintainer", "APPROVED", "b" * 40),)), RULES)
    assert codes(decision) == ["approval-stale"]


def test_latest_vote_wins_and_changes_requested_blocks():
    votes = (Vote("nlx-maintainer", "APPROVED", HEAD), Vote("nlx-maintainer", "CHANGES_REQUESTED", HEAD))
    assert codes(decide(pull(votes=votes), RULES)) == ["changes-requested"]
    votes = (Vote("nlx-maintainer", "CHANGES_REQUESTED", HEAD), Vote("nlx-maintainer", "COMMENTED", HEAD),
             Vote("nlx-maintainer", "APPROVED", HEAD))
    assert decide(pull(votes=votes), RULES).action == MERGE
    votes = (Vote("nlx-maintainer", "APPROVED", HEAD), Vote("nlx-maintainer", "DISMISSED", HEAD))
    assert codes(decide(pull(votes=votes), RULES)) == ["not-approved"]


@pytest.mark.parametrize("checks, expected", [
    ((CheckResult("validate", "completed", "failure"),), ["checks-failed"]),
    ((CheckResult("validate", "completed", "success"), CheckResult("ci", "completed", "failure")), []),
    ((CheckResult("validate", "in_progress", None),), ["checks-pending"]),
    ((CheckResult("validate", "queued", None),), ["checks-pending"]),
    ((), ["no-checks"]),
    ((CheckResult("validate", "completed", "skipped"),), ["checks-failed"]),  # a skipped job validated nothing
    ((CheckResult("validate", "completed", "failure"), CheckResult("validate", "completed", "success")), []),  # re-run
    # Any other green proves nothing: another app's check of the same name, another name, another commit.
    ((CheckResult("validate", "completed", "success", app="mallory-app"),), ["no-checks"]),
    ((CheckResult("ci", "completed", "success"),), ["no-checks"]),
    ((CheckResult("validate", "completed", "success", head_sha="b" * 40),), ["no-checks"]),
])
def test_checks(checks, expected):
    decision = decide(pull(checks=checks), RULES)
    assert codes(decision) == expected
    assert decision.action == (MERGE if not expected else HOLD)


@pytest.mark.parametrize("path, code", [
    (".github/workflows/publish.yml", "protected-paths"),
    ("scripts/commons/cli.py", "protected-paths"),
    ("schemas/review.schema.yml", "protected-paths"),
    (f"news/{CYCLE}/reviews/hyeonwoo-dev/vllm.md", "foreign-folder"),
    (f"news/{CYCLE}/items/vllm.md", "outside-folder"),
    ("news/2026-W47/reviews/jiyoon-nlp/vllm.md", "outside-folder"),
    ("handbook/rag.md", "outside-folder"),
    (f"news/{CYCLE}/reviews/jiyoon-nlp/sub/x.md", "not-review-file"),
    (f"news/{CYCLE}/reviews/jiyoon-nlp/run.sh", "not-review-file"),
    (f"news/{CYCLE}/reviews/Jiyoon-NLP/vllm.md", "foreign-folder"),  # case-only
    (f"news/{CYCLE}/reviews/jiyoon-nIp/vllm.md", "foreign-folder"),  # look-alike
    (f"news/{CYCLE}/reviews/jiyoon-nlp2/vllm.md", "foreign-folder"),
    (f"news/{CYCLE}/reviews/jiyoon-nlp/../hyeonwoo-dev/vllm.md", "outside-folder"),
    (".commons/assign/2026-W48.json", "outside-folder"),
    ("members.yml", "outside-folder"),
])
def test_foreign_paths_are_never_merged_even_when_approved(path, code):
    files = (ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/vllm.md"), ChangedFile(path))
    decision = decide(pull(files=files), RULES)
    assert decision.action == HOLD and codes(decision) == [code]
    assert path in decision.reasons[0].en


def test_symlinks_and_executables_in_own_folder_are_refused():
    files = (ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/a.md", "120000"),
             ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/b.md", "100755"),
             ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/c.md", "000000"))
    decision = decide(pull(files=files), RULES)
    assert codes(decision) == ["not-review-file"]
    assert "a.md" in decision.reasons[0].en and "b.md" in decision.reasons[0].en and "c.md" not in decision.reasons[0].en


def test_every_reason_is_reported_at_once():
    decision = decide(pull(votes=(), checks=(CheckResult("validate", "completed", "failure"),),
                           files=(ChangedFile(".github/workflows/x.yml"),)), RULES)
    assert codes(decision) == ["protected-paths", "not-approved", "checks-failed"]


def test_already_merged_and_closed_are_left_alone():
    assert decide(pull(merged=True, state="closed", votes=()), RULES).action == ALREADY_MERGED
    assert decide(pull(state="closed", votes=()), RULES).action == CLOSED


def test_known_conflict_and_unknown_member_and_wrong_branch():
    assert codes(decide(pull(mergeable=False), RULES)) == ["merge-conflict"]
    stranger = pull(branch=f"commons/review/{CYCLE}/stranger",
                    files=(ChangedFile(f"news/{CYCLE}/reviews/stranger/x.md"),))
    assert codes(decide(stranger, RULES)) == ["not-member"]
    assert codes(decide(pull(branch="feature/x"), RULES)) == ["not-review-branch"]


def test_a_pull_request_into_another_branch_is_held():
    assert codes(decide(pull(base="release"), RULES)) == ["wrong-base"]


def test_branch_names():
    assert member_of_branch(f"commons/review/{CYCLE}/Jiyoon-NLP", CYCLE) == "jiyoon-nlp"
    assert member_of_branch(f"commons/review/2026-W47/jiyoon-nlp", CYCLE) is None
    assert member_of_branch(f"commons/review/{CYCLE}/a/b", CYCLE) is None
    assert member_of_branch(f"commons/review/{CYCLE}/carol\n", CYCLE) is None  # whole-string match
    assert member_of_branch(f"commons/review/{CYCLE}/-carol", CYCLE) is None


def test_only_the_bots_pull_requests_from_this_repository_count():
    from commons.publish.policy import IGNORED

    by_member = decide(pull(opened_by="jiyoon-nlp"), RULES)
    assert by_member.action == IGNORED and "not by the bot" in by_member.reasons[0].en
    fork = decide(pull(head_repo="mallory/handbook"), RULES)
    assert fork.action == IGNORED and "mallory/handbook" in fork.reasons[0].en
    gone = decide(pull(head_repo=""), RULES)  # GitHub sends head.repo null once a fork is deleted
    assert gone.action == IGNORED and "no longer exists" in gone.reasons[0].en
    assert decide(pull(opened_by="GitHub-Actions[bot]"), RULES).action == MERGE  # logins ignore case


def test_the_author_must_be_the_assignee_and_review_only_assigned_items_within_the_size_cap():
    from commons.publish.policy import MAX_REVIEW_BYTES

    strict = Rules(**{**RULES.__dict__, "check_assignee": True})
    assert codes(decide(pull(assignees=("hyeonwoo-dev",)), strict)) == ["not-assignee"]
    assert decide(pull(assignees=("Jiyoon-NLP",)), strict).action == MERGE
    other = (ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/not-mine.md"),)
    assert codes(decide(pull(files=other), RULES)) == ["not-assigned"]
    big = (ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/vllm.md", size=MAX_REVIEW_BYTES + 1),)
    decision = decide(pull(files=big), RULES)
    assert codes(decision) == ["too-large"] and "64 KB" in decision.reasons[0].en
    assert codes(decide(pull(assigned=None), RULES)) == ["no-assignment"]
    assert codes(decide(pull(tree_judged=False), RULES)) == ["history-unjudgeable"]


def test_file_names_in_reasons_are_inert():
    hostile = f"news/{CYCLE}/items/@victim `#1`.md"
    decision = decide(pull(files=(ChangedFile(hostile),)), RULES)
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(decision.reasons[0].en)
    assert "<code>news/2026-W48/items/@victim `#1`.md</code>" in html  # one code span: no mention, no reference


def test_fingerprint_depends_on_reasons_only():
    a = decide(pull(votes=()), RULES)
    b = decide(pull(votes=(), number=9, head_sha="c" * 40), RULES)
    c = decide(pull(votes=(), checks=()), RULES)
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_bots_and_required_checks_come_from_commons_yml(tmp_path):
    import shutil
    from pathlib import Path

    from commons.config import load_config, load_members

    root = Path(__file__).resolve().parents[2]
    for name in ("commons.yml", "members.yml"):
        shutil.copy(root / name, tmp_path / name)
    shutil.copytree(root / "schemas", tmp_path / "schemas")
    config = load_config(tmp_path)
    rules = Rules.from_config(CYCLE, config.review, load_members(tmp_path, config), repository="nlx/handbook")
    assert rules.bots == frozenset({"github-actions[bot]"}) and rules.required_checks == ("validate changed files",)
    text = (tmp_path / "commons.yml").read_text(encoding="utf-8")
    (tmp_path / "commons.yml").write_text(text.replace("\nreview:\n", "\nreview:\n  bots: ['Commons-App[bot]']\n  checks: [validate, lint]\n", 1),
                                          encoding="utf-8")
    config = load_config(tmp_path)
    rules = Rules.from_config(CYCLE, config.review, load_members(tmp_path, config), repository="nlx/handbook")
    assert rules.bots == frozenset({"commons-app[bot]"}) and rules.required_checks == ("validate", "lint")
    decision = decide(pull(opened_by="commons-app[bot]", assignees=("jiyoon-nlp",),
                           checks=(CheckResult("validate", "completed", "success"),)), rules)
    assert codes(decision) == ["no-checks"] and "`lint`" in decision.reasons[0].en  # lint has not run
