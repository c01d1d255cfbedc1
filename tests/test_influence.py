"""Influence on the analytics fixture (answers by hand) and the UN rule on bundled data.

Norms by process: gge-a {g1, g2}, commission {c1, c2, c3}, call {k1, k2, k3},
accord {a1, a2}, club {x1}; see analytics-base.ttl for the derivations.
"""

from __future__ import annotations

import pytest

import normgraph
from normgraph.analytics.influence import flow_graph, reach, receivers, unreached_norms
from normgraph.analytics.views import views

from .conftest import FIXTURES

EX = "https://example.org/"


@pytest.fixture(scope="module")
def base():
    return views(normgraph.load([FIXTURES / "analytics-base.ttl"], bundled=False))


def short(values):
    if isinstance(values, tuple):
        return tuple(short(v) for v in values)
    return values.replace(EX, "") if isinstance(values, str) else values


def rows(frame, columns):
    return [[short(v) for v in row] for row in frame[columns].values.tolist()]


def test_flow_graph_sums_weights_and_leaves_rivalry_out(base):
    flow = flow_graph(base.process_graph)
    assert {(short(u), short(v), w) for u, v, w in flow.edges(data="weight")} == {
        ("gge", "commission", 1),
        ("gge-a", "commission", 2),
        ("commission", "call", 3),
        ("gge-a", "call", 1),
        ("call", "accord", 2),  # a1 <- k2, and the accord signs on to the call
        ("commission", "club", 1),
    }


def test_reach_counts_descendant_norms_and_processes(base):
    found = reach(base.derivation_graph, base.process_graph)
    columns = ["process", "norms", "descendant_norms", "processes_reached", "gives_to"]
    assert rows(found, columns)[:4] == [
        ["commission", 3, 5, 3, 2],  # k1, k2, k3, a1, x1 in call, accord, club
        ["gge-a", 2, 4, 2, 2],  # c1, c3, k1, k3 in commission and call
        ["call", 3, 1, 1, 1],  # a1
        ["gge", 0, 0, 0, 1],
    ]
    ranks = found.set_index("process")["source_rank"]
    assert ranks[EX + "gge-a"] > ranks[EX + "accord"]
    assert found.set_index("process").loc[EX + "commission", "betweenness"] > 0


def test_norms_born_outside_states_that_never_reached_the_un(base):
    found = unreached_norms(base.derivation_graph, base.process_graph)
    assert rows(found, ["norm", "process", "taken_up_by", "reached_states"]) == [
        ["a1", "accord", (), ()],
        ["a2", "accord", (), ()],
        ["k2", "call", ("accord",), ()],
        ["c2", "commission", ("accord", "call", "club"), ("club",)],
    ]  # c1, c3, k1, k3 derive from the group's norms; x1 is the club's (a state process)


def test_processes_that_only_receive(base):
    found = receivers(base.process_graph)
    assert rows(found, ["process", "takes_from", "received"]) == [
        ["accord", ("call",), 2],
        ["club", ("commission",), 1],
    ]


def test_bundled_un_processes_include_the_gge_and_general_assembly(kb):
    frame = views(kb).processes.set_index("process")
    p = "https://w3id.org/normgraph/id/process/"
    assert frame.loc[p + "gge-2014-2015", "un"]  # its report A/70/174 is a UN document
    assert frame.loc[p + "gge", "un"]  # the series of UN iterations
    assert not frame.loc[p + "paris-call", "un"]
    assert not frame.loc[p + "gcsc", "multilateral"]


def test_betweenness_is_sampled_on_large_graphs_and_stays_reproducible():
    import networkx as nx

    from normgraph.analytics.influence import EXACT_BETWEENNESS_UP_TO

    chain = nx.MultiDiGraph()
    size = EXACT_BETWEENNESS_UP_TO + 50
    for i in range(size - 1):
        chain.add_edge(f"p{i:04d}", f"p{i + 1:04d}", relation="adoptsNormsOf", weight=1)
    first = reach(nx.DiGraph(), chain).set_index("process")["betweenness"]
    again = reach(nx.DiGraph(), chain).set_index("process")["betweenness"]
    assert first.equals(again)
    assert first["p0000"] == 0.0 and first[f"p{size // 2:04d}"] > 0.0
