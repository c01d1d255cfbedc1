"""The site's interactive graphs as vis-network data: nodes and edges with positions.

Each function returns a plain dict ``{"nodes": [...], "edges": [...], "groups": {...}}``
ready to be embedded as JSON; ``assets/graph.js`` draws it with physics off. Texts go
into ``label`` (drawn on a canvas, cut to :func:`~normgraph.site.layout.canvas_label`)
and ``tip`` (a tooltip that ``graph.js`` builds with ``textContent``: a title, lines and
source links, the links http(s) only), never into HTML. ``url`` is relative to the
site's root; pages prefix it.

Positions are in "design pixels" for labels of :data:`FONT_SIZE`: ``graph.js`` never
draws them smaller than 11 CSS pixels, and the layouts keep every label's box apart at
that size. A graph may carry an ``overview`` (a smaller graph shown first, the full one
a click away) and ``portrait`` positions, used where the canvas is narrow (a phone).

>>> from normgraph import load
>>> from normgraph.site.model import collect
>>> network = process_network(collect(load()))
>>> sorted(network["overview"]["nodes"][0])
['end', 'group', 'id', 'kind', 'label', 'start', 'tip', 'url', 'x', 'y']
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from normgraph.analytics import lineage
from normgraph.site.layout import (
    Position,
    box_size,
    canvas_label,
    compact,
    lanes,
    layered,
    portrait,
    ring,
)
from normgraph.site.model import SiteData
from normgraph.site.style import (
    DERIVATION_STYLES,
    PROCESS_STYLES,
    RELATION_STYLES,
    KindStyle,
    LineStyle,
    line_style,
)

__all__ = [
    "FONT_SIZE",
    "cross_pollinating",
    "lineage_network",
    "membership_network",
    "process_network",
]

#: The size labels are laid out for, in design pixels (drawn at 11 CSS px or more).
FONT_SIZE = 14
#: The widest a box's text runs, in design pixels; labels wrap within it.
LABEL_WIDTH = 150

VisGraph = dict[str, Any]


def _tint(colour: str, share: float = 0.18) -> str:
    """``colour`` mixed with white (``share`` of the colour): a box's light background.

    >>> _tint("#2563a8")
    '#d8e3ef'
    """
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 + (c - 255) * share):02x}" for c in rgb)


def _groups(styles: dict[str, KindStyle], prefix: str, box: bool = False) -> dict[str, Any]:
    """One vis-network group per kind: a dot of its colour, or a light box it outlines."""
    groups: dict[str, Any] = {}
    for kind, style in styles.items():
        fill = _tint(style.colour) if box else style.colour
        colour = {
            "background": fill,
            "border": style.colour,
            "highlight": {"background": fill, "border": "#111827"},
            "hover": {"background": fill, "border": "#111827"},
        }
        group: dict[str, Any] = {"color": colour}
        if box:
            group["borderWidth"] = 2
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


def _tip(title: str, lines: Iterable[str] = (), sources: Iterable[dict[str, Any]] = ()) -> Any:
    """A tooltip: a title, lines of text and source links (``graph.js`` draws it as text)."""
    return {"title": title, "lines": [x for x in lines if x], "sources": list(sources)}


def _edge(source: str, target: str, style: LineStyle, tip: Any) -> dict[str, Any]:
    edge: dict[str, Any] = {
        "from": source,
        "to": target,
        "color": style.colour,
        "width": style.width,
        "tip": tip,
        "label_text": style.label,
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


def _citation_links(data: SiteData, passages: Iterable[str]) -> list[dict[str, Any]]:
    """One link per cited passage: ``<title>, <locator>``, to the source's page if it has one."""
    links = []
    for citation in data.cite(passages):
        source = data.sources.get(citation.source or "")
        title = source.title if source else "unknown source"
        links.append(
            {
                "text": f"{title}, {citation.locator}".rstrip(", "),
                "href": source.page if source else None,
            }
        )
    return links


def _process_tip(data: SiteData, iri: str, norms: int) -> Any:
    process = data.processes[iri]
    dates = " – ".join(p.label for p in (process.start, process.end) if p)
    facts = ", ".join(x for x in (PROCESS_STYLES[process.kind].label, process.form, dates) if x)
    counts = f"members: {process.members} · {norms} norm{'s' * (norms != 1)}"
    return _tip(process.label, [facts, counts])


#: The links along which norms travel: norms adopted, derived, reflected in a mandate,
#: or signed on to. (Endorsements, establishing, succeeding and competing are on the map,
#: but they carry no norm.)
NORM_FLOWS = frozenset({"derivation", "adoptsNormsOf", "reflectedInMandateOf", "signsOnTo"})


def cross_pollinating(data: SiteData) -> list[str]:
    """The processes that norms travel between: a derivation or a stated norm flow
    (:data:`NORM_FLOWS`) links each to another. They make the index's first view.
    """
    linked = {
        node
        for giver, taker, attributes in data.process_graph.edges(data=True)
        if attributes["relation"] in NORM_FLOWS
        and giver != taker
        and giver in data.processes
        and taker in data.processes
        for node in (giver, taker)
    }
    return sorted(linked)


#: Horizontal design pixels per year on the whole map.
PIXELS_PER_YEAR = 110
#: Centre to centre, the least distance between two boxes side by side, and between rows.
BOX_PITCH = (LABEL_WIDTH + 40, 80)
#: The least space between two boxes, across and down.
GAP = (16, 14)
#: Up to this many processes, the members graph sets them on an ellipse; past it, a grid.
RING_LIMIT = 24
#: Half the widest and tallest box: how far a box reaches from its centre (for framing).
PAD = [LABEL_WIDTH // 2 + 10, 36]


def process_network(data: SiteData) -> VisGraph:
    """The cross-pollination graph: the flows first, every dated process a click away.

    The first view (``overview``) holds the processes that norms travel between
    (:func:`cross_pollinating`) and every link among them, in layers along the flow: a
    process sits right of every process it takes norms from, so that the main flows read
    left to right (top to bottom in ``portrait``). The whole map lays every dated process
    out in time, one swim lane per kind, with year marks and lane names as text nodes
    (``"axis": true``, no page); undated processes are listed beside the canvas, not
    drawn on it.
    """
    norms: dict[str, int] = defaultdict(int)
    for norm in data.norms.values():
        if norm.process:
            norms[norm.process] += 1
    edges = _flow_edges(data)

    def node(iri: str, x: int, y: int) -> dict[str, Any]:
        process = data.processes[iri]
        start, end = _years(data, iri)
        return {
            "id": iri,
            "label": canvas_label(process.short_label),
            "tip": _process_tip(data, iri, norms[iri]),
            "group": "process-" + process.kind,
            "x": x,
            "y": y,
            "url": f"process/{process.slug}.html",
            "kind": process.kind,
            "start": start,
            "end": end,
        }

    flowing = cross_pollinating(data)
    flow = nx.DiGraph()
    flow.add_nodes_from(flowing)
    flow.add_edges_from(
        (e["from"], e["to"])
        for e in edges
        if e.get("arrows") and e["from"] in flow and e["to"] in flow
    )
    wide, narrow = _flow_layouts(
        flow, {iri: box_size(canvas_label(data.processes[iri].short_label)) for iri in flowing}
    )
    overview = {
        "nodes": [node(iri, *wide[iri]) for iri in flowing],
        "edges": [e for e in edges if e["from"] in flow and e["to"] in flow],
        "portrait": {iri: list(narrow[iri]) for iri in flowing},
    }

    dated = [iri for iri, p in data.processes.items() if p.start]
    lane_of = {kind: n for n, kind in enumerate(PROCESS_STYLES)}
    origin = _first_year(data)
    places = {
        iri: (
            lane_of[data.processes[iri].kind],
            (data.processes[iri].start.start_year - origin) * PIXELS_PER_YEAR,  # type: ignore[union-attr]
        )
        for iri in dated
    }
    positions = lanes(places, gap=BOX_PITCH[0], dy=BOX_PITCH[1], lane_gap=40)
    on_map = set(dated)
    return {
        "nodes": [node(iri, *positions[iri]) for iri in dated]
        + _time_axis(data, positions, lane_of),
        "edges": [e for e in edges if e["from"] in on_map and e["to"] in on_map],
        "overview": overview,
        "groups": _groups(PROCESS_STYLES, "process-", box=True),
        "shape": "box",
        "pad": PAD,
        "smooth": True,
        "views": {"overview": "Show the whole map", "full": "Show the flows only"},
    }


def _flow_layouts(
    flow: nx.DiGraph, sizes: dict[str, tuple[int, int]]
) -> tuple[dict[str, Position], dict[str, Position]]:
    """A layered layout of ``flow`` for wide screens and one for narrow (portrait) ones,
    each drawn in as close as the boxes of its labels allow (:func:`compact`).

    Wide: layers left to right, each column as wide as its widest box. Narrow: layers top
    to bottom, folded in rows of two, each row as tall as its tallest box.
    """
    tallest = max((h for _, h in sizes.values()), default=0)
    widest = max((w for w, _ in sizes.values()), default=0)
    wide = compact(layered(flow, dx=1, dy=tallest + GAP[1]), sizes, (GAP[0] + 20, 0), "x")
    folded = portrait(layered(flow, dx=1, dy=widest + GAP[0], wrap=2))
    narrow = compact(folded, sizes, (0, GAP[1]), "y")
    return wide, narrow


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
            tip = _tip(
                f"{weight} norm{'s' * (weight != 1)} of {giver_label} taken up by "
                f"{taker_label} ({kind})",
                ["See the norms' pages for each hop and its source."],
            )
            edge = _edge(giver, taker, style, tip)
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
        sources = _citation_links(data, attributes["source"])
        tip = _tip(f"{subject} {style.label} {target}", [] if sources else ["no source cited"])
        tip["sources"] = sources
        edges.append(_edge(giver, taker, style, tip))
    for r in data.relations:
        if r.kind == "iterationOf":
            style = line_style(RELATION_STYLES, r.kind)
            series, iteration = data.processes[r.object].label, data.processes[r.subject].label
            edges.append(
                _edge(r.object, r.subject, style, _tip(f"{iteration}: an iteration of {series}"))
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
    """Text nodes marking the years above the map and naming the lanes on its left."""
    if not positions:
        return []
    years = sorted({p.start.first.year for p in data.processes.values() if p.start})
    top = min(y for _, y in positions.values()) - 70
    left = min(x for x, _ in positions.values()) - LABEL_WIDTH - 60
    step = 1 if len(years) < 2 or years[-1] - years[0] <= 15 else 2
    marks = []
    for year in range(years[0] - years[0] % step, years[-1] + 1, step):
        x = round((year - _first_year(data)) * PIXELS_PER_YEAR)
        marks.append({"id": f"axis:{year}", "label": str(year), "x": x, "y": top})
    for kind in lane_of:
        ys = [positions[i][1] for i in positions if data.processes[i].kind == kind]
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
                "font": {"color": "#4b5563", "size": FONT_SIZE},
            }
        )
    return marks


def lineage_network(data: SiteData, norm: str) -> VisGraph:
    """A norm's lineage: the norms it derives from and those derived from it, transitively.

    Earlier norms are on the left (above, in ``portrait``); each edge points from the
    earlier norm to the later one and its tooltip gives how the later relates to it, how
    that is known (stated by a source, or a textual match) and the source of the hop.
    """
    graph = data.derivation_graph
    keep = {norm}
    if norm in graph:
        keep |= lineage.ancestors(graph, norm) | lineage.descendants(graph, norm)
    keep = {n for n in keep if n in data.norms}  # not set(data.norms): one copy per page
    hops = graph.subgraph(keep)  # each edge from a norm to the earlier norm it derives from
    forward = hops.reverse(copy=False)  # a read-only view: layered() only reads it
    positions = layered(forward, dx=BOX_PITCH[0] + 70, dy=BOX_PITCH[1] + 16)
    narrow = portrait(layered(forward, dx=BOX_PITCH[1] + 40, dy=BOX_PITCH[0], wrap=2))
    nodes = []
    for iri in sorted(keep):
        item = data.norms[iri]
        process = data.processes.get(item.process or "")
        kind = process.kind if process else "other"
        name = f"{item.notation} {item.label}" if item.notation else item.label
        node: dict[str, Any] = {
            "id": iri,
            "label": canvas_label(name, 34)
            + (f"\n({canvas_label(process.short_label, 24)})" if process else ""),
            "tip": _tip(name, [item.reference or "", f"set by {process.label}" if process else ""]),
            "group": "process-" + kind,
            "x": positions[iri][0],
            "y": positions[iri][1],
            "url": f"norm/{item.slug}.html",
        }
        if iri == norm:
            node["borderWidth"] = 4
            node["color"] = _outlined(_tint(PROCESS_STYLES[kind].colour))
        nodes.append(node)
    edges = []
    for later, earlier, attributes in sorted(hops.edges(data=True)):
        style = line_style(DERIVATION_STYLES, attributes["kind"] or "derives from")
        confidence = attributes.get("confidence")
        tip = _tip(
            f"{data.norms[later].label} {style.label} {data.norms[earlier].label}",
            [_CONFIDENCE.get(str(confidence), "") if confidence else ""],
            _citation_links(data, attributes["source"] or ()),
        )
        edges.append(_edge(earlier, later, style, tip))
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": _groups(PROCESS_STYLES, "process-", box=True),
        "shape": "box",
        "pad": PAD,
        "portrait": {iri: list(narrow[iri]) for iri in sorted(keep)},
    }


#: How a derivation is known, as its tooltip and tables say it.
_CONFIDENCE = {
    "Stated": "stated by a source",
    "Textual": "a textual match (no source states it)",
}


def membership_network(data: SiteData) -> VisGraph:
    """The processes that have members, linked by the members they share.

    Members themselves are in the members page's table (with search and filters), not on
    the canvas: a drawing of a thousand members is unreadable. Each edge's width grows
    with the number of shared members; its ``compare`` names the two processes, so that
    a click opens the comparison of their lists.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for membership in data.memberships:
        members[membership.process].add(membership.actor)
    hubs = sorted(
        members,
        key=lambda p: (list(PROCESS_STYLES).index(data.processes[p].kind), _start_key(data, p)),
    )
    sizes = {hub: box_size(canvas_label(data.processes[hub].short_label)) for hub in hubs}
    if len(hubs) <= RING_LIMIT:
        # An ellipse, flatter than a ring: boxes are wider than tall, and screens too.
        circle = ring({hub: BOX_PITCH[0] / 2 for hub in hubs}, gap=20)
        positions = {hub: (x, round(y * 0.45)) for hub, (x, y) in circle.items()}
    else:  # too many for a legible ring on one screen: rows of a grid, wider than tall
        columns = max(2, round(math.sqrt(len(hubs))))
        cells = {hub: (i % columns, i // columns) for i, hub in enumerate(hubs)}
        positions = compact(cells, sizes, (GAP[0] + 24, GAP[1] + 24))
    # On a phone: two columns, in the same order, each row as tall as its boxes.
    grid = {hub: (i % 2, i // 2) for i, hub in enumerate(hubs)}
    narrow = compact(grid, sizes, GAP)
    nodes = []
    for iri in hubs:
        process = data.processes[iri]
        nodes.append(
            {
                "id": iri,
                "label": canvas_label(process.short_label),
                "tip": _tip(
                    process.label,
                    [
                        f"{PROCESS_STYLES[process.kind].label} process",
                        f"members: {process.members}",
                    ],
                ),
                "group": "process-" + process.kind,
                "x": positions[iri][0],
                "y": positions[iri][1],
                "url": f"process/{process.slug}.html",
                "compare": iri,
            }
        )
    edges = []
    for i, a in enumerate(hubs):
        for b in hubs[i + 1 :]:
            shared = len(members[a] & members[b])
            if shared:
                edge = _edge(
                    a,
                    b,
                    LineStyle("share members", "#6b7280", (), False, 1),
                    _tip(
                        f"{data.processes[a].label} and {data.processes[b].label} "
                        f"share {shared} member{'s' * (shared != 1)}",
                        ["Click to compare their lists."],
                    ),
                )
                edge["width"] = 1 + round(math.log2(shared))
                edge["compare"] = [a, b]
                edges.append(edge)
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": _groups(PROCESS_STYLES, "process-", box=True),
        "shape": "box",
        "pad": PAD,
        "portrait": {hub: list(narrow[hub]) for hub in hubs},
    }
