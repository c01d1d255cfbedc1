"""Single facts of a knowledge base, for the dataset tests that check them against sources."""

from __future__ import annotations

from normgraph.namespaces import expand
from normgraph.store.kb import KnowledgeBase


def value(kb: KnowledgeBase, subject: str, prop: str) -> str | None:
    """One value of ``prop`` on ``subject`` (a CURIE or IRI), or None."""
    table = kb.select(f"SELECT ?v WHERE {{ <{expand(subject)}> {prop} ?v }}")
    return None if table.empty else str(table["v"][0])


def assert_reviewed(kb: KnowledgeBase, process: str, day: str) -> None:
    """The process (a local name) was reviewed on ``day`` and has a short label to draw."""
    assert value(kb, f"p:{process}", "ng:lastReviewed") == day
    assert value(kb, f"p:{process}", "ng:shortLabel")


def members(
    kb: KnowledgeBase, process: str, role: str = "member", date: str | None = None
) -> set[str]:
    """The IRIs of ``process``'s members in ``role`` (as of ``date`` when given)."""
    params = {"process": process} | ({"date": date} if date else {})
    table = kb.select("members-of-process", **params)
    return set(table.loc[table["role"] == role, "member"]) if len(table) else set()


def states(*codes: str) -> set[str]:
    """The IRIs of the states with these ISO 3166-1 alpha-3 codes."""
    return {expand(f"state:{code}") for code in codes}
