"""Counts that describe a knowledge base: by class, by process, by role, and citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from normgraph.namespaces import compact
from normgraph.store import queries
from normgraph.store.kb import KnowledgeBase

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Stats", "stats"]


@dataclass(frozen=True)
class Stats:
    """Tables of counts. ``citations`` has columns class, facts, cited, share."""

    classes: pd.DataFrame
    processes: pd.DataFrame
    roles: pd.DataFrame
    citations: pd.DataFrame

    @property
    def cited_share(self) -> float:
        """The share of facts that cite a source passage, from 0.0 to 1.0."""
        facts = int(self.citations["facts"].sum())
        return int(self.citations["cited"].sum()) / facts if facts else 1.0


def stats(kb: KnowledgeBase) -> Stats:
    """Count what ``kb`` holds.

    >>> from normgraph import load
    >>> stats(load()).cited_share
    1.0
    """
    classes = kb.select(queries.internal("stats-classes"))
    classes["class"] = classes["class"].map(compact)
    classes["count"] = classes["count"].astype(int)
    processes = kb.select(queries.internal("stats-processes"))
    processes["process"] = processes["process"].map(compact)
    for column in ("memberships", "members", "norms"):
        processes[column] = processes[column].astype(int)
    roles = kb.select(queries.internal("stats-roles"))
    if len(roles):
        roles["memberships"] = roles["memberships"].astype(int)
    citations = kb.select(queries.internal("stats-citations"))
    citations["class"] = citations["class"].map(compact)
    for column in ("facts", "cited"):
        citations[column] = citations[column].astype(int)
    citations["share"] = [
        f"{cited / facts:.0%}" if facts else "n/a"
        for cited, facts in zip(citations["cited"], citations["facts"], strict=True)
    ]
    return Stats(classes, processes, roles, citations)
