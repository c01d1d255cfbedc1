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
from functools import cached_property
from typing import Any

from .charts import (
    HeatmapLabel,
    TimelineItem,
    heatmap,
    largest_intersections,
    timeline,
)
from .graphs import VisGraph, lineage_network, membership_network, process_network
from .model import Actor, Citation, Membership, Norm, Process, SiteData
from .style import (
    ACTOR_STYLES,
    DERIVATION_STYLES,
    PROCESS_STYLES,
    RELATION_STYLES,
    line_style,
)

__all__ = ["Page", "SiteIndex", "site_pages"]

#: How many processes a heatmap shows at most (those with the most members).
HEATMAP_ROWS = 40
#: How many members of an intersection are named on the overlaps page.
NAMED_MEMBERS = 12


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


class SiteIndex:
    """Look-ups over :class:`SiteData` that several pages share, built on first use."""

    def __init__(self, data: SiteData) -> None:
        self.data = data

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


def _process_ref(process: Process) -> dict[str, Any]:
    return {
        "label": process.label,
        "url": process_url(process),
        "kind": process.kind,
        "dates": _dates(process.start, process.end),
    }


def _norm_ref(data: SiteData, norm: Norm) -> dict[str, Any]:
    process = data.processes.get(norm.process or "")
    return {
        "label": norm.label,
        "notation": norm.notation,
        "url": norm_url(norm),
        "process": _process_ref(process) if process else None,
    }


def _legend(data: SiteData) -> dict[str, Any]:
    kinds = sorted({p.kind for p in data.processes.values()}, key=list(PROCESS_STYLES).index)
    relations = sorted(
        {r.kind for r in data.relations},
        key=lambda k: (
            list(RELATION_STYLES).index(k) if k in RELATION_STYLES else len(RELATION_STYLES),
            k,
        ),
    )
    return {
        "kinds": [
            {"kind": k, "label": PROCESS_STYLES[k].label, "colour": PROCESS_STYLES[k].colour}
            for k in kinds
        ],
        "lines": [_line(line_style(RELATION_STYLES, k)) for k in relations],
        "series": any(p.is_series for p in data.processes.values()),
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
    context = {
        "legend": _legend(data),
        "first_year": min(years, default=None),
        "last_year": max(years, default=None),
        "processes": [
            {
                **_process_ref(p),
                "kind_label": PROCESS_STYLES[p.kind].label,
                "members": len(index.members.get(p.iri, ())),
                "norms": len(index.norms_of_process.get(p.iri, [])),
            }
            for p in processes
        ],
        "norms_by_process": norms_by_process,
        "norm_count": len(data.norms),
        "actors_by_kind": [
            {"label": ACTOR_STYLES[k].label, "actors": actors_by_kind[k]}
            for k in ACTOR_STYLES
            if actors_by_kind.get(k)
        ],
        "actor_count": sum(len(v) for v in actors_by_kind.values()),
        "relation_count": len(data.relations),
    }
    return Page(
        "index.html",
        "index.html",
        "Norm processes and how they cross-pollinate",
        context,
        process_network(data),
    )


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
                "dates": _dates(m.start, m.end),
                "sources": _cited(data, data.cites(m.iri)),
            }
        )
    own = {n.iri for n in index.norms_of_process.get(process.iri, [])}
    came_from: dict[str, list[dict[str, Any]]] = defaultdict(list)
    went_to: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in data.derivations:
        later, earlier = data.norms[d.norm], data.norms[d.earlier]
        hop = {
            "later": _norm_ref(data, later),
            "earlier": _norm_ref(data, earlier),
            "kind": d.kind,
            "sources": _cited(data, data.cites(d.iri)),
        }
        if d.norm in own and d.earlier not in own:
            came_from[earlier.process or ""].append(hop)
        if d.earlier in own and d.norm not in own:
            went_to[later.process or ""].append(hop)

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
        "kind_label": PROCESS_STYLES[process.kind].label,
        "colour": PROCESS_STYLES[process.kind].colour,
        "dates": _dates(process.start, process.end),
        "series": _process_ref(series) if series else None,
        "iterations": [_process_ref(p) for p in index.iterations.get(process.iri, [])],
        "outcome_document": _cited(data, [Citation("", "", outcome_document.iri)])[0]
        if outcome_document
        else None,
        "members": members,
        "norms": [
            {**_norm_ref(data, n), "summary": n.summary, "reference": n.reference}
            for n in index.norms_of_process.get(process.iri, [])
        ],
        "came_from": grouped(came_from),
        "went_to": grouped(went_to),
        "relations": relations,
        "sources": _cited(data, data.cites(process.iri)),
    }
    return Page(process_url(process), "process.html", process.label, context)


def norm_page(data: SiteData, norm: Norm) -> Page:
    network = lineage_network(data, norm.iri)
    in_lineage = {node["id"] for node in network["nodes"]}
    hops = []
    for d in sorted(data.derivations, key=lambda d: (d.norm, d.earlier, d.iri)):
        if d.norm in in_lineage and d.earlier in in_lineage:
            style = line_style(DERIVATION_STYLES, d.kind)
            hops.append(
                {
                    "later": _norm_ref(data, data.norms[d.norm]),
                    "kind": d.kind,
                    "line": _line(style),
                    "earlier": _norm_ref(data, data.norms[d.earlier]),
                    "sources": _cited(data, data.cites(d.iri)),
                }
            )
    process = data.processes.get(norm.process or "")
    kinds = sorted({d.kind for d in data.derivations if d.norm in in_lineage})
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
    }
    rows = len({node["y"] for node in network["nodes"]})
    context["graph_size"] = "s" if rows <= 2 else "m" if rows <= 5 else "l"
    title = f"{norm.notation} {norm.label}" if norm.notation else norm.label
    return Page(norm_url(norm), "norm.html", title, context, network)


def actor_page(data: SiteData, index: SiteIndex, actor: Actor) -> Page:
    memberships = index.memberships_of_actor.get(actor.iri, [])
    items = []
    rows = []
    for m in memberships:
        process = data.processes[m.process]
        start = m.start or process.start
        end = m.end or process.end
        items.append(
            TimelineItem(
                label=process.label,
                url=process_url(process),
                colour=PROCESS_STYLES[process.kind].colour,
                start=start,
                end=end,
                tooltip=f"{process.label}: {m.role}, {_dates(start, end) or 'no dates'}",
                # A membership that began and has not ended goes on, unless its process ended.
                ongoing=m.end is None
                and process.end is None
                and (m.start is not None or _ongoing(process)),
            )
        )
        rows.append(
            {
                "process": _process_ref(process),
                "role": m.role,
                "dates": _dates(m.start, m.end),
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
        dates = _dates(process.start, process.end) or "no dates"
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


_OVERLAP_GROUPS: dict[str, tuple[str, Callable[[Actor], bool]]] = {
    "states": ("states", lambda a: a.kind == "state"),
    "companies": ("companies", lambda a: a.kind == "company"),
    "all": ("members", lambda a: True),
}


def overlaps_page(data: SiteData, index: SiteIndex) -> Page:
    sections = []
    for key, (what, keep) in _OVERLAP_GROUPS.items():
        members = {
            process: frozenset(a for a in actors if keep(data.actors[a]))
            for process, actors in index.members.items()
        }
        members = {p: m for p, m in members.items() if m}
        shown = sorted(members, key=lambda p: (-len(members[p]), _chronological(data.processes[p])))
        shown = sorted(shown[:HEATMAP_ROWS], key=lambda p: _chronological(data.processes[p]))
        labels = [
            HeatmapLabel(
                i,
                p,
                data.processes[p].label,
                process_url(data.processes[p]),
                PROCESS_STYLES[data.processes[p].kind].colour,
            )
            for i, p in enumerate(shown)
        ]
        intersections = []
        for item in largest_intersections(members):
            named = sorted((data.actors[a] for a in item.shared), key=lambda a: a.label.casefold())
            intersections.append(
                {
                    "first": _process_ref(data.processes[item.first]),
                    "second": _process_ref(data.processes[item.second]),
                    "count": len(item.shared),
                    "jaccard": f"{item.jaccard:.2f}",
                    "named": [
                        {"label": a.label, "url": actor_url(a)} for a in named[:NAMED_MEMBERS]
                    ],
                    "more": max(len(named) - NAMED_MEMBERS, 0),
                }
            )
        sections.append(
            {
                "key": key,
                "what": what,
                "heatmap": heatmap(labels, members, what) if len(labels) > 1 else None,
                "left_out": max(len(members) - HEATMAP_ROWS, 0),
                "intersections": intersections,
            }
        )
    return Page(
        "overlaps.html", "overlaps.html", "Shared members across processes", {"sections": sections}
    )


def members_page(data: SiteData) -> Page:
    network = membership_network(data)
    context = {
        "legend_processes": [
            {"label": s.label, "colour": s.colour}
            for k, s in PROCESS_STYLES.items()
            if any(p.kind == k for p in data.processes.values())
        ],
        "legend_actors": [
            {"label": s.label, "colour": s.colour}
            for k, s in ACTOR_STYLES.items()
            if any(n.get("group") == "actor-" + k for n in network["nodes"])
        ],
        "node_count": len(network["nodes"]),
        "overview_count": len(network["overview"]["nodes"]) if "overview" in network else None,
    }
    return Page("members.html", "members.html", "Who takes part where", context, network)


def site_pages(data: SiteData) -> list[Page]:
    """Every page of the site: the overviews first, then one per process, norm and actor."""
    index = SiteIndex(data)
    pages = [
        index_page(data, index),
        timeline_page(data),
        overlaps_page(data, index),
        members_page(data),
    ]
    pages += [process_page(data, index, p) for p in data.processes.values()]
    pages += [norm_page(data, n) for n in data.norms.values()]
    pages += [
        actor_page(data, index, a)
        for a in data.actors.values()
        if a.iri in index.memberships_of_actor
    ]
    return pages
