"""Materialisation: the triples that loading adds, as one SPARQL Update request.

Owns the order of the passes: first ``rules/materialise.ru`` (the direct triples that
normgraph's qualified forms imply), then the RDFS closures of the loaded ontologies, one
update per sub-property (``rules/rdfs-subproperty.ru``) and one per class with all its
super-classes (``rules/rdfs-subclasses.ru``). The hierarchies are read first
(``rules/rdfs-hierarchy.rq``) from the stores that will hold the data, so that the whole
request can run in the same transaction as the files it completes; a declaration that
the rules themselves would derive (a process relation whose property is
``rdfs:subClassOf``) is therefore not closed, where one rule over the hierarchy run last
would close it. Written per class
rather than as one rule over the hierarchy because an Oxigraph update pays for every
solution it inserts: an instance found once gives all its super-classes
(README, "Performance"). ``tests/test_materialise.py`` checks that the triples equal
those of the rules as first written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from normgraph.store import queries

__all__ = ["RULES_DIR", "update_text"]

#: What a hierarchy declaration links (a literal only in malformed data, and then ignored).
_Node = ox.NamedNode | ox.BlankNode | ox.Literal
#: The SPARQL files of the materialisation.
RULES_DIR = Path(__file__).resolve().parent / "rules"


def update_text(stores: Iterable[ox.Store]) -> str:
    r"""The materialisation for the union of ``stores``, as one update request.

    >>> store = ox.Store()
    >>> store.load(
    ...     b"<a:A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <a:B> .\n"
    ...     b"<a:B> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <a:C> .",
    ...     format=ox.RdfFormat.N_TRIPLES,
    ... )
    >>> for line in update_text([store]).splitlines()[-4:]:
    ...     print(line)
    INSERT { ?s a <a:B>, <a:C> }
    WHERE  { ?s a <a:A> } ;
    INSERT { ?s a <a:C> }
    WHERE  { ?s a <a:B> }
    """
    declared: dict[str, dict[_Node, set[_Node]]] = {"property": {}, "class": {}}
    hierarchy = queries.load_file(RULES_DIR / "rdfs-hierarchy.rq").text
    for store in stores:
        rows = store.query(hierarchy)
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            kind, sub, sup = row["kind"], row["sub"], row["super"]
            declared[kind.value].setdefault(sub, set()).add(sup)
    subproperty = queries.load_file(RULES_DIR / "rdfs-subproperty.ru")
    subclasses = queries.load_file(RULES_DIR / "rdfs-subclasses.ru")
    passes = [(RULES_DIR / "materialise.ru").read_text(encoding="utf-8")]
    passes += [
        _without_header(queries.bind(subproperty, {"sub": sub, "super": sup}))
        for sub, found in _named_closure(declared["property"])
        for sup in found
    ]
    passes += [
        _without_header(queries.bind(subclasses, {"class": cls, "supers": found}))
        for cls, found in _named_closure(declared["class"])
    ]
    return " ;\n".join(text.rstrip() for text in passes)


def _named_closure(declared: dict[_Node, set[_Node]]) -> list[tuple[str, list[str]]]:
    """Each named node with its named ancestors in ``declared`` (transitively), sorted.

    Chains may pass through blank nodes; a node is never its own ancestor.

    >>> a, b, c = (ox.NamedNode(f"a:{x}") for x in "ABC")
    >>> _named_closure({a: {ox.BlankNode("x")}, ox.BlankNode("x"): {b}, b: {c, a}})
    [('a:A', ['a:B', 'a:C']), ('a:B', ['a:A', 'a:C'])]
    """
    closed = []
    for start in declared:
        if not isinstance(start, ox.NamedNode):
            continue
        seen: set[_Node] = set()
        todo = list(declared[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(declared.get(node, ()))
        named = sorted(n.value for n in seen if isinstance(n, ox.NamedNode) and n != start)
        if named:
            closed.append((start.value, named))
    return sorted(closed)


def _without_header(text: str) -> str:
    """A rule's text without its comment header (the request names each rule once)."""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)
