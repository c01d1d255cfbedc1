"""Serialise a knowledge base as RDF or as a GraphML property graph."""

from __future__ import annotations

from normgraph.namespaces import compact
from normgraph.store import queries
from normgraph.store.formats import graph_format
from normgraph.store.kb import KnowledgeBase

__all__ = ["export", "to_networkx"]


def export(kb: KnowledgeBase, fmt: str) -> bytes:
    """The whole graph as ``fmt``: ttl, nt, jsonld or graphml."""
    if fmt == "graphml":
        from normgraph.analytics.views import graphml

        return graphml(to_networkx(kb))
    graph_format(fmt)
    return kb.dump(fmt)


def to_networkx(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    """A MultiDiGraph of the data's resources (IRIs as CURIEs) and object triples.

    Ontology and shape terms are left out: nodes are the resources that have a type
    from normgraph's classes or are linked from one.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    nodes = kb.select(queries.internal("export-nodes"))
    for row in nodes.itertuples(index=False):
        graph.add_node(
            compact(str(row.r)),
            label=row.label if isinstance(row.label, str) else "",
            type=compact(str(row.type)),
        )
    edges = kb.select(queries.internal("export-edges"))
    for row in edges.itertuples(index=False):
        source, target = compact(str(row.s)), compact(str(row.o))
        if target not in graph:
            graph.add_node(target, label="", type="")
        graph.add_edge(source, target, key=compact(str(row.p)), predicate=compact(str(row.p)))
    return graph
