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


def test_relative_iris_resolve_against_the_documented_base(kb):
    # Before: "expected one of IRI parsing failed, WHERE".
    from normgraph.store.kb import BASE

    result = kb.query("CONSTRUCT { <s> <p> 1 } WHERE {}", graph="nt")
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    assert result.body.decode() == f'<{BASE}s> <{BASE}p> "1"^^{integer} .\n'
    assert BASE == "https://w3id.org/normgraph/id/"


def test_error_positions_count_in_the_users_text(kb, capsys):
    # Before: "error at 24:25" for a one-line query (the added prefixes counted).
    from normgraph.cli import main

    assert main(["query", "--sparql", "SELECT * WHERE { ?s ?p }"]) == 2
    err = capsys.readouterr().err
    assert "error at 1:25" in err and err.count("\n") == 1
    assert main(["query", "--sparql", "SELECT *\nWHERE {\n  ?s ?p }"]) == 2
    assert "error at 3:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <a:s> <a:p> <a:o> }",
        "PREFIX x: <a:>\nDELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/x>",
    ],
)
def test_updates_are_refused_as_updates(kb, capsys, update):
    # Before: "unknown query 'INSERT DATA ...'; known queries: ...".
    from normgraph.cli import main

    assert main(["query", "--sparql", update]) == 2
    err = capsys.readouterr().err
    assert "updates" in err and "read-only" in err and "unknown query" not in err
