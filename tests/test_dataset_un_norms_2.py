"""The second UN-norms pass against its sources: CBMs of the 2021 reports and of the OEWG
2021-2025 (data/norms/un-cbms.ttl), the second progress report cited for the OEWG 2021-2025
norms, the third progress report's symbol (data/norms/sources-un-norms-2.ttl).

What could not be sourced is in data/GAPS.md.
"""

from __future__ import annotations

import pytest

from normgraph.analytics.lineage import lineage
from normgraph.analytics.views import views
from normgraph.namespaces import PREFIXES, expand

N = PREFIXES["n"]
LETTERS = "abcdefghijk"

CBM_SCHEMES = {  # scheme -> (process that sets it, norms recorded); all partial
    "oewg-2021-cbms": ("oewg-2019-2021", 3),
    "gge-2021-cbms": ("gge-2019-2021", 2),
    "oewg-2025-cbms": ("oewg-2021-2025", 1),
}


@pytest.fixture(scope="module")
def graph(kb):
    return views(kb).derivation_graph


@pytest.mark.parametrize(("scheme", "expected"), sorted(CBM_SCHEMES.items()))
def test_cbm_schemes_are_set_by_their_process_and_hold_the_sourced_measures(kb, scheme, expected):
    process, count = expected
    assert kb.ask(f"ASK {{ scheme:{scheme} a ng:NormScheme ; ng:setBy p:{process} }}")
    table = kb.select(f"SELECT ?norm WHERE {{ ?norm a ng:Norm ; skos:inScheme scheme:{scheme} }}")
    assert len(table) == count


def test_every_cbm_has_the_confidence_building_topic_and_a_source(kb):
    table = kb.select(
        """SELECT ?norm WHERE {
             ?norm skos:inScheme ?scheme .
             VALUES ?scheme { scheme:oewg-2021-cbms scheme:gge-2021-cbms scheme:oewg-2025-cbms }
             FILTER NOT EXISTS { ?norm dcterms:subject topic:confidence-building ;
                                       dcterms:source ?passage }
           }"""
    )
    assert table.empty


def test_poc_directory_extends_the_2021_points_of_contact(kb):
    # Digital Watch (31 March 2022): the 2021 OEWG and GGE reports suggested national points
    # of contact; states agreed a directory of such points of contact should be created.
    table = kb.select(
        """SELECT ?earlier ?kind ?confidence ?passage WHERE {
             n:oewg-2025-cbm-poc-directory prov:qualifiedDerivation ?d .
             ?d prov:entity ?earlier ; ng:derivationKind ?kind ; ng:confidence ?confidence ;
                dcterms:source ?passage .
           }"""
    )
    assert set(table["earlier"].astype(str)) == {N + "oewg-2021-cbm-poc", N + "gge-2021-cbm-poc"}
    assert set(table["kind"].astype(str)) == {expand("ng:extends")}
    assert set(table["confidence"].astype(str)) == {expand("ng:Stated")}
    assert set(table["passage"].astype(str)) == {expand("pa:digwatch-2022-oewg-cbm-session-poc")}


def test_lineage_of_the_poc_directory(graph):
    result = lineage(graph, N + "oewg-2025-cbm-poc-directory")
    assert set(result.origins) == {N + "oewg-2021-cbm-poc", N + "gge-2021-cbm-poc"}
    assert result.paths_back == 2


def test_no_derivation_to_unread_or_unnamed_cbms(kb):
    # The 2015 GGE CBMs were not read and no source names the OSCE measure behind the
    # directory: only the two stated derivations exist among the CBMs.
    count = kb.select(
        """SELECT (COUNT(?d) AS ?n) WHERE {
             ?norm skos:inScheme ?scheme ; prov:qualifiedDerivation ?d .
             VALUES ?scheme { scheme:oewg-2021-cbms scheme:gge-2021-cbms scheme:oewg-2025-cbms }
           }"""
    )
    assert int(count["n"][0]) == 2


def test_poc_directory_dates_and_references(kb):
    table = kb.select(
        """SELECT ?issued ?ref WHERE {
             n:oewg-2025-cbm-poc-directory dcterms:issued ?issued ; ng:officialReference ?ref }"""
    )
    assert str(table["issued"][0]) == "2022"
    assert "78/541" in str(table["ref"][0])


def test_second_progress_report_is_cited_for_each_2025_norm(kb):
    for letter in LETTERS:
        norm = f"n:oewg-2025-13{letter}"
        assert kb.ask(f"ASK {{ {norm} dcterms:source pa:A-78-265-para-3-norms }}"), letter
        ref = kb.select(f"SELECT ?r WHERE {{ {norm} ng:officialReference ?r }}")
        assert str(ref["r"][0]).startswith("A/77/275, para. 2; A/78/265, para. 3"), letter


def test_second_progress_report_passage_is_read_through_digital_watch(kb):
    assert kb.ask(
        """ASK { pa:A-78-265-para-3-norms dcterms:isPartOf s:A-78-265 .
                 pa:digwatch-oewg-apr-2023-paras-2-3 dcterms:isPartOf s:digwatch-oewg-apr-2023 .
                 s:digwatch-oewg-apr-2023 dcterms:issued "2023-07"^^xsd:gYearMonth }"""
    )


def test_third_progress_report_conference_room_paper(kb):
    description = kb.select("SELECT ?d WHERE { s:digwatch-oewg-apr-2024 dcterms:description ?d }")
    assert "A/AC.292/2024/CRP.1" in str(description["d"][0])
    assert kb.ask(
        """ASK { s:digwatch-2024-oewg-apr-adoption dcterms:issued "2024-07-12"^^xsd:date }"""
    )


def test_new_secondary_sources_say_so(kb):
    for source in (
        "digwatch-2022-oewg-cbm-session",
        "unidir-2025-poc-directory-event",
        "digwatch-2024-global-poc-directory",
        "hinetwork-oewg-poc-nomination-call",
        "unidir-2021-cyber-policy-portal",
        "digwatch-2024-oewg-apr-adoption",
    ):
        description = kb.select(f"SELECT ?d WHERE {{ s:{source} dcterms:description ?d }}")
        assert str(description["d"][0]).startswith("secondary:"), source
