"""The merge policy: plain facts in, merge or the exact reasons out."""

from __future__ import annotations

import pytest

from commons.publish.policy import (
    ALREADY_MERGED, CLOSED, HOLD, MERGE, ChangedFile, CheckResult, PullFacts, Rules, Vote, decide, member_of_branch,
)

CYCLE = "2026-W48"
HEAD = "a" * 40
RULES = Rules(CYCLE, "maintainers", frozenset({"nlx-maintainer"}),
              frozenset({"nlx-maintainer", "jiyoon-nlp", "hyeonwoo-dev"}))


def pull(**changes) -> PullFacts:
    facts = dict(
        number=7, branch=f"commons/review/{CYCLE}/jiyoon-nlp", head_sha=HEAD, opened_by="commons-bot",
        votes=(Vote("nlx-maintainer", "APPROVED", HEAD),),
        checks=(CheckResult("validate changed files", "completed", "success"),),
        files=(ChangedFile(f"news/{CYCLE}/reviews/jiyoon-nlp/vllm.md"),),
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
    any_member = Rules(CYCLE, "any-member", RULES.maintainers, RULES.members)
    assert decide(pull(votes=votes), any_member).action == MERGE


def test_the_author_cannot_approve_their_own_review_even_as_a_maintainer():
    rules = Rules(CYCLE, "any-member", frozenset({"jiyoon-nlp"}), RULES.members)
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
    two = Rules(CYCLE, "maintainers", frozenset({"nlx-maintainer", "jiyoon-nlp"}), RULES.members)
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
    assert len(config.review.maintainers) >= 2 and set(h.lower() for h in config.review.maintainers) <= rules.members
    for member in rules.members:
        others = sorted(rules.members - {member})
        facts = pull(branch=f"commons/review/{CYCLE}/{member}", files=(ChangedFile(f"news/{CYCLE}/reviews/{member}/x.md"),),
                     votes=tuple(Vote(h, "APPROVED", HEAD) for h in others))
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
    ((CheckResult("validate", "completed", "success"), CheckResult("ci", "failure", "failure")), ["checks-failed"]),
    ((CheckResult("validate", "in_progress", None),), ["checks-pending"]),
    ((CheckResult("validate", "pending", "pending"),), ["checks-pending"]),
    ((), ["no-checks"]),
    ((CheckResult("validate", "completed", "skipped"), CheckResult("ci", "success", "success")), []),
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


def test_fingerprint_depends_on_reasons_only():
    a = decide(pull(votes=()), RULES)
    b = decide(pull(votes=(), number=9, head_sha="c" * 40), RULES)
    c = decide(pull(votes=(), checks=()), RULES)
    assert a.fingerprint == b.fingerprint != c.fingerprint
