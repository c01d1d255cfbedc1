"""What the site shows, read from the knowledge base once into plain Python records.

Every page is rendered from one :class:`SiteData`, so the whole site costs a fixed
handful of SPARQL queries however many pages it has. The analytics views
(:class:`normgraph.analytics.views.Views`) are the model: the kind, short label, review
date and member-list summary of each process, the topics and conflicts of norms, the
derivation graph (with each derivation's confidence), the flow between processes and the
memberships table. The site's own queries (``queries/internal/site-*.rq``) only add what
pages print and the views do not hold: mandates, summaries, sources and their passages.

>>> from normgraph import load
>>> data = collect(load())
>>> data.processes["https://w3id.org/normgraph/id/process/gcsc"].kind
'expert'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from normgraph.analytics.completeness import is_known
from normgraph.analytics.views import ACTOR_TYPES
from normgraph.analytics.views import PROCESS_KINDS as PROCESS_KINDS
from normgraph.dates import Period
from normgraph.namespaces import NG
from normgraph.store import queries

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from normgraph.analytics.views import Views
    from normgraph.store.kb import KnowledgeBase

__all__ = [
    "PROCESS_KINDS",
    "Actor",
    "Citation",
    "Conflict",
    "Membership",
    "Norm",
    "Process",
    "Relation",
    "SiteData",
    "Source",
    "Topic",
    "assign_slugs",
    "collect",
    "local_name",
    "web_link",
]

_SERIES = NG + "ProcessSeries"
_SLUG_UNSAFE = re.compile(r"[^a-z0-9_.-]+")


@dataclass(frozen=True)
class Source:
    """A source document; ``page`` is its web address when it is an http(s) URL."""

    iri: str
    title: str
    identifier: str | None = None
    publisher: str | None = None
    creator: str | None = None
    issued: Period | None = None
    page: str | None = None


@dataclass(frozen=True)
class Citation:
    """A passage a fact cites: where it stands (``locator``) in which source."""

    passage: str
    locator: str
    source: str | None


@dataclass(frozen=True)
class Process:
    """A process; ``short_label`` is what graphs draw (ng:shortLabel, else the label).

    ``members`` is the one phrase for its member list (``"14 of 25 recorded"``, see
    :func:`normgraph.analytics.completeness.summary`); ``reviewed`` the day its facts were
    last reviewed (ng:lastReviewed), when the data says.
    """

    iri: str
    slug: str
    label: str
    kind: str
    short_label: str = ""
    members: str = "none recorded"
    reviewed: str | None = None
    is_series: bool = False
    form: str | None = None
    status: str | None = None
    outcome: str | None = None
    start: Period | None = None
    end: Period | None = None
    mandate: str | None = None
    series: str | None = None
    outcome_document: str | None = None


@dataclass(frozen=True)
class Actor:
    iri: str
    slug: str
    label: str
    kind: str
    iso3: str | None = None
    nationality: str | None = None


@dataclass(frozen=True)
class Membership:
    """A membership; ``listed`` is a day it is known to have held by (``time:inside``, as a
    published list shows it), when its start is not known."""

    iri: str
    process: str
    actor: str
    role: str
    start: Period | None = None
    end: Period | None = None
    listed: Period | None = None


@dataclass(frozen=True)
class Relation:
    """A link between processes; ``kind`` is the local name of its property."""

    iri: str
    subject: str
    kind: str
    object: str


@dataclass(frozen=True)
class Norm:
    iri: str
    slug: str
    label: str
    notation: str | None = None
    summary: str | None = None
    reference: str | None = None
    scheme: str | None = None
    scheme_label: str | None = None
    process: str | None = None
    topics: tuple[str, ...] = ()
    date: Period | None = None


@dataclass(frozen=True)
class Topic:
    """A norm topic (data/topics.ttl) and the norms about it."""

    iri: str
    slug: str
    label: str
    definition: str | None
    norms: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """Two norms that compete or contradict (ng:NormConflict), with the passages saying so."""

    iri: str
    norm: str
    other: str
    kind: str
    description: str | None
    sources: tuple[str, ...]


@dataclass
class SiteData:
    """Everything the site shows, keyed by IRI, in IRI order.

    ``derivation_graph`` (norm -> the earlier norm it derives from) and
    ``process_graph`` (giver -> taker) are those of :mod:`normgraph.analytics.views`;
    ``membership_table`` is :func:`normgraph.analytics.views.memberships`. Graph edges cite
    passages by IRI: :meth:`cite` turns them into citations.
    """

    processes: dict[str, Process]
    actors: dict[str, Actor]
    norms: dict[str, Norm]
    memberships: list[Membership]
    relations: list[Relation]
    passages: dict[str, Citation]
    citations: dict[str, list[str]]
    sources: dict[str, Source]
    derivation_graph: nx.DiGraph
    process_graph: nx.MultiDiGraph
    membership_table: pd.DataFrame = field(repr=False)
    topics: dict[str, Topic] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    names: list[dict[str, Any]] = field(default_factory=list)

    def cites(self, fact: str) -> list[Citation]:
        """The passages ``fact`` cites, in IRI order (empty when it cites none)."""
        return self.cite(self.citations.get(fact, []))

    def cite(self, passages: Iterable[str]) -> list[Citation]:
        """The citations of the given passages (a passage not in the data is left out)."""
        return [self.passages[p] for p in sorted(passages) if p in self.passages]


def local_name(iri: str) -> str:
    """The last segment of an IRI, the fallback label of an unlabelled resource.

    >>> local_name("https://w3id.org/normgraph/id/state/FRA")
    'FRA'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (no ``javascript:`` links).

    >>> web_link("https://undocs.org/A/70/174")
    'https://undocs.org/A/70/174'
    >>> web_link("javascript:alert(1)") is None
    True
    """
    if url and re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
        return url
    return None


def assign_slugs(iris: Iterable[str]) -> dict[str, str]:
    """A file-name-safe, unique slug per IRI, stable for a given set of IRIs.

    The slug is the IRI's local name, lower-cased (for case-insensitive file systems)
    with unsafe runs replaced by ``-``; a slug that lost characters that way, or that
    an earlier IRI already took, gets a short hash of the IRI.

    >>> slugs = assign_slugs(["http://x/p/gcsc", "http://x/q/GCSC", "http://x/p/a b"])
    >>> [slugs[iri] for iri in ("http://x/p/gcsc", "http://x/q/GCSC", "http://x/p/a b")]
    ['gcsc', 'gcsc-8944c256', 'a-b-592b8f07']
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for iri in sorted(set(iris)):
        name = local_name(iri)
        slug = _SLUG_UNSAFE.sub("-", name.lower()).strip("-.")[:60] or "x"
        if slug != name.lower() or slug in taken:
            slug = f"{slug}-{hashlib.sha1(iri.encode()).hexdigest()[:8]}"  # noqa: S324 - a name, not a secret
        taken.add(slug)
        slugs[iri] = slug
    return slugs


Row = dict[str, str | None]


def _rows(kb: KnowledgeBase, name: str) -> list[Row]:
    frame = kb.select(queries.internal(name))
    return [
        {str(k): (None if v != v or v is None else str(v)) for k, v in record.items()}
        for record in frame.to_dict("records")
    ]


def _kind(classes: set[str], kinds: dict[str, str], default: str) -> str:
    return next((kind for kind, cls in kinds.items() if cls in classes), default)


def collect(kb: KnowledgeBase) -> SiteData:
    """Read everything the site shows from ``kb`` (a fixed number of queries)."""
    from normgraph.analytics.views import views

    analytics = views(kb)
    classes: dict[str, set[str]] = defaultdict(set)
    for row in _rows(kb, "site-types"):
        classes[str(row["resource"])].add(str(row["class"]))
    processes = _processes(_rows(kb, "site-processes"), classes, analytics)
    actors = _actors(_rows(kb, "site-actors"), classes)
    memberships = [
        Membership(
            iri=str(row["membership"]),
            process=str(row["process"]),
            actor=str(row["actor"]),
            role=row["role"] or "member",
            start=Period.parse(row["start"]),
            end=Period.parse(row["end"]),
            listed=Period.parse(row["listed"]) if not row["start"] else None,
        )
        for row in _rows(kb, "site-memberships")
        if row["process"] in processes and row["actor"] in actors
    ]
    relations = [
        Relation(
            iri=str(row["relation"]),
            subject=str(row["subject"]),
            kind=local_name(str(row["property"])),
            object=str(row["object"]),
        )
        for row in _rows(kb, "site-relations")
        if row["subject"] in processes and row["object"] in processes
    ]
    sources = {
        str(row["source"]): Source(
            iri=str(row["source"]),
            title=row["title"] or local_name(str(row["source"])),
            identifier=row["identifier"],
            publisher=row["publisher"],
            creator=row["creator"],
            issued=Period.parse(row["issued"]),
            page=web_link(row["page"]),
        )
        for row in _rows(kb, "site-sources")
    }
    passages: dict[str, Citation] = {}
    citations: dict[str, list[str]] = defaultdict(list)
    for row in _rows(kb, "site-citations"):
        passage = str(row["passage"])
        source = row["source"] if row["source"] in sources else None
        passages[passage] = Citation(passage, row["locator"] or "", source)
        citations[str(row["fact"])].append(passage)
    norms = _norms(_rows(kb, "site-norms"), processes, analytics)
    return SiteData(
        processes=processes,
        actors=actors,
        norms=norms,
        memberships=memberships,
        relations=relations,
        passages=passages,
        citations=dict(citations),
        sources=sources,
        derivation_graph=analytics.derivation_graph,
        process_graph=analytics.process_graph,
        membership_table=analytics.memberships,
        topics=_topics(analytics.topics, norms),
        conflicts=_conflicts(analytics.conflicts, norms),
        names=_names(analytics),
    )


def _names(analytics: Views) -> list[dict[str, Any]]:
    """Every resource and the names it is known by, from the one name resolver."""
    from normgraph.analytics.names import export_names

    return export_names(analytics)


def _processes(
    rows: list[Row], classes: dict[str, set[str]], analytics: Views
) -> dict[str, Process]:
    """The processes, their kind, short label, review date and member list from the views."""
    slugs = assign_slugs(str(r["process"]) for r in rows)
    facts = analytics.processes.set_index("process")
    lists = analytics.member_lists.set_index("process")["summary"]
    processes = {}
    for row in rows:
        iri = str(row["process"])
        label = row["label"] or local_name(iri)
        known = iri in facts.index
        kind = facts.at[iri, "kind"] if known else None
        short = facts.at[iri, "short_label"] if known else None
        reviewed = facts.at[iri, "last_reviewed"] if known else None
        processes[iri] = Process(
            iri=iri,
            slug=slugs[iri],
            label=label,
            kind=str(kind) if is_known(kind) else "other",
            short_label=str(short) if is_known(short) else label,
            members=str(lists.get(iri, "none recorded")),
            reviewed=str(reviewed) if is_known(reviewed) else None,
            is_series=_SERIES in classes[iri],
            form=row["form"],
            status=row["status"],
            outcome=row["outcome"],
            start=Period.parse(row["start"]),
            end=Period.parse(row["end"]),
            mandate=row["mandate"],
            series=row["series"],
            outcome_document=row["outcomeDocument"],
        )
    return processes


def _actors(rows: list[Row], classes: dict[str, set[str]]) -> dict[str, Actor]:
    slugs = assign_slugs(str(r["actor"]) for r in rows)
    return {
        str(row["actor"]): Actor(
            iri=str(row["actor"]),
            slug=slugs[str(row["actor"])],
            label=row["label"] or local_name(str(row["actor"])),
            # The analytics' actor types; "other" for a member with none of them.
            kind=_kind(classes[str(row["actor"])], ACTOR_TYPES, "other"),
            iso3=row["iso3"],
            nationality=row["nationality"],
        )
        for row in rows
    }


def _norms(rows: list[Row], processes: dict[str, Process], analytics: Views) -> dict[str, Norm]:
    """The norms, with their topics and their date (when first put forward) from the views."""
    slugs = assign_slugs(str(r["norm"]) for r in rows)
    topics: dict[str, list[str]] = defaultdict(list)
    table = analytics.norm_topics
    for norm, topic in zip(table["norm"], table["topic"], strict=True):
        topics[str(norm)].append(str(topic))
    dates = {
        str(norm): Period.parse(str(date))
        for norm, date in zip(analytics.norms["norm"], analytics.norms["date"], strict=True)
        if is_known(date)
    }
    return {
        str(row["norm"]): Norm(
            iri=str(row["norm"]),
            slug=slugs[str(row["norm"])],
            label=row["label"] or local_name(str(row["norm"])),
            notation=row["notation"],
            summary=row["summary"],
            reference=row["reference"],
            scheme=row["scheme"],
            scheme_label=row["schemeLabel"],
            process=row["process"] if row["process"] in processes else None,
            topics=tuple(sorted(topics.get(str(row["norm"]), ()))),
            date=dates.get(str(row["norm"])),
        )
        for row in rows
    }


def _topics(table: pd.DataFrame, norms: dict[str, Norm]) -> dict[str, Topic]:
    """Every topic, keyed by IRI in IRI order, with its norms (those in the data)."""
    about: dict[str, list[str]] = defaultdict(list)
    for norm in norms.values():
        for topic in norm.topics:
            about[topic].append(norm.iri)
    iris = sorted(str(t) for t in table["topic"])
    slugs = assign_slugs(iris)
    by_iri = {str(r.topic): r for r in table.itertuples(index=False)}
    return {
        iri: Topic(
            iri=iri,
            slug=slugs[iri],
            label=str(by_iri[iri].label) if is_known(by_iri[iri].label) else local_name(iri),
            definition=str(by_iri[iri].definition) if is_known(by_iri[iri].definition) else None,
            norms=tuple(about.get(iri, ())),
        )
        for iri in iris
    }


def _conflicts(table: pd.DataFrame, norms: dict[str, Norm]) -> list[Conflict]:
    """The conflicts between two norms of the data, in IRI order."""
    return [
        Conflict(
            iri=str(row.conflict),
            norm=str(row.norm),
            other=str(row.other),
            kind=str(row.kind) if is_known(row.kind) else "Competing",
            description=str(row.description) if is_known(row.description) else None,
            sources=tuple(str(s) for s in row.source),  # type: ignore[union-attr]
        )
        for row in table.itertuples(index=False)
        if row.norm in norms and row.other in norms
    ]
