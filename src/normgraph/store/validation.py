"""Validate a knowledge base against the SHACL shapes, and check for derivation cycles.

The SHACL engine is `shacl <https://pypi.org/project/shacl/>`_, written in Rust. It
reads the store's default graph as N-Triples, dumped by Oxigraph (no rdflib copy). The
engine names blank nodes anew, so when a violation is about a blank node (a membership
interval, a qualified derivation) the data is validated again with each blank node
written as an IRI under :data:`BLANK_NODE_IRI`, so that it can be traced back and named
by what points to it. pyshacl gives the same violations (focus, label, property,
message) on every fixture and on the bundled data: tests/test_validation.py checks it,
with pyshacl as the reference. Timings are in the README ("Performance").
"""

from __future__ import annotations

import graphlib
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from normgraph.forking import Background, in_background
from normgraph.namespaces import compact, expand
from normgraph.resources import shapes_file
from normgraph.store.kb import KnowledgeBase

if TYPE_CHECKING:
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
    violations = {
        Violation(
            _name(store, focus),
            _label(store, focus),
            compact(path[1]) if (path := _BARE_IRI.fullmatch(result.path or "")) else "",
            result.message or f"does not conform ({result.component})",
        )
        for result in _shacl_results(store)
        for focus in [_term(result.focus_node)]
    }
    violations.update(
        Violation(
            compact(cycle[0]),
            _label(store, ox.NamedNode(cycle[0])),
            "prov:wasDerivedFrom",
            "derivation cycle: " + " -> ".join(compact(n) for n in [*cycle, cycle[0]]),
        )
        for cycle in _derivation_cycles(store)
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
    iri = b"<" + BLANK_NODE_IRI.encode() + rb"\1>"
    return _OBJECT_BLANK.sub(b" " + iri + b" .", _SUBJECT_BLANK.sub(iri, _dump(store)))


def _shacl_results(store: ox.Store) -> list[shacl.Result]:
    """The engine's results on the default graph of ``store``.

    The engine names the blank nodes it reads anew (``_:0_b1``...), so a result about a
    blank node could not be traced back to the store. Data that conforms, or whose
    violations are all about IRIs, is validated as the store dumps it; otherwise it is
    validated again from :func:`data_for_shacl`, whose blank nodes are IRIs that the
    engine keeps (no shape tests whether a node is blank, so the results are the same
    but for those names). Rewriting the dump costs as much as the engine's run: it is
    paid only for data that has such violations.
    """
    shapes = _shapes()
    results = _validate_dump(shapes, store)
    if any(result.focus_node.startswith("_:") for result in results):
        text = data_for_shacl(store).decode("utf-8")
        results = shapes.validate_text(text, format="ntriples").results
    return results


def _validate_dump(shapes: shacl.Shapes, store: ox.Store) -> list[shacl.Result]:
    """The engine's results on the store's N-Triples dump, handed over in a temporary file.

    The engine reads the file where Oxigraph wrote it, with no copy of the dump in Python
    as bytes and again as text: at 100k triples the peak memory is 101 MB instead of
    162 MB, and at 55k this step takes 17% less CPU. Where no temporary file can be
    written (a full disk), the dump is handed over as text.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="normgraph-validate-") as folder:
            data = str(Path(folder) / "data.nt")
            store.dump(data, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            return shapes.validate_file(data).results
    except OSError:
        return shapes.validate_text(_dump(store).decode("utf-8"), format="ntriples").results


def _dump(store: ox.Store) -> bytes:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""


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


def _derivation_cycles(store: ox.Store) -> list[list[str]]:
    """The cycles of the norms' ``prov:wasDerivedFrom`` edges, as
    :func:`~normgraph.analytics.lineage.derivation_cycles` lists them.

    The edges are those of :attr:`~normgraph.analytics.views.Views.derivation_graph`,
    read without its tables. Data without a cycle (the usual case) is told apart by a
    topological sort here, without importing networkx, which takes longer than the
    rest of validating the bundled data.
    """
    norms = {
        q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, _NG_NORM, ox.DefaultGraph())
    }
    edges = [
        (q.subject.value, q.object.value)
        for q in store.quads_for_pattern(None, _DERIVED_FROM, None, ox.DefaultGraph())
        if q.subject in norms
        and isinstance(q.subject, ox.NamedNode)
        and isinstance(q.object, ox.NamedNode)
    ]
    if not _has_cycle(edges):
        return []
    import networkx as nx

    from normgraph.analytics.lineage import derivation_cycles

    return derivation_cycles(nx.DiGraph(edges))


def _has_cycle(edges: Iterable[tuple[str, str]]) -> bool:
    """Whether the directed graph of ``edges`` has a cycle (the standard library's sort).

    >>> _has_cycle([("c", "b"), ("b", "a"), ("c", "a")])
    False
    >>> _has_cycle([("a", "b"), ("b", "c"), ("c", "b")])
    True
    >>> _has_cycle([("a", "a")])
    True
    """
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for source, target in edges:
        sorter.add(source, target)
    try:
        sorter.prepare()
    except graphlib.CycleError:
        return True
    return False


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
