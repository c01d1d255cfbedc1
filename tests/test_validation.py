"""Validation: the bundled data conforms; each fixture that breaks one shape is caught."""

from __future__ import annotations

import pytest

from normgraph.validation import validate

BREAKS = {
    "shapes-norm-without-scheme.ttl": ("ex:orphan", "skos:inScheme"),
    "shapes-membership-without-source.ttl": ("ex:m2", "dcterms:source"),
    "shapes-membership-without-role.ttl": ("ex:m3", "org:role"),
    "shapes-derivation-without-source.ttl": ("ex:b1 / prov:qualifiedDerivation", "dcterms:source"),
    "shapes-date-not-xsd.ttl": ("ex:gamma", "ng:startDate"),
    "shapes-process-without-label.ttl": ("ex:delta", "rdfs:label"),
    "shapes-passage-without-locator.ttl": ("ex:para2", "ng:locator"),
    "shapes-process-without-kind.ttl": ("ex:epsilon", ""),
}


def _short(value: str) -> str:
    return value.replace("https://example.org/", "ex:")


def test_valid_base_conforms(fixture_kb):
    assert validate(fixture_kb("valid-base.ttl")) == []


@pytest.mark.parametrize("fixture", sorted(BREAKS))
def test_each_broken_fixture_breaks_one_shape(fixture_kb, fixture):
    violations = validate(fixture_kb("valid-base.ttl", fixture))
    focus, path = BREAKS[fixture]
    assert [(_short(v.focus), v.path) for v in violations] == [(focus, path)]
    assert violations[0].message


def test_bundled_data_conforms(kb):
    assert [str(v) for v in validate(kb)] == []


def test_violation_names_label_property_and_message(fixture_kb):
    (violation,) = validate(fixture_kb("valid-base.ttl", "shapes-date-not-xsd.ttl"))
    assert str(violation) == (
        "Gamma (https://example.org/gamma) [ng:startDate]: "
        "start date must be one xsd:date, xsd:gYearMonth or xsd:gYear"
    )
