"""Validate a knowledge base against the SHACL shapes, and check for derivation cycles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .kb import KnowledgeBase
from .lineage import derivation_cycles
from .namespaces import compact
from .resources import shapes_file

if TYPE_CHECKING:
    import rdflib

__all__ = ["Violation", "validate"]

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
    from pyshacl import validate as shacl_validate

    from .views import views

    data = kb.to_rdflib()
    shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    assert isinstance(report, rdflib.Graph)
    violations = {_violation(data, report, result) for result in _results(report)}
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
