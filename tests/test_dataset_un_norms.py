"""The UN norm texts after 2015 and the derivations between them, against their sources.

Counts and chains follow data/norms/{gge-2013,unga-73-27,gge-2021,oewg-2021,oewg-2025}.ttl
and the sources they cite (data/norms/sources-un-norms.ttl); what could not be sourced is
in data/GAPS.md.
"""

from __future__ import annotations

import pytest

from normgraph.analytics.lineage import derivation_paths, descendants, lineage
from normgraph.analytics.views import views
from normgraph.namespaces import PREFIXES, expand

N = PREFIXES["n"]
LETTERS = "abcdefghijk"

NEW_SCHEMES = {  # process that sets the scheme -> number of norms recorded
    "gge-2012-2013": 6,  # the 2013 elements the summaries name (not the whole report)
    "unga-res-73-27": 12,  # eleven restated 2015 norms + the private sector and civil society
    # the eleven norms with the 2021 report's guidance + 2 CBMs (un-cbms.ttl, un-norms-2)
    "gge-2019-2021": 13,
    # the eleven norms as reaffirmed in A/75/816 + 3 CBMs (un-cbms.ttl, un-norms-2)
    "oewg-2019-2021": 14,
    # the eleven norms as reaffirmed in A/77/275 and later reports + the POC directory CBM
    "oewg-2021-2025": 12,
}


@pytest.fixture(scope="module")
def graph(kb):
    return views(kb).derivation_graph


def _derivations(kb, scheme: str):
    """(norm, earlier, kind, confidence, passages) for every derivation of a scheme's norms."""
    table = kb.select(
        f"""SELECT ?norm ?earlier ?kind ?confidence (COUNT(DISTINCT ?source) AS ?sources) WHERE {{
              ?norm skos:inScheme scheme:{scheme} ; prov:qualifiedDerivation ?d .
              ?d prov:entity ?earlier ; ng:derivationKind ?kind ; ng:confidence ?confidence ;
                 dcterms:source ?source .
            }} GROUP BY ?norm ?earlier ?kind ?confidence"""
    )
    return [
        (str(r.norm), str(r.earlier), str(r.kind), str(r.confidence), int(r.sources))
        for r in table.itertuples()
    ]


@pytest.mark.parametrize(("process", "count"), sorted(NEW_SCHEMES.items()))
def test_norm_counts_of_the_new_un_schemes(kb, process, count):
    assert len(kb.select("norms-of-process", process=f"p:{process}")) == count


def test_at_least_fifty_new_norms_in_five_schemes(kb):
    total = sum(len(kb.select("norms-of-process", process=f"p:{p}")) for p in NEW_SCHEMES)
    assert total == 57  # 51 + 6 CBMs added by the second UN-norms curator


def test_the_2015_norms_go_forward_into_each_later_text(kb):
    # 73/27 restates (Digital Watch 2018: "spelled out again ... with certain changes in
    # wording"); the 2021 GGE extends (Digital Watch norm pages; 13(b) reaffirmed only);
    # both OEWGs reaffirm (Digital Watch norms page; A/77/275, para. 2).
    expected = {
        "unga-73-27": {letter: "restates" for letter in LETTERS},
        "gge-2021": {letter: ("reaffirms" if letter == "b" else "extends") for letter in LETTERS},
        "oewg-2021": {letter: "reaffirms" for letter in LETTERS},
        "oewg-2025": {letter: "reaffirms" for letter in LETTERS},
    }
    for scheme, kinds in expected.items():
        found = {
            earlier.removeprefix(N + "gge-2015-13"): kind.rsplit("#", 1)[-1]
            for _, earlier, kind, _, _ in _derivations(kb, scheme)
            if earlier.startswith(N + "gge-2015-")
        }
        assert found == kinds, scheme


def test_derivation_counts_and_confidence(kb):
    rows = [
        row
        for scheme in ("unga-73-27", "gge-2021", "oewg-2021", "oewg-2025", "gge-2015")
        for row in _derivations(kb, scheme)
    ]
    stated = [r for r in rows if r[3] == expand("ng:Stated")]
    textual = [r for r in rows if r[3] == expand("ng:Textual")]
    assert (len(stated), len(textual)) == (66, 3)
    assert all(sources >= 2 for *_, sources in textual)  # textual: both texts are cited
    # 2015 norms drawing on the 2013 report: territory, crime and terrorism, human rights
    assert {r[0].removeprefix(N) for r in textual} == {
        "gge-2015-13c",
        "gge-2015-13d",
        "gge-2015-13e",
    }


def test_oewg_2025_reaffirms_each_norm_in_three_earlier_texts(kb):
    rows = _derivations(kb, "oewg-2025")
    assert len(rows) == 33
    for letter in LETTERS:
        earlier = {r[1].removeprefix(N) for r in rows if r[0] == N + f"oewg-2025-13{letter}"}
        assert earlier == {f"gge-2015-13{letter}", f"gge-2021-13{letter}", f"oewg-2021-13{letter}"}


def test_73_27_addition_has_no_derivation(kb):
    assert not kb.ask("ASK { n:unga-73-27-private-sector prov:wasDerivedFrom ?earlier }")
    assert kb.ask("ASK { n:unga-73-27-private-sector skos:inScheme scheme:unga-73-27 }")


def test_13f_forward_through_the_later_un_texts(graph):
    start = N + "gge-2015-13f"
    later = descendants(graph, start)
    for norm in ("unga-73-27-f", "gge-2021-13f", "oewg-2021-13f", "oewg-2025-13f"):
        assert N + norm in later
    forward = derivation_paths(graph, start, direction="forward")
    assert [start, N + "gge-2021-13f", N + "oewg-2025-13f"] in forward
    assert [start, N + "oewg-2021-13f", N + "oewg-2025-13f"] in forward
    assert [start, N + "unga-73-27-f"] in forward


def test_lineage_of_the_2025_critical_infrastructure_norm(graph):
    result = lineage(graph, N + "oewg-2025-13f")
    assert result.origins == [N + "gge-2015-13f"]
    assert result.paths_back == 3  # directly, via the 2021 GGE, via the 2019-2021 OEWG
    hops = result.hops
    via_gge = hops[(hops["norm"] == N + "gge-2021-13f") & (hops["earlier"] == N + "gge-2015-13f")]
    assert set(via_gge["kind"]) == {"extends"}
    assert set(hops["process"]) >= {P("oewg-2021-2025"), P("gge-2019-2021")}


def test_2013_elements_come_before_2015_norms(graph):
    for letter, origin in (("c", "territory"), ("d", "crime-terrorism"), ("e", "human-rights")):
        result = lineage(graph, N + f"oewg-2025-13{letter}")
        assert result.origins == [N + f"gge-2013-{origin}"]


def test_every_un_norm_has_a_topic(kb):
    missing = kb.select(
        """SELECT ?norm WHERE {
             ?norm a ng:Norm ; skos:inScheme ?scheme .
             VALUES ?scheme { scheme:gge-2013 scheme:gge-2015 scheme:unga-73-27 scheme:gge-2021
                              scheme:oewg-2021 scheme:oewg-2025 scheme:gcsc }
             FILTER NOT EXISTS { ?norm dcterms:subject ?topic }
           }"""
    )
    assert missing.empty


def test_critical_infrastructure_topic_follows_13f(kb):
    for norm in ("gge-2015-13f", "unga-73-27-f", "gge-2021-13f", "oewg-2021-13f", "oewg-2025-13f"):
        assert kb.ask(f"ASK {{ n:{norm} dcterms:subject topic:critical-infrastructure }}"), norm


def test_secondary_sources_say_so(kb):
    # Digital Watch norm pages stand in for A/76/135, which was not read.
    for letter in LETTERS:
        description = kb.select(
            f"SELECT ?d WHERE {{ s:digwatch-un-cyber-norm-{letter} dcterms:description ?d }}"
        )
        assert str(description["d"][0]).startswith("secondary:")


def test_final_report_of_the_oewg_2021_2025(kb):
    table = kb.select(
        """SELECT ?id ?issued WHERE {
             s:oewg-2021-2025-final-report dcterms:identifier ?id ; dcterms:issued ?issued }"""
    )
    assert set(table["id"].astype(str)) == {"A/AC.292/2025/CRP.1"}
    assert set(table["issued"].astype(str)) == {"2025-07-11"}


def P(name: str) -> str:  # noqa: N802 - reads like the p: prefix
    return PREFIXES["p"] + name
