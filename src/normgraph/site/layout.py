"""Node positions computed in Python, so that the browser draws at once (physics off).

Every layout is deterministic: nodes are taken in sorted order, random layouts use a
fixed seed, and coordinates are rounded to whole pixels.

>>> import networkx as nx
>>> layered(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
{'a': (0, 0), 'b': (260, 0), 'c': (520, 0)}
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

import networkx as nx

__all__ = [
    "Position",
    "box_size",
    "canvas_label",
    "compact",
    "lanes",
    "layered",
    "portrait",
    "ring",
]

Position = tuple[int, int]
N = TypeVar("N", bound=Hashable)


def ring(sizes: Mapping[N, float], gap: float = 60) -> dict[N, Position]:
    """Nodes around a circle in the given order, each with an arc of its size plus ``gap``.

    Sizes are the radii of what surrounds each node (its members), so that neighbours'
    surroundings do not overlap.

    >>> ring({"a": 10, "b": 10, "c": 10, "d": 10})
    {'a': (0, -80), 'b': (80, 0), 'c': (0, 80), 'd': (-80, 0)}
    """
    arcs = {node: 2 * size + gap for node, size in sizes.items()}
    total = sum(arcs.values())
    if len(arcs) < 2:
        return {node: (0, 0) for node in arcs}
    largest, second = sorted(sizes.values(), reverse=True)[:2]
    # Far enough out that the two largest surroundings cannot overlap, wherever they sit.
    radius = max(total / (2 * math.pi), largest + second + gap)
    positions: dict[N, Position] = {}
    walked = -arcs[next(iter(arcs))] / 2  # the first node at the top
    for node, arc in arcs.items():
        angle = (walked + arc / 2) / total * 2 * math.pi - math.pi / 2
        positions[node] = (round(radius * math.cos(angle)), round(radius * math.sin(angle)))
        walked += arc
    return positions


def layered(dag: nx.DiGraph, dx: int = 260, dy: int = 90, wrap: int = 0) -> dict[Any, Position]:
    """A left-to-right layered layout of a directed acyclic graph.

    A node's layer is the length of the longest path reaching it; within a layer nodes are
    ordered by the mean row of their predecessors (then by name), which keeps hops short.
    Cycles, which a derivation graph should not have, are broken by ignoring back edges.
    With ``wrap``, a layer of more than ``wrap`` nodes is folded into several columns of
    at most ``wrap`` (so that a tall layer fits a narrow screen when turned by
    :func:`portrait`), its best-connected nodes first: the main flow then runs through
    the first column of every layer, and a narrow screen shows it without scrolling.

    >>> layered(nx.DiGraph([("a", "b"), ("a", "c"), ("a", "d")]), wrap=2)
    {'a': (0, 0), 'b': (260, -45), 'c': (260, 45), 'd': (520, 0)}
    >>> layered(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "c")]))  # c->a, c->c dropped
    {'a': (0, 0), 'b': (260, 0), 'c': (520, 0)}
    """
    acyclic = nx.DiGraph()
    acyclic.add_nodes_from(sorted(dag.nodes, key=str))
    edges = sorted(dag.edges, key=str)
    if nx.is_directed_acyclic_graph(dag):  # as a validated derivation graph is
        acyclic.add_edges_from(edges)
    else:  # each edge in turn, unless it would close a cycle with those kept
        for u, v in edges:
            if u != v and not nx.has_path(acyclic, v, u):
                acyclic.add_edge(u, v)
    layer: dict[Any, int] = {}
    for node in nx.lexicographical_topological_sort(acyclic, key=str):
        layer[node] = max((layer[p] + 1 for p in acyclic.predecessors(node)), default=0)
    rows: dict[Any, float] = {}
    positions: dict[Any, Position] = {}
    column = 0
    for depth in range(max(layer.values(), default=-1) + 1):
        members = [n for n in layer if layer[n] == depth]
        folded = bool(wrap) and len(members) > wrap

        def barycentre(node: Any, folded: bool = folded) -> tuple[float, float, str]:
            parents = [rows[p] for p in acyclic.predecessors(node)]
            links = -dag.degree(node) if folded else 0
            return (links, sum(parents) / len(parents) if parents else 0.0, str(node))

        members.sort(key=barycentre)
        size = wrap if folded else len(members)
        for start in range(0, len(members), max(size, 1)):
            chunk = members[start : start + size]
            offset = (len(chunk) - 1) / 2
            for row, node in enumerate(chunk):
                rows[node] = row - offset
                positions[node] = (column * dx, round((row - offset) * dy))
            column += 1
    return positions


def portrait(positions: Mapping[N, Position]) -> dict[N, Position]:
    """A left-to-right layout turned to run top to bottom (x and y swapped).

    >>> portrait({"a": (0, -45), "b": (260, 45)})
    {'a': (-45, 0), 'b': (45, 260)}
    """
    return {node: (y, x) for node, (x, y) in positions.items()}


def canvas_label(text: str, limit: int = 40) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, for a graph node.

    The full text stays in the node's tooltip and in the table beside the graph.

    >>> canvas_label("Programme of Action to advance responsible state behaviour", 30)
    'Programme of Action to advance…'
    >>> canvas_label("Paris Call")
    'Paris Call'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:-–") + "…"


def lanes(
    places: Mapping[N, tuple[int, float | None]],
    gap: float = 210,
    dy: int = 90,
    lane_gap: int = 60,
) -> dict[N, Position]:
    """Swim lanes: each node at x = its time (in pixels) in lane ``places[node][0]``.

    Within a lane, nodes that would sit closer than ``gap`` pixels on one row go to the
    next row down. Nodes without a time go to a column ``1.5 * gap`` left of the
    earliest one.

    >>> lanes({"a": (0, 0.0), "b": (0, 50.0), "c": (1, 0.0), "d": (1, None)})
    {'a': (0, 0), 'b': (50, 90), 'd': (-315, 240), 'c': (0, 240)}
    """
    timed = [x for _, x in places.values() if x is not None]
    undated_x = (min(timed) if timed else 0.0) - 1.5 * gap
    positions: dict[N, Position] = {}
    top = 0
    for lane in sorted({lane for lane, _ in places.values()}):
        members = sorted(
            (n for n in places if places[n][0] == lane),
            key=lambda n: (undated_x if places[n][1] is None else places[n][1], str(n)),
        )
        row_ends: list[float] = []
        for node in members:
            x = places[node][1]
            x = undated_x if x is None else x
            row = next((i for i, end in enumerate(row_ends) if x - end >= gap), len(row_ends))
            if row == len(row_ends):
                row_ends.append(x)
            row_ends[row] = x
            positions[node] = (round(x), top + row * dy)
        top += max(len(row_ends), 1) * dy + lane_gap
    return positions


def box_size(label: str, width: int = 150) -> tuple[int, int]:
    """A box's size, in design pixels, for ``label`` in the site's 14 px font wrapped at
    ``width``: measured in Chromium at about 9 px a character, 14 px a line, 22 px of
    margin and border across and 28 px down (estimates err on the large side).

    >>> box_size("GCSC"), box_size("UN Open-Ended Working Group 2019-2021")
    ((58, 42), (172, 70))
    """
    lines = label.split("\n")
    text = max(min(len(line) * 9, width) for line in lines)
    rows = sum(max(1, math.ceil(len(line) * 9 / width)) for line in lines)
    return text + 22, 28 + 14 * rows


def compact(
    positions: Mapping[N, Position],
    sizes: Mapping[N, tuple[int, int]],
    gap: tuple[int, int],
    axes: str = "xy",
) -> dict[N, Position]:
    """A grid layout drawn in as close as its boxes allow: each column as wide as its
    widest box plus ``gap[0]``, each row as tall as its tallest box plus ``gap[1]``.

    Columns are the distinct x of ``positions``, rows the distinct y; order is kept.
    ``axes`` says which to draw in ("x", "y" or "xy"); the other is left as it is.

    >>> compact({"a": (0, 0), "b": (260, 0), "c": (260, 90)},
    ...         {"a": (40, 30), "b": (100, 30), "c": (60, 50)}, (10, 10))
    {'a': (0, 0), 'b': (80, 0), 'c': (80, 50)}
    >>> compact({"a": (0, 0), "b": (260, 90)}, {"a": (40, 30), "b": (100, 30)}, (10, 10), "x")
    {'a': (0, 0), 'b': (80, 90)}
    """
    columns = sorted({x for x, _ in positions.values()})
    rows = sorted({y for _, y in positions.values()})
    width = {x: max(sizes[n][0] for n, (nx_, _) in positions.items() if nx_ == x) for x in columns}
    height = {y: max(sizes[n][1] for n, (_, ny) in positions.items() if ny == y) for y in rows}
    xs, ys = _packed(columns, width, gap[0]), _packed(rows, height, gap[1])
    return {
        node: (xs[x] if "x" in axes else x, ys[y] if "y" in axes else y)
        for node, (x, y) in positions.items()
    }


def _packed(lines: list[int], extent: Mapping[int, float], gap: float) -> dict[int, int]:
    """Each of the sorted ``lines`` moved so that neighbours are ``gap`` apart, edge to edge.

    >>> _packed([0, 260, 520], {0: 40, 260: 100, 520: 60}, 10)
    {0: 0, 260: 80, 520: 170}
    """
    packed: dict[int, int] = {}
    at = 0.0
    for i, line in enumerate(lines):
        if i:
            at += (extent[lines[i - 1]] + extent[line]) / 2 + gap
        packed[line] = round(at)
    return packed
