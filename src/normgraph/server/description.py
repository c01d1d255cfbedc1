"""The SPARQL 1.1 Service Description of the endpoint, answered to ``GET /sparql``.

It says where the endpoint is, which language and result formats it speaks, what its
default dataset holds (a triple count, in VoID), and, in a comment, what it refuses
and its limits, as clients and registries of SPARQL endpoints expect to read them.

>>> graph = description("http://127.0.0.1:8000/sparql", 42, "5 s per query")
>>> (ox.NamedNode("http://127.0.0.1:8000/sparql"), SD.endpoint) in {
...     (t.subject, t.predicate) for t in graph}
True
"""

from __future__ import annotations

from typing import Final

import pyoxigraph as ox

__all__ = ["SD", "description"]


class SD:
    """Terms of the Service Description vocabulary used here."""

    NS: Final = "http://www.w3.org/ns/sparql-service-description#"
    Service: Final = ox.NamedNode(NS + "Service")
    Dataset: Final = ox.NamedNode(NS + "Dataset")
    Graph: Final = ox.NamedNode(NS + "Graph")
    endpoint: Final = ox.NamedNode(NS + "endpoint")
    supported_language: Final = ox.NamedNode(NS + "supportedLanguage")
    SPARQL11Query: Final = ox.NamedNode(NS + "SPARQL11Query")
    result_format: Final = ox.NamedNode(NS + "resultFormat")
    default_dataset: Final = ox.NamedNode(NS + "defaultDataset")
    default_graph: Final = ox.NamedNode(NS + "defaultGraph")
    default_entailment_regime: Final = ox.NamedNode(NS + "defaultEntailmentRegime")


_RDF_TYPE: Final = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_COMMENT: Final = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
_VOID_TRIPLES: Final = ox.NamedNode("http://rdfs.org/ns/void#triples")
_SIMPLE_ENTAILMENT: Final = ox.NamedNode("http://www.w3.org/ns/entailment/Simple")
_XSD_INTEGER: Final = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
#: The formats the endpoint answers in, as the W3C names them (www.w3.org/ns/formats/).
_FORMATS: Final = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def description(endpoint: str, triples: int, limits: str) -> list[ox.Triple]:
    """The service description of the endpoint at ``endpoint`` serving ``triples``
    triples, whose ``limits`` are said in a comment."""
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode()
    graph = ox.BlankNode()
    comment = (
        "Read-only, and calls nothing else: updates, SERVICE, FROM, FROM NAMED, "
        f"default-graph-uri and named-graph-uri are refused. Limits: {limits}."
    )
    statements: list[
        tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
    ] = [
        (service, _RDF_TYPE, SD.Service),
        (service, SD.endpoint, service),
        (service, SD.supported_language, SD.SPARQL11Query),
        (service, SD.default_entailment_regime, _SIMPLE_ENTAILMENT),
        (service, _RDFS_COMMENT, ox.Literal(comment)),
        (service, SD.default_dataset, dataset),
        (dataset, _RDF_TYPE, SD.Dataset),
        (dataset, SD.default_graph, graph),
        (graph, _RDF_TYPE, SD.Graph),
        (graph, _VOID_TRIPLES, ox.Literal(str(triples), datatype=_XSD_INTEGER)),
    ]
    statements += [
        (service, SD.result_format, ox.NamedNode(f"http://www.w3.org/ns/formats/{name}"))
        for name in _FORMATS
    ]
    return [ox.Triple(s, p, o) for s, p, o in statements]
