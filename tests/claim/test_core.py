"""The decision a command comes to, from the record alone."""

from __future__ import annotations

from commons.claim.core import Request, Roster, decide, is_command, parse

ROSTER = Roster(capacity={"alice": 2, "bob": 1, "carol": 2, "dana": 0}, maintainers=frozenset({"boss"}),
                handles={"alice": "alice", "bob": "Bob", "carol": "carol", "dana": "dana"})
RECORD = {"alice": ["a", "b"], "Bob": ["c"], "carol": ["d"]}
ITEMS = {"a", "b", "c", "d", "e"}


def test_parse_takes_only_strict_forms_from_the_first_line():
    assert parse("/skip a 바빠서 못 합니다") == Request("skip", "a")
    assert parse("  /SWAP a @carol\nthanks") == Request("swap", "a", "carol")
    assert parse("/claim e") == Request("claim", "e")
    for bad in ("/skip", "/skip A_B", "/swap a carol carol", "/swap a @-x", "/claim e please", "hi\n/skip a",
                "> /skip a", "/skipper a", "/skip " + "a" * 200, "/skip a " + "x" * 10_001):
        assert parse(bad) is None, bad
    assert is_command("/swap whatever") and not is_command("/skipper") and not is_command("hello /skip a")


def test_skip_then_the_same_skip_again_decides_the_same_record():
    first = decide(Request("skip", "a"), "alice", RECORD, {}, ITEMS, ROSTER, 1)
    assert first.ok and first.assignments["alice"] == ["b"] and first.declined == {"alice": ["a"]}
    again = decide(Request("skip", "a"), "alice", first.assignments, first.declined, ITEMS, ROSTER, 1)
    assert again.ok and again.assignments == first.assignments and again.declined == first.declined


def test_swap_respects_capacity_availability_and_membership():
    assert decide(Request("swap", "a", "bob"), "alice", RECORD, {}, ITEMS, ROSTER, 1).code == "full"
    assert decide(Request("swap", "a", "dana"), "alice", RECORD, {}, ITEMS, ROSTER, 1).code == "unavailable"
    assert decide(Request("swap", "a", "zed"), "alice", RECORD, {}, ITEMS, ROSTER, 1).code == "not_member"
    assert decide(Request("swap", "a", "alice"), "alice", RECORD, {}, ITEMS, ROSTER, 1).code == "same_member"
    assert decide(Request("swap", "c", "carol"), "alice", RECORD, {}, ITEMS, ROSTER, 1).code == "not_yours"
    moved = decide(Request("swap", "a", "carol"), "alice", RECORD, {}, ITEMS, ROSTER, 1)
    assert moved.ok and moved.assignments == {"alice": ["b"], "bob": ["c"], "carol": ["d", "a"]}
    assert decide(Request("swap", "a", "carol"), "alice", moved.assignments, moved.declined, ITEMS, ROSTER, 1).ok


def test_claim_only_what_still_lacks_reviewers_and_only_with_room():
    assert decide(Request("claim", "e"), "alice", RECORD, {}, ITEMS, ROSTER, 1).code == "full"
    assert decide(Request("claim", "a"), "carol", RECORD, {}, ITEMS, ROSTER, 1).code == "covered"
    assert decide(Request("claim", "zz"), "carol", RECORD, {}, ITEMS, ROSTER, 1).code == "unknown_item"
    claimed = decide(Request("claim", "e"), "carol", RECORD, {}, ITEMS, ROSTER, 1)
    assert claimed.ok and claimed.assignments["carol"] == ["d", "e"]
    assert decide(Request("claim", "a"), "carol", RECORD, {}, ITEMS, ROSTER, 2).ok  # two reviewers an item: room for one more


def test_share_takes_an_address_and_a_one_line_note_and_nothing_else():
    from commons.claim.share import ShareRequest, parse as parse_share

    assert parse_share("/share https://e.com/a  좋은 글\n둘째 줄은 읽지 않음", 10_000) == ShareRequest("https://e.com/a", "좋은 글")
    assert parse_share("/SHARE https://e.com/a", 10_000) == ShareRequest("https://e.com/a", "")
    long_note = parse_share("/share https://e.com/a " + "가" * 500, 10_000).note
    assert len(long_note) == 200
    for bad in ("/share", "/sharex https://e.com", "hi /share https://e.com", "/share https://e.com " + "x" * 10_001):
        assert parse_share(bad, 10_000) is None, bad
    assert is_command("/share https://e.com") and parse("/share https://e.com") is None  # share is not a skip/swap/claim
