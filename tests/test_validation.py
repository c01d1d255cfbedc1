"""Validation: the bundled data conforms; each fixture that breaks one shape is caught."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

import normgraph
from normgraph.store.validation import Violation, validate

from .conftest import FIXTURES, ROOT

BREAKS = {
    "shapes-norm-without-scheme.ttl": ("ex:orphan", "skos:inScheme"),
    "shapes-membership-without-source.ttl": ("ex:m2", "dcterms:source"),
    "shapes-membership-without-role.ttl": ("ex:m3", "org:role"),
    "shapes-derivation-without-source.ttl": ("ex:b1 / prov:qualifiedDerivation", "dcterms:source"),
    "shapes-date-not-xsd.ttl": ("ex:gamma", "ng:startDate"),
    "shapes-process-without-label.ttl": ("ex:delta", "rdfs:label"),
    "shapes-passage-without-locator.ttl": ("ex:para2", "ng:locator"),
    "shapes-process-without-kind.ttl": ("ex:epsilon", ""),
    "shapes-date-impossible.ttl": ("ex:kappa", "ng:startDate"),  # 2019-02-30
    "shapes-month-13.ttl": ("ex:lambda", "ng:startDate"),  # 2019-13, passed before
    "shapes-membership-ends-before-start.ttl": ("ex:m4", "ng:endDate"),
    "shapes-process-ends-before-start.ttl": ("ex:mu", "ng:endDate"),
    "shapes-blank-membership-ends-before-start.ttl": ("(blank node)", "ng:endDate"),
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


def _pyshacl_violations(kb) -> set[Violation]:
    """The reference: pyshacl's violations (benchmarks/validation.py, shared with the benchmark)."""
    spec = importlib.util.spec_from_file_location(
        "normgraph_bench_validation", ROOT / "benchmarks" / "validation.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: set[Violation] = module.pyshacl_violations(kb)
    return found


@pytest.mark.parametrize(
    "files",
    [
        ("valid-base.ttl",),
        ("valid-base.ttl", "perf-validation-view.ttl"),
        *(("valid-base.ttl", f) for f in sorted(BREAKS)),
        ("valid-base.ttl", *sorted(BREAKS)),
    ],
)
def test_fast_engine_reports_what_pyshacl_reports(files):
    kb = normgraph.load([FIXTURES / f for f in files], bundled=False)
    violations = set(validate(kb))
    assert violations == _pyshacl_violations(kb)
    if len(files) > 2:
        assert len(violations) >= len(BREAKS)


def test_fast_engine_reports_what_pyshacl_reports_on_broken_bundled_data():
    # The bundled data with every broken fixture (the slowest test here: pyshacl).
    kb = normgraph.load([FIXTURES / f for f in sorted(BREAKS)])
    violations = set(validate(kb))
    assert len(violations) >= len(BREAKS)
    assert violations == _pyshacl_violations(kb)


def test_every_fixture_of_the_shapes_is_listed():
    assert {p.name for p in FIXTURES.glob("shapes-*.ttl")} == set(BREAKS)


def test_blank_nodes_are_named_by_what_points_to_them():
    from normgraph.store.validation import BLANK_NODE_IRI, data_for_shacl

    kb = normgraph.load([FIXTURES / "valid-base.ttl"], bundled=False)
    text = data_for_shacl(kb.backend.store).decode()
    assert "_:" not in text.replace('"_:', "") and BLANK_NODE_IRI in text


def test_an_impossible_date_is_one_line_without_warnings():
    # Before: rdflib's "Failed to convert Literal" tracebacks on stderr first.
    result = subprocess.run(
        [sys.executable, "-m", "normgraph.cli", "validate"]
        + [str(FIXTURES / f) for f in ("valid-base.ttl", "shapes-date-impossible.ttl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == (
        "Kappa (https://example.org/kappa) [ng:startDate]: "
        "start date must be one xsd:date, xsd:gYearMonth or xsd:gYear\n"
    )
    assert result.stderr == "1 violation(s)\n"


def test_validation_in_background_answers_as_validate(fixture_kb):
    from normgraph.store.validation import validate_in_background

    kb = fixture_kb("valid-base.ttl", "shapes-date-not-xsd.ttl")
    with validate_in_background(kb) as pending:
        assert pending.answer() == validate(kb) != []


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


def test_validate_imports_no_analytics_library():
    # networkx alone took longer to import than validating the bundled data (0.12 s of
    # CPU), and the other commands' modules 0.07 s more; none is needed to conform.
    probe = (
        "import sys\n"
        "from normgraph.cli import main\n"
        "code = main(['validate'])\n"
        "heavy = ['networkx', 'pandas', 'scipy', 'rdflib', 'rapidfuzz', 'jinja2']\n"
        "print(code, sorted(m for m in heavy if m in sys.modules),"
        " sorted(m for m in sys.modules if m.startswith('normgraph.commands.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == (
        "0 [] ['normgraph.commands._common', 'normgraph.commands.validate']"
    )


def test_blank_nodes_are_rewritten_only_for_a_violation_about_one(fixture_kb, monkeypatch):
    from normgraph.store import validation

    rewrites = []

    def counted(store):
        rewrites.append(store)
        return data_for_shacl(store)

    data_for_shacl = validation.data_for_shacl
    monkeypatch.setattr(validation, "data_for_shacl", counted)
    assert validate(fixture_kb("valid-base.ttl")) == []
    about_an_iri = validate(fixture_kb("valid-base.ttl", "shapes-date-not-xsd.ttl"))
    assert [v.focus for v in about_an_iri] == ["https://example.org/gamma"]
    assert rewrites == []
    (about_a_blank_node,) = validate(
        fixture_kb("valid-base.ttl", "shapes-derivation-without-source.ttl")
    )
    assert _short(about_a_blank_node.focus) == "ex:b1 / prov:qualifiedDerivation"
    assert len(rewrites) == 1


def test_cycle_check_agrees_with_networkx_on_random_graphs():
    import random

    import networkx as nx

    from normgraph.store.validation import _has_cycle

    draw = random.Random(12)
    for _ in range(300):
        nodes = [f"n{i}" for i in range(draw.randint(1, 9))]
        edges = [
            (draw.choice(nodes), draw.choice(nodes)) for _ in range(draw.randint(0, 2 * len(nodes)))
        ]
        graph = nx.DiGraph(edges)
        assert _has_cycle(edges) == (not nx.is_directed_acyclic_graph(graph)), edges


def test_the_engine_reads_a_temporary_file_that_is_removed(fixture_kb, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    violations = validate(fixture_kb("valid-base.ttl", "shapes-date-not-xsd.ttl"))
    assert [v.focus for v in violations] == ["https://example.org/gamma"]
    assert list(tmp_path.iterdir()) == []


def test_without_a_temporary_file_the_dump_is_handed_over_as_text(fixture_kb, monkeypatch):
    import errno

    from normgraph.store import validation

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    kb = fixture_kb("valid-base.ttl", "shapes-date-not-xsd.ttl")
    expected = validate(kb)
    monkeypatch.setattr(validation.tempfile, "TemporaryDirectory", full_disk)
    assert validate(kb) == expected != []
