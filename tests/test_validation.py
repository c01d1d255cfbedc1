"""Validation: the bundled data conforms; each fixture that breaks one shape is caught."""

from __future__ import annotations

import pytest

from normgraph.store.validation import validate

from .conftest import FIXTURES

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


@pytest.mark.parametrize("materialise", [True, False])
@pytest.mark.parametrize(
    "fixtures",
    [
        ("valid-base.ttl",),
        ("analytics-cycle.ttl",),
        ("valid-base.ttl", "perf-validation-view.ttl"),
        *(("valid-base.ttl", f) for f in sorted(BREAKS)),
    ],
)
def test_shapes_view_gives_the_violations_of_the_whole_graph(fixtures, materialise):
    # validate() hands pyshacl only the triples the shapes can see (the fast path);
    # the reference is the whole graph, serialised and parsed back as before.
    import rdflib

    import normgraph
    from normgraph.resources import shapes_file
    from normgraph.store.validation import _shacl_violations, shapes_view

    kb = normgraph.load([FIXTURES / f for f in fixtures], bundled=False, materialise=materialise)
    shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
    whole, view = kb.to_rdflib(), shapes_view(kb, shapes)
    assert len(view) < len(whole)
    violations = _shacl_violations(view, shapes)
    assert violations == _shacl_violations(whole, shapes)
    if "perf-validation-view.ttl" in fixtures:
        focuses = {v.focus for v in violations}
        assert {"https://example.org/notes / https://example.org/mentions"} <= focuses
        assert "https://example.org/zeta" in focuses  # no label


def test_validation_in_background_answers_as_validate(fixture_kb):
    from normgraph.store.validation import validate_in_background

    kb = fixture_kb("valid-base.ttl", "shapes-date-not-xsd.ttl")
    pending = validate_in_background(kb)
    assert pending() == validate(kb) != []


def test_build_with_violations_writes_no_site(tmp_path, capsys):
    from normgraph.cli import main

    out = tmp_path / "site"
    broken = [str(FIXTURES / f) for f in ("valid-base.ttl", "shapes-process-without-label.ttl")]
    argv = ["build", "--out", str(out), "--no-bundled", *(a for f in broken for a in ("--data", f))]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "https://example.org/delta [rdfs:label]" in err
    assert "error: 1 violation(s); no site written" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind
