"""Turn what a user typed (an IRI, a CURIE or a name) into the IRI of a resource.

Every command resolves through here, and here through the one name index of
:mod:`normgraph.analytics.names`, so that the command line finds what the site's
search and the query page find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase

__all__ = ["resolve"]


def resolve(kb: KnowledgeBase, text: str, kind: str = "resource") -> str:
    """The IRI that ``text`` names, among resources of one kind when given.

    ``kind`` is "process", "scheme", "norm", "actor", "topic" or "resource" (any of
    them). An ambiguous name lists the candidates, one a line, best first; an
    unknown one suggests the nearest names. Both raise
    :class:`~normgraph.errors.UsageError`.
    """
    from normgraph.analytics.names import name_index

    return name_index(kb).resolve(text, kind)
