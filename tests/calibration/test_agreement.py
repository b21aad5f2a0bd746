from calibration.calibration_support import judgement
from commons.calibration import agreement


def test_perfect_agreement_is_kappa_one_and_no_gap():
    js = [judgement(f"i{s}", s, [s, s]) for s in (1, 2, 3, 4, 5)]
    r = agreement.report(js, [1, 2, 3, 4, 5], threshold=3)
    assert r.kappa == 1.0 and r.mae == 0
    assert [r.matrix[i][i] for i in range(5)] == [1] * 5


def test_kappa_of_a_known_table():
    # Triage always one above the members on 1..4: observed weight 1/16 per item.
    js = [judgement(f"i{s}", s + 1, [s]) for s in (1, 2, 3, 4)]
    kappa = agreement.weighted_kappa(agreement.confusion(js))
    assert 0.5 < kappa < 1
    assert agreement.weighted_kappa([[0] * 5 for _ in range(5)]) is None


def test_gaps_by_source_and_category_say_who_triage_underrates():
    js = [judgement("a", 2, [4, 5], source="vllm-releases"), judgement("b", 4, [2], source="aws-ml-blog", category="business")]
    r = agreement.report(js, [2, 4], threshold=3)
    assert r.by_source["vllm-releases"] == (2.5, 1) and r.by_source["aws-ml-blog"] == (-2.0, 1)
    assert r.by_category["business"] == (-2.0, 1)


def test_audits_are_items_below_the_line_and_misses_are_those_members_wanted():
    js = [judgement("kept", 4, [4]), judgement("audit-miss", 2, [4, 4]), judgement("audit-ok", 1, [1])]
    r = agreement.report(js, [4, 2, 1], threshold=3)
    assert (r.audits, r.audit_misses) == (2, 1)


def test_suggested_threshold_keeps_the_important_items_with_least_work():
    js = [judgement(f"i{n}", ai, [imp]) for n, (ai, imp) in enumerate([(5, 5), (4, 4), (3, 4), (2, 1), (1, 1), (3, 2)])]
    scores = [5, 4, 3, 3, 2, 1, 1, 1, 1, 1]
    options = {o.threshold: o for o in agreement.thresholds(js, scores)}
    assert options[3].recall == 1.0 and options[4].recall == 2 / 3
    assert options[3].workload == 0.4
    assert agreement.suggest(list(options.values())).threshold == 3
