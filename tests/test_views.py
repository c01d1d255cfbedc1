"""Network views on the analytics fixture: tables, graphs, caching (answers by hand)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import normgraph
from normgraph.analytics.views import views

from .conftest import FIXTURES

EX = "https://example.org/"


def ex(*names: str) -> set[str]:
    return {EX + n for n in names}


@pytest.fixture(scope="module")
def base():
    return views(normgraph.load([FIXTURES / "analytics-base.ttl"], bundled=False))


def test_norm_dates_come_from_outcome_document_then_end_then_start(base):
    dates = base.norms.set_index("norm")["date"]
    assert dates[EX + "g1"] == "2015-07-22"  # the UN report's issue date
    assert dates[EX + "c1"] == "2019-11-12"  # the commission's end
    assert dates[EX + "k1"] == "2018-11-12"  # the call's start (no end)
    assert dates[EX + "a1"] == "2018-04"
    assert dates[EX + "x1"] == "2016"


def test_derivation_graph_has_every_norm_and_derivation(base):
    graph = base.derivation_graph
    assert set(graph) == ex("g1", "g2", "c1", "c2", "c3", "k1", "k2", "k3", "a1", "a2", "x1")
    assert set(graph.edges) == {
        (EX + a, EX + b)
        for a, b in [
            ("c1", "g1"),
            ("k1", "c1"),
            ("k2", "c2"),
            ("k3", "g2"),
            ("k3", "c3"),
            ("c3", "g2"),
            ("a1", "k2"),
            ("x1", "c2"),
        ]
    }
    assert graph.edges[EX + "k2", EX + "c2"] == {
        "kind": "restates",
        "confidence": "Stated",
        "date": "2018-11-12",
        "source": (EX + "p1",),
        "process": EX + "call",
    }
    assert graph.nodes[EX + "k2"]["label"] == "Defend electoral processes"
    assert graph.nodes[EX + "k2"]["notation"] == "II"
    assert graph.nodes[EX + "k2"]["scheme"] == EX + "call-principles"


def test_process_graph_points_from_giver_to_taker_with_weights(base):
    edges = {
        (u, v, k): d["weight"] for u, v, k, d in base.process_graph.edges(keys=True, data=True)
    }
    assert edges == {
        (EX + "gge", EX + "commission", "adoptsNormsOf"): 1,  # commission adopts norms of gge
        (EX + "call", EX + "accord", "signsOnTo"): 1,  # accord signs on to the call
        (EX + "club", EX + "gge", "competesWith"): 1,
        (EX + "gge", EX + "club", "competesWith"): 1,
        (EX + "gge-a", EX + "commission", "derivation:adapts"): 2,  # c1 <- g1, c3 <- g2
        (EX + "commission", EX + "call", "derivation:adapts"): 2,  # k1 <- c1, k3 <- c3
        (EX + "commission", EX + "call", "derivation:restates"): 1,  # k2 <- c2
        (EX + "gge-a", EX + "call", "derivation:extends"): 1,  # k3 <- g2
        (EX + "call", EX + "accord", "derivation:adapts"): 1,  # a1 <- k2
        (EX + "commission", EX + "club", "derivation:reaffirms"): 1,  # x1 <- c2
    }


def test_processes_know_which_are_multilateral_and_un(base):
    frame = base.processes.set_index("process")
    assert set(frame.index[frame["multilateral"]]) == ex("gge", "gge-a", "club")
    # gge-a: its outcome document is a UN document; gge: the series of a UN iteration.
    assert set(frame.index[frame["un"]]) == ex("gge", "gge-a")
    assert base.family(EX + "gge") == ex("gge", "gge-a")


def test_memberships_table_columns_and_in_force_interval(base):
    table = base.memberships.set_index("membership")
    assert list(base.memberships.columns) == [
        "membership",
        "actor",
        "actor_label",
        "actor_type",
        "process",
        "process_label",
        "role",
        "start",
        "end",
        "in_force_from",
        "in_force_until",
    ]
    assert len(table) == 10
    fre = table.loc[EX + "m-gge-fre"]  # undated: the process's 2014-2015
    assert (fre["actor_type"], fre["role"]) == ("state", "member")
    assert pd.isna(fre["start"])
    assert fre["in_force_from"] == pd.Timestamp("2014-01-01")
    assert fre["in_force_until"] == pd.Timestamp("2015-12-31")
    acme = table.loc[EX + "m-call-acme"]
    assert (acme["start"], acme["in_force_from"]) == ("2019-03", pd.Timestamp("2019-03-01"))
    assert pd.isna(acme["in_force_until"])  # the call has no end: still in force
    assert table.loc[EX + "m-call-ngo", "actor_type"] == "civil-society"


def test_membership_graph_is_bipartite_with_one_edge_per_membership(base):
    graph = base.membership_graph
    actors = {n for n, side in graph.nodes(data="bipartite") if side == 0}
    assert actors == ex("ruritania", "freedonia", "sylvania", "acme", "ngo", "chair-person")
    assert graph.number_of_edges() == 10
    assert graph.edges[EX + "ruritania", EX + "call", EX + "m-call-rur"] == {
        "role": "founder",
        "start": "2018-11-12",
        "end": None,
    }
    assert nx.bipartite.is_bipartite(graph)


def test_views_are_built_once_per_knowledge_base_and_frozen():
    kb = normgraph.load([FIXTURES / "analytics-base.ttl"], bundled=False)
    first = views(kb)
    assert views(kb) is first
    assert views(kb).derivation_graph is first.derivation_graph
    assert views(kb, refresh=True) is not first
    with pytest.raises(nx.NetworkXError):
        first.derivation_graph.add_edge("a", "b")


def test_empty_knowledge_base_gives_empty_views():
    v = views(normgraph.load(bundled=False))
    assert len(v.norms) == 0
    assert len(v.memberships) == 0
    assert v.derivation_graph.number_of_nodes() == 0
    assert v.process_graph.number_of_edges() == 0
    assert v.membership_graph.number_of_nodes() == 0


def test_member_lists_say_recorded_against_stated(base):
    lists = base.member_lists.set_index("process")
    assert set(lists.columns) >= {"recorded", "stated", "complete", "summary"}
    for process, row in lists.iterrows():
        assert row["recorded"] >= 0, process
        assert str(row["recorded"]) in row["summary"] or row["recorded"] == 0, process
