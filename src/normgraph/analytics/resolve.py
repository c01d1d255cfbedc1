"""Turn what a user typed (an IRI, a CURIE or a label) into the IRI of a resource."""

from __future__ import annotations

import difflib

from normgraph.errors import UsageError
from normgraph.namespaces import compact, expand
from normgraph.store import queries
from normgraph.store.kb import KnowledgeBase

__all__ = ["resolve"]


def resolve(kb: KnowledgeBase, text: str, kind: str = "resource") -> str:
    """The IRI that ``text`` names, among resources of class ``ng:<Kind>`` when given.

    ``kind`` is "process", "norm", "actor" or "resource" (anything with a label).
    An ambiguous label lists the candidates; an unknown one suggests the nearest
    labels. Both raise :class:`~normgraph.errors.UsageError`.
    """
    classes = {"process": "ng:Process", "norm": "ng:Norm", "actor": "ng:Actor"}
    params = {"class": classes[kind]} if kind in classes else {}
    table = kb.select(queries.internal("labelled-resources"), **params)
    iri = expand(text.strip())
    iris = {str(r) for r in table["r"]} if len(table) else set()
    if iri in iris:
        return iri
    wanted = text.strip().casefold()
    matches = sorted(
        {
            str(row.r)
            for row in table.itertuples()
            if str(row.label).casefold() == wanted or compact(str(row.r)).casefold() == wanted
        }
    )
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = "; ".join(compact(m) for m in matches)
        raise UsageError(f"{text!r} is ambiguous: it may be {listed}")
    labels = {str(row.label): str(row.r) for row in table.itertuples()}
    nearest = difflib.get_close_matches(text, list(labels), n=5, cutoff=0.5)
    hint = (
        "; did you mean " + ", ".join(f"{label!r} ({compact(labels[label])})" for label in nearest)
        if nearest
        else ""
    )
    raise UsageError(f"no {kind} named {text!r}{hint}")
