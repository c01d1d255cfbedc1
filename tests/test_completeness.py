"""Member-list completeness: gaps print as gaps, never as a bare number."""

from __future__ import annotations

import pandas as pd
import pytest

from normgraph.analytics.completeness import is_known, summary


@pytest.mark.parametrize(
    ("recorded", "stated", "complete", "expected"),
    [
        (25, 25, True, "25 (complete)"),
        (14, 25, False, "14 of 25 recorded"),
        (0, 25, False, "none of 25 recorded"),
        (2, None, False, "2 recorded (list incomplete, total unknown)"),
        (2, pd.NA, False, "2 recorded (list incomplete, total unknown)"),
        (0, float("nan"), False, "none recorded"),
    ],
)
def test_summary(recorded, stated, complete, expected):
    assert summary(recorded, stated, complete) == expected


def test_is_known_treats_every_missing_marker_as_missing():
    assert not is_known(pd.NA)
    assert not is_known(None)
    assert is_known(0)
