"""What the site shows: the analytics views reshaped into the records pages read.

Every page is rendered from one :class:`SiteData`, which :func:`collect` builds from the
views of the knowledge base (:class:`normgraph.analytics.views.Views`, the one model the
command line and the notebooks read too) without a query of its own: processes, actors,
norms, memberships, relations, sources and the passages facts cite become frozen
records keyed by IRI, with a file-name-safe slug each; topics, conflicts, the derivation
and process graphs and the memberships table are the views' own. What the site decides
is only how to show them: the fallback label of an unlabelled resource (its local name),
``"other"`` for a process or actor of no known kind, ``"member"`` for a membership of no
role, and no link to a page that is not http(s).

>>> from normgraph import load
>>> data = collect(load())
>>> data.processes["https://w3id.org/normgraph/id/process/gcsc"].kind
'expert'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from normgraph.analytics.completeness import is_known
from normgraph.analytics.views import PROCESS_KINDS as PROCESS_KINDS
from normgraph.dates import Period

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
    views: Views | None = field(default=None, repr=False)

    @cached_property
    def names(self) -> list[dict[str, Any]]:
        """Every resource and the names it is known by, from the one name resolver.

        Built on first use: only the search page needs it, and building it costs more
        than the rest of the records together.
        """
        from normgraph.analytics.names import export_names

        return export_names(self.views) if self.views is not None else []

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


def collect(kb: KnowledgeBase) -> SiteData:
    """Read everything the site shows from the views of ``kb`` (no query of its own)."""
    from normgraph.analytics.views import views

    analytics = views(kb)
    processes = _processes(analytics)
    actors = _actors(analytics.actors)
    sources = _sources(analytics.sources)
    passages, citations = _citations(analytics.citations, sources)
    norms = _norms(analytics.norms, processes)
    return SiteData(
        processes=processes,
        actors=actors,
        norms=norms,
        memberships=_memberships(analytics.memberships, processes, actors),
        relations=_relations(analytics, processes),
        passages=passages,
        citations=citations,
        sources=sources,
        derivation_graph=analytics.derivation_graph,
        process_graph=analytics.process_graph,
        membership_table=analytics.memberships,
        topics=_topics(analytics.topics, norms),
        conflicts=_conflicts(analytics.conflicts, norms),
        views=analytics,
    )


def _rows(frame: pd.DataFrame, *columns: str) -> Iterator[tuple[Any, ...]]:
    """The ``columns`` of ``frame``, row by row (a missing cell is None)."""
    cells = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    return zip(*cells, strict=True)


def _processes(analytics: Views) -> dict[str, Process]:
    """The processes, in IRI order, with their member-list summary."""
    table = analytics.processes
    slugs = assign_slugs(table["process"])
    lists = dict(_rows(analytics.member_lists, "process", "summary"))
    columns = ["process", "label", "kind", "short_label", "last_reviewed", "is_series"]
    texts = ["form", "status", "outcome", "start", "end", "mandate", "series", "outcome_document"]
    processes = {}
    for iri, label, kind, short, reviewed, series, *text in _rows(table, *columns, *texts):
        form, status, outcome, start, end, mandate, of_series, outcome_document = text
        label = label or local_name(iri)
        processes[iri] = Process(
            iri=iri,
            slug=slugs[iri],
            label=label,
            kind=kind or "other",
            short_label=short or label,
            members=lists.get(iri, "none recorded"),
            reviewed=reviewed,
            is_series=bool(series),
            form=form,
            status=status,
            outcome=outcome,
            start=Period.parse(start),
            end=Period.parse(end),
            mandate=mandate,
            series=of_series,
            outcome_document=outcome_document,
        )
    return processes


def _actors(table: pd.DataFrame) -> dict[str, Actor]:
    """The actors, in IRI order; ``"other"`` is the kind of one with no actor type."""
    slugs = assign_slugs(table["actor"])
    return {
        iri: Actor(
            iri=iri,
            slug=slugs[iri],
            label=label or local_name(iri),
            kind=kind or "other",
            iso3=iso3,
            nationality=nationality,
        )
        for iri, label, kind, iso3, nationality in _rows(
            table, "actor", "label", "actor_type", "iso3", "nationality"
        )
    }


def _memberships(
    table: pd.DataFrame, processes: dict[str, Process], actors: dict[str, Actor]
) -> list[Membership]:
    """The memberships of a process and an actor of the site, in process, actor, IRI order.

    A membership shows the label of its role (``"member"`` when it has none), and the day
    it was listed by only when its start is not known.
    """
    columns = ["membership", "process", "actor", "role_label", "start", "end", "listed"]
    return [
        Membership(
            iri=iri,
            process=process,
            actor=actor,
            role=role or "member",
            start=Period.parse(start),
            end=Period.parse(end),
            listed=Period.parse(listed) if not start else None,
        )
        for iri, process, actor, role, start, end, listed in _rows(table, *columns)
        if process in processes and actor in actors
    ]


def _relations(analytics: Views, processes: dict[str, Process]) -> list[Relation]:
    """Each statement of a relation between two processes of the site, and each iteration
    of a series (``iterationOf``, named by the iteration), in subject, kind, object order."""
    relations = [
        Relation(iri=statement, subject=subject, kind=kind, object=other)
        for subject, kind, other, statements in _rows(
            analytics.relations, "subject", "relation", "object", "statements"
        )
        for statement in statements
    ]
    relations += [
        Relation(iri=iteration, subject=iteration, kind="iterationOf", object=series)
        for iteration, series in _rows(analytics.processes, "process", "series")
        if series is not None
    ]
    relations.sort(key=lambda r: (r.subject, r.kind, r.object, r.iri))
    return [r for r in relations if r.subject in processes and r.object in processes]


def _sources(table: pd.DataFrame) -> dict[str, Source]:
    """The source documents, in IRI order; only an http(s) page is kept as a link."""
    columns = ["source", "title", "identifier", "publisher", "creator", "issued", "page"]
    return {
        iri: Source(
            iri=iri,
            title=title or local_name(iri),
            identifier=identifier,
            publisher=publisher,
            creator=creator,
            issued=Period.parse(issued),
            page=web_link(page),
        )
        for iri, title, identifier, publisher, creator, issued, page in _rows(table, *columns)
    }


def _citations(
    table: pd.DataFrame, sources: dict[str, Source]
) -> tuple[dict[str, Citation], dict[str, list[str]]]:
    """Every cited passage, and the passages each fact cites (in passage order)."""
    passages: dict[str, Citation] = {}
    citations: dict[str, list[str]] = defaultdict(list)
    for fact, passage, locator, source in _rows(table, "fact", "passage", "locator", "source"):
        passages[passage] = Citation(passage, locator or "", source if source in sources else None)
        citations[fact].append(passage)
    return passages, dict(citations)


def _norms(table: pd.DataFrame, processes: dict[str, Process]) -> dict[str, Norm]:
    """The norms, in IRI order, with their topics and their date (when first put forward)."""
    slugs = assign_slugs(table["norm"])
    texts = ["label", "notation", "summary", "reference", "scheme", "scheme_label"]
    norms = {}
    for iri, process, topics, date, *text in _rows(
        table, "norm", "process", "topics", "date", *texts
    ):
        label, notation, summary, reference, scheme, scheme_label = text
        norms[iri] = Norm(
            iri=iri,
            slug=slugs[iri],
            label=label or local_name(iri),
            notation=notation,
            summary=summary,
            reference=reference,
            scheme=scheme,
            scheme_label=scheme_label,
            process=process if process in processes else None,
            topics=tuple(sorted(topics)),
            date=Period.parse(date),
        )
    return norms


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
