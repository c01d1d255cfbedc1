"""Counts that describe a knowledge base: what it holds, how far it reaches in time, how
its norms are classified and linked, how complete its member lists are, and how its
facts are cited.

Tables come from SPARQL (``stats-*.rq``) and from the views
(:mod:`normgraph.analytics.views`). What counts as a dated *event* (the table
``years``) is said in ``stats-events.rq``: a process's start or end, the issue of its
outcome document, a norm's own issue date and a membership's own start. Dates that a
view infers (a membership taking its process's dates) are not events, so a year with
no event is a gap in the data, not an artefact of inference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from normgraph.namespaces import compact
from normgraph.store import queries
from normgraph.store.kb import KnowledgeBase

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EVENT_KINDS", "FIRST_YEAR", "LAST_YEAR", "Stats", "events_by_year", "stats"]

#: The years the project tracks; ``years`` has one row for each.
FIRST_YEAR: Final = 2004
LAST_YEAR: Final = 2026
#: The kinds of dated event, in the order of the columns of ``years``.
EVENT_KINDS: Final = (
    "process start",
    "process end",
    "outcome document",
    "norm issued",
    "membership start",
)


@dataclass(frozen=True)
class Stats:
    """Tables of counts.

    - ``classes``: class, count.
    - ``processes``: process, label, memberships, members (distinct actors in any
      role), member_list (the summary phrase of its members: "14 of 25 recorded"), norms.
    - ``roles``: role, memberships.
    - ``citations``: class, facts, cited, with_page, with_locator, share.
    - ``kinds``: kind, processes.
    - ``years``: year, one column per :data:`EVENT_KINDS`, events, processes (how many
      processes had an event that year), one row per year from 2004 to 2026.
    - ``events_outside``: how many events fall before 2004 or after 2026.
    - ``schemes``: scheme, label, process, norms.
    - ``topics``: topic, label, norms; last a row "(no topic)" for norms without one.
    - ``derivations``: kind, then one column per confidence (Stated, Textual,
      "(unstated)"), and total.
    - ``member_lists``: process, label, recorded, stated, complete, summary; the
      processes with a recorded member or a stated count.
    """

    classes: pd.DataFrame
    processes: pd.DataFrame
    roles: pd.DataFrame
    citations: pd.DataFrame
    kinds: pd.DataFrame
    years: pd.DataFrame
    events_outside: dict[str, int]
    schemes: pd.DataFrame
    topics: pd.DataFrame
    derivations: pd.DataFrame
    member_lists: pd.DataFrame

    @property
    def cited_share(self) -> float:
        """The share of facts that cite a source passage, from 0.0 to 1.0."""
        return self._share("cited")

    @property
    def page_share(self) -> float:
        """The share of facts citing a passage whose source has a web address (foaf:page)."""
        return self._share("with_page")

    @property
    def locator_share(self) -> float:
        """The share of facts citing a passage with a locator (paragraph, page, section)."""
        return self._share("with_locator")

    @property
    def complete_lists(self) -> tuple[int, int]:
        """How many member lists are complete, and how many lists there are."""
        return int(self.member_lists["complete"].sum()), len(self.member_lists)

    def _share(self, column: str) -> float:
        facts = int(self.citations["facts"].sum())
        return int(self.citations[column].sum()) / facts if facts else 1.0


def stats(kb: KnowledgeBase) -> Stats:
    """Count what ``kb`` holds.

    >>> from normgraph import load
    >>> result = stats(load())
    >>> result.cited_share
    1.0
    >>> list(result.years["year"])[:2], len(result.years)
    ([2004, 2005], 23)
    """
    from normgraph.analytics.views import views

    v = views(kb)
    classes = kb.select(queries.internal("stats-classes"))
    classes["class"] = classes["class"].map(compact)
    classes["count"] = classes["count"].astype(int)
    processes = kb.select(queries.internal("stats-processes"))
    for column in ("memberships", "members", "norms"):
        processes[column] = processes[column].astype(int)
    phrases = v.member_lists.set_index("process")["summary"]
    processes.insert(4, "member_list", processes["process"].map(phrases))
    processes["process"] = processes["process"].map(compact)
    roles = kb.select(queries.internal("stats-roles"))
    if len(roles):
        roles["memberships"] = roles["memberships"].astype(int)
    years, outside = events_by_year(kb.select(queries.internal("stats-events")))
    return Stats(
        classes=classes,
        processes=processes,
        roles=roles,
        citations=_citations(kb),
        kinds=_counted(v.processes["kind"].fillna("(no kind)"), "kind", "processes"),
        years=years,
        events_outside=outside,
        schemes=_schemes(v.norms, v.names),
        topics=_topics(v.topics, v.norms),
        derivations=_derivations(v.derivations),
        member_lists=_member_lists(v.member_lists),
    )


def events_by_year(
    events: pd.DataFrame, first: int = FIRST_YEAR, last: int = LAST_YEAR
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Dated events per year from ``first`` to ``last``, and how many fall outside.

    ``events`` has the columns of ``stats-events.rq`` (event, kind, process, date). An
    event counts once per kind however many rows name it (a document that is the
    outcome of two processes), and ``processes`` counts every process it belongs to; a
    year of ``"2015"`` or ``"2015-07-22"`` is 2015.

    >>> import pandas as pd
    >>> events = pd.DataFrame({
    ...     "event": ["a", "a", "b", "c"], "kind": ["outcome document"] * 2 + ["norm issued"] * 2,
    ...     "process": ["p", "q", "p", "q"], "date": ["2015", "2015", "2015-07-22", "1999"]})
    >>> table, outside = events_by_year(events, 2015, 2016)
    >>> table[["year", "outcome document", "norm issued", "events", "processes"]].values.tolist()
    [[2015, 1, 1, 2, 2], [2016, 0, 0, 0, 0]]
    >>> outside
    {'before': 1, 'after': 0}
    """
    import pandas as pd

    rows = events.dropna(subset=["date"]).copy()
    rows["year"] = pd.to_numeric(rows["date"].astype(str).str[:4], errors="coerce")
    rows = rows.dropna(subset=["year"])
    rows["year"] = rows["year"].astype(int)
    # A document that is the outcome of two processes is one event of both processes.
    frame = rows.sort_values(["event", "kind", "date"]).drop_duplicates(["event", "kind"])
    inside = frame[frame["year"].between(first, last)]
    span = pd.Index(range(first, last + 1), name="year")
    table = (
        pd.crosstab(inside["year"], inside["kind"])
        .reindex(index=span, columns=list(EVENT_KINDS), fill_value=0)
        .astype(int)
    )
    table["events"] = table.sum(axis=1)
    involved = rows[rows["year"].between(first, last)]
    table["processes"] = involved.groupby("year")["process"].nunique().reindex(span, fill_value=0)
    outside = {
        "before": int((frame["year"] < first).sum()),
        "after": int((frame["year"] > last).sum()),
    }
    table.columns.name = None
    return table.reset_index(), outside


def _citations(kb: KnowledgeBase) -> pd.DataFrame:
    citations = kb.select(queries.internal("stats-citations"))
    citations["class"] = citations["class"].map(compact)
    for column in ("facts", "cited", "with_page", "with_locator"):
        citations[column] = citations[column].astype(int)
    citations["share"] = [
        f"{cited / facts:.0%}" if facts else "n/a"
        for cited, facts in zip(citations["cited"], citations["facts"], strict=True)
    ]
    return citations


def _counted(values: pd.Series, name: str, count: str) -> pd.DataFrame:
    """How many times each value occurs, most first (ties by value)."""
    counts = values.value_counts().rename(count).rename_axis(name).reset_index()
    return counts.sort_values([count, name], ascending=[False, True]).reset_index(drop=True)


def _schemes(norms: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """Norms per scheme, with the scheme's label and process, most norms first."""
    labels = names[(names["kind"] == "scheme") & (names["field"] == "label")]
    by_scheme = labels.drop_duplicates("resource").set_index("resource")["name"]
    table = (
        norms.assign(scheme=norms["scheme"].fillna("(no scheme)"))
        .groupby("scheme", sort=False)
        .agg(process=("process", "first"), norms=("norm", "nunique"))
        .reset_index()
    )
    table.insert(1, "label", table["scheme"].map(by_scheme))
    table["scheme"] = table["scheme"].map(compact)
    table["process"] = table["process"].map(lambda p: compact(p) if isinstance(p, str) else p)
    return table.sort_values(["norms", "scheme"], ascending=[False, True]).reset_index(drop=True)


def _topics(topics: pd.DataFrame, norms: pd.DataFrame) -> pd.DataFrame:
    """Norms per topic, most first, and a last row for the norms without a topic."""
    import pandas as pd

    table = topics[["topic", "label", "norms"]].sort_values(
        ["norms", "label"], ascending=[False, True]
    )
    table = table.assign(topic=table["topic"].map(compact))
    untagged = int((norms["topics"].map(len) == 0).sum())
    extra = pd.DataFrame([{"topic": "(no topic)", "label": None, "norms": untagged}])
    return pd.concat([table, extra], ignore_index=True)


def _derivations(derivations: pd.DataFrame) -> pd.DataFrame:
    """Derivations by kind (rows) and confidence (columns), with totals."""
    import pandas as pd

    kind = derivations["kind"].fillna("(unqualified)").rename("kind")
    confidence = derivations["confidence"].fillna("(unstated)").rename("confidence")
    table = pd.crosstab(kind, confidence, margins=True, margins_name="total")
    table.columns.name = None
    return table.reset_index()


def _member_lists(member_lists: pd.DataFrame) -> pd.DataFrame:
    """The lists with a recorded member or a stated count; complete ones first, then by size."""
    shown = member_lists[(member_lists["recorded"] > 0) | member_lists["stated"].notna()]
    shown = shown.sort_values(["complete", "recorded", "process"], ascending=[False, False, True])
    return shown.assign(process=shown["process"].map(compact)).reset_index(drop=True)
