"""The site's interactive graphs as vis-network data: nodes and edges with positions.

Each function returns a plain dict ``{"nodes": [...], "edges": [...], "groups": {...}}``
ready to be embedded as JSON; ``assets/graph.js`` draws it with physics off. Texts go
into ``label`` (drawn on a canvas) and ``title`` (shown as plain text by vis-network),
never into HTML. ``url`` is relative to the site's root; pages prefix it.

A graph of more than :data:`NODE_LIMIT` nodes also carries an ``overview`` (a smaller
graph shown first) and the full graph is one click away.

>>> from normgraph import load
>>> from normgraph.site.model import collect
>>> network = process_network(collect(load()))
>>> sorted(network["nodes"][0])
['end', 'group', 'id', 'kind', 'label', 'shape', 'size', 'start', 'title', 'url', 'x', 'y']
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from normgraph.analytics import lineage
from normgraph.site.layout import cloud_radius, lanes, layered, ring, satellites
from normgraph.site.model import SiteData
from normgraph.site.style import (
    ACTOR_STYLES,
    DERIVATION_STYLES,
    PROCESS_STYLES,
    RELATION_STYLES,
    KindStyle,
    LineStyle,
    line_style,
)

__all__ = [
    "NODE_LIMIT",
    "lineage_network",
    "membership_network",
    "process_network",
]

#: Graphs with more nodes than this open on an overview; the full graph is one click away.
NODE_LIMIT = 2000

VisGraph = dict[str, Any]


def _groups(styles: dict[str, KindStyle], prefix: str, box: bool = False) -> dict[str, Any]:
    groups: dict[str, Any] = {}
    for kind, style in styles.items():
        colour = {
            "background": style.colour,
            "border": style.colour,
            "highlight": {"background": style.colour, "border": "#111827"},
            "hover": {"background": style.colour, "border": "#111827"},
        }
        group: dict[str, Any] = {"color": colour}
        if box:
            group["font"] = {"color": "#ffffff"}
        groups[prefix + kind] = group
    return groups


def _outlined(colour: str) -> dict[str, Any]:
    """A node colour with a dark outline (vis-network does not merge it with the group's)."""
    return {
        "background": colour,
        "border": "#111827",
        "highlight": {"background": colour, "border": "#111827"},
        "hover": {"background": colour, "border": "#111827"},
    }


def _edge(source: str, target: str, style: LineStyle, title: str) -> dict[str, Any]:
    edge: dict[str, Any] = {
        "from": source,
        "to": target,
        "color": style.colour,
        "width": style.width,
        "title": title,
    }
    if style.dashes:
        edge["dashes"] = list(style.dashes)
    if style.arrow:
        edge["arrows"] = "to"
    return edge


def _years(data: SiteData, iri: str) -> tuple[int | None, int | None]:
    process = data.processes[iri]
    start = process.start.first.year if process.start else None
    end = process.end.last.year if process.end else None
    return start, end


def _start_key(data: SiteData, iri: str) -> tuple[str, str]:
    process = data.processes[iri]
    return (process.start.first.isoformat() if process.start else "9999", iri)


def _citation_text(data: SiteData, passages: Iterable[str]) -> str:
    """One line per cited passage: ``source: <title>, <locator>``."""
    lines = []
    for citation in data.cite(passages):
        source = data.sources.get(citation.source or "")
        title = source.title if source else "unknown source"
        lines.append(f"source: {title}, {citation.locator}".rstrip(", "))
    return "\n".join(lines) or "no source cited"


def _process_tooltip(data: SiteData, iri: str, members: int, norms: int) -> str:
    process = data.processes[iri]
    dates = " – ".join(p.label for p in (process.start, process.end) if p)
    facts = ", ".join(x for x in (PROCESS_STYLES[process.kind].label, process.form, dates) if x)
    counts = f"{members} member{'s' * (members != 1)} · {norms} norm{'s' * (norms != 1)}"
    return f"{process.label}\n{facts}\n{counts}"


#: Horizontal pixels per year on the cross-pollination graph.
PIXELS_PER_YEAR = 120


def process_network(data: SiteData) -> VisGraph:
    """The cross-pollination graph: every process, every sourced relation between them.

    Processes are laid out in time, one swim lane per kind, so that a link between
    lanes shows norms crossing from one kind of process to another; year marks and
    lane names are drawn as text nodes (``"axis": true``, no page).
    """
    lane_of = {kind: n for n, kind in enumerate(PROCESS_STYLES)}
    origin = _first_year(data)
    places = {
        iri: (lane_of[p.kind], (p.start.start_year - origin) * PIXELS_PER_YEAR if p.start else None)
        for iri, p in data.processes.items()
    }
    positions = lanes(places)
    members: dict[str, set[str]] = defaultdict(set)
    for membership in data.memberships:
        members[membership.process].add(membership.actor)
    norms: dict[str, int] = defaultdict(int)
    for norm in data.norms.values():
        if norm.process:
            norms[norm.process] += 1
    nodes = []
    for iri, process in data.processes.items():
        start, end = _years(data, iri)
        count = len(members[iri])
        nodes.append(
            {
                "id": iri,
                "label": process.label,
                "title": _process_tooltip(data, iri, count, norms[iri]),
                "group": "process-" + process.kind,
                "shape": "diamond" if process.is_series else "dot",
                "size": round(10 + 3 * math.log2(1 + count)),
                "x": positions[iri][0],
                "y": positions[iri][1],
                "url": f"process/{process.slug}.html",
                "kind": process.kind,
                "start": start,
                "end": end,
            }
        )
    return {
        "nodes": nodes + _time_axis(data, positions, lane_of),
        "edges": _flow_edges(data),
        "groups": _groups(PROCESS_STYLES, "process-"),
        "smooth": True,
        "fontSize": 17,
    }


def _flow_edges(data: SiteData) -> list[dict[str, Any]]:
    """The process graph's edges, pointing the way norms and influence travel.

    Stated relations come with their sources; derivations between the norms of two
    processes are summed per kind into one edge, wider the more norms travelled.
    Iterations hang from their series without an arrow.
    """
    stated = {(r.subject, r.kind, r.object) for r in data.relations}
    edges = []
    for giver, taker, _key, attributes in sorted(data.process_graph.edges(keys=True, data=True)):
        if giver not in data.processes or taker not in data.processes:
            continue
        giver_label = data.processes[giver].label
        taker_label = data.processes[taker].label
        if attributes["relation"] == "derivation":
            kind = attributes["kind"] or "derives from"
            style = line_style(DERIVATION_STYLES, kind)
            weight = int(attributes["weight"])
            title = (
                f"{weight} norm{'s' * (weight != 1)} of {giver_label} taken up by "
                f"{taker_label} ({kind})\nsee the norms' pages for each hop and its source"
            )
            edge = _edge(giver, taker, style, title)
            edge["width"] = style.width + round(math.log2(weight))
            edges.append(edge)
            continue
        relation = attributes["relation"]
        style = line_style(RELATION_STYLES, relation)
        if not style.arrow and taker < giver:
            continue  # a symmetric relation, listed both ways: draw it once
        subject, target = (
            (giver_label, taker_label)
            if (giver, relation, taker) in stated
            else (taker_label, giver_label)
        )
        title = f"{subject} {style.label} {target}\n" + _citation_text(data, attributes["source"])
        edges.append(_edge(giver, taker, style, title))
    for r in data.relations:
        if r.kind == "iterationOf":
            style = line_style(RELATION_STYLES, r.kind)
            series, iteration = data.processes[r.object].label, data.processes[r.subject].label
            edges.append(
                _edge(r.object, r.subject, style, f"{iteration}: an iteration of {series}")
            )
    return _fan_out(edges)


def _fan_out(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bend each further edge between the same two nodes more, so that none hides another."""
    seen: dict[frozenset[str], int] = defaultdict(int)
    for edge in edges:
        pair = frozenset((edge["from"], edge["to"]))
        if seen[pair]:
            edge["smooth"] = {"type": "curvedCW", "roundness": 0.15 + 0.2 * seen[pair]}
        seen[pair] += 1
    return edges


def _first_year(data: SiteData) -> int:
    """The year of the earliest start: x = 0 on the time axis (vis-network needs small x)."""
    return min((p.start.first.year for p in data.processes.values() if p.start), default=0)


def _time_axis(
    data: SiteData, positions: dict[str, tuple[int, int]], lane_of: dict[str, int]
) -> list[dict[str, Any]]:
    """Text nodes marking the years above the graph and naming the lanes on its left."""
    if not positions:
        return []
    years = sorted({p.start.first.year for p in data.processes.values() if p.start})
    top = min(y for _, y in positions.values()) - 70
    left = min(x for x, _ in positions.values()) - 230
    step = 1 if len(years) < 2 or years[-1] - years[0] <= 15 else 2
    marks = []
    if years:
        for year in range(years[0] - years[0] % step, years[-1] + 1, step):
            x = round((year - _first_year(data)) * PIXELS_PER_YEAR)
            marks.append({"id": f"axis:{year}", "label": str(year), "x": x, "y": top})
    undated = [positions[i][0] for i, p in data.processes.items() if not p.start]
    if undated:
        marks.append({"id": "axis:undated", "label": "no date", "x": min(undated), "y": top})
    for kind in lane_of:
        ys = [positions[i][1] for i, p in data.processes.items() if p.kind == kind]
        if ys:
            marks.append(
                {
                    "id": f"axis:{kind}",
                    "label": PROCESS_STYLES[kind].label.upper(),
                    "x": left,
                    "y": min(ys),
                }
            )
    for mark in marks:
        mark.update(
            {
                "shape": "text",
                "axis": True,
                "chosen": False,
                "fixed": True,
                "widthConstraint": False,
                "font": {"color": "#9ca3af", "size": 26},
            }
        )
    return marks


def lineage_network(data: SiteData, norm: str) -> VisGraph:
    """A norm's lineage: the norms it derives from and those derived from it, transitively.

    Earlier norms are on the left; each edge points from the earlier norm to the later
    one and its tooltip gives how the later relates to it and the source of the hop.
    """
    graph = data.derivation_graph
    keep = {norm}
    if norm in graph:
        keep |= lineage.ancestors(graph, norm) | lineage.descendants(graph, norm)
    keep &= set(data.norms)
    hops = graph.subgraph(keep)  # each edge from a norm to the earlier norm it derives from
    positions = layered(hops.reverse(copy=True))
    nodes = []
    for iri in sorted(keep):
        item = data.norms[iri]
        process = data.processes.get(item.process or "")
        kind = process.kind if process else "other"
        title = "\n".join(
            x
            for x in (item.label, item.reference, f"set by {process.label}" if process else None)
            if x
        )
        node: dict[str, Any] = {
            "id": iri,
            "label": (f"{item.notation} {item.label}" if item.notation else item.label)
            + (f"\n({process.label})" if process else ""),
            "title": title,
            "group": "process-" + kind,
            "x": positions[iri][0],
            "y": positions[iri][1],
            "url": f"norm/{item.slug}.html",
        }
        if iri == norm:
            node["borderWidth"] = 4
            node["color"] = _outlined(PROCESS_STYLES[kind].colour)
            node["font"] = {"color": "#ffffff", "size": 16}
        nodes.append(node)
    edges = []
    for later, earlier, attributes in sorted(hops.edges(data=True)):
        style = line_style(DERIVATION_STYLES, attributes["kind"] or "derives from")
        title = (
            f"{data.norms[later].label} {style.label} {data.norms[earlier].label}\n"
            + _citation_text(data, attributes["source"] or ())
        )
        edges.append(_edge(earlier, later, style, title))
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": _groups(PROCESS_STYLES, "process-", box=True),
        "shape": "box",
    }


def membership_network(data: SiteData, limit: int = NODE_LIMIT) -> VisGraph:
    """Processes and their members, each member placed near the processes it is in.

    When there are more than ``limit`` nodes, the ``overview`` keeps the processes and
    the members that bridge two or more of them, and stands one node for the members
    each process shares with no other.
    """
    processes_of: dict[str, set[str]] = defaultdict(set)
    for membership in data.memberships:
        processes_of[membership.actor].add(membership.process)
    solitary: dict[str, int] = defaultdict(int)
    for linked in processes_of.values():
        if len(linked) == 1:
            solitary[next(iter(linked))] += 1
    hubs = sorted(
        {p for linked in processes_of.values() for p in linked},
        key=lambda p: (list(PROCESS_STYLES).index(data.processes[p].kind), _start_key(data, p)),
    )
    hub_positions = ring({hub: cloud_radius(solitary[hub]) for hub in hubs})
    member_positions = satellites(hub_positions, processes_of)

    hub_nodes = []
    for iri in hubs:
        process = data.processes[iri]
        hub_nodes.append(
            {
                "id": iri,
                "label": process.label,
                "title": f"{process.label}\n{PROCESS_STYLES[process.kind].label} process",
                "group": "process-" + process.kind,
                "shape": "hexagon",
                "borderWidth": 3,
                "color": _outlined(PROCESS_STYLES[process.kind].colour),
                "size": 30,
                "x": hub_positions[iri][0],
                "y": hub_positions[iri][1],
                "url": f"process/{process.slug}.html",
            }
        )
    member_nodes = []
    edges = []
    for actor_iri in sorted(processes_of):
        actor = data.actors[actor_iri]
        count = len(processes_of[actor_iri])
        member_nodes.append(
            {
                "id": actor_iri,
                "label": actor.label,
                "title": f"{actor.label}\n{ACTOR_STYLES[actor.kind].label}, "
                f"in {count} process{'es' * (count != 1)}",
                "group": "actor-" + actor.kind,
                "size": 6 + 2 * count,
                "x": member_positions[actor_iri][0],
                "y": member_positions[actor_iri][1],
                "url": f"actor/{actor.slug}.html",
                "bridges": count > 1,
            }
        )
        edges += [{"from": actor_iri, "to": hub} for hub in sorted(processes_of[actor_iri])]
    groups = {
        **_groups(PROCESS_STYLES, "process-"),
        **_groups(ACTOR_STYLES, "actor-"),
        "summary": {"color": {"background": "#f3f4f6", "border": "#9ca3af"}},
    }
    network: VisGraph = {
        "nodes": hub_nodes + member_nodes,
        "edges": edges,
        "groups": groups,
        "edgeColour": "#c5cad3",
    }
    if len(network["nodes"]) > limit:
        network["overview"] = _membership_overview(data, hub_nodes, member_nodes, edges)
    return network


def _membership_overview(
    data: SiteData,
    hub_nodes: list[dict[str, Any]],
    member_nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
) -> VisGraph:
    bridges = [node for node in member_nodes if node["bridges"]]
    kept = {node["id"] for node in hub_nodes} | {node["id"] for node in bridges}
    solitary: dict[str, int] = defaultdict(int)
    for edge in edges:
        if edge["from"] not in kept:
            solitary[edge["to"]] += 1
    positions = {node["id"]: (node["x"], node["y"]) for node in hub_nodes}
    summaries = []
    for process, count in sorted(solitary.items()):
        x, y = positions[process]
        summaries.append(
            {
                "id": "others:" + process,
                "label": f"{count} more",
                "title": f"{count} members only in {data.processes[process].label}",
                "group": "summary",
                "shape": "box",
                "x": x,
                "y": y + 60,
                "url": f"process/{data.processes[process].slug}.html#members",
            }
        )
    summary_edges = [{"from": node["id"], "to": node["id"][len("others:") :]} for node in summaries]
    return {
        "nodes": hub_nodes + bridges + summaries,
        "edges": [e for e in edges if e["from"] in kept] + summary_edges,
    }
