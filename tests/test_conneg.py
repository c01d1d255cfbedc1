"""Content negotiation: quality values, specificity, order and wildcards."""

from __future__ import annotations

import pytest

from normgraph.server.conneg import negotiate, parse_accept

OFFERS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("TEXT/CSV", "text/csv"),
        ("text/*", "text/csv"),
        ("text/tab-separated-values, text/csv", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
        (
            "application/sparql-results+xml, application/sparql-results+json",
            "application/sparql-results+xml",
        ),
        # The most specific range decides: text/csv is refused although text/* is welcome.
        ("text/*, text/csv;q=0", "text/tab-separated-values"),
        ("*/*;q=0.1, text/csv;q=0.2", "text/csv"),
        ("image/png", None),
        ("text/csv;q=0", None),
        ("application/sparql-results+json;q=abc, text/csv;q=0.1", "text/csv"),
        ("garbage, /, text/", None),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+json",
        ),
    ],
)
def test_negotiate(accept, chosen):
    assert negotiate(accept, OFFERS) == chosen


def test_parse_accept_keeps_positions_and_clamps_quality():
    ranges = parse_accept("text/csv;q=2, */*;charset=utf-8;q=0.5")
    assert [(r.type, r.subtype, r.q, r.position) for r in ranges] == [
        ("text", "csv", 1.0, 0),
        ("*", "*", 0.5, 1),
    ]
