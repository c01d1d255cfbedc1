"""Loading: bundled data, the user's files in each format, parse errors with lines."""

from __future__ import annotations

import pytest

import normgraph
from normgraph.errors import DataFileError, UsageError

from .conftest import FIXTURES


def test_load_bundled_has_ontology_and_data(kb):
    assert kb.ask("ASK { <https://w3id.org/normgraph/ontology> a owl:Ontology }")
    assert kb.ask("ASK { ?p a ng:Process }")


def test_load_adds_user_trig_and_jsonld_files():
    kb = normgraph.load(
        [FIXTURES / "valid-base.ttl", FIXTURES / "user-extra.trig", FIXTURES / "user-extra.jsonld"],
        bundled=False,
    )
    labels = set(kb.select("SELECT ?l WHERE { ?p a ng:Process ; rdfs:label ?l }")["l"])
    assert labels == {"Alpha process", "Beta call", "Zeta commission", "Eta accord"}


def test_syntax_error_names_file_and_line():
    with pytest.raises(DataFileError) as caught:
        normgraph.load([FIXTURES / "syntax-error.ttl"], bundled=False)
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{FIXTURES / 'syntax-error.ttl'}:4: ")


def test_missing_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match=r"nope\.ttl"):
        normgraph.load([tmp_path / "nope.ttl"], bundled=False)


def test_unknown_extension_is_a_usage_error(tmp_path):
    path = tmp_path / "data.xyz"
    path.write_text("")
    with pytest.raises(UsageError, match="unknown RDF file extension"):
        normgraph.load([path], bundled=False)


def test_select_returns_one_column_per_variable(fixture_kb):
    kb = fixture_kb("valid-base.ttl")
    table = kb.select(
        "SELECT ?norm ?notation WHERE { ?norm skos:notation ?notation } ORDER BY ?notation"
    )
    assert list(table.columns) == ["norm", "notation"]
    assert list(table["notation"]) == ["1", "I"]


def test_persistent_store_reopens_with_its_data(tmp_path):
    store = tmp_path / "store"
    first = normgraph.load([FIXTURES / "valid-base.ttl"], bundled=False, store=store)
    count = len(first)
    del first
    reopened = normgraph.load(bundled=False, store=store)
    assert len(reopened) == count > 0
