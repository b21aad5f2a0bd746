"""calibration.judgements: a judgement's mean impact is exactly what statistics.mean gives."""

from __future__ import annotations

import statistics
from itertools import product

from commons.calibration.judgements import Judgement


def test_the_mean_impact_is_statistics_mean_value_and_type():
    for n in range(1, 5):
        for impacts in product(range(1, 6), repeat=n):
            judgement = Judgement("x", "2026-W48", "hn-llm", "frameworks", "t", "", 3, list(impacts))
            expected = statistics.mean(impacts)
            assert judgement.impact == expected and type(judgement.impact) is type(expected)
    assert Judgement("x", "2026-W48", "s", "c", "t", "", 3, [4.5, 3]).impact == 3.75  # not whole: as before
