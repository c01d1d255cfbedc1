"""Which processes' norms travel furthest, which norms stayed outside the UN, who only receives.

Functions take the views of :mod:`normgraph.analytics.views`: the derivation graph (norm ->
earlier norm) and the process graph (giver -> taker). Influence flows along the
process graph; ``competesWith`` edges are rivalry, not flow, and are left out.

A *state process* is an ng:MultilateralProcess (states devising norms for states);
every other process (expert, industry, multistakeholder) is a *non-state process*.
A *UN process* is one the library query ``un-processes`` lists (node attribute ``un``).

>>> import networkx as nx
>>> procs = nx.MultiDiGraph()
>>> procs.add_edge("gge", "gcsc", key="adoptsNormsOf", relation="adoptsNormsOf", weight=1)
'adoptsNormsOf'
>>> procs.add_edge("gge", "oewg", key="competesWith", relation="competesWith", weight=1)
'competesWith'
>>> sorted(flow_graph(procs).edges(data="weight"))
[('gge', 'gcsc', 1)]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["flow_graph", "reach", "receivers", "unreached_norms"]

#: Process relations that are not a flow of norms or influence.
NOT_FLOW = frozenset({"competesWith"})

#: Up to this many processes, betweenness is exact; above, estimated from this many sources.
EXACT_BETWEENNESS_UP_TO = 500


def flow_graph(process_graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per giver -> taker pair, weighted by the sum of its edges' weights.

    Node attributes are kept; edges whose relation is in :data:`NOT_FLOW` are left out.
    """
    import networkx as nx

    flow = nx.DiGraph()
    flow.add_nodes_from(process_graph.nodes(data=True))
    for giver, taker, data in process_graph.edges(data=True):
        if data.get("relation") in NOT_FLOW or giver == taker:
            continue
        previous = flow.get_edge_data(giver, taker, default={"weight": 0})["weight"]
        flow.add_edge(giver, taker, weight=previous + data.get("weight", 1))
    return flow


def reach(derivation_graph: nx.DiGraph, process_graph: nx.MultiDiGraph) -> pd.DataFrame:
    """How far each process's norms and influence travel.

    Columns: process, label, norms (its own), descendant_norms (norms of other
    processes that derive from its norms, directly or through others),
    processes_reached (the processes of those norms), gives_to and takes_from (how
    many processes it has flow edges to and from), betweenness (on the flow graph;
    estimated from sampled sources above :data:`EXACT_BETWEENNESS_UP_TO` processes)
    and source_rank (PageRank on the reversed flow graph, by weight: high when its
    norms are taken up by processes whose own norms are taken up). Sorted by
    descendant_norms, then processes_reached, then gives_to, most first.
    """
    import networkx as nx
    import pandas as pd

    flow = flow_graph(process_graph)
    by_process = _norms_by_process(derivation_graph)
    # Exact betweenness costs nodes x edges; above EXACT_BETWEENNESS_UP_TO processes it
    # is estimated from that many sampled sources, with a fixed seed so runs agree.
    sample = EXACT_BETWEENNESS_UP_TO if len(flow) > EXACT_BETWEENNESS_UP_TO else None
    betweenness = nx.betweenness_centrality(flow, k=sample, seed=0) if len(flow) else {}
    ranked = nx.pagerank(flow.reverse(copy=False), weight="weight") if len(flow) else {}
    rows = []
    for process in flow.nodes:
        own = by_process.get(process, set())
        later = _takers(derivation_graph, own) - own
        reached = {derivation_graph.nodes[n].get("process") for n in later} - {None, process}
        rows.append(
            (
                process,
                flow.nodes[process].get("label"),
                len(own),
                sum(derivation_graph.nodes[n].get("process") != process for n in later),
                len(reached),
                flow.out_degree(process),
                flow.in_degree(process),
                betweenness.get(process, 0.0),
                ranked.get(process, 0.0),
            )
        )
    columns = ["process", "label", "norms", "descendant_norms", "processes_reached"]
    frame = pd.DataFrame(
        rows, columns=[*columns, "gives_to", "takes_from", "betweenness", "source_rank"]
    )
    frame = frame.sort_values(
        ["descendant_norms", "processes_reached", "gives_to", "process"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return frame.reset_index(drop=True)


def unreached_norms(derivation_graph: nx.DiGraph, process_graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Norms born outside state processes that never reached a UN process.

    A norm qualifies when its process and the processes of every norm it derives from
    are non-state processes, and no norm that took it up (directly or through others)
    belongs to a UN process. Columns: norm, label, process, taken_up_by (a tuple of
    the processes of the norms that took it up) and reached_states (those of them
    that are state processes, though not UN ones; empty when the norm stayed among
    non-state processes), sorted by process then norm.
    """
    import networkx as nx
    import pandas as pd

    from normgraph.analytics.lineage import ancestors, descendants

    multilateral = nx.get_node_attributes(process_graph, "multilateral")
    un = nx.get_node_attributes(process_graph, "un")
    process = nx.get_node_attributes(derivation_graph, "process")
    rows = []
    for norm in sorted(process, key=lambda n: (process[n], n)):
        back = {process.get(n) for n in ancestors(derivation_graph, norm)} | {process[norm]}
        if any(multilateral.get(p, False) for p in back):
            continue
        forward = {process.get(n) for n in descendants(derivation_graph, norm)} - {None}
        if any(un.get(p, False) for p in forward):
            continue
        rows.append(
            (
                norm,
                derivation_graph.nodes[norm].get("label"),
                process[norm],
                tuple(sorted(forward)),
                tuple(sorted(p for p in forward if multilateral.get(p, False))),
            )
        )
    columns = ["norm", "label", "process", "taken_up_by", "reached_states"]
    return pd.DataFrame(rows, columns=columns)


def receivers(process_graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Processes that only receive: flow comes in, none goes out.

    Columns: process, label, takes_from (a tuple of the processes it takes from) and
    received (the summed weight of its incoming flow), most received first.
    """
    import pandas as pd

    flow = flow_graph(process_graph)
    rows = [
        (
            process,
            flow.nodes[process].get("label"),
            tuple(sorted(flow.predecessors(process))),
            sum(w for _, _, w in flow.in_edges(process, data="weight")),
        )
        for process in sorted(flow.nodes)
        if flow.in_degree(process) > 0 and flow.out_degree(process) == 0
    ]
    frame = pd.DataFrame(rows, columns=["process", "label", "takes_from", "received"])
    frame = frame.sort_values(["received", "process"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)


def _norms_by_process(derivation_graph: nx.DiGraph) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for norm, process in derivation_graph.nodes(data="process"):
        if process is not None:
            grouped.setdefault(process, set()).add(norm)
    return grouped


def _takers(derivation_graph: nx.DiGraph, norms: Iterable[str]) -> set[str]:
    """Every norm that derives from one of ``norms``, directly or not (one traversal for all)."""
    seen: set[str] = set()
    frontier = list(norms)
    while frontier:
        norm = frontier.pop()
        for later in derivation_graph.predecessors(norm):
            if later not in seen:
                seen.add(later)
                frontier.append(later)
    return seen
