"""The one model of a knowledge base: its tables and network views.

Processes, norms, actors, memberships, relations, topics, conflicts, derivations, source
documents and the passages every fact cites are tables (:class:`Views`), each read with
one SPARQL query (``queries/internal/analytics-*.rq``, never by converting the whole RDF
graph) or computed from the others, once per knowledge base: :func:`views` keeps them,
so that the command line, the site and a notebook share one copy. The graphs are built
from the tables. Nodes are IRIs.

- :attr:`Views.derivation_graph`: a DAG of norms, each edge from a norm to the
  earlier norm it derives from (``prov:wasDerivedFrom``).
- :attr:`Views.process_graph`: processes, each edge pointing the way norms and
  influence travel, from the process that gave to the process that took up.
- :attr:`Views.membership_graph`: the bipartite graph of actors and processes, one
  edge per membership.

The graphs are frozen (shared by every caller); ``graph.copy()`` gives one to change.

>>> from normgraph import load
>>> v = views(load())
>>> v.derivation_graph.number_of_nodes() == len(v.norms)
True
>>> set(v.memberships.columns) >= {"actor", "actor_type", "process", "role", "start", "end"}
True
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Final

from normgraph.analytics.completeness import MEMBER_ROLES, summary
from normgraph.dates import period_end, period_start
from normgraph.namespaces import NG
from normgraph.store import queries
from normgraph.store.formats import xml_safe

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from normgraph.store.kb import KnowledgeBase

__all__ = [
    "ACTOR_TYPES",
    "PROCESS_KINDS",
    "Views",
    "derivation_graph",
    "forget",
    "graphml",
    "membership_graph",
    "memberships",
    "process_graph",
    "views",
]

#: The actor kinds, by the short name the command line uses, and their classes.
ACTOR_TYPES: Final[dict[str, str]] = {
    "state": NG + "State",
    "company": NG + "Company",
    "civil-society": NG + "CivilSocietyOrganisation",
    "public-authority": NG + "PublicAuthority",
    "igo": NG + "IntergovernmentalOrganisation",
    "person": NG + "Person",
}

#: The process kinds, by the short name views and pages use, and their classes.
PROCESS_KINDS: Final[dict[str, str]] = {
    "multilateral": NG + "MultilateralProcess",
    "expert": NG + "ExpertProcess",
    "industry": NG + "IndustryProcess",
    "multistakeholder": NG + "MultistakeholderProcess",
    "bilateral": NG + "BilateralProcess",
    "national": NG + "NationalInitiative",
}

# Relations whose subject takes something up from their object: norms, work, a text it
# signs or a process it succeeds. The others (reflectedInMandateOf, establishes, and
# the symmetric competesWith) already point from giver to taker.
_TAKER_IS_SUBJECT: Final = frozenset({"adoptsNormsOf", "endorses", "signsOnTo", "succeeds"})

_CACHE: weakref.WeakKeyDictionary[KnowledgeBase, Views] = weakref.WeakKeyDictionary()


class Views:
    """The tables and graphs of one knowledge base, each built on first use.

    Tables hold full IRIs; multi-valued cells (source passages) hold tuples of IRIs.
    Dates are kept as the source gave them (``"2015-07-22"``, ``"2019-06"``, ``"2015"``).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def norms(self) -> pd.DataFrame:
        """Columns norm, label, notation, scheme, process, date, topics, scheme_label,
        summary, reference; one row per norm, in IRI order.

        ``label`` is the norm's short title (``skos:prefLabel``, else ``rdfs:label``),
        ``summary`` what it asks (``skos:definition``), ``reference`` where it stands in
        its official text (``ng:officialReference``, ``"A/70/174, para. 13(a)"``),
        ``scheme_label`` the label of its scheme. A norm's date is when it was first put
        forward: its own ``dcterms:issued``, else when its process's text appeared (the
        issue date of the process's earliest outcome document), else the process's end
        date, else its start date. ``topics`` is a sorted tuple of the IRIs of its topics
        (``dcterms:subject``).
        """
        raw = self._select("analytics-norms")
        raw["_issued"] = period_start(raw["issued"])
        raw = _one_row_per(raw, ["norm"], order=["norm", "_issued"])
        raw["label"] = raw["pref_label"].fillna(raw["label"])
        raw["date"] = raw["own"].fillna(raw["issued"]).fillna(raw["end"]).fillna(raw["start"])
        by_norm: dict[str, list[str]] = {}
        for norm, topic in zip(self.norm_topics["norm"], self.norm_topics["topic"], strict=True):
            by_norm.setdefault(norm, []).append(topic)
        raw["topics"] = [tuple(by_norm.get(norm, ())) for norm in raw["norm"]]
        columns = ["norm", "label", "notation", "scheme", "process", "date", "topics"]
        return raw[[*columns, "scheme_label", "summary", "reference"]].reset_index(drop=True)

    @cached_property
    def topics(self) -> pd.DataFrame:
        """Columns topic, label, definition, norms (how many norms are about it)."""
        frame = self._select("analytics-topics").drop_duplicates("topic")
        counts = self.norm_topics["topic"].value_counts()
        frame["norms"] = frame["topic"].map(counts).fillna(0).astype(int)
        return frame.sort_values("label", kind="stable").reset_index(drop=True)

    @cached_property
    def norm_topics(self) -> pd.DataFrame:
        """Columns norm, topic, label: one row per norm and topic it is about."""
        frame = self._select("analytics-norm-topics").drop_duplicates(["norm", "topic"])
        return frame.sort_values(["norm", "topic"], kind="stable").reset_index(drop=True)

    @cached_property
    def names(self) -> pd.DataFrame:
        """Columns resource, kind, field, name: every name a resource is known by.

        ``kind`` is process, scheme, norm, actor or topic; ``field`` the local name of
        the property the name comes from (label, prefLabel, altLabel, shortLabel,
        notation, officialReference, iso3166Alpha2, iso3166Alpha3, definition) or
        ``topic`` for the label of a norm's topic. Labels come in every language the
        data holds. :mod:`normgraph.analytics.names` builds its index from this table.
        """
        frame = self._select("analytics-names").dropna(subset=["name"])
        frame = frame.drop_duplicates(["resource", "kind", "field", "name"])
        return frame.sort_values(["kind", "resource", "field", "name"]).reset_index(drop=True)

    @cached_property
    def conflicts(self) -> pd.DataFrame:
        """Columns conflict, norm, other, kind, description, source.

        One row per ng:NormConflict: ``norm`` and ``other`` are its two norms (in IRI
        order), ``kind`` is ``"Competing"`` or ``"Contradicting"``, ``source`` a tuple of
        passages.
        """
        raw = self._select("analytics-conflicts")
        raw["kind"] = _local_names(raw["kind"])
        return _gather(raw, ["conflict", "norm", "other"], ["source"])

    @cached_property
    def derivations(self) -> pd.DataFrame:
        """Columns norm, earlier, kind, confidence, source, process, earlier_process, date.

        One row per derivation: ``norm`` derives from ``earlier``. ``kind`` is the
        local name of the ng:derivationKind (``"adapts"``), ``confidence`` that of its
        ng:confidence (``"Stated"`` or ``"Textual"``), ``source`` a tuple of
        passage IRIs, ``process`` and ``date`` those of the deriving norm (when it took
        the earlier one up), ``earlier_process`` the process of the earlier norm.
        """
        raw = self._select("analytics-derivations")
        raw["kind"] = _local_names(raw["kind"])
        raw["confidence"] = _local_names(raw["confidence"])
        frame = _gather(raw, ["norm", "earlier"], ["source"])
        by_norm = self.norms.set_index("norm")
        frame["process"] = frame["norm"].map(by_norm["process"])
        frame["earlier_process"] = frame["earlier"].map(by_norm["process"])
        frame["date"] = frame["norm"].map(by_norm["date"])
        columns = ["norm", "earlier", "kind", "confidence", "source"]
        return frame[[*columns, "process", "earlier_process", "date"]]

    @cached_property
    def processes(self) -> pd.DataFrame:
        """Columns process, label, short_label, kind, series, start, end, multilateral,
        members_stated, members_complete, last_reviewed, is_series, form, status,
        outcome, mandate, outcome_document, un; one row per process, in IRI order.

        ``short_label`` is the name drawn on graphs (``ng:shortLabel``, else the label);
        ``kind`` a key of :data:`PROCESS_KINDS`; ``series`` the series it is an
        iteration of. ``members_stated`` is the number of members a source states
        (``ng:memberCount``, or missing), ``members_complete`` whether the recorded list
        is the whole list (see :mod:`normgraph.analytics.completeness`),
        ``last_reviewed`` the day its facts were last reviewed (``ng:lastReviewed``).
        ``multilateral`` is true for an ng:MultilateralProcess (states devising norms for
        states), ``is_series`` for an ng:ProcessSeries (a series of iterations, such as
        the GGEs). ``form``, ``status`` and ``outcome`` are the labels of its
        ``ng:form`` (``"forum"``), ``ng:status`` (``"concluded"``) and
        ``ng:outcome`` (``"consensus report"``), ``mandate`` the text of its mandate,
        ``outcome_document`` the IRI of its outcome document (a row of :attr:`sources`).
        ``un`` is true for a UN process as the library query ``un-processes`` defines it
        (the General Assembly and its parts, processes whose outcome document the UN
        published or that a UN process established, and their series and iterations).
        """
        import pandas as pd

        raw = _one_row_per(self._select("analytics-processes"), ["process"])
        un = self.kb.select(queries.get("un-processes"))
        raw["short_label"] = raw["short_label"].fillna(raw["label"])
        raw["kind"] = raw["kind"].map({iri: name for name, iri in PROCESS_KINDS.items()})
        raw["members_stated"] = pd.to_numeric(raw["members_stated"]).astype("Int64")
        raw["members_complete"] = raw["members_complete"].isin(["true", "1", True])
        raw["multilateral"] = raw["multilateral"] == "true"
        raw["is_series"] = raw["is_series"] == "true"
        raw["un"] = raw["process"].isin(set(un["process"]) if len(un) else set())
        return raw.reset_index(drop=True)

    @cached_property
    def relations(self) -> pd.DataFrame:
        """Columns subject, relation, object, statements, source: the direct relations.

        One row per relation, in subject, relation, object order. ``relation`` is the
        local name of the property (``"adoptsNormsOf"``); ``statements`` a sorted tuple
        of the ng:ProcessRelation resources that state it (each cites its own passages,
        see :attr:`citations`; empty for the reverse of a symmetric relation, which
        loading infers), ``source`` a tuple of the passages they cite.
        """
        raw = self._select("analytics-relations")
        raw["relation"] = _local_names(raw["relation"])
        return _gather(raw, ["subject", "relation", "object"], ["statement", "source"]).rename(
            columns={"statement": "statements"}
        )

    @cached_property
    def actors(self) -> pd.DataFrame:
        """Columns actor, label, actor_type, iso3, nationality; one row per actor, in IRI
        order.

        The actors are the ng:Actor resources and anything recorded as a member.
        ``actor_type`` is a key of :data:`ACTOR_TYPES` (the first in IRI order of its
        classes when it has several; missing when it has none of them), ``iso3`` the ISO
        3166-1 alpha-3 code of a state (``ng:iso3166Alpha3``), ``nationality`` the IRI of
        a person's state (``ng:nationality``).
        """
        raw = _one_row_per(self._select("analytics-actors"), ["actor"], order=["actor", "type"])
        raw["actor_type"] = raw["type"].map({iri: name for name, iri in ACTOR_TYPES.items()})
        columns = ["actor", "label", "actor_type", "iso3", "nationality"]
        return raw[columns].reset_index(drop=True)

    @cached_property
    def memberships(self) -> pd.DataFrame:
        """One row per membership; see :func:`memberships` for the columns."""
        frame = _one_row_per(
            self._select("analytics-memberships"),
            ["membership"],
            order=["process", "actor", "membership"],
        )
        frame["role"] = _local_names(frame["role"])
        actors = self.actors.set_index("actor")
        frame.insert(2, "actor_label", frame["actor"].map(actors["label"]))
        frame.insert(3, "actor_type", frame["actor"].map(actors["actor_type"]))
        processes = self.processes.set_index("process")
        frame.insert(5, "process_label", frame["process"].map(processes["label"]))
        frame["in_force_from"] = period_start(frame.pop("from"))
        frame["in_force_until"] = period_end(frame.pop("until"))
        return frame.reset_index(drop=True)

    @cached_property
    def sources(self) -> pd.DataFrame:
        """Columns source, title, identifier, publisher, creator, issued, page.

        One row per source document (ng:Source), in IRI order: its ``dcterms:title``,
        ``dcterms:identifier`` (a UN symbol such as ``"A/70/174"``), ``dcterms:publisher``
        and ``dcterms:creator`` (as text), when it was issued (as the source gave it) and
        its web page (``foaf:page``, as written: check the scheme before linking it).
        """
        return _one_row_per(self._select("analytics-sources"), ["source"])

    @cached_property
    def citations(self) -> pd.DataFrame:
        """Columns fact, passage, locator, source: what every fact cites.

        One row per fact and passage it cites (``dcterms:source`` to an ng:Passage), in
        fact, passage order. A fact is any resource that cites one: a process, norm,
        norm scheme, membership, derivation, process relation or conflict. ``locator``
        is where the passage stands (``ng:locator``, ``"para. 13"``), ``source`` the
        source document it is part of (``dcterms:isPartOf``; a row of :attr:`sources`
        when the document is described). The ``source`` columns of the other tables
        are these passages, gathered per row.
        """
        return _one_row_per(self._select("analytics-citations"), ["fact", "passage"])

    @cached_property
    def member_lists(self) -> pd.DataFrame:
        """Columns process, label, recorded, stated, complete, summary.

        ``recorded`` counts the distinct actors recorded as members or signatories,
        ``stated`` what a source says the total is (missing when none does),
        ``complete`` whether the recorded list is the whole list, and ``summary`` the
        phrase every view prints (``"14 of 25 recorded"``).
        """
        frame = self.memberships
        members = frame[frame["role"].isin(MEMBER_ROLES)]
        recorded = members.groupby("process")["actor"].nunique()
        table = self.processes[["process", "label", "members_stated", "members_complete"]]
        table = table.rename(columns={"members_stated": "stated", "members_complete": "complete"})
        table.insert(2, "recorded", table["process"].map(recorded).fillna(0).astype(int))
        table["summary"] = [
            summary(r, s, c)
            for r, s, c in zip(table["recorded"], table["stated"], table["complete"], strict=True)
        ]
        return table.reset_index(drop=True)

    @cached_property
    def derivation_graph(self) -> nx.DiGraph:
        """Norms; an edge from each norm to the earlier norm it derives from.

        Node attributes: the other columns of :attr:`norms` (label, notation, process,
        scheme, date, topics, scheme_label, summary, reference). Edge attributes:
        kind, confidence, date, source (a tuple of passages), process (of the deriving
        norm).
        """
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(_attributes(self.norms, "norm"))
        columns = ["norm", "earlier", "kind", "confidence", "date", "source", "process"]
        graph.add_edges_from(_attributes(self.derivations[columns], "norm", "earlier"))
        return nx.freeze(graph)

    @cached_property
    def process_graph(self) -> nx.MultiDiGraph:
        """Processes; each edge points from the process that gave to the one that took up.

        Direct relations give one edge each, keyed by the relation, with attributes
        relation, kind (None), weight (1) and source. A relation whose subject takes
        up from its object (adoptsNormsOf, endorses, signsOnTo, succeeds) is drawn
        from object to subject; competesWith is drawn both ways. Norm derivations
        between two different processes give one edge per derivation kind, keyed
        ``"derivation:<kind>"``, with relation "derivation", kind, weight (how many
        norms were taken up that way) and source (empty).

        Node attributes: the other columns of :attr:`processes` (label, kind, series,
        start, end, multilateral, un...).
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        graph.add_nodes_from(_attributes(self.processes, "process"))
        for row in self.relations.itertuples(index=False):
            giver, taker = (
                (row.object, row.subject)
                if row.relation in _TAKER_IS_SUBJECT
                else (row.subject, row.object)
            )
            graph.add_edge(
                giver,
                taker,
                key=row.relation,
                relation=row.relation,
                kind=None,
                weight=1,
                source=row.source,
            )
        derived = self.derivations.dropna(subset=["process", "earlier_process"])
        derived = derived[derived["process"] != derived["earlier_process"]]
        counts = derived.groupby(["earlier_process", "process", "kind"], dropna=False).size()
        table = counts.reset_index(name="weight")
        for giver, taker, kind, weight in zip(
            table["earlier_process"],
            table["process"],
            table["kind"],
            table["weight"].tolist(),
            strict=True,
        ):
            name = kind if isinstance(kind, str) else None
            graph.add_edge(
                giver,
                taker,
                key=f"derivation:{name or 'unqualified'}",
                relation="derivation",
                kind=name,
                weight=weight,
                source=(),
            )
        return nx.freeze(graph)

    @cached_property
    def membership_graph(self) -> nx.MultiGraph:
        """The bipartite graph of actors (``bipartite=0``) and processes (``bipartite=1``).

        One edge per membership, keyed by its IRI, with attributes role, start, end.
        Actor nodes carry label and actor_type; process nodes carry label.
        """
        import networkx as nx

        graph = nx.MultiGraph()
        frame = self.memberships
        actors = self.actors[self.actors["actor"].isin(set(frame["actor"]))]
        graph.add_nodes_from(_attributes(actors.assign(bipartite=0), "actor"))
        processes = self.processes[["process", "label"]]
        graph.add_nodes_from(_attributes(processes.assign(bipartite=1), "process"))
        columns = ["actor", "process", "membership", "role", "start", "end"]
        graph.add_edges_from(_attributes(frame[columns], "actor", "process", "membership"))
        return nx.freeze(graph)

    def family(self, process: str) -> set[str]:
        """``process`` and its iterations, when it is a series (e.g. p:gge and each GGE)."""
        frame = self.processes
        return {process, *frame.loc[frame["series"] == process, "process"]}

    def _select(self, name: str) -> pd.DataFrame:
        """An internal query's answer, with every declared column even when empty."""
        query = queries.internal(name)
        frame = self.kb.select(query)
        return frame.reindex(columns=_select_columns(query.text)).copy()


def views(kb: KnowledgeBase, *, refresh: bool = False) -> Views:
    """The views of ``kb``, built once and kept while ``kb`` lives.

    Views reflect the data as it was when first used; after adding data to the same
    knowledge base, pass ``refresh=True`` to rebuild them.
    """
    if refresh or kb not in _CACHE:
        _CACHE[kb] = Views(kb)
    return _CACHE[kb]


def forget(kb: KnowledgeBase | None = None) -> None:
    """Drop the views kept for ``kb``, or for every knowledge base when None.

    Views hold their knowledge base, so a knowledge base whose views are kept stays
    alive (and a persistent store open and locked) until they are dropped: the command
    line forgets them once a command is done, so that the same process can open the
    store again.
    """
    if kb is None:
        _CACHE.clear()
    else:
        _CACHE.pop(kb, None)


def derivation_graph(kb: KnowledgeBase) -> nx.DiGraph:
    """The norm derivation graph of ``kb`` (see :attr:`Views.derivation_graph`)."""
    return views(kb).derivation_graph


def process_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The process graph of ``kb`` (see :attr:`Views.process_graph`)."""
    return views(kb).process_graph


def membership_graph(kb: KnowledgeBase) -> nx.MultiGraph:
    """The bipartite membership graph of ``kb`` (see :attr:`Views.membership_graph`)."""
    return views(kb).membership_graph


def memberships(kb: KnowledgeBase) -> pd.DataFrame:
    """Every membership of ``kb``, one row each, in process, actor, membership order.

    Columns: membership, actor, actor_label, actor_type (state, company,
    civil-society, public-authority, igo or person), process, process_label, role
    (``"member"``, ``"chair"``, ``"signatory"``...: the local name of its ``org:role``),
    role_label (that role's label, ``"signatory or supporter"``), start and end (as the
    source gave them, or missing), listed (the earliest day it is known to have held, as
    a published list showed it: ``time:inside``, which is not its start), in_force_from
    and in_force_until (Timestamps).

    A membership is in force from the first day of ng:inForceFrom to the last day of
    ng:inForceUntil, which loading materialises: its own start and end; without a
    start, the earliest date it is known to have held (``time:inside``), else its
    process's start; without an end, its process's end. Where none is known, the
    interval is open (NaT): in force since always, or still in force.
    """
    return views(kb).memberships


def graphml(graph: nx.Graph) -> bytes:
    """A view as GraphML, for Gephi, yEd or Cytoscape.

    GraphML holds only scalars: a tuple (source passages) becomes its items separated
    by spaces, and a missing value is left out. A label holding a character XML cannot
    represent (U+0001) is refused with a one-line error (see
    :func:`normgraph.store.formats.xml_safe`).

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", source=("p1", "p2"), kind=None)
    >>> b'<data key="d0">p1 p2</data>' in graphml(g)
    True
    """
    import io

    import networkx as nx

    def scalars(attrs: dict[str, object]) -> dict[str, object]:
        return {
            key: " ".join(map(str, value)) if isinstance(value, tuple) else value
            for key, value in attrs.items()
            if value is not None
        }

    plain = graph.__class__()
    plain.add_nodes_from((node, scalars(attrs)) for node, attrs in graph.nodes(data=True))
    if graph.is_multigraph():
        plain.add_edges_from(
            (u, v, key, scalars(attrs)) for u, v, key, attrs in graph.edges(keys=True, data=True)
        )
    else:
        plain.add_edges_from((u, v, scalars(attrs)) for u, v, attrs in graph.edges(data=True))
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer)
    return xml_safe(buffer.getvalue(), "GraphML")


def _select_columns(text: str) -> list[str]:
    """The projected variables of a simple ``SELECT ?a ?b WHERE`` query."""
    head = text.split("SELECT", 1)[1].split("WHERE", 1)[0]
    return [word[1:] for word in head.split() if word.startswith("?")]


def _local_names(values: pd.Series) -> pd.Series:
    """``ng:adapts`` -> ``adapts``: the part of each IRI after its last ``#`` or ``/``."""
    names = {iri: re.sub(r"^.*[#/]", "", str(iri)) for iri in values.dropna().unique()}
    return values.map(names)


def _one_row_per(
    frame: pd.DataFrame, keys: list[str], *, order: list[str] | None = None
) -> pd.DataFrame:
    """One row per distinct ``keys``, sorted by ``order`` (``keys`` by default).

    A query returns one row per combination of values; where the data holds several
    values of a fact (which the shapes forbid for most), the row kept is the first in
    the order of ``order`` then of the other columns (missing values last), so that the
    same data always gives the same row.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"k": ["b", "a", "a"], "v": ["2", "3", None]})
    >>> _one_row_per(rows, ["k"]).to_dict("list")
    {'k': ['a', 'b'], 'v': ['3', '2']}
    """
    order = order or keys
    rest = [c for c in frame.columns if c not in order]
    rows = frame.sort_values([*order, *rest], na_position="last", kind="stable")
    return rows.drop_duplicates(keys).reset_index(drop=True)


def _gather(frame: pd.DataFrame, keys: list[str], gathered: list[str]) -> pd.DataFrame:
    """One row per distinct ``keys``, each ``gathered`` column's cells in a sorted tuple.

    The other columns keep their first non-missing value in the order of ``keys`` then
    ``gathered``; missing cells are left out of the tuples. Rows are sorted by ``keys``;
    each column's tuples are cut from that column sorted, with no Python call per group.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"k": ["a", "a", "b"], "s": ["p2", "p1", None], "x": [1, 1, 2]})
    >>> _gather(rows, ["k"], ["s"]).to_dict("list")
    {'k': ['a', 'b'], 'x': [1, 2], 's': [('p1', 'p2'), ()]}
    """
    import numpy as np

    rows = frame.sort_values([*keys, *gathered], kind="stable")
    rows = rows.drop_duplicates([*keys, *gathered]).drop(columns=gathered)
    first = rows.groupby(keys, sort=True).first().reset_index()
    for column in gathered:
        rows = frame[[*keys, column]].sort_values([*keys, column], kind="stable")
        rows = rows.drop_duplicates()
        starts = np.flatnonzero(~rows.duplicated(keys).to_numpy())
        ends = [*starts[1:], len(rows)][: len(starts)]
        values = rows[column].tolist()
        first[column] = [
            tuple(v for v in values[a:b] if isinstance(v, str))
            for a, b in zip(starts, ends, strict=True)
        ]
    return first


def _attributes(frame: pd.DataFrame, *keys: str) -> Iterator[tuple[object, ...]]:
    """Per row, the ``keys`` columns' values then a dict of the others (missing as None).

    The shape networkx's ``add_nodes_from`` and ``add_edges_from`` take.
    """
    clean = frame.astype(object).where(frame.notna(), None)
    others = [c for c in clean.columns if c not in keys]
    key_values = zip(*(clean[k].tolist() for k in keys), strict=True)
    other_values = zip(*(clean[c].tolist() for c in others), strict=True)
    for key, values in zip(key_values, other_values, strict=True):
        yield (*key, dict(zip(others, values, strict=True)))
