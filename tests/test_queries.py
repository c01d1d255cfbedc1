"""The query library: headers, parameter binding and escaping."""

from __future__ import annotations

import pytest

from normgraph.errors import UsageError
from normgraph.store import queries


def test_every_library_query_has_a_description_and_parses(kb):
    library = queries.list_queries()
    assert "norms-of-process" in library
    for info in library.values():
        assert info.description, info.name
        # Unbound optional parameters stay variables; required ones get a dummy IRI.
        params = {p.name: _sample(p.type) for p in info.parameters.values() if not p.optional}
        kb.query(info, params)


def _sample(kind: str) -> str:
    return {"iri": "p:gcsc", "date": "2020-01-01", "integer": "1"}.get(kind, "x")


def test_unknown_query_lists_known_names():
    with pytest.raises(UsageError, match=r"known queries: .*norms-of-process"):
        queries.get("no-such-query")


def test_path_like_names_are_not_read():
    with pytest.raises(UsageError):
        queries.get("../../etc/passwd")


def test_string_parameters_cannot_break_out_of_their_literal(fixture_kb):
    kb = fixture_kb("valid-base.ttl")
    hostile = '" } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    text = queries.bind("SELECT ?s WHERE { ?s rdfs:label $label }", {"label": hostile})
    assert kb.select(text).empty


def test_iri_parameters_reject_injection():
    with pytest.raises(UsageError):
        queries.term("http://x> } ; DROP ALL ; <y", "iri")


def test_bind_requires_required_parameters():
    with pytest.raises(UsageError, match="needs parameter process"):
        queries.bind(queries.get("norms-of-process"), {})


def test_bind_rejects_unknown_parameters():
    with pytest.raises(UsageError, match="takes no parameter colour"):
        queries.bind(queries.get("norms-of-process"), {"process": "p:gcsc", "colour": "red"})


def test_norms_of_process_on_fixture(fixture_kb):
    kb = fixture_kb("valid-base.ttl")
    table = kb.select("norms-of-process", process="https://example.org/beta")
    assert list(table["notation"]) == ["I"]
    assert list(table["reference"]) == ["Beta call, principle I"]
