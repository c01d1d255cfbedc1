"""Validate a knowledge base against the SHACL shapes, and check for derivation cycles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from normgraph.analytics.lineage import derivation_cycles
from normgraph.errors import NormgraphError
from normgraph.namespaces import compact
from normgraph.resources import shapes_file
from normgraph.store.kb import KnowledgeBase

if TYPE_CHECKING:
    import rdflib

__all__ = ["Violation", "shapes_view", "validate", "validate_in_background"]

_SH = "http://www.w3.org/ns/shacl#"


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
    """Every SHACL violation and derivation cycle in ``kb``; empty when it conforms."""
    import rdflib

    from normgraph.analytics.views import views

    shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
    data = shapes_view(kb, shapes)
    violations = _shacl_violations(data, shapes)
    violations.update(
        Violation(
            compact(cycle[0]),
            _label(data, cycle[0]),
            "prov:wasDerivedFrom",
            "derivation cycle: " + " -> ".join(compact(n) for n in [*cycle, cycle[0]]),
        )
        for cycle in derivation_cycles(views(kb).derivation_graph)
    )
    return sorted(violations)


def validate_in_background(kb: KnowledgeBase) -> Callable[[], list[Violation]]:
    """Start :func:`validate` on ``kb`` in a forked process; call the result for its answer.

    ``normgraph build`` renders the site meanwhile, so that on two cores the two take
    the time of the longer one. Where there is no ``fork`` (Windows), or when the child
    fails, validation runs in this process when the answer is asked for, so the answer
    (or the error) is the one :func:`validate` gives.

    >>> from normgraph import load
    >>> validate_in_background(load())()
    []
    """
    import os
    import pickle

    if not hasattr(os, "fork"):
        return lambda: validate(kb)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: validate, send the answer, leave without cleanup handlers
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(validate(kb), out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def answer() -> list[Violation]:
        with os.fdopen(read_end, "rb") as answer_pipe:
            payload = answer_pipe.read()
        _pid, status = os.waitpid(pid, 0)
        if status != 0 or not payload:
            return validate(kb)
        violations: list[Violation] = pickle.loads(payload)  # noqa: S301 - our own child
        return violations

    return answer


def shapes_view(kb: KnowledgeBase, shapes: rdflib.Graph) -> rdflib.Graph:
    """The part of ``kb`` that ``shapes`` can see, as an rdflib graph for pyshacl.

    That is every triple whose predicate the shapes name (in a path, a target, a
    constraint), every ``rdf:type`` and ``rdfs:subClassOf`` triple (targets and
    ``sh:class`` follow them), and every triple into a blank node (which names a blank
    focus node in a violation). pyshacl finds the same violations in it as in the whole
    graph (tests/test_validation.py checks it), and it is built straight from the store's
    terms, each converted once, instead of serialising the graph and parsing it again:
    the conversion was most of the cost of validating.
    """
    import pyoxigraph as ox
    import rdflib

    wanted = {str(term) for triple in shapes for term in triple if isinstance(term, rdflib.URIRef)}
    wanted.update((str(rdflib.RDF.type), str(rdflib.RDFS.subClassOf)))
    store = getattr(kb.backend, "store", None)
    if isinstance(store, ox.Store):
        quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    else:  # a remote endpoint: its dump is all there is
        quads = ox.parse(kb.dump("nt"), format=ox.RdfFormat.N_TRIPLES)
    terms: dict[object, rdflib.term.Identifier] = {}

    def term(node: object) -> rdflib.term.Identifier:
        converted = terms.get(node)
        if converted is None:
            if isinstance(node, ox.NamedNode):
                converted = rdflib.URIRef(node.value)
            elif isinstance(node, ox.BlankNode):
                converted = rdflib.BNode(node.value)
            elif not isinstance(node, ox.Literal):  # RDF-star: not in normgraph's data
                raise NormgraphError(f"cannot validate a quoted triple: {node}")
            elif node.language:
                converted = rdflib.Literal(node.value, lang=node.language)
            else:
                converted = rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))
            terms[node] = converted
        return converted

    graph = rdflib.Graph()
    graph.addN(
        (term(q.subject), term(q.predicate), term(q.object), graph)
        for q in quads
        if q.predicate.value in wanted or isinstance(q.object, ox.BlankNode)
    )
    return graph


def _shacl_violations(data: rdflib.Graph, shapes: rdflib.Graph) -> set[Violation]:
    """The SHACL violations pyshacl reports for ``data``."""
    import rdflib
    from pyshacl import validate as shacl_validate

    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    assert isinstance(report, rdflib.Graph)
    return {_violation(data, report, result) for result in _results(report)}


def _results(report: rdflib.Graph) -> list[rdflib.term.Node]:
    """The top-level results; nested ones (``sh:detail`` of sh:node/sh:or) are left out."""
    import rdflib

    return list(report.objects(None, rdflib.URIRef(_SH + "result")))


def _violation(data: rdflib.Graph, report: rdflib.Graph, result: rdflib.term.Node) -> Violation:
    import rdflib

    def value(prop: str) -> rdflib.term.Node | None:
        return report.value(result, rdflib.URIRef(_SH + prop))

    focus = value("focusNode")
    path = value("resultPath")
    message = value("resultMessage")
    return Violation(
        compact(str(focus)) if isinstance(focus, rdflib.URIRef) else _describe_bnode(data, focus),
        _label(data, focus),
        compact(str(path)) if isinstance(path, rdflib.URIRef) else "",
        str(message) if message is not None else "does not conform",
    )


def _label(data: rdflib.Graph, node: object) -> str:
    import rdflib

    if isinstance(node, str) and not isinstance(node, rdflib.term.Node):
        node = rdflib.URIRef(node)
    if not isinstance(node, rdflib.term.Node):
        return ""
    label = data.value(node, rdflib.RDFS.label)
    return str(label) if label is not None else ""


def _describe_bnode(data: rdflib.Graph, node: object) -> str:
    """A blank node is named by what points to it, e.g. "m:x / org:memberDuring"."""
    import rdflib

    if not isinstance(node, rdflib.BNode):
        return str(node)
    for subject, predicate in data.subject_predicates(node):
        return f"{compact(str(subject))} / {compact(str(predicate))}"
    return "(blank node)"
