"""UN processes of 2004-2026 against the sources cited for them (data/un/, the UN entries of
data/processes.ttl and data/memberships/gge.ttl)."""

from __future__ import annotations

import pytest

from normgraph.namespaces import PREFIXES, expand

from .facts import assert_reviewed
from .facts import members as _members
from .facts import states as _states
from .facts import value as _value

P = PREFIXES["p"]
STATE = PREFIXES["state"]
REVIEWED = "2026-12-03"


# UNODA fact sheet, table of the groups: the resolution behind each GGE.
ESTABLISHING = {
    "gge-2004-2005": "unga-res-58-32",
    "gge-2009-2010": "unga-res-60-45",
    "gge-2012-2013": "unga-res-66-24",
    "gge-2014-2015": "unga-res-68-243",
    "gge-2016-2017": "unga-res-70-237",
    "gge-2019-2021": "unga-res-73-266",
}


@pytest.mark.parametrize(("gge", "resolution"), sorted(ESTABLISHING.items()))
def test_each_gge_is_established_by_its_resolution(kb, gge, resolution):
    assert kb.ask(f"ASK {{ p:{resolution} ng:establishes p:{gge} }}")
    assert _value(kb, f"p:{resolution}", "ng:form") == expand("ng:Resolution")
    # exactly one resolution establishes each GGE
    table = kb.select(f"SELECT ?r WHERE {{ ?r ng:establishes p:{gge} }}")
    assert set(table["r"]) == {P + resolution}


def test_the_fact_sheet_backs_every_new_establishing_relation(kb):
    table = kb.select(
        "SELECT ?gge WHERE { ?r ng:relationProperty ng:establishes ; ng:relationObject ?gge ;"
        " ng:confidence ng:Stated ; dcterms:source pa:unoda-factsheet-ict-security-table }"
    )
    expected = {g for g in ESTABLISHING if g != "gge-2019-2021"}  # 73/266: data/relations.ttl
    assert {P + g for g in expected} <= set(table["gge"])


def test_oewgs_are_established_by_73_27_and_75_240(kb):
    assert kb.ask("ASK { p:unga-res-73-27 ng:establishes p:oewg-2019-2021 }")
    assert kb.ask("ASK { p:unga-res-75-240 ng:establishes p:oewg-2021-2025 }")


def test_gge_2016_2017(kb):
    # Digital Watch: first session 29 August-2 September 2016; Russian MFA: ended 23 June
    # 2017 without consensus; German Foreign Office: Karsten Geier elected Chair; 25 states.
    assert _value(kb, "p:gge-2016-2017", "ng:startDate") == "2016-08-29"
    assert _value(kb, "p:gge-2016-2017", "ng:endDate") == "2017-06-23"
    assert _value(kb, "p:gge-2016-2017", "ng:outcome") == expand("ng:NoReport")
    assert _value(kb, "p:gge-2016-2017", "ng:memberCount") == "25"
    assert _members(kb, "p:gge-2016-2017", role="chair") == {expand("actor:karsten-geier")}
    members = _members(kb, "p:gge-2016-2017")
    assert members == _states("CAN", "CHN", "CUB", "DEU", "FRA", "GBR", "IND", "MEX", "RUS", "USA")
    # only 10 of the 25 are sourced: the list must not claim to be complete
    assert _value(kb, "p:gge-2016-2017", "ng:membersComplete") is None


# The GGE sizes and which lists are complete: tests/test_dataset.py (GGE_SIZES).


def test_unga_and_p5_are_complete(kb):
    assert _value(kb, "p:unga", "ng:memberCount") == "193"
    assert _value(kb, "p:unga", "ng:membersComplete") == "true"
    assert len(_members(kb, "p:unga")) == 193
    assert _value(kb, "p:unsc-p5", "ng:membersComplete") == "true"
    assert len(_members(kb, "p:unsc-p5")) == 5


def test_oewg_outcomes(kb):
    # A/75/816: consensus report with a Chair's summary (first and second APRs, para. 1-3).
    assert _value(kb, "p:oewg-2019-2021", "ng:outcomeDocument/dcterms:identifier") == "A/75/816"
    assert _value(kb, "p:oewg-2019-2021", "ng:outcome") == expand("ng:ReportWithChairSummary")
    assert _value(kb, "p:oewg-2019-2021", "ng:endDate") == "2021-03-12"
    assert _value(kb, "p:gge-2019-2021", "ng:outcomeDocument/dcterms:identifier") == "A/76/135"
    assert _value(kb, "p:gge-2019-2021", "ng:endDate") == "2021-05-28"  # ICT4Peace 2021
    # OEWG 2021-2025: 1 June 2021 to the consensus adoption of its final report, 11 July 2025.
    assert _value(kb, "p:oewg-2021-2025", "ng:startDate") == "2021-06-01"
    assert _value(kb, "p:oewg-2021-2025", "ng:endDate") == "2025-07-11"
    assert _value(kb, "p:oewg-2021-2025", "ng:status") == expand("ng:Concluded")
    assert _value(kb, "p:oewg-2021-2025", "ng:outcome") == expand("ng:ConsensusReport")
    assert _value(kb, "p:oewg-2021-2025", "ng:outcomeDocument/dcterms:identifier") == "A/80/257"


@pytest.mark.parametrize(
    ("symbol", "year"), [("A/77/275", "2022"), ("A/78/265", "2023"), ("A/79/214", "2024")]
)
def test_annual_progress_reports_are_sources(kb, symbol, year):
    table = kb.select(
        f'SELECT ?issued WHERE {{ ?s a ng:Source ; dcterms:identifier "{symbol}" ;'
        " dcterms:issued ?issued }"
    )
    assert list(map(str, table["issued"])) == [year]


def test_global_mechanism_succeeds_the_oewg(kb):
    assert kb.ask("ASK { p:global-mechanism-ict ng:succeeds p:oewg-2021-2025 }")
    assert kb.ask("ASK { p:oewg-2021-2025 ng:establishes p:global-mechanism-ict }")
    assert _value(kb, "p:global-mechanism-ict", "ng:status") == expand("ng:Active")
    assert _value(kb, "p:global-mechanism-ict", "ng:form") == expand("ng:Mechanism")
    assert _value(kb, "p:global-mechanism-ict", "ng:startDate") == "2026-03-30"
    assert _members(kb, "p:global-mechanism-ict", role="chair") == {expand("actor:egriselda-lopez")}


def test_poc_directory(kb):
    assert _value(kb, "p:un-poc-directory", "ng:form") == expand("ng:Mechanism")
    assert _value(kb, "p:un-poc-directory", "ng:startDate") == "2024-05"
    assert kb.ask("ASK { p:oewg-2021-2025 ng:establishes p:un-poc-directory }")
    assert _value(kb, "p:unga-dec-78-541", "ng:startDate") == "2023-12-22"


def test_programme_of_action(kb):
    assert _value(kb, "p:poa", "ng:status") == expand("ng:Proposed")
    assert kb.ask("ASK { p:unga-res-77-37 ng:endorses p:poa }")
    assert _value(kb, "p:unga-res-77-37", "ng:startDate") == "2022-12"


def test_cybercrime_convention(kb):
    # UN Treaty Collection: adopted 24 December 2024 by resolution 79/243; 72 signatories.
    assert _value(kb, "p:un-cybercrime-convention", "ng:startDate") == "2024-12-24"
    assert _value(kb, "p:un-cybercrime-convention", "ng:form") == expand("ng:Treaty")
    assert _value(kb, "p:un-cybercrime-convention", "ng:memberCount") == "72"
    assert _value(kb, "p:un-cybercrime-convention", "ng:membersComplete") is None
    assert kb.ask("ASK { p:unga-res-79-243 ng:establishes p:un-cybercrime-convention }")
    assert kb.ask("ASK { p:unga-res-74-247 ng:establishes p:un-cybercrime-ahc }")
    signatories = _members(kb, "p:un-cybercrime-convention", role="signatory or supporter")
    assert _states("DZA", "CHN", "FRA", "JAM", "VNM", "RUS", "GBR") <= signatories
    assert expand("actor:european-union") in signatories
    assert len(signatories) == 43  # 30 states + EU (treaty collection) + 12 states (NewsHour)
    for absent in ("USA", "CAN", "NZL", "JPN", "MEX", "IND", "ISR"):  # NewsHour: had not signed
        assert STATE + absent not in signatories
    # before the ceremony nobody had signed
    assert not _members(
        kb, "p:un-cybercrime-convention", role="signatory or supporter", date="2025-10-24"
    )


UN_PROCESSES_REVIEWED = [
    "unga",
    "unga-res-70-237",
    "unga-res-73-27",
    "unga-res-73-266",
    "unga-res-75-240",
    "gge",
    "gge-2004-2005",
    "gge-2009-2010",
    "gge-2012-2013",
    "gge-2014-2015",
    "gge-2016-2017",
    "gge-2019-2021",
    "oewg-2019-2021",
    "oewg-2021-2025",
    "poa",
    "joint-statement-2019",
    "unsc-p5",
]


@pytest.mark.parametrize("process", UN_PROCESSES_REVIEWED)
def test_reviewed_un_processes_have_short_label_and_review_date(kb, process):
    assert_reviewed(kb, process, REVIEWED)


def test_every_new_un_process_is_reviewed_and_short_labelled(kb):
    table = kb.select("un-processes")
    for process in set(table["process"]):
        assert _value(kb, process, "ng:lastReviewed") == REVIEWED, process
        assert _value(kb, process, "ng:shortLabel"), process


def test_every_year_from_2004_to_2026_has_a_dated_un_event(kb):
    un = set(kb.select("un-processes")["process"])
    dates = kb.select("SELECT ?p ?d WHERE { ?p ng:startDate|ng:endDate ?d }")
    years = {str(d)[:4] for p, d in zip(dates["p"], dates["d"], strict=True) if p in un}
    assert {str(y) for y in range(2004, 2027)} <= years


def test_resolutions_are_part_of_the_general_assembly(kb):
    table = kb.select(
        "SELECT ?r WHERE { ?r ng:form ng:Resolution ."
        " FILTER NOT EXISTS { ?r dcterms:isPartOf p:unga } }"
    )
    un_resolutions = {r for r in table["r"] if str(r).startswith(P + "unga-")}
    assert not un_resolutions
