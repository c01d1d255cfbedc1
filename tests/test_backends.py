"""The on-disk store: it reopens with all its data, and adding files is all or nothing."""

from __future__ import annotations

import pytest

import normgraph
from normgraph.cli import main
from normgraph.errors import DataFileError

from .conftest import FIXTURES

EXTRA = FIXTURES / "sparql-library.ttl"  # has blank nodes (membership intervals)
BROKEN = FIXTURES / "syntax-error.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _triples(kb) -> int:
    return int(kb.select(COUNT)["n"][0])


def test_a_store_reopens_with_all_its_data(tmp_path):
    store = tmp_path / "store"
    created = normgraph.load(store=store)
    expected = _triples(created)
    assert expected == _triples(normgraph.load())  # the same as in memory, materialised
    del created  # closes the store, as the next command's process would find it
    reopened = normgraph.load(store=store)
    assert _triples(reopened) == expected
    assert reopened.ask("ASK { ?m org:memberOf p:gcsc }")


def test_adding_a_file_twice_adds_it_once(tmp_path):
    store = tmp_path / "store"
    first = _triples(normgraph.load([EXTRA], store=store))
    assert first == _triples(normgraph.load([EXTRA]))
    assert _triples(normgraph.load([EXTRA], store=store)) == first  # blank nodes not doubled


def test_a_file_that_does_not_parse_writes_nothing(tmp_path):
    store = tmp_path / "store"
    before = _triples(normgraph.load(store=store))
    with pytest.raises(DataFileError, match=r"syntax-error\.ttl:4"):
        normgraph.load([EXTRA, BROKEN], store=store)  # EXTRA parses, but is not written
    after = normgraph.load(store=store)
    assert _triples(after) == before
    assert not after.ask("ASK { ?s rdfs:label 'Aland' }")


def test_commands_work_on_a_store(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["stats"]) == 0
    in_memory = capsys.readouterr().out
    assert main(["stats", "--store", store]) == 0
    assert capsys.readouterr().out == in_memory
    assert main(["stats", "--store", store]) == 0  # reopened
    assert capsys.readouterr().out == in_memory
    assert main(["query", "members-of-process", "-p", "process=p:gcsc", "--store", store]) == 0
    assert "Chertoff" in capsys.readouterr().out
    assert main(["validate", "--store", store]) == 0
