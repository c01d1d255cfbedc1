"""Where a norm comes from and where it went: derivation paths over the derivation graph.

Functions take the derivation graph of :mod:`normgraph.analytics.views`, whose edges run from
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

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Literal

from normgraph.errors import NormgraphError, UsageError
from normgraph.namespaces import compact

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "HOP_COLUMNS",
    "TOPIC_COLUMNS",
    "Lineage",
    "ancestors",
    "conflicts_of",
    "count_paths",
    "derivation_cycles",
    "derivation_paths",
    "descendants",
    "earliest",
    "hops",
    "lineage",
    "origins",
    "topic_lineage",
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
    "confidence",
    "process",
    "date",
    "source",
)


#: The columns of :func:`topic_lineage`.
TOPIC_COLUMNS = (
    "norm",
    "notation",
    "label",
    "process",
    "date",
    "derives_from",
    "taken_up_by",
    "origins",
    "conflicts",
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

    A norm that derives from nothing has no path back (0). Counted by dynamic
    programming in one depth-first pass, so dense graphs cost no more than their
    edges. Raises :class:`~normgraph.errors.NormgraphError` when a derivation cycle is
    reachable.
    """
    adjacency = _adjacency(graph, direction)
    return _count(adjacency, norm, _postorder(adjacency, norm))


def derivation_paths(
    graph: nx.DiGraph, norm: str, direction: Direction = "back", max_paths: int = 100
) -> list[list[str]]:
    """Up to ``max_paths`` maximal derivation paths from ``norm``, each a list of norms.

    Back, a path ends at an origin (a norm that derives from nothing); forward, at a
    norm that nothing took up. Paths come in a stable order (successors by IRI).
    """
    adjacency = _adjacency(graph, direction)
    _postorder(adjacency, norm)  # refuses a cycle before walking paths
    return list(islice(_maximal_paths(adjacency, norm), max_paths))


def origins(graph: nx.DiGraph, norm: str) -> list[str]:
    """The norms at the start of ``norm``'s ancestry; ``[norm]`` when it derives from nothing."""
    steps = _adjacency(graph, "back")
    return _origins(steps, norm, _postorder(steps, norm))


def earliest(graph: nx.DiGraph, norms: Collection[str]) -> list[str]:
    """Those of ``norms`` with the earliest ``date`` node attribute (all of them if undated).

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"date": "2015"}), ("b", {"date": "2014-12-01"}), ("c", {})])
    >>> earliest(g, ["a", "b", "c"])
    ['b']
    """
    from normgraph.dates import first_day

    days = {n: first_day(graph.nodes[n].get("date")) for n in sorted(norms)}
    dated = [day for day in days.values() if day is not None]
    return [n for n, day in days.items() if not dated or day == min(dated)]


def hops(graph: nx.DiGraph, paths: list[list[str]], direction: Direction) -> pd.DataFrame:
    """One row per derivation along each path, with the columns :data:`HOP_COLUMNS`.

    ``norm`` derives from ``earlier``; ``kind``, ``confidence`` (``"Stated"`` or
    ``"Textual"``), ``process`` (of ``norm``), ``date`` and ``source`` describe that
    derivation. ``path`` numbers the paths from 1 and ``step`` the hops along each
    from 1, walking away from the starting norm.
    """
    import pandas as pd

    return pd.DataFrame(_hop_rows(graph, paths, direction), columns=list(HOP_COLUMNS))


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

    back_steps, forward_steps = _adjacency(graph, "back"), _adjacency(graph, "forward")
    reached = _postorder(back_steps, norm)
    back_count = _count(back_steps, norm, reached)
    forward_count = _count(forward_steps, norm, _postorder(forward_steps, norm))
    back = list(islice(_maximal_paths(back_steps, norm), max_paths))
    forward = list(islice(_maximal_paths(forward_steps, norm), max_paths))
    found = _origins(back_steps, norm, reached)
    return Lineage(
        norm=norm,
        origins=found,
        earliest_origins=earliest(graph, found),
        paths_back=back_count,
        paths_forward=forward_count,
        hops=pd.DataFrame(
            [*_hop_rows(graph, back, "back"), *_hop_rows(graph, forward, "forward")],
            columns=list(HOP_COLUMNS),
        ),
        truncated=back_count > len(back) or forward_count > len(forward),
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

    process = nx.get_node_attributes(graph, "process")
    dates = nx.get_node_attributes(graph, "date")
    wanted, sources = set(later), set(earlier)
    rows = []
    for norm in sorted(n for n, p in process.items() if p in wanted):
        back = ancestors(graph, norm)
        for origin in sorted(n for n in back if process.get(n) in sources):
            between = (back & descendants(graph, origin)) - {norm, origin}
            rows.append(
                (
                    norm,
                    graph.nodes[norm].get("label"),
                    process[norm],
                    origin,
                    graph.nodes[origin].get("label"),
                    process[origin],
                    nx.shortest_path_length(graph, norm, origin),
                    _by_first_date({n: process[n] for n in between if n in process}, dates),
                )
            )
    columns = ["norm", "norm_label", "process", "origin", "origin_label", "origin_process"]
    return pd.DataFrame(rows, columns=[*columns, "hops", "via"])


def topic_lineage(
    graph: nx.DiGraph, norms: Collection[str], conflicts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The norms of one topic across processes, each with where it came from and went.

    One row per norm of ``norms`` (those on the topic), by date (undated last), with
    the columns :data:`TOPIC_COLUMNS`: ``derives_from`` and ``taken_up_by`` are tuples of
    the norms it derives from and that derive from it directly (on the topic or not),
    ``origins`` those at the start of its ancestry (empty when it derives from
    nothing), ``conflicts`` the norms a source says it competes with or contradicts
    (``conflicts`` is :attr:`Views.conflicts
    <normgraph.analytics.views.Views.conflicts>`).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("paris", "gge"), ("gge", "old")])
    >>> g.add_nodes_from([("gge", {"date": "2015"}), ("paris", {"date": "2018"})])
    >>> table = topic_lineage(g, ["paris", "gge"])
    >>> table[["norm", "derives_from", "taken_up_by", "origins"]].values.tolist()
    [['gge', ('old',), ('paris',), ('old',)], ['paris', ('gge',), (), ('old',)]]
    """
    import pandas as pd

    from normgraph.dates import first_day

    opposed = _conflict_pairs(conflicts)
    rows = []
    for norm in sorted(set(norms) & set(graph.nodes)):
        attrs = graph.nodes[norm]
        found = origins(graph, norm)
        rows.append(
            (
                norm,
                attrs.get("notation"),
                attrs.get("label"),
                attrs.get("process"),
                attrs.get("date"),
                tuple(sorted(graph.successors(norm))),
                tuple(sorted(graph.predecessors(norm))),
                tuple(found) if found != [norm] else (),
                tuple(sorted(opposed.get(norm, ()))),
            )
        )
    table = pd.DataFrame(rows, columns=list(TOPIC_COLUMNS))
    day = [first_day(d) for d in table["date"]]
    order = sorted(range(len(table)), key=lambda i: (day[i] is None, day[i] or 0, table["norm"][i]))
    return table.iloc[order].reset_index(drop=True)


def conflicts_of(conflicts: pd.DataFrame, norm: str) -> pd.DataFrame:
    """The conflicts ``norm`` is in: columns other, kind, description, source.

    ``conflicts`` is :attr:`Views.conflicts <normgraph.analytics.views.Views.conflicts>`
    (one row per conflict, its two norms in IRI order).
    """
    import pandas as pd

    first = conflicts[conflicts["norm"] == norm].rename(columns={"other": "with"})
    second = conflicts[conflicts["other"] == norm].rename(columns={"norm": "with"})
    columns = ["with", "kind", "description", "source"]
    both = pd.concat([first[columns], second[columns]], ignore_index=True)
    return both.rename(columns={"with": "other"}).sort_values("other").reset_index(drop=True)


def _conflict_pairs(conflicts: pd.DataFrame | None) -> dict[str, set[str]]:
    """Each norm in a conflict, and the norms it conflicts with."""
    opposed: dict[str, set[str]] = {}
    if conflicts is None:
        return opposed
    for a, b in zip(conflicts["norm"], conflicts["other"], strict=True):
        opposed.setdefault(a, set()).add(b)
        opposed.setdefault(b, set()).add(a)
    return opposed


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


def _by_first_date(process_of: dict[str, str], dates: dict[str, object]) -> tuple[str, ...]:
    """The processes of some norms, each once, by the date of its earliest norm (undated last)."""
    import datetime as dt

    from normgraph.dates import first_day

    first: dict[str, dt.date] = {}
    for norm, process in process_of.items():
        day = first_day(dates.get(norm)) or dt.date.max
        first[process] = min(day, first.get(process, dt.date.max))
    return tuple(sorted(first, key=lambda p: (first[p], p)))


def _hop_rows(
    graph: nx.DiGraph, paths: list[list[str]], direction: Direction
) -> list[tuple[object, ...]]:
    nodes, succ = graph.nodes, graph.succ
    rows: list[tuple[object, ...]] = []
    for number, path in enumerate(paths, start=1):
        for step, (a, b) in enumerate(pairwise(path), start=1):
            later, earlier = (a, b) if direction == "back" else (b, a)
            edge = succ[later][earlier]
            rows.append(
                (
                    direction,
                    number,
                    step,
                    later,
                    nodes[later].get("label"),
                    earlier,
                    nodes[earlier].get("label"),
                    edge.get("kind"),
                    edge.get("confidence"),
                    edge.get("process"),
                    edge.get("date"),
                    edge.get("source", ()),
                )
            )
    return rows


def _adjacency(graph: nx.DiGraph, direction: Direction) -> Mapping[str, Mapping[str, object]]:
    """Successors to walk: earlier norms going back, later ones going forward."""
    return graph.succ if direction == "back" else graph.pred  # type: ignore[no-any-return]


def _postorder(adjacency: Mapping[str, Mapping[str, object]], start: str) -> list[str]:
    """Every node ``start`` reaches, each after all the nodes it reaches.

    An iterative depth-first search; meeting a node still on the stack is a cycle,
    reported with the norms on it.
    """
    if start not in adjacency:
        raise UsageError(f"{compact(start)} is not a norm of the derivation graph")
    on_stack = {start}
    done: set[str] = set()
    order: list[str] = []
    stack = [(start, iter(adjacency[start]))]
    while stack:
        node, successors = stack[-1]
        for successor in successors:
            if successor in on_stack:
                names = [n for n, _ in stack]
                cycle = names[names.index(successor) :]
                raise NormgraphError(
                    "derivation cycle: "
                    + " -> ".join(compact(n) for n in [*cycle, successor])
                    + " (a data error; `normgraph validate` lists every cycle)"
                )
            if successor not in done:
                on_stack.add(successor)
                stack.append((successor, iter(adjacency[successor])))
                break
        else:
            stack.pop()
            on_stack.discard(node)
            done.add(node)
            order.append(node)
    return order


def _origins(
    back_steps: Mapping[str, Mapping[str, object]], norm: str, reached: list[str]
) -> list[str]:
    return sorted(n for n in reached if n != norm and not back_steps[n]) or [norm]


def _count(adjacency: Mapping[str, Mapping[str, object]], start: str, order: list[str]) -> int:
    """Maximal paths from ``start``, by dynamic programming over a post-order."""
    if not adjacency[start]:
        return 0
    counts: dict[str, int] = {}
    for node in order:
        counts[node] = sum(counts[n] for n in adjacency[node]) if adjacency[node] else 1
    return counts[start]


def _maximal_paths(
    adjacency: Mapping[str, Mapping[str, object]], start: str
) -> Iterator[list[str]]:
    """Depth first, every path from ``start`` to a node without successors.

    None when ``start`` itself has no successor.
    """
    if not adjacency[start]:
        return
    stack = [[start]]
    while stack:
        path = stack.pop()
        nexts = sorted(adjacency[path[-1]])
        if not nexts:
            yield path
        stack.extend([*path, n] for n in reversed(nexts))
