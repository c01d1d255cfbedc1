"""Where a norm comes from and where it went: derivation paths over the derivation graph.

Functions take the derivation graph of :mod:`normgraph.views`, whose edges run from
a norm to the earlier norm it derives from. So a norm's *ancestors* (what it derives
from) are its descendants in networkx terms, and its *descendants* (the norms that
took it up) are its networkx ancestors; the functions here speak lineage, not
networkx.

Paths multiply on dense derivation graphs, so they are counted by dynamic
programming over the DAG and only enumerated up to ``max_paths``.

>>> import networkx as nx
>>> g = nx.DiGraph([("c", "b"), ("b", "a"), ("c", "a")])
>>> sorted(ancestors(g, "c"))
['a', 'b']
>>> count_paths(g, "c")
2
>>> derivation_paths(g, "c")
[['c', 'a'], ['c', 'b', 'a']]
>>> origins(g, "c")
['a']
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Literal

from .errors import NormgraphError
from .namespaces import compact

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "HOP_COLUMNS",
    "Lineage",
    "ancestors",
    "count_paths",
    "derivation_cycles",
    "derivation_paths",
    "descendants",
    "earliest",
    "hops",
    "lineage",
    "origins",
    "traces",
]

#: Which way to walk: back to the norms it derives from, or forward to those that took it up.
Direction = Literal["back", "forward"]

#: The columns of :func:`hops`.
HOP_COLUMNS = (
    "direction",
    "path",
    "step",
    "norm",
    "norm_label",
    "earlier",
    "earlier_label",
    "kind",
    "process",
    "date",
    "source",
)


@dataclass(frozen=True)
class Lineage:
    """A norm's derivation paths both ways, its origins and how many paths there are.

    ``hops`` has the columns :data:`HOP_COLUMNS`; ``truncated`` says whether either
    direction had more paths than were listed.
    """

    norm: str
    origins: list[str]
    earliest_origins: list[str]
    paths_back: int
    paths_forward: int
    hops: pd.DataFrame
    truncated: bool


def ancestors(graph: nx.DiGraph, norm: str) -> set[str]:
    """The norms ``norm`` derives from, directly or through others."""
    import networkx as nx

    return set(nx.descendants(graph, norm))


def descendants(graph: nx.DiGraph, norm: str) -> set[str]:
    """The norms that took ``norm`` up, directly or through others."""
    import networkx as nx

    return set(nx.ancestors(graph, norm))


def count_paths(graph: nx.DiGraph, norm: str, direction: Direction = "back") -> int:
    """How many derivation paths lead from ``norm`` to an end (an origin, or a last taker).

    A norm that derives from nothing has no path back (0). Raises
    :class:`~normgraph.errors.NormgraphError` when a derivation cycle is reachable.
    """
    import networkx as nx

    walk = _oriented(graph, direction)
    reach = nx.descendants(walk, norm)
    if not reach:
        return 0
    sub = walk.subgraph(reach | {norm})
    _require_acyclic(sub)
    counts: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(sub))):
        nexts = list(sub.successors(node))
        counts[node] = sum(counts[n] for n in nexts) if nexts else 1
    return counts[norm]


def derivation_paths(
    graph: nx.DiGraph, norm: str, direction: Direction = "back", max_paths: int = 100
) -> list[list[str]]:
    """Up to ``max_paths`` maximal derivation paths from ``norm``, each a list of norms.

    Back, a path ends at an origin (a norm that derives from nothing); forward, at a
    norm that nothing took up. Paths come in a stable order (successors by IRI).
    """
    import networkx as nx

    walk = _oriented(graph, direction)
    _require_acyclic(walk.subgraph(nx.descendants(walk, norm) | {norm}))
    return list(islice(_maximal_paths(walk, norm), max_paths))


def origins(graph: nx.DiGraph, norm: str) -> list[str]:
    """The norms at the start of ``norm``'s ancestry; ``[norm]`` when it derives from nothing."""
    found = sorted(n for n in ancestors(graph, norm) if graph.out_degree(n) == 0)
    return found or [norm]


def earliest(graph: nx.DiGraph, norms: Collection[str]) -> list[str]:
    """Those of ``norms`` with the earliest ``date`` node attribute (all of them if undated).

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"date": "2015"}), ("b", {"date": "2014-12-01"}), ("c", {})])
    >>> earliest(g, ["a", "b", "c"])
    ['b']
    """
    import pandas as pd

    from .dates import period_start

    ordered = sorted(norms)
    starts = period_start(pd.Series([graph.nodes[n].get("date") for n in ordered], dtype=object))
    if starts.isna().all():
        return ordered
    return [n for n, start in zip(ordered, starts, strict=True) if start == starts.min()]


def hops(graph: nx.DiGraph, paths: list[list[str]], direction: Direction) -> pd.DataFrame:
    """One row per derivation along each path, with the columns :data:`HOP_COLUMNS`.

    ``norm`` derives from ``earlier``; ``kind``, ``process`` (of ``norm``), ``date``
    and ``source`` describe that derivation. ``path`` numbers the paths from 1 and
    ``step`` the hops along each from 1, walking away from the starting norm.
    """
    import pandas as pd

    rows = []
    for number, path in enumerate(paths, start=1):
        for step, (a, b) in enumerate(pairwise(path), start=1):
            later, earlier = (a, b) if direction == "back" else (b, a)
            edge = graph.edges[later, earlier]
            rows.append(
                (
                    direction,
                    number,
                    step,
                    later,
                    graph.nodes[later].get("label"),
                    earlier,
                    graph.nodes[earlier].get("label"),
                    edge.get("kind"),
                    edge.get("process"),
                    edge.get("date"),
                    edge.get("source", ()),
                )
            )
    return pd.DataFrame(rows, columns=list(HOP_COLUMNS))


def lineage(graph: nx.DiGraph, norm: str, max_paths: int = 100) -> Lineage:
    """Everything about where ``norm`` comes from and went, paths capped at ``max_paths``.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("paris-2", "gcsc-1", {"kind": "adapts"})])
    >>> result = lineage(g, "paris-2")
    >>> result.origins, result.paths_back, result.paths_forward
    (['gcsc-1'], 1, 0)
    >>> result.hops[["norm", "earlier", "kind"]].values.tolist()
    [['paris-2', 'gcsc-1', 'adapts']]
    """
    import pandas as pd

    back = derivation_paths(graph, norm, "back", max_paths)
    forward = derivation_paths(graph, norm, "forward", max_paths)
    counts = count_paths(graph, norm, "back"), count_paths(graph, norm, "forward")
    found = origins(graph, norm)
    return Lineage(
        norm=norm,
        origins=found,
        earliest_origins=earliest(graph, found),
        paths_back=counts[0],
        paths_forward=counts[1],
        hops=pd.concat(
            [hops(graph, back, "back"), hops(graph, forward, "forward")], ignore_index=True
        ),
        truncated=counts[0] > len(back) or counts[1] > len(forward),
    )


def traces(graph: nx.DiGraph, later: Collection[str], earlier: Collection[str]) -> pd.DataFrame:
    """Which norms of the ``later`` processes trace back to norms of the ``earlier`` ones.

    One row per pair: columns norm, norm_label, process, origin (the earlier norm),
    origin_label, origin_process, hops (the fewest derivations between them) and via
    (a tuple of the processes of every norm on any path between them, by date).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("p1", "c1"), ("c1", "g1"), ("p2", "x")])
    >>> g.add_nodes_from([("p1", {"process": "paris"}), ("p2", {"process": "paris"}),
    ...                   ("c1", {"process": "gcsc"}), ("g1", {"process": "gge"})])
    >>> traces(g, {"paris"}, {"gge"})[["norm", "origin", "hops", "via"]].values.tolist()
    [['p1', 'g1', 2, ('gcsc',)]]
    """
    import networkx as nx
    import pandas as pd

    from .dates import period_start

    process = nx.get_node_attributes(graph, "process")
    dates = nx.get_node_attributes(graph, "date")
    wanted, sources = set(later), set(earlier)
    rows = []
    for norm in sorted(n for n, p in process.items() if p in wanted):
        back = ancestors(graph, norm)
        for origin in sorted(n for n in back if process.get(n) in sources):
            between = (back & descendants(graph, origin)) - {norm, origin}
            via = {process[n]: dates.get(n) for n in between if n in process}
            order = period_start(pd.Series(list(via.values()), dtype=object))
            by_date = sorted(zip(order, via, strict=True), key=lambda item: (item[0], item[1]))
            rows.append(
                (
                    norm,
                    graph.nodes[norm].get("label"),
                    process[norm],
                    origin,
                    graph.nodes[origin].get("label"),
                    process[origin],
                    nx.shortest_path_length(graph, norm, origin),
                    tuple(p for _, p in by_date),
                )
            )
    columns = ["norm", "norm_label", "process", "origin", "origin_label", "origin_process"]
    return pd.DataFrame(rows, columns=[*columns, "hops", "via"])


def derivation_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """The cycles of the derivation graph, each a list of norms from its smallest IRI.

    A cycle is a data error: no norm can derive from itself, even through others.

    >>> import networkx as nx
    >>> derivation_cycles(nx.DiGraph([("b", "a"), ("a", "b"), ("c", "a")]))
    [['a', 'b']]
    """
    import networkx as nx

    cycles = (list(c) for c in nx.simple_cycles(graph))
    return sorted(c[c.index(min(c)) :] + c[: c.index(min(c))] for c in cycles)


def _oriented(graph: nx.DiGraph, direction: Direction) -> nx.DiGraph:
    return graph if direction == "back" else graph.reverse(copy=False)


def _require_acyclic(graph: nx.DiGraph) -> None:
    import networkx as nx

    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    names = " -> ".join(compact(str(u)) for u, _ in cycle)
    raise NormgraphError(
        f"derivation cycle: {names} -> {compact(str(cycle[0][0]))} "
        "(a data error; `normgraph validate` lists every cycle)"
    )


def _maximal_paths(walk: nx.DiGraph, start: str) -> Iterator[list[str]]:
    """Depth first, every path from ``start`` to a node without successors.

    None when ``start`` itself has no successor.
    """
    if walk.out_degree(start) == 0:
        return
    stack = [[start]]
    while stack:
        path = stack.pop()
        nexts = sorted(walk.successors(path[-1]))
        if not nexts:
            yield path
        stack.extend([*path, n] for n in reversed(nexts))
