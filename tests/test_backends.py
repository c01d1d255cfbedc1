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


# Loading hostile or unusual files: one line naming the file, exit 2, never a hang.


def test_rdfxml_entity_expansion_is_refused_at_once(capsys):
    # Before: 63 s and 9.1 GB for this 1 kB file ("billion laughs").
    laughs = FIXTURES / "load-billion-laughs.rdf"
    with pytest.raises(DataFileError, match="DOCTYPE or ENTITY declaration is refused"):
        normgraph.load([laughs], bundled=False)
    assert main(["validate", str(laughs)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(laughs) in err


def test_plain_rdfxml_loads():
    kb = normgraph.load([FIXTURES / "load-plain.rdf"], bundled=False)
    assert kb.ask('ASK { <https://example.org/iota> rdfs:label "Iota"@en }')


def test_trig_named_graphs_load_into_the_default_graph(tmp_path):
    # Before: the triples of ex:g1 were dropped silently (0 in queries, site, export).
    trig = FIXTURES / "load-named-graph.trig"
    for kb in (
        normgraph.load([trig], bundled=False),
        normgraph.load([trig], bundled=False, store=tmp_path / "store"),
    ):
        assert kb.ask('ASK { <https://example.org/eta> rdfs:label "Eta group"@en }')
        assert kb.ask('ASK { <https://example.org/theta> rdfs:label "Theta"@en }')
        assert b"Eta group" in kb.dump("nt")


def test_a_term_over_16_mib_is_one_line(tmp_path, capsys):
    # Before: a MemoryError traceback.
    big = tmp_path / "big.nt"
    big.write_bytes(
        b'<https://example.org/s> <https://example.org/p> "' + b"x" * (17 << 20) + b'" .\n'
    )
    assert main(["validate", str(big)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(big) in err and "too large" in err


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path, monkeypatch):
    from normgraph.store import backends

    big = tmp_path / "big.nt"
    big.write_bytes(
        b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n" * 1000
    )
    monkeypatch.setattr(backends, "MAX_FILE_BYTES", 60_000)  # above the ontology's size
    with pytest.raises(DataFileError, match=r"big.nt: too large \(74,000 bytes; .* up to 60,000\)"):
        normgraph.load([big], bundled=False)


@pytest.mark.parametrize("make", ["folder", "missing"])
def test_io_errors_are_one_line_naming_the_file(tmp_path, capsys, make):
    path = tmp_path / "data.ttl"
    if make == "folder":
        path.mkdir()
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err
