"""Reading SPARQL text: keywords and query forms, whatever hides them."""

from __future__ import annotations

import pytest

from normgraph.store.sparql import decode_codepoints, keywords, query_form


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("select * where { ?s ?p ?o }", "select"),
        ("BASE <http://e/> PREFIX e: <http://e/> ASK { ?s e:p ?o }", "ask"),
        ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE <http://e/x>", "describe"),
        ("PREFIX e: <http://e/> INSERT DATA { e:a e:b e:c }", "update"),
        ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
        ("LOAD <file:///etc/passwd>", "update"),
        ("DROP ALL", "update"),
        ("\\u0044ROP ALL", "update"),
        ("", None),
        ("{ ?s ?p ?o }", None),
        ("PREFIX select: <http://e/> FOO", None),
    ],
)
def test_query_form(text, form):
    assert query_form(text) == form


def test_keywords_skip_strings_iris_comments_variables_and_prefixed_names():
    text = (
        'SELECT ?SERVICE $from WHERE { <http://e/SERVICE> ex:SERVICE "SERVICE" , '
        '\'FROM\' , """SERVICE\n""" , _:SERVICE . FILTER(?x) } # SERVICE FROM'
    )
    assert keywords(text) == ["SELECT", "WHERE", "FILTER"]


def test_keywords_find_escaped_and_lower_case_keywords():
    assert "SERVICE" in keywords("SELECT * { \\u0053ERVICE <http://e/> { ?s ?p ?o } }")
    assert "SERVICE" in keywords("select * { service <http://e/> { ?s ?p ?o } }")
    assert "FROM" in keywords("SELECT * FROM<http://e/g> { ?s ?p ?o }")


def test_decode_codepoints_leaves_invalid_escapes():
    assert decode_codepoints("\\U00110000 \\u00e9") == "\\U00110000 é"
