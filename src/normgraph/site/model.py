"""What the site shows, read from the knowledge base once into plain Python records.

Every page is rendered from one :class:`SiteData`, so the whole site costs a fixed
handful of SPARQL queries (``queries/internal/site-*.rq``) however many pages it has.

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
from typing import TYPE_CHECKING

from .. import queries
from ..namespaces import NG
from .periods import Period

if TYPE_CHECKING:
    from ..kb import KnowledgeBase

__all__ = [
    "ACTOR_KINDS",
    "PROCESS_KINDS",
    "Actor",
    "Citation",
    "Derivation",
    "Membership",
    "Norm",
    "Process",
    "Relation",
    "SiteData",
    "Source",
    "assign_slugs",
    "collect",
    "local_name",
    "web_link",
]

#: The ontology class of each process kind, in the order legends list them.
PROCESS_KINDS: dict[str, str] = {
    "multilateral": NG + "MultilateralProcess",
    "multistakeholder": NG + "MultistakeholderProcess",
    "expert": NG + "ExpertProcess",
    "industry": NG + "IndustryProcess",
}
#: The ontology class of each actor kind; "other" is for members with none of them.
ACTOR_KINDS: dict[str, str] = {
    "state": NG + "State",
    "igo": NG + "IntergovernmentalOrganisation",
    "company": NG + "Company",
    "civil-society": NG + "CivilSocietyOrganisation",
    "public-authority": NG + "PublicAuthority",
    "person": NG + "Person",
}
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
    iri: str
    slug: str
    label: str
    kind: str
    is_series: bool = False
    form: str | None = None
    status: str | None = None
    outcome: str | None = None
    start: Period | None = None
    end: Period | None = None
    mandate: str | None = None
    member_count: int | None = None
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
    iri: str
    process: str
    actor: str
    role: str
    start: Period | None = None
    end: Period | None = None


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


@dataclass(frozen=True)
class Derivation:
    """``norm`` derives from ``earlier``; ``kind`` says how (restates, adapts...)."""

    iri: str
    norm: str
    earlier: str
    kind: str


@dataclass
class SiteData:
    """Everything the site shows, keyed by IRI, in IRI order."""

    processes: dict[str, Process] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    norms: dict[str, Norm] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)
    citations: dict[str, list[Citation]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def cites(self, fact: str) -> list[Citation]:
        """The passages ``fact`` cites, in IRI order (empty when it cites none)."""
        return self.citations.get(fact, [])


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


def _integer(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def collect(kb: KnowledgeBase) -> SiteData:
    """Read everything the site shows from ``kb`` (a fixed number of queries)."""
    classes: dict[str, set[str]] = defaultdict(set)
    for row in _rows(kb, "site-types"):
        classes[str(row["resource"])].add(str(row["class"]))
    data = SiteData()

    process_rows = _rows(kb, "site-processes")
    process_slugs = assign_slugs(str(r["process"]) for r in process_rows)
    for row in process_rows:
        iri = str(row["process"])
        data.processes[iri] = Process(
            iri=iri,
            slug=process_slugs[iri],
            label=row["label"] or local_name(iri),
            kind=_kind(classes[iri], PROCESS_KINDS, "other"),
            is_series=_SERIES in classes[iri],
            form=row["form"],
            status=row["status"],
            outcome=row["outcome"],
            start=Period.parse(row["start"]),
            end=Period.parse(row["end"]),
            mandate=row["mandate"],
            member_count=_integer(row["memberCount"]),
            series=row["series"],
            outcome_document=row["outcomeDocument"],
        )

    actor_rows = _rows(kb, "site-actors")
    actor_slugs = assign_slugs(str(r["actor"]) for r in actor_rows)
    for row in actor_rows:
        iri = str(row["actor"])
        data.actors[iri] = Actor(
            iri=iri,
            slug=actor_slugs[iri],
            label=row["label"] or local_name(iri),
            kind=_kind(classes[iri], ACTOR_KINDS, "other"),
            iso3=row["iso3"],
            nationality=row["nationality"],
        )

    for row in _rows(kb, "site-memberships"):
        if row["process"] in data.processes and row["actor"] in data.actors:
            data.memberships.append(
                Membership(
                    iri=str(row["membership"]),
                    process=str(row["process"]),
                    actor=str(row["actor"]),
                    role=row["role"] or "member",
                    start=Period.parse(row["start"]),
                    end=Period.parse(row["end"]),
                )
            )

    for row in _rows(kb, "site-relations"):
        if row["subject"] in data.processes and row["object"] in data.processes:
            data.relations.append(
                Relation(
                    iri=str(row["relation"]),
                    subject=str(row["subject"]),
                    kind=local_name(str(row["property"])),
                    object=str(row["object"]),
                )
            )

    norm_rows = _rows(kb, "site-norms")
    norm_slugs = assign_slugs(str(r["norm"]) for r in norm_rows)
    for row in norm_rows:
        iri = str(row["norm"])
        process = row["process"] if row["process"] in data.processes else None
        data.norms[iri] = Norm(
            iri=iri,
            slug=norm_slugs[iri],
            label=row["label"] or local_name(iri),
            notation=row["notation"],
            summary=row["summary"],
            reference=row["reference"],
            scheme=row["scheme"],
            scheme_label=row["schemeLabel"],
            process=process,
        )

    for row in _rows(kb, "site-derivations"):
        if row["norm"] in data.norms and row["earlier"] in data.norms:
            data.derivations.append(
                Derivation(
                    iri=str(row["derivation"]),
                    norm=str(row["norm"]),
                    earlier=str(row["earlier"]),
                    kind=row["kind"] or "derives from",
                )
            )

    for row in _rows(kb, "site-sources"):
        iri = str(row["source"])
        data.sources[iri] = Source(
            iri=iri,
            title=row["title"] or local_name(iri),
            identifier=row["identifier"],
            publisher=row["publisher"],
            creator=row["creator"],
            issued=Period.parse(row["issued"]),
            page=web_link(row["page"]),
        )

    for row in _rows(kb, "site-citations"):
        source = row["source"] if row["source"] in data.sources else None
        data.citations.setdefault(str(row["fact"]), []).append(
            Citation(
                passage=str(row["passage"]),
                locator=row["locator"] or "",
                source=source,
            )
        )
    return data
