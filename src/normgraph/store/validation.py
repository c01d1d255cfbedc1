"""Validate a knowledge base against the SHACL shapes, and check for derivation cycles.

The SHACL engine is `shacl <https://pypi.org/project/shacl/>`_, written in Rust. It
reads the store's default graph as N-Triples, dumped by Oxigraph (no rdflib copy), with
each blank node written as an IRI under :data:`BLANK_NODE_IRI` so that a violation
about a blank node (a membership interval, a qualified derivation) can be traced back
to it and named by what points to it. pyshacl gives the same violations (focus, label,
property, message) on every fixture and on the bundled data: tests/test_validation.py
checks it, with pyshacl as the reference. Timings are in the README ("Performance").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING

import pyoxigraph as ox

from normgraph.analytics.lineage import derivation_cycles
from normgraph.forking import Background, in_background
from normgraph.namespaces import compact, expand
from normgraph.resources import shapes_file
from normgraph.store.kb import KnowledgeBase

if TYPE_CHECKING:
    import networkx as nx
    import shacl

__all__ = ["BLANK_NODE_IRI", "Violation", "data_for_shacl", "validate", "validate_in_background"]

#: The IRI prefix that stands for a blank node of the store in the engine's input.
BLANK_NODE_IRI = "urn:normgraph:blank:"
_RDFS_LABEL = ox.NamedNode(expand("rdfs:label"))
_RDF_TYPE = ox.NamedNode(expand("rdf:type"))
_NG_NORM = ox.NamedNode(expand("ng:Norm"))
_DERIVED_FROM = ox.NamedNode(expand("prov:wasDerivedFrom"))
# In N-Triples a blank node is a whole subject (at the start of a line) or a whole
# object (before the final " ."); a "_:" inside a literal is neither.
_SUBJECT_BLANK = re.compile(rb"^_:([A-Za-z0-9_-]+)", re.MULTILINE)
_OBJECT_BLANK = re.compile(rb" _:([A-Za-z0-9_-]+) \.$", re.MULTILINE)
_BARE_IRI = re.compile(r"<([^<>]*)>")


@dataclass(frozen=True, order=True)
class Violation:
    """One reason the data does not conform: which resource, which property, why."""

    focus: str
    label: str
    path: str
    message: str

    def __str__(self) -> str:
        who = f"{self.label} ({self.focus})" if self.label else self.focus
        where = f" [{self.path}]" if self.path else ""
        return f"{who}{where}: {self.message}"


def validate(kb: KnowledgeBase) -> list[Violation]:
    """Every SHACL violation and derivation cycle in ``kb``; empty when it conforms.

    >>> from normgraph import load
    >>> validate(load())
    []
    """
    store = _local_store(kb)
    report = _shapes().validate_text(data_for_shacl(store).decode("utf-8"), format="ntriples")
    violations = {
        Violation(
            _name(store, focus),
            _label(store, focus),
            compact(path[1]) if (path := _BARE_IRI.fullmatch(result.path or "")) else "",
            result.message or f"does not conform ({result.component})",
        )
        for result in report.results
        for focus in [_term(result.focus_node)]
    }
    violations.update(
        Violation(
            compact(cycle[0]),
            _label(store, ox.NamedNode(cycle[0])),
            "prov:wasDerivedFrom",
            "derivation cycle: " + " -> ".join(compact(n) for n in [*cycle, cycle[0]]),
        )
        for cycle in derivation_cycles(_derivations(store))
    )
    return sorted(violations)


def validate_in_background(kb: KnowledgeBase) -> Background[list[Violation]]:
    """Start :func:`validate` on ``kb`` in a forked process: a :class:`Background` answer.

    ``normgraph build`` renders the site meanwhile, so that on two cores the two take
    the time of the longer one. Where there is no ``fork`` (Windows), or when the child
    fails, validation runs in this process when the answer is asked for, so the answer
    (or the error) is the one :func:`validate` gives.

    >>> from normgraph import load
    >>> with validate_in_background(load()) as pending:
    ...     pending.answer()
    []
    """
    return in_background(partial(validate, kb))


def data_for_shacl(store: ox.Store) -> bytes:
    """The default graph of ``store`` as N-Triples, blank nodes written as IRIs.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.BlankNode("b1"), _RDFS_LABEL, ox.Literal("_:b2 .")))
    >>> data_for_shacl(store)
    b'<urn:normgraph:blank:b1> <http://www.w3.org/2000/01/rdf-schema#label> "_:b2 ." .\\n'
    """
    dump = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    iri = b"<" + BLANK_NODE_IRI.encode() + rb"\1>"
    return _OBJECT_BLANK.sub(b" " + iri + b" .", _SUBJECT_BLANK.sub(iri, dump))


@cache
def _shapes() -> shacl.Shapes:
    """normgraph's shapes, compiled once per process."""
    import shacl

    return shacl.Shapes.from_file(str(shapes_file()))


def _local_store(kb: KnowledgeBase) -> ox.Store:
    """The Oxigraph store of ``kb``, or (for a remote endpoint) a copy of its dump."""
    store = getattr(kb.backend, "store", None)
    if isinstance(store, ox.Store):
        return store
    copy = ox.Store()
    copy.bulk_load(kb.dump("nt"), format=ox.RdfFormat.N_TRIPLES)
    return copy


def _derivations(store: ox.Store) -> nx.DiGraph:
    """Norms and their ``prov:wasDerivedFrom`` edges: the edges of
    :attr:`~normgraph.analytics.views.Views.derivation_graph`, read without its tables."""
    import networkx as nx

    norms = {
        q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, _NG_NORM, ox.DefaultGraph())
    }
    graph = nx.DiGraph()
    graph.add_edges_from(
        (q.subject.value, q.object.value)
        for q in store.quads_for_pattern(None, _DERIVED_FROM, None, ox.DefaultGraph())
        if q.subject in norms
        and isinstance(q.subject, ox.NamedNode)
        and isinstance(q.object, ox.NamedNode)
    )
    return graph


def _term(ntriples: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A term written in N-Triples syntax by the engine, with blank nodes restored."""
    (triple,) = ox.parse(f"<a:s> <a:p> {ntriples} .", format=ox.RdfFormat.N_TRIPLES)
    term = triple.object
    if isinstance(term, ox.NamedNode) and term.value.startswith(BLANK_NODE_IRI):
        return ox.BlankNode(term.value.removeprefix(BLANK_NODE_IRI))
    if not isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):  # RDF-star: not ours
        raise TypeError(f"unexpected focus node {ntriples}")
    return term


def _name(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """An IRI as a CURIE; a blank node by what points to it, e.g. "m:x / org:memberDuring"."""
    if isinstance(node, ox.NamedNode):
        return compact(node.value)
    if isinstance(node, ox.Literal):
        return node.value
    referrers = sorted(
        (str(q.subject), q.predicate.value)
        for q in store.quads_for_pattern(None, None, node, ox.DefaultGraph())
    )
    if not referrers:
        return "(blank node)"
    subject, predicate = referrers[0]
    return (
        f"{compact(subject[1:-1]) if subject.startswith('<') else subject} / {compact(predicate)}"
    )


def _label(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The first (in code-point order) ``rdfs:label`` of ``node``; "" when it has none."""
    if isinstance(node, ox.Literal):
        return ""
    labels = store.quads_for_pattern(node, _RDFS_LABEL, None, ox.DefaultGraph())
    return min((q.object.value for q in labels if not isinstance(q.object, ox.Triple)), default="")
