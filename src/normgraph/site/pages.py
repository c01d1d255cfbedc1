"""The pages of the site: for each, its path, its template and what it shows.

Pages are computed from one :class:`~normgraph.site.model.SiteData` by pure functions;
:mod:`normgraph.site.render` turns them into HTML. Paths are relative to the site root;
URLs inside a page's context are relative to the root as well (templates prefix them
with the page's ``root``, ``""`` or ``"../"``).

>>> from normgraph import load
>>> from normgraph.site.model import collect
>>> pages = site_pages(collect(load()))
>>> [page.path for page in pages][:4]
['index.html', 'timeline.html', 'overlaps.html', 'members.html']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from normgraph.site.charts import HeatmapLabel, TimelineItem, heatmap, timeline
from normgraph.site.graphs import (
    VisGraph,
    cross_pollinating,
    lineage_network,
    membership_network,
    process_network,
)
from normgraph.site.model import (
    Actor,
    Citation,
    Conflict,
    Membership,
    Norm,
    Process,
    SiteData,
    Topic,
)
from normgraph.site.style import (
    ACTOR_STYLES,
    DERIVATION_STYLES,
    PROCESS_STYLES,
    RELATION_STYLES,
    line_style,
)

__all__ = ["Page", "PageMaker", "SiteIndex", "page_makers", "site_pages"]

#: How many processes a heatmap shows at most (those with the most members).
HEATMAP_ROWS = 40
#: How many members of an intersection are named on the overlaps page.
NAMED_MEMBERS = 12
#: How many norms of other processes a norm page lists per topic (its topic page has all:
#: on large data a topic has thousands, and every norm page listing them all grows with
#: the square of the number of norms).
TOPIC_PEERS = 12
#: How many memberships the members page's table lists at most (the comparison, from
#: the lists embedded in the page, covers every member; the data files hold them all).
MEMBER_ROWS = 5000


@dataclass(frozen=True)
class Page:
    """One HTML file: where it goes, which template draws it, with what."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    graph: VisGraph | None = None

    @property
    def root(self) -> str:
        """The way back to the site root from this page: ``""`` or ``"../"``."""
        return "../" * self.path.count("/")


def process_url(process: Process) -> str:
    return f"process/{process.slug}.html"


def norm_url(norm: Norm) -> str:
    return f"norm/{norm.slug}.html"


def actor_url(actor: Actor) -> str:
    return f"actor/{actor.slug}.html"


def topic_url(topic: Topic) -> str:
    return f"topic/{topic.slug}.html"


class SiteIndex:
    """Look-ups over :class:`SiteData` that several pages share, built on first use."""

    def __init__(self, data: SiteData) -> None:
        self.data = data

    def complete(self) -> SiteIndex:
        """Build every look-up now (before pages are shared out among processes)."""
        for name, value in vars(type(self)).items():
            if isinstance(value, cached_property):
                getattr(self, name)
        return self

    @cached_property
    def memberships_of_process(self) -> dict[str, list[Membership]]:
        table: dict[str, list[Membership]] = defaultdict(list)
        for membership in self.data.memberships:
            table[membership.process].append(membership)
        return table

    @cached_property
    def memberships_of_actor(self) -> dict[str, list[Membership]]:
        table: dict[str, list[Membership]] = defaultdict(list)
        for membership in self.data.memberships:
            table[membership.actor].append(membership)
        return table

    @cached_property
    def members(self) -> dict[str, frozenset[str]]:
        """The actors of each process (any role)."""
        return {
            process: frozenset(m.actor for m in rows)
            for process, rows in self.memberships_of_process.items()
        }

    @cached_property
    def norms_of_process(self) -> dict[str, list[Norm]]:
        table: dict[str, list[Norm]] = defaultdict(list)
        for norm in self.data.norms.values():
            if norm.process:
                table[norm.process].append(norm)
        for norms in table.values():
            norms.sort(key=lambda n: (_natural(n.notation or ""), n.label, n.iri))
        return table

    @cached_property
    def conflicts_of(self) -> dict[str, list[Conflict]]:
        """The conflicts each norm is in (either side)."""
        table: dict[str, list[Conflict]] = defaultdict(list)
        for conflict in self.data.conflicts:
            table[conflict.norm].append(conflict)
            table[conflict.other].append(conflict)
        return table

    @cached_property
    def iterations(self) -> dict[str, list[Process]]:
        table: dict[str, list[Process]] = defaultdict(list)
        for process in self.data.processes.values():
            if process.series in self.data.processes:
                table[str(process.series)].append(process)
        for rows in table.values():
            rows.sort(key=_chronological)
        return table


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """A key that sorts "13(b)" before "13(k)" and "2" before "10".

    >>> sorted(["10", "2", "13(b)"], key=_natural)
    ['2', '10', '13(b)']
    """
    import re

    return tuple(
        (int(part), "") if part.isdigit() else (0, part) for part in re.findall(r"\d+|\D+", text)
    )


def _chronological(process: Process) -> tuple[Any, ...]:
    start = process.start.first.isoformat() if process.start else "9999"
    return (start, process.label, process.iri)


def _ongoing(process: Process) -> bool:
    """Whether the data says the process goes on (its status is "active")."""
    return process.end is None and process.status == "active"


def _process_dates(process: Process) -> str:
    """A process's dates: "since" only when it goes on; a one-off event is just its date.

    >>> from normgraph.dates import Period
    >>> _process_dates(Process("p", "p", "P", "multilateral", start=Period.parse("2015-12")))
    'Dec 2015'
    """
    if process.end is None and process.start and not _ongoing(process):
        return process.start.label
    return _dates(process.start, process.end)


def _membership_dates(membership: Membership) -> str:
    """A membership's dates; one known only from a list says so ("listed by 11 Nov 2021").

    >>> from normgraph.dates import Period
    >>> _membership_dates(Membership("m", "p", "a", "signatory", listed=Period.parse("2021-11-11")))
    'listed by 11 Nov 2021'
    """
    if membership.start is None and membership.listed is not None:
        listed = f"listed by {membership.listed.label}"
        return f"{listed}, until {membership.end.label}" if membership.end else listed
    return _dates(membership.start, membership.end)


def _dates(first: Any, last: Any) -> str:
    if first and last:
        return f"{first.label} – {last.label}"
    if first:
        return f"since {first.label}"
    if last:
        return f"until {last.label}"
    return ""


def _cited(data: SiteData, citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Citations as the ``cite`` macro shows them: source title, identifier, link, locator."""
    shown = []
    for citation in citations:
        source = data.sources.get(citation.source or "")
        shown.append(
            {
                "title": source.title if source else "unknown source",
                "identifier": source.identifier if source else None,
                "by": (source.creator or source.publisher) if source else None,
                "issued": source.issued.label if source and source.issued else None,
                "link": source.page if source else None,
                "locator": citation.locator,
            }
        )
    return shown


def _derivations(
    data: SiteData, norms: set[str], both_ends: bool = False
) -> list[tuple[str, str, dict[str, Any]]]:
    """The derivations (later, earlier, attributes) touching ``norms``, or within them."""
    graph = data.derivation_graph
    # Membership tests, not set(graph): that would copy every norm for every page.
    edges = {
        (later, earlier): attributes
        for norm in sorted(n for n in norms if n in graph)
        for later, earlier, attributes in [
            *graph.out_edges(norm, data=True),
            *graph.in_edges(norm, data=True),
        ]
        if later in data.norms
        and earlier in data.norms
        and (not both_ends or (later in norms and earlier in norms))
    }
    return [(later, earlier, edges[(later, earlier)]) for later, earlier in sorted(edges)]


#: How a derivation is known, as the tables say it.
CONFIDENCE = {"Stated": "stated", "Textual": "textual match"}


def _hop(data: SiteData, later: str, earlier: str, attributes: dict[str, Any]) -> dict[str, Any]:
    """A derivation as the tables show it: both norms, how, how it is known, its passages."""
    kind = attributes.get("kind") or "derives from"
    confidence = attributes.get("confidence")
    return {
        "later": _norm_ref(data, data.norms[later]),
        "earlier": _norm_ref(data, data.norms[earlier]),
        "kind": kind,
        "confidence": CONFIDENCE.get(str(confidence), str(confidence)) if confidence else "",
        "line": _line(line_style(DERIVATION_STYLES, kind)),
        "sources": _cited(data, data.cite(attributes.get("source") or ())),
    }


def _process_ref(process: Process) -> dict[str, Any]:
    return {
        "label": process.label,
        "url": process_url(process),
        "kind": process.kind,
        "dates": _process_dates(process),
    }


def _topic_ref(topic: Topic) -> dict[str, Any]:
    return {"label": topic.label, "url": topic_url(topic), "norms": len(topic.norms)}


def _norm_ref(data: SiteData, norm: Norm) -> dict[str, Any]:
    process = data.processes.get(norm.process or "")
    return {
        "label": norm.label,
        "notation": norm.notation,
        "url": norm_url(norm),
        "process": _process_ref(process) if process else None,
    }


def _ordered(kinds: Iterable[str], styles: dict[str, Any]) -> list[str]:
    """Kinds in the order of their styles, unknown ones last by name."""
    order = list(styles)
    return sorted(set(kinds), key=lambda k: (order.index(k) if k in order else len(order), k))


def _legend(data: SiteData) -> dict[str, Any]:
    """What the index's colours, shapes and lines mean: only what the data has."""
    edges = [attributes for *_, attributes in data.process_graph.edges(data=True)]
    relations = {r.kind for r in data.relations} | {
        e["relation"] for e in edges if e["relation"] != "derivation"
    }
    derivations = {e["kind"] or "derives from" for e in edges if e["relation"] == "derivation"}
    return {
        "kinds": [
            {"kind": k, "label": PROCESS_STYLES[k].label, "colour": PROCESS_STYLES[k].colour}
            for k in _ordered((p.kind for p in data.processes.values()), PROCESS_STYLES)
        ],
        "lines": [
            _line(line_style(RELATION_STYLES, k)) for k in _ordered(relations, RELATION_STYLES)
        ],
        "derivations": [
            _line(line_style(DERIVATION_STYLES, k))
            for k in _ordered(derivations, DERIVATION_STYLES)
        ],
        "series": any(p.is_series for p in data.processes.values()),
        "links": sum(1 for e in edges if e["relation"] != "competesWith")
        + sum(1 for e in edges if e["relation"] == "competesWith") // 2,
    }


def _line(style: Any) -> dict[str, Any]:
    return {
        "label": style.label,
        "colour": style.colour,
        "dashes": " ".join(str(d) for d in style.dashes),
        "width": style.width,
        "arrow": style.arrow,
    }


def index_page(data: SiteData, index: SiteIndex) -> Page:
    processes = sorted(data.processes.values(), key=_chronological)
    years = [
        year
        for p in processes
        for year in (p.start.first.year if p.start else 0, p.end.last.year if p.end else 0)
        if year
    ]
    actors_by_kind: dict[str, list[dict[str, str]]] = defaultdict(list)
    for actor in sorted(data.actors.values(), key=lambda a: (a.label.casefold(), a.iri)):
        if actor.iri in index.memberships_of_actor:
            actors_by_kind[actor.kind].append({"label": actor.label, "url": actor_url(actor)})
    norms_by_process = [
        {
            "process": _process_ref(p),
            "norms": [_norm_ref(data, n) for n in index.norms_of_process[p.iri]],
        }
        for p in processes
        if index.norms_of_process.get(p.iri)
    ]
    network = process_network(data)
    flowing = set(cross_pollinating(data))
    context = {
        "legend": _legend(data),
        "first_year": min(years, default=None),
        "last_year": max(years, default=None),
        "processes": [
            {
                **_process_ref(p),
                "kind_label": PROCESS_STYLES[p.kind].label,
                "members": p.members,
                "norms": len(index.norms_of_process.get(p.iri, [])),
                "start": p.start.first.year if p.start else "",
                "end": p.end.last.year if p.end else "",
            }
            for p in processes
        ],
        "flowing": len(flowing),
        "undated": [_process_ref(p) for p in processes if not p.start],
        "unlinked": [_process_ref(p) for p in processes if p.iri not in flowing],
        "links": _graph_table(data, network["overview"]["edges"]),
        "norms_by_process": norms_by_process,
        "norm_count": len(data.norms),
        "topics": [_topic_ref(t) for t in sorted(data.topics.values(), key=lambda t: t.label)],
        "actors_by_kind": [
            {"label": ACTOR_STYLES[k].label, "actors": actors_by_kind[k]}
            for k in ACTOR_STYLES
            if actors_by_kind.get(k)
        ],
        "actor_count": sum(len(v) for v in actors_by_kind.values()),
    }
    return Page(
        "index.html",
        "index.html",
        "Norm processes and how they cross-pollinate",
        context,
        network,
    )


def _graph_table(data: SiteData, edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A graph's links as a table (its text equivalent): from, how, to, sources."""
    rows = []
    for edge in edges:
        giver, taker = data.processes[edge["from"]], data.processes[edge["to"]]
        rows.append(
            {
                "from": _process_ref(giver),
                "to": _process_ref(taker),
                "how": edge["tip"]["title"],
                "sources": [
                    {"title": s["text"], "identifier": None, "link": s["href"], "locator": ""}
                    for s in edge["tip"]["sources"]
                ],
            }
        )
    return rows


def process_page(data: SiteData, index: SiteIndex, process: Process) -> Page:
    members = []
    for m in sorted(
        index.memberships_of_process.get(process.iri, []),
        key=lambda m: (m.role != "chair", data.actors[m.actor].label.casefold(), m.iri),
    ):
        actor = data.actors[m.actor]
        members.append(
            {
                "label": actor.label,
                "url": actor_url(actor),
                "kind": ACTOR_STYLES[actor.kind].label,
                "role": m.role,
                "dates": _membership_dates(m),
                "sources": _cited(data, data.cites(m.iri)),
            }
        )
    own = {n.iri for n in index.norms_of_process.get(process.iri, [])}
    came_from: dict[str, list[dict[str, Any]]] = defaultdict(list)
    went_to: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for later, earlier, attributes in _derivations(data, own):
        hop = _hop(data, later, earlier, attributes)
        if later in own and earlier not in own:
            came_from[data.norms[earlier].process or ""].append(hop)
        if earlier in own and later not in own:
            went_to[data.norms[later].process or ""].append(hop)

    def grouped(table: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Hops by the other process, earliest process first (norms of none last)."""
        known = sorted((data.processes[k] for k in table if k), key=_chronological)
        groups: list[dict[str, Any]] = [
            {"process": _process_ref(p), "hops": table[p.iri]} for p in known
        ]
        if "" in table:
            groups.append({"process": None, "hops": table[""]})
        return groups

    relations = []
    for r in data.relations:
        if process.iri in (r.subject, r.object) and r.kind != "iterationOf":
            style = line_style(RELATION_STYLES, r.kind)
            relations.append(
                {
                    "subject": _process_ref(data.processes[r.subject]),
                    "label": style.label,
                    "object": _process_ref(data.processes[r.object]),
                    "sources": _cited(data, data.cites(r.iri)),
                }
            )
    series = data.processes.get(process.series or "")
    outcome_document = data.sources.get(process.outcome_document or "")
    context = {
        "process": process,
        "members_summary": process.members,
        "kind_label": PROCESS_STYLES[process.kind].label,
        "colour": PROCESS_STYLES[process.kind].colour,
        "dates": _process_dates(process),
        "series": _process_ref(series) if series else None,
        "iterations": [_process_ref(p) for p in index.iterations.get(process.iri, [])],
        "outcome_document": _cited(data, [Citation("", "", outcome_document.iri)])[0]
        if outcome_document
        else None,
        "members": members,
        "norms": [
            {
                **_norm_ref(data, n),
                "summary": n.summary,
                "reference": n.reference,
                "topics": [_topic_ref(data.topics[t]) for t in n.topics if t in data.topics],
            }
            for n in index.norms_of_process.get(process.iri, [])
        ],
        "came_from": grouped(came_from),
        "went_to": grouped(went_to),
        "relations": relations,
        "sources": _cited(data, data.cites(process.iri)),
    }
    return Page(process_url(process), "process.html", process.label, context)


def norm_page(data: SiteData, index: SiteIndex, norm: Norm) -> Page:
    network = lineage_network(data, norm.iri)
    in_lineage = {node["id"] for node in network["nodes"]}
    hops = [_hop(data, *edge) for edge in _derivations(data, in_lineage, both_ends=True)]
    process = data.processes.get(norm.process or "")
    kinds = sorted({hop["kind"] for hop in hops})
    topics = [data.topics[t] for t in norm.topics if t in data.topics]
    context: dict[str, Any] = {
        "norm": norm,
        "process": _process_ref(process) if process else None,
        "hops": hops,
        "lineage_size": len(in_lineage),
        "legend_kinds": [
            {"label": s.label, "colour": s.colour}
            for k, s in PROCESS_STYLES.items()
            if any(n["group"] == "process-" + k for n in network["nodes"])
        ],
        "legend_lines": [_line(line_style(DERIVATION_STYLES, k)) for k in kinds],
        "sources": _cited(data, data.cites(norm.iri)),
        "topics": [_peers(data, norm, topic) for topic in topics],
        "conflicts": [
            {
                "kind": c.kind.lower(),
                "other": _norm_ref(data, data.norms[c.other if c.norm == norm.iri else c.norm]),
                "description": c.description,
                "sources": _cited(data, data.cite(c.sources)),
            }
            for c in index.conflicts_of.get(norm.iri, [])
        ],
    }
    rows = len({node["y"] for node in network["nodes"]})
    context["graph_size"] = "s" if rows <= 2 else "m" if rows <= 5 else "l"
    title = f"{norm.notation} {norm.label}" if norm.notation else norm.label
    return Page(norm_url(norm), "norm.html", title, context, network)


def _peers(data: SiteData, norm: Norm, topic: Topic) -> dict[str, Any]:
    """The first :data:`TOPIC_PEERS` norms of other processes on ``topic``, and how many more."""
    peers = [n for n in topic.norms if n != norm.iri and data.norms[n].process != norm.process]
    return {
        **_topic_ref(topic),
        "elsewhere": [_norm_ref(data, data.norms[n]) for n in peers[:TOPIC_PEERS]],
        "more": max(len(peers) - TOPIC_PEERS, 0),
    }


def topic_page(data: SiteData, index: SiteIndex, topic: Topic) -> Page:
    """One topic: each process's norms on it side by side, with where each came from and went.

    Columns are processes in the order they began; each norm shows its title, summary,
    date, official reference, and its derivations (kind and how each is known).
    """
    by_process: dict[str, list[Norm]] = defaultdict(list)
    for iri in topic.norms:
        by_process[data.norms[iri].process or ""].append(data.norms[iri])
    columns = []
    keys = sorted((k for k in by_process if k), key=lambda k: _chronological(data.processes[k]))
    for key in keys + ([""] if "" in by_process else []):
        process = data.processes.get(key)
        norms = sorted(by_process[key], key=lambda n: (_natural(n.notation or ""), n.label, n.iri))
        columns.append(
            {
                "process": _process_ref(process) if process else None,
                "norms": [_norm_card(data, n) for n in norms],
            }
        )
    context = {"topic": topic, "columns": columns, "count": len(topic.norms)}
    return Page(topic_url(topic), "topic.html", topic.label, context)


def _norm_card(data: SiteData, norm: Norm) -> dict[str, Any]:
    """A norm as a topic page sets it beside others: what it says, and its derivations."""
    edges = _derivations(data, {norm.iri})
    hops = [_hop(data, *edge) for edge in edges]
    return {
        **_norm_ref(data, norm),
        "summary": norm.summary,
        "reference": norm.reference,
        "date": norm.date.label if norm.date else "",
        "came_from": [h for h, e in zip(hops, edges, strict=True) if e[0] == norm.iri],
        "went_to": [h for h, e in zip(hops, edges, strict=True) if e[1] == norm.iri],
    }


def topics_page(data: SiteData) -> Page:
    context = {
        "topics": [
            {**_topic_ref(t), "definition": t.definition}
            for t in sorted(data.topics.values(), key=lambda t: t.label)
        ]
    }
    return Page("topics.html", "topics.html", "Norm topics", context)


def actor_page(data: SiteData, index: SiteIndex, actor: Actor) -> Page:
    memberships = index.memberships_of_actor.get(actor.iri, [])
    items = []
    rows = []
    for m in memberships:
        process = data.processes[m.process]
        # A membership known only from a list starts, on the chart, where the list shows it.
        start = m.start or m.listed or process.start
        end = m.end or process.end
        shown = _membership_dates(m) if (m.start or m.listed) else _dates(start, end)
        items.append(
            TimelineItem(
                label=process.label,
                url=process_url(process),
                colour=PROCESS_STYLES[process.kind].colour,
                start=start,
                end=end,
                tooltip=f"{process.label}: {m.role}, {shown or 'no dates'}",
                # A membership that began and has not ended goes on, unless its process ended.
                ongoing=m.end is None
                and process.end is None
                and (m.start is not None or m.listed is not None or _ongoing(process)),
            )
        )
        rows.append(
            {
                "process": _process_ref(process),
                "role": m.role,
                "dates": _membership_dates(m),
                "sources": _cited(data, data.cites(m.iri)),
                "key": _chronological(process),
            }
        )
    rows.sort(key=lambda r: (r["key"], r["role"]))
    nationality = data.actors.get(actor.nationality or "")
    context = {
        "actor": actor,
        "kind_label": ACTOR_STYLES[actor.kind].label,
        "nationality": {"label": nationality.label, "url": actor_url(nationality)}
        if nationality and nationality.iri in index.memberships_of_actor
        else ({"label": nationality.label, "url": None} if nationality else None),
        "timeline": timeline(items),
        "memberships": rows,
    }
    return Page(actor_url(actor), "actor.html", actor.label, context)


def timeline_page(data: SiteData) -> Page:
    items = []
    for process in data.processes.values():
        style = PROCESS_STYLES[process.kind]
        dates = _process_dates(process) or "no dates"
        items.append(
            TimelineItem(
                label=process.label,
                url=process_url(process),
                colour=style.colour,
                start=process.start,
                end=process.end,
                tooltip=f"{process.label}\n{style.label}, {dates}",
                ongoing=_ongoing(process),
            )
        )
    context = {"timeline": timeline(items), "legend": _legend(data)}
    return Page("timeline.html", "timeline.html", "Timeline of the processes", context)


#: The overlaps page's sections: what the members are called, and their actor type.
_OVERLAP_GROUPS: dict[str, tuple[str, str | None]] = {
    "states": ("states", "state"),
    "companies": ("companies", "company"),
    "all": ("members", None),
}
#: How many pairs and combinations of processes the overlaps page lists.
TOP_OVERLAPS = 15


def overlaps_page(data: SiteData) -> Page:
    """Heatmaps of shared members, the pairs sharing most, and the largest intersections.

    Counts come from :mod:`normgraph.analytics.overlap` over the memberships table: pairs from
    its sparse all-pairs product, intersections UpSet-style (the actors in exactly a
    combination of the heatmap's processes and no other of them).
    """
    from normgraph.analytics import overlap

    sections = []
    for key, (what, actor_type) in _OVERLAP_GROUPS.items():
        table = overlap.select_memberships(data.membership_table, actor_type=actor_type)
        table = table[table["process"].isin(data.processes) & table["actor"].isin(data.actors)]
        members: dict[str, set[str]] = defaultdict(set)
        for actor, process in zip(table["actor"], table["process"], strict=True):
            members[process].add(actor)
        by_size = sorted(
            members, key=lambda p: (-len(members[p]), _chronological(data.processes[p]))
        )
        shown = sorted(by_size[:HEATMAP_ROWS], key=lambda p: _chronological(data.processes[p]))
        labels = [
            HeatmapLabel(
                i,
                p,
                data.processes[p].label,
                process_url(data.processes[p]),
                PROCESS_STYLES[data.processes[p].kind].colour,
                data.processes[p].slug,
            )
            for i, p in enumerate(shown)
        ]
        counts = {(p, p): len(members[p]) for p in shown}
        pairs = overlap.overlaps(table, processes=shown)
        counts.update(
            zip(
                zip(pairs["process_a"].astype(str), pairs["process_b"].astype(str), strict=True),
                pairs["shared"].tolist(),
                strict=True,
            )
        )
        sections.append(
            {
                "key": key,
                "what": what,
                "heatmap": heatmap(labels, counts, what) if len(labels) > 1 else None,
                "left_out": max(len(members) - HEATMAP_ROWS, 0),
                "pairs": _largest_pairs(data, table, members),
                "intersections": _largest_intersections(data, table, shown),
            }
        )
    return Page(
        "overlaps.html", "overlaps.html", "Shared members across processes", {"sections": sections}
    )


def _named(data: SiteData, actors: Iterable[str]) -> dict[str, Any]:
    """Up to :data:`NAMED_MEMBERS` actors as links, alphabetically, and how many more."""
    named = sorted((data.actors[a] for a in actors), key=lambda a: (a.label.casefold(), a.iri))
    return {
        "named": [{"label": a.label, "url": actor_url(a)} for a in named[:NAMED_MEMBERS]],
        "more": max(len(named) - NAMED_MEMBERS, 0),
    }


def _largest_pairs(
    data: SiteData, table: Any, members: dict[str, set[str]]
) -> list[dict[str, Any]]:
    from normgraph.analytics import overlap

    pairs = overlap.overlaps(table)
    if pairs.empty:
        return []
    pairs = pairs.astype({"process_a": str, "process_b": str})
    pairs = pairs.sort_values(
        ["shared", "jaccard", "process_a", "process_b"], ascending=[False, False, True, True]
    ).head(TOP_OVERLAPS)
    return [
        {
            "processes": [_process_ref(data.processes[a]), _process_ref(data.processes[b])],
            "slugs": [data.processes[a].slug, data.processes[b].slug],
            "count": shared,
            "jaccard": f"{jaccard:.2f}",
            **_named(data, members[a] & members[b]),
        }
        for a, b, shared, jaccard in zip(
            pairs["process_a"].tolist(),
            pairs["process_b"].tolist(),
            pairs["shared"].tolist(),
            pairs["jaccard"].tolist(),
            strict=True,
        )
    ]


def _largest_intersections(data: SiteData, table: Any, shown: list[str]) -> list[dict[str, Any]]:
    from normgraph.analytics import overlap

    if len(shown) < 2:
        return []
    combinations = overlap.intersections(table, shown)
    combinations = combinations[combinations["degree"] >= 2].head(TOP_OVERLAPS)
    in_shown: dict[str, set[str]] = defaultdict(set)
    for actor, process in zip(table["actor"], table["process"], strict=True):
        if process in shown:
            in_shown[actor].add(process)
    rows = []
    for flags, count in zip(
        combinations[shown].to_numpy().tolist(), combinations["actors"].tolist(), strict=True
    ):
        combination = {p for p, flag in zip(shown, flags, strict=True) if flag}
        exactly = [a for a, processes in in_shown.items() if processes == combination]
        rows.append(
            {
                "processes": [_process_ref(data.processes[p]) for p in shown if p in combination],
                "count": count,
                **_named(data, exactly),
            }
        )
    return rows


def members_page(data: SiteData, index: SiteIndex) -> Page:
    """Who takes part where: processes linked by shared members, every membership in a
    table (search, filter by process and actor type), and any two processes compared.

    The comparison runs in the page from the lists embedded in it (``compare_json``).
    """
    network = membership_network(data)
    with_members = sorted(
        (data.processes[p] for p in index.members), key=lambda p: p.label.casefold()
    )
    actors = sorted(
        (data.actors[a] for a in index.memberships_of_actor),
        key=lambda a: (a.label.casefold(), a.iri),
    )
    number = {a.iri: i for i, a in enumerate(actors)}
    listed = sorted(
        data.memberships,
        key=lambda m: (
            data.actors[m.actor].label.casefold(),
            _chronological(data.processes[m.process]),
            m.iri,
        ),
    )
    rows = [
        {
            "actor": {"label": data.actors[m.actor].label, "url": actor_url(data.actors[m.actor])},
            "kind": data.actors[m.actor].kind,
            "kind_label": ACTOR_STYLES[data.actors[m.actor].kind].label,
            "process": _process_ref(data.processes[m.process]),
            "process_slug": data.processes[m.process].slug,
            "role": m.role,
            "dates": _membership_dates(m),
        }
        for m in listed[:MEMBER_ROWS]
    ]
    compare = {
        "actors": [[a.label, actor_url(a), ACTOR_STYLES[a.kind].label] for a in actors],
        "processes": {
            p.slug: {
                "iri": p.iri,
                "label": p.label,
                "url": process_url(p),
                "members": sorted(number[a] for a in index.members[p.iri]),
                "summary": p.members,
            }
            for p in with_members
        },
    }
    pairs = [
        (len(index.members[a.iri] & index.members[b.iri]), a.slug, b.slug)
        for i, a in enumerate(with_members)
        for b in with_members[i + 1 :]
    ]
    first = max(pairs, key=lambda pair: pair[0], default=(0, "", ""))
    context = {
        "first_pair": first[1:],
        "legend_processes": [
            {"label": s.label, "colour": s.colour}
            for k, s in PROCESS_STYLES.items()
            if any(p.kind == k for p in with_members)
        ],
        "processes": [
            {"label": p.label, "slug": p.slug, "members": p.members} for p in with_members
        ],
        "kinds": [
            {"kind": k, "label": s.label}
            for k, s in ACTOR_STYLES.items()
            if any(a.kind == k for a in actors)
        ],
        "rows": rows,
        "rows_left_out": max(len(listed) - MEMBER_ROWS, 0),
        "actor_count": len(actors),
        "compare": compare,
    }
    return Page("members.html", "members.html", "Who takes part where", context, network)


#: A call that computes one page.
PageMaker = Callable[[], Page]


def page_makers(data: SiteData) -> list[PageMaker]:
    """Every page of the site as a call that computes it, in :func:`site_pages` order.

    The calls share only look-ups built here, before any is made, so that they are
    independent and can run on several cores (:func:`normgraph.forking.share_out`).
    """
    index = SiteIndex(data).complete()
    makers: list[PageMaker] = [
        partial(index_page, data, index),
        partial(timeline_page, data),
        partial(overlaps_page, data),
        partial(members_page, data, index),
        partial(topics_page, data),
        partial(search_page, data),
        data_page,
    ]
    makers += [partial(process_page, data, index, p) for p in data.processes.values()]
    makers += [partial(norm_page, data, index, n) for n in data.norms.values()]
    makers += [partial(topic_page, data, index, t) for t in data.topics.values()]
    makers += [
        partial(actor_page, data, index, a)
        for a in data.actors.values()
        if a.iri in index.memberships_of_actor
    ]
    return makers


def site_pages(data: SiteData) -> list[Page]:
    """Every page of the site: the overviews first, then one per process, norm, topic, actor."""
    return [make() for make in page_makers(data)]


def search_page(data: SiteData) -> Page:
    """Search every process, norm, actor and topic by any name it is known by, offline.

    The entries are those of the one name resolver
    (:func:`normgraph.analytics.names.export_names`: labels in every language, short
    names, acronyms, notations such as "13(f)", ISO codes, definitions and topics), each
    with the page it opens; ``assets/site.js`` ranks them as the resolver does.
    """
    urls: dict[str, tuple[str, str]] = {}
    for p in data.processes.values():
        urls[p.iri] = (process_url(p), _process_dates(p))
    for n in data.norms.values():
        process = data.processes.get(n.process or "")
        urls[n.iri] = (
            norm_url(n),
            ", ".join(x for x in (n.notation, process.label if process else None) if x),
        )
    for t in data.topics.values():
        urls[t.iri] = (topic_url(t), f"{len(t.norms)} norms")
    members = {m.actor for m in data.memberships}
    for a in data.actors.values():
        if a.iri in members:
            urls[a.iri] = (actor_url(a), ACTOR_STYLES[a.kind].label)
    entries = [
        {
            "kind": entry["kind"],
            "label": entry["label"],
            "names": entry["names"],
            "text": entry["text"],
            "url": urls[str(entry["iri"])][0],
            "detail": urls[str(entry["iri"])][1],
        }
        for entry in data.names
        if str(entry["iri"]) in urls
    ]
    return Page("search.html", "search.html", "Search", {"entries": entries})


def data_page() -> Page:
    """How to cite the dataset, and the dataset itself to download."""
    from normgraph.site.dataset import DOWNLOADS

    files = [{"name": name, "what": what} for name, what in DOWNLOADS.items()]
    return Page("data.html", "data.html", "The data and how to cite it", {"files": files})
