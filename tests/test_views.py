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


@pytest.fixture(scope="module")
def records():
    """The analytics fixture with what pages print added (views-records.ttl)."""
    files = [FIXTURES / "analytics-base.ttl", FIXTURES / "views-records.ttl"]
    return views(normgraph.load(files, bundled=False))


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
        "role_label",
        "start",
        "end",
        "listed",
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
    assert table.loc[EX + "m-call-ngo", "role_label"] == "signatory or supporter"
    order = base.memberships[["process", "actor", "membership"]].to_numpy().tolist()
    assert order == sorted(order)


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
    assert len(v.relations) == len(v.sources) == len(v.citations) == 0
    assert "statements" in v.relations.columns and "page" in v.sources.columns


def test_member_lists_say_recorded_against_stated(base):
    lists = base.member_lists.set_index("process")
    assert set(lists.columns) >= {"recorded", "stated", "complete", "summary"}
    for process, row in lists.iterrows():
        assert row["recorded"] >= 0, process
        assert str(row["recorded"]) in row["summary"] or row["recorded"] == 0, process


def test_processes_hold_what_their_pages_print(records):
    frame = records.processes.set_index("process")
    gge_a = frame.loc[EX + "gge-a"]
    assert (gge_a["form"], gge_a["status"], gge_a["outcome"]) == (
        "forum",
        "concluded",
        "consensus report",
    )
    assert gge_a["mandate"] == "Study threats and norms."
    assert gge_a["outcome_document"] == EX + "doc"  # of two, the first in IRI order
    assert gge_a["series"] == EX + "gge"
    assert set(frame.index[frame["is_series"]]) == ex("gge")
    assert pd.isna(frame.loc[EX + "call", "form"])
    assert list(records.processes["process"]) == sorted(frame.index)


def test_norms_hold_their_texts_and_a_label_even_without_a_short_title(records):
    frame = records.norms.set_index("norm")
    g1 = frame.loc[EX + "g1"]
    assert (g1["summary"], g1["reference"], g1["scheme_label"]) == (
        "Do not harm it.",
        "Report, para. 1",
        "Group A norms",
    )
    assert g1["date"] == "2015-07-22"  # the earlier of its process's two outcome documents
    assert frame.loc[EX + "z1", "label"] == "Only an rdfs label"
    assert frame.loc[EX + "z1", "process"] == EX + "club"  # from its scheme
    assert records.derivation_graph.nodes[EX + "g1"]["summary"] == "Do not harm it."


def test_actors_include_every_member_with_codes_and_nationality(records):
    frame = records.actors.set_index("actor")
    assert frame.loc[EX + "ruritania", "iso3"] == "RUR"
    assert frame.loc[EX + "chair-person", "nationality"] == EX + "ruritania"
    # Recorded as a member though typed as no actor: listed, with no label and no type.
    body = frame.loc[EX + "unknown-body"]
    assert pd.isna(body["label"]) and pd.isna(body["actor_type"])
    assert list(records.actors["actor"]) == sorted(frame.index)


def test_a_membership_known_only_from_a_list_has_a_listed_day_and_no_start(records):
    ngo = records.memberships.set_index("membership").loc[EX + "m-call-ngo"]
    assert ngo["listed"] == "2019-11-10"
    assert pd.isna(ngo["start"])
    assert ngo["in_force_from"] == pd.Timestamp("2019-11-10")


def test_relations_name_the_statements_that_state_them(records):
    frame = records.relations.set_index(["subject", "relation", "object"])
    adopts = frame.loc[(EX + "commission", "adoptsNormsOf", EX + "gge")]
    assert adopts["statements"] == (EX + "r1", EX + "r4")
    assert adopts["source"] == (EX + "p1", EX + "p2")
    # The reverse of a symmetric relation is inferred: no statement of its own.
    assert frame.loc[(EX + "gge", "competesWith", EX + "club"), "statements"] == ()
    assert frame.loc[(EX + "club", "competesWith", EX + "gge"), "statements"] == (EX + "r3",)


def test_sources_and_citations_describe_every_cited_passage(records):
    sources = records.sources.set_index("source")
    assert list(sources.index) == [EX + "doc", EX + "un-report"]
    report = sources.loc[EX + "un-report"]
    assert (report["identifier"], report["issued"], report["page"]) == (
        "A/70/174",
        "2015-07-22",
        "https://undocs.org/A/70/174",
    )
    assert sources.loc[EX + "doc", "publisher"] == "Tests"
    citations = records.citations
    assert list(citations.columns) == ["fact", "passage", "locator", "source"]
    r4 = citations[citations["fact"] == EX + "r4"]
    assert r4[["passage", "locator", "source"]].to_numpy().tolist() == [
        [EX + "p2", "para. 2", EX + "un-report"]
    ]
    # Every fact citing p1: the processes, schemes, norms, memberships, derivations...
    cited = citations[citations["passage"] == EX + "p1"]
    assert set(cited["locator"]) == {"p. 1"} and set(cited["source"]) == {EX + "doc"}
    assert ex("gge", "g1", "m-gge-rur", "r1", "gge-a-norms") <= set(cited["fact"])
    order = citations[["fact", "passage"]].to_numpy().tolist()
    assert order == sorted(order)


def test_a_derivation_qualified_twice_keeps_the_kind_of_its_first_passage(records):
    # Every passage is kept; the kind is that of the first passage in IRI order, not that
    # of whichever row the store happens to answer first.
    derivations = records.derivations.set_index(["norm", "earlier"])
    k2 = derivations.loc[(EX + "k2", EX + "c2")]
    assert (k2["kind"], k2["source"]) == ("restates", (EX + "p1", EX + "p2"))
