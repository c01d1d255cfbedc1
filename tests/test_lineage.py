"""Lineage on the analytics fixture (answers by hand), against SPARQL, and on a cycle."""

from __future__ import annotations

import networkx as nx
import pytest

import normgraph
from normgraph.analytics.lineage import (
    ancestors,
    conflicts_of,
    count_paths,
    derivation_cycles,
    derivation_paths,
    descendants,
    lineage,
    origins,
    topic_lineage,
    traces,
)
from normgraph.analytics.views import views
from normgraph.errors import NormgraphError, UsageError
from normgraph.store.validation import validate

from .conftest import FIXTURES

EX = "https://example.org/"


def ex(*names: str) -> list[str]:
    return [EX + n for n in names]


@pytest.fixture(scope="module")
def base_kb():
    return normgraph.load([FIXTURES / "analytics-base.ttl"], bundled=False)


@pytest.fixture(scope="module")
def graph(base_kb):
    return views(base_kb).derivation_graph


def test_a_norm_with_no_ancestors_is_its_own_origin(graph):
    result = lineage(graph, EX + "g2")
    assert result.origins == ex("g2")
    assert result.earliest_origins == ex("g2")
    assert result.paths_back == 0
    assert result.paths_forward == 2  # g2 <- k3, and g2 <- c3 <- k3
    assert list(result.hops["direction"].unique()) == ["forward"]


def test_lineage_back_through_a_chain(graph):
    result = lineage(graph, EX + "k1")
    assert (result.origins, result.paths_back, result.paths_forward) == (ex("g1"), 1, 0)
    hops = result.hops[["path", "step", "norm", "earlier", "kind", "process", "date"]]
    assert hops.values.tolist() == [
        [1, 1, EX + "k1", EX + "c1", "adapts", EX + "call", "2018-11-12"],
        [1, 2, EX + "c1", EX + "g1", "adapts", EX + "commission", "2019-11-12"],
    ]
    assert result.hops["source"].tolist() == [(EX + "p1",), (EX + "p1",)]
    assert not result.truncated


def test_diamond_has_two_paths_and_the_cap_truncates(graph):
    assert derivation_paths(graph, EX + "k3") == [ex("k3", "c3", "g2"), ex("k3", "g2")]
    capped = lineage(graph, EX + "k3", max_paths=1)
    assert capped.paths_back == 2
    assert capped.hops["path"].max() == 1
    assert capped.truncated


def test_forward_paths_end_at_norms_nobody_took_up(graph):
    assert derivation_paths(graph, EX + "c2", "forward") == [ex("c2", "k2", "a1"), ex("c2", "x1")]
    forward = lineage(graph, EX + "c2").hops
    assert forward[["norm", "earlier"]].values.tolist() == [
        ex("k2", "c2"),
        ex("a1", "k2"),
        ex("x1", "c2"),
    ]


def test_earliest_origin_is_chosen_by_date():
    g = nx.DiGraph([("late", "o1"), ("late", "o2")])
    g.add_nodes_from([("o1", {"date": "2016"}), ("o2", {"date": "2015-12"})])
    result = lineage(g, "late")
    assert result.origins == ["o1", "o2"]
    assert result.earliest_origins == ["o2"]


def test_traces_lists_norms_of_later_process_reaching_earlier_one(graph, base_kb):
    v = views(base_kb)
    found = traces(graph, v.family(EX + "call"), v.family(EX + "gge"))
    assert found[["norm", "origin", "origin_process", "hops", "via"]].values.tolist() == [
        [EX + "k1", EX + "g1", EX + "gge-a", 2, (EX + "commission",)],
        [EX + "k3", EX + "g2", EX + "gge-a", 1, (EX + "commission",)],  # also via c3
    ]
    assert traces(graph, {EX + "accord"}, {EX + "gge-a"}).empty


def test_fast_lineage_equals_sparql_property_path(base_kb, graph):
    for norm in graph:
        back = base_kb.select("SELECT ?e WHERE { $norm prov:wasDerivedFrom+ ?e }", norm=norm)
        forward = base_kb.select("SELECT ?d WHERE { ?d prov:wasDerivedFrom+ $norm }", norm=norm)
        assert ancestors(graph, norm) == set(back.get("e", [])), norm
        assert descendants(graph, norm) == set(forward.get("d", [])), norm


def test_path_count_by_dynamic_programming_equals_enumeration():
    dense = nx.gnp_random_graph(30, 0.25, seed=4, directed=True)
    dag = nx.DiGraph((u, v) for u, v in dense.edges if u > v)  # later -> earlier only
    for node in dag:
        for direction in ("back", "forward"):
            listed = derivation_paths(dag, node, direction, max_paths=10**6)
            assert count_paths(dag, node, direction) == len(listed)


def test_origins_of_the_bundled_paris_call_public_core_principle(kb):
    bundled = views(kb).derivation_graph
    paris = "https://w3id.org/normgraph/id/norm/paris-call-2"
    if paris not in bundled:
        pytest.skip("the bundled data no longer has n:paris-call-2")
    # Paris Call 2 adapts GCSC norm 1 (Carnegie), which adapts GGE 2015 13(f) (shared wording).
    assert "https://w3id.org/normgraph/id/norm/gcsc-1" in ancestors(bundled, paris)
    assert "https://w3id.org/normgraph/id/norm/gge-2015-13f" in origins(bundled, paris)


def test_cycle_is_found_validated_and_refused_by_lineage():
    kb = normgraph.load(
        [FIXTURES / "analytics-base.ttl", FIXTURES / "analytics-cycle.ttl"], bundled=False
    )
    graph = views(kb).derivation_graph
    assert derivation_cycles(graph) == [ex("c1", "g1", "k1")]
    (violation,) = validate(kb)
    assert violation.path == "prov:wasDerivedFrom"
    assert all(name in violation.message for name in ex("c1", "g1", "k1"))
    with pytest.raises(NormgraphError, match="derivation cycle"):
        lineage(graph, EX + "k1")
    # A norm whose lineage does not reach the cycle is unaffected.
    assert lineage(graph, EX + "a2").paths_back == 0


def test_bundled_paris_call_principles_reaching_back_to_the_2015_gge(kb):
    v = views(kb)
    p = "https://w3id.org/normgraph/id/process/"
    found = traces(v.derivation_graph, v.family(p + "paris-call"), v.family(p + "gge-2014-2015"))
    if "https://w3id.org/normgraph/id/norm/paris-call-5" not in v.derivation_graph:
        pytest.skip("the bundled data no longer has n:paris-call-5")
    pairs = set(zip(found["norm"], found["origin"], strict=True))
    n = "https://w3id.org/normgraph/id/norm/"
    assert (n + "paris-call-5", n + "gge-2015-13i") in pairs


def test_an_unknown_norm_is_a_usage_error(graph):
    with pytest.raises(UsageError, match="not a norm"):
        lineage(graph, EX + "nowhere")


def test_topic_lineage_orders_by_date_and_links_every_way():
    v = views(
        normgraph.load(
            [FIXTURES / "analytics-base.ttl", FIXTURES / "analytics-topics.ttl"], bundled=False
        )
    )
    table = topic_lineage(v.derivation_graph, ex("k1", "c1"), v.conflicts)
    assert table[["norm", "date", "derives_from", "taken_up_by", "origins"]].values.tolist() == [
        [EX + "c1", "2017-11", (EX + "g1",), (EX + "k1",), (EX + "g1",)],
        [EX + "k1", "2018-11-12", (EX + "c1",), (), (EX + "g1",)],
    ]
    assert conflicts_of(v.conflicts, EX + "x1")[["other", "kind"]].values.tolist() == [
        [EX + "k2", "Competing"]
    ]
    assert conflicts_of(v.conflicts, EX + "k2")["other"].tolist() == [EX + "x1"]
    assert len(conflicts_of(v.conflicts, EX + "c1")) == 0
