"""The G7, G20, bilateral, Pall Mall, Counter Ransomware, Paris Call, GCSC and industry and
multistakeholder entries against the sources they cite (data/others/, curated 2026-12-03)."""

from __future__ import annotations

import pytest

from normgraph.namespaces import expand

from .facts import assert_reviewed
from .facts import members as _members
from .facts import states as _states
from .facts import value as _value

REVIEWED = [  # every process of the area that was checked against its sources
    "g7",
    "g7-lucca-2017",
    "g20",
    "us-china-2015",
    "russia-china-2015",
    "us-international-strategy-2011",
    "gcsc",
    "gcig",
    "carnegie-cyber-policy-initiative",
    "microsoft-norms-2015",
    "digital-geneva-convention",
    "tech-accord",
    "charter-of-trust",
    "paris-call",
    "paris-call-community-election-interference",
    "digital-peace-now",
    "civil-society-statement-2018",
    "christchurch-call",
    "netmundial",
    "london-process",
    "igf",
    "gfce",
    "pall-mall-process",
    "pall-mall-declaration-2024",
    "pall-mall-code-of-practice-2025",
    "counter-ransomware-initiative",
    "cri-2021",
    "cri-2023",
    "cri-2024",
]

TOPICAL_SCHEMES = [  # every norm of these schemes carries at least one topic
    "charter-of-trust",
    "tech-accord",
    "microsoft-2014",
    "paris-call",
    "g20-2015",
    "gcsc",
    "g7-2017",
    "us-china-2015",
    "russia-china-2015",
    "pall-mall-2024",
    "pall-mall-code-2025",
    "cri-2021",
    "cri-2023",
    "christchurch-call",
]


@pytest.mark.parametrize("process", REVIEWED)
def test_reviewed_processes_have_a_short_label_and_review_date(kb, process):
    assert_reviewed(kb, process, "2026-12-03")


@pytest.mark.parametrize("scheme", TOPICAL_SCHEMES)
def test_every_norm_has_a_topic(kb, scheme):
    assert kb.ask(f"ASK {{ ?n skos:inScheme scheme:{scheme} }}")
    assert not kb.ask(
        f"ASK {{ ?n skos:inScheme scheme:{scheme} FILTER NOT EXISTS {{ ?n dcterms:subject ?t }} }}"
    )


def test_g7_is_seven_states_with_the_eu_taking_part(kb):
    # Lucca communiqué: the foreign ministers of seven states and the EU's High Representative.
    assert _members(kb, "p:g7") == _states("CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA")
    assert _members(kb, "p:g7", role="observer") == {expand("actor:european-union")}
    assert _value(kb, "p:g7", "ng:memberCount") == "7"
    assert _value(kb, "p:g7", "ng:membersComplete") == "true"


def test_lucca_declaration_is_an_iteration_of_the_g7(kb):
    assert _value(kb, "p:g7-lucca-2017", "ng:iterationOf") == expand("p:g7")
    assert _value(kb, "p:g7-lucca-2017", "ng:startDate") == "2017-04-11"
    assert _value(kb, "p:g7-lucca-2017", "ng:outcomeDocument") == expand("s:g7-lucca-2017")


def test_lucca_call_reaffirms_all_eleven_2015_gge_norms(kb):
    table = kb.select(
        "SELECT ?e ?k ?c WHERE { n:g7-2017-gge-reports prov:qualifiedDerivation ?d ."
        " ?d prov:entity ?e ; ng:derivationKind ?k ; ng:confidence ?c }"
    )
    assert set(table["e"]) == {expand(f"n:gge-2015-13{x}") for x in "abcdefghijk"}
    assert set(table["k"]) == {expand("ng:reaffirms")}
    assert set(table["c"]) == {expand("ng:Stated")}


def test_g20_is_nineteen_states_the_eu_and_since_2023_the_au(kb):
    nineteen = _states(
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "KOR",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "TUR",
        "GBR",
        "USA",
    )
    eu, au = expand("actor:european-union"), expand("actor:african-union")
    assert _members(kb, "p:g20") == nineteen | {eu, au}
    assert _members(kb, "p:g20", date="2020-01-01") == nineteen | {eu}
    assert au in _members(kb, "p:g20", date="2023-09-09")
    assert _value(kb, "p:g20", "ng:memberCount") == "21"


def test_g20_ip_norm_extends_the_us_china_commitment_textually(kb):
    table = kb.select(
        "SELECT ?k ?c (COUNT(?s) AS ?n) WHERE {"
        " n:g20-2015-26-ip-theft prov:qualifiedDerivation ?d ."
        " ?d prov:entity n:us-china-2015-ip-theft ; ng:derivationKind ?k ; ng:confidence ?c ;"
        " dcterms:source ?s } GROUP BY ?k ?c"
    )
    assert len(table) == 1
    assert table["k"][0] == expand("ng:extends")
    assert table["c"][0] == expand("ng:Textual")
    assert int(table["n"][0]) >= 2


def test_paris_call_ip_principle_reaches_back_to_the_us_china_agreement(kb):
    assert kb.ask("ASK { n:paris-call-4 prov:wasDerivedFrom+ n:us-china-2015-ip-theft }")


def test_bilateral_accords(kb):
    for process, pair, date in [
        ("us-china-2015", ("USA", "CHN"), "2015-09-25"),
        ("russia-china-2015", ("RUS", "CHN"), "2015-05-08"),
    ]:
        assert kb.ask(f"ASK {{ p:{process} a ng:BilateralProcess }}")
        assert _members(kb, f"p:{process}") == _states(*pair)
        assert _value(kb, f"p:{process}", "ng:startDate") == date


def test_us_strategy_is_a_national_initiative(kb):
    assert kb.ask("ASK { p:us-international-strategy-2011 a ng:NationalInitiative }")
    assert not kb.ask("ASK { p:us-international-strategy-2011 a ng:MultilateralProcess }")
    assert _members(kb, "p:us-international-strategy-2011") == _states("USA")
    assert _value(kb, "p:us-international-strategy-2011", "ng:startDate") == "2011-05-16"


def test_pall_mall_process(kb):
    assert _value(kb, "p:pall-mall-process", "ng:startDate") == "2024-02-06"
    assert _members(kb, "p:pall-mall-process", role="founder") == _states("GBR", "FRA")
    iterations = set(kb.select("SELECT ?i WHERE { ?i ng:iterationOf p:pall-mall-process }")["i"])
    assert iterations == {
        expand("p:pall-mall-declaration-2024"),
        expand("p:pall-mall-code-of-practice-2025"),
    }
    assert _value(kb, "p:pall-mall-code-of-practice-2025", "ng:memberCount") == "25"
    pillars = set(kb.select("norms-of-process", process="p:pall-mall-declaration-2024")["notation"])
    assert pillars == {"Accountability", "Precision", "Oversight", "Transparency"}


def test_counter_ransomware_initiative_growth(kb):
    assert _value(kb, "p:counter-ransomware-initiative", "ng:memberCount") == "68"
    cri21 = _members(kb, "p:cri-2021")
    cri23 = _members(kb, "p:cri-2023")
    assert len(cri21) == 32 and len(cri23) == 50
    assert _value(kb, "p:cri-2021", "ng:memberCount") == "32"
    assert _value(kb, "p:cri-2023", "ng:memberCount") == "50"
    assert expand("actor:interpol") in cri23 and expand("actor:interpol") not in cri21
    # The 2023 statement names thirteen new members (twelve states and INTERPOL); five more
    # (Austria, Belgium, Croatia, Norway, Spain) are in neither the 2021 list nor the new ones.
    assert len(cri23 - cri21) == 13 + 5
    assert cri21 <= cri23
    assert _members(kb, "p:counter-ransomware-initiative", role="chair") == _states("USA")


def test_cri_2023_reaffirms_the_2021_commitments(kb):
    for later, earlier in [
        ("resilience", "resilience"),
        ("disruption", "disruption"),
        ("illicit-finance", "financial-abuse"),
    ]:
        assert kb.ask(f"ASK {{ n:cri-2023-{later} prov:wasDerivedFrom n:cri-2021-{earlier} }}")


def test_gcsc_commissioners_and_dates(kb):
    # Final report: 28 commissioners from 16 countries (Carnegie's 26 is in a comment).
    assert _value(kb, "p:gcsc", "ng:memberCount") == "28"
    assert _value(kb, "p:gcsc", "ng:startDate") == "2017-02"
    assert _value(kb, "p:gcsc", "ng:endDate") == "2021-12"


def test_tech_accord_founders_are_complete(kb):
    founders = _members(kb, "p:tech-accord", role="founder")
    assert len(founders) == 34
    assert _value(kb, "p:tech-accord", "ng:memberCount") == "34"
    assert _value(kb, "p:tech-accord", "ng:startDate") == "2018-04-17"


def test_paris_call_principle_1_follows_the_calls_wording(kb):
    definition = _value(kb, "n:paris-call-1", "skos:definition")
    assert "significant, indiscriminate or systemic harm" in definition
    assert "recover" in definition


def test_paris_call_election_community(kb):
    process = "p:paris-call-community-election-interference"
    assert _members(kb, process, role="founder") == {
        expand("actor:microsoft"),
        expand("actor:alliance-for-securing-democracy"),
    }
    assert _members(kb, process, role="chair", date="2020-01-01") == set()
    assert _members(kb, process, role="chair", date="2020-06-01") == _states("CAN")


def test_christchurch_call_launch_date_and_supporters(kb):
    assert _value(kb, "p:christchurch-call", "ng:startDate") == "2019-05-15"
    founders = _members(kb, "p:christchurch-call", role="founder")
    later = _members(kb, "p:christchurch-call", role="signatory or supporter")
    # RNZ: 17 governments at the launch; Wikipedia lists 54 signatory governments in all.
    founding_states = {m for m in founders if "/state/" in m}
    later_states = {m for m in later if "/state/" in m}
    assert len(founding_states) == 17
    assert len(founding_states | later_states) == 54
    assert not founding_states & later_states
    assert expand("state:USA") in later_states
    assert not kb.ask("ASK { p:christchurch-call ng:membersComplete true }")


def test_gfce_launched_by_the_london_process(kb):
    assert kb.ask("ASK { p:london-process ng:establishes p:gfce }")
    assert _value(kb, "p:gfce", "ng:startDate") == "2015-04-16"


def test_gcig_commissioners_overlap_with_the_gcsc_chairs(kb):
    # CIGI lists 28 of the GCIG's 29 members; Chertoff and Reddy later co-chaired the GCSC.
    gcig = _members(kb, "p:gcig") | _members(kb, "p:gcig", role="chair")
    assert len(gcig) == 28
    assert _value(kb, "p:gcig", "ng:memberCount") == "29"
    assert {expand("actor:michael-chertoff"), expand("actor:latha-reddy")} <= gcig
    assert not kb.ask("ASK { p:gcig ng:membersComplete true }")
