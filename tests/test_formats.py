"""Every XML format normgraph writes is well-formed, or refused with one clear line."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import normgraph
from normgraph.cli import main
from normgraph.errors import NormgraphError
from normgraph.store.formats import xml_safe

from .conftest import FIXTURES

CONTROL = FIXTURES / "output-control-character.ttl"  # a label holding U+0001


@pytest.fixture(scope="module")
def hostile():
    return normgraph.load([CONTROL], bundled=False)


def test_graphml_export_refuses_a_control_character(tmp_path, capsys):
    # Before: an unparseable file, exit 0.
    out = tmp_path / "graph.graphml"
    assert main(["export", "--format", "graphml", "--data", str(CONTROL), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "U+0001" in err and "GraphML" in err
    assert list(tmp_path.iterdir()) == []


def test_graphml_views_refuse_a_control_character():
    import networkx as nx

    from normgraph.analytics.views import graphml

    with pytest.raises(NormgraphError, match="U\\+0001"):
        graphml(nx.Graph([("a\x01", "b")]))


def test_sparql_xml_results_and_rdfxml_refuse_a_control_character(hostile):
    select = "SELECT ?label WHERE { ?s rdfs:label ?label }"
    with pytest.raises(NormgraphError, match=r"SPARQL XML results.*U\+0001"):
        hostile.query(select, tabular="xml")
    construct = "CONSTRUCT WHERE { ?s rdfs:label ?label }"
    with pytest.raises(NormgraphError, match=r"rdf/xml.*U\+0001"):
        hostile.query(construct, graph="rdfxml")
    with pytest.raises(NormgraphError, match="U\\+0001"):
        hostile.dump("rdfxml")
    # The same data in formats that can hold it is written as it is.
    assert "\\u0001" in hostile.dump("nt").decode()


def test_xml_outputs_of_clean_data_parse(kb, tmp_path):
    for body in (
        kb.query("SELECT ?s WHERE { ?s a ng:Process } LIMIT 5", tabular="xml").body,
        kb.query("CONSTRUCT WHERE { ?s a ng:Process }", graph="rdfxml").body,
        kb.dump("rdfxml"),
    ):
        ET.fromstring(body)
    out = tmp_path / "g.graphml"
    assert main(["export", "--format", "graphml", "-o", str(out)]) == 0
    ET.parse(out)


@pytest.mark.parametrize(
    "reference", [b"&#1;", b"&#x1F;", b"&#xFFFE;", b"&#65535;", b"\xef\xbf\xbf", b"\x00"]
)
def test_character_references_xml_cannot_hold_are_refused(reference):
    with pytest.raises(NormgraphError, match="cannot write"):
        xml_safe(b"<a>" + reference + b"</a>", "XML")


@pytest.mark.parametrize(
    "allowed", [b"&#9;", b"&#xA;", b"&#13;", b"&#x20;", b"\t\n\r", "é€𝄞".encode()]
)
def test_what_xml_can_hold_passes(allowed):
    body = b"<a>" + allowed + b"</a>"
    assert xml_safe(body, "XML") == body
