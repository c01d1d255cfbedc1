"""Regional bodies, the SCO, the EU and the Council of Europe against the pages they cite.

Each test names the source of the fact it checks (see data/regional/sources.ttl).
"""

from __future__ import annotations

import pytest

from normgraph.namespaces import expand

from .facts import assert_reviewed
from .facts import members as _members
from .facts import states as _states
from .facts import value as _value

REVIEWED = [
    "sco-code-of-conduct",
    "asean",
    "eu",
    "eu-cyber-diplomacy-toolbox",
    "budapest-convention",
    "osce",
    "osce-cbms-2013",
    "osce-cbms-2016",
    "asean-leaders-statement-2018",
    "amcc-2018",
    "asean-norms-checklist",
    "african-union",
    "malabo-convention",
    "au-common-position-2024",
    "oas",
    "oas-cbm-working-group",
    "oas-cybersecurity-strategy-2004",
    "cicte-declaration-2012",
    "sco",
    "sco-code-2011",
    "sco-code-2015",
]


@pytest.mark.parametrize("process", REVIEWED)
def test_reviewed_processes_have_short_label_and_review_date(kb, process):
    assert_reviewed(kb, process, "2026-12-03")


# Complete lists: (process, stated count, source)
COMPLETE = [
    ("asean", 10),  # ASEAN Leaders' Statement 2018, preamble
    ("osce", 57),  # osce.org list of participating States
    ("eu", 27),  # Western Balkans Info Hub glossary, EU-27
    ("oas", 35),  # World Factbook, OAS members (35)
    ("african-union", 55),  # Simple English Wikipedia copy, 55 members
    ("malabo-convention", 15),  # CIPIT: fifteen ratifications at entry into force
    ("sco", 8),  # CCDCOE SCO profile: eight members
]


@pytest.mark.parametrize(("process", "size"), COMPLETE)
def test_complete_member_lists_match_their_stated_counts(kb, process, size):
    assert _value(kb, f"p:{process}", "ng:memberCount") == str(size)
    assert _value(kb, f"p:{process}", "ng:membersComplete") == "true"
    assert len(_members(kb, f"p:{process}")) == size


def test_asean_members_are_the_ten_named_by_the_leaders(kb):
    assert _members(kb, "p:asean") == _states(
        "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"
    )


def test_non_un_members_are_actors(kb):
    assert expand("actor:holy-see") in _members(kb, "p:osce")
    assert expand("actor:sahrawi-arab-democratic-republic") in _members(kb, "p:african-union")


def test_budapest_convention_list_is_partial(kb):
    # Council of Europe: 70 Parties; only those the chart excerpts and lists name are recorded.
    assert _value(kb, "p:budapest-convention", "ng:memberCount") == "70"
    assert _value(kb, "p:budapest-convention", "ng:membersComplete") in (None, "false")
    parties = _members(kb, "p:budapest-convention")
    assert 30 < len(parties) < 70
    assert _states("ALB", "HRV", "EST", "HUN", "JPN", "CAN") <= parties


def test_budapest_convention_entry_into_force_dates(kb):
    # Treaty Office charts: in force 1 July 2004 for the first ratifying states (Albania,
    # Croatia, Estonia, Hungary); Armenia from 1 February 2007; France from 1 May 2006.
    in_force_2004 = _members(kb, "p:budapest-convention", date="2004-07-01")
    assert _states("ALB", "HRV", "EST", "HUN") <= in_force_2004
    assert _states("ARM", "FRA").isdisjoint(in_force_2004)
    assert _states("ARM", "FRA") <= _members(kb, "p:budapest-convention", date="2007-02-01")


def test_sco_code_sponsors(kb):
    # A/66/359 (2011): four states; A/69/723 (2015): six.
    assert _members(kb, "p:sco-code-2011", role="sponsor") == _states("CHN", "RUS", "TJK", "UZB")
    assert _members(kb, "p:sco-code-2015", role="sponsor") == _states(
        "CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"
    )
    for version in ("sco-code-2011", "sco-code-2015"):
        assert _value(kb, f"p:{version}", "ng:iterationOf") == expand("p:sco-code-of-conduct")


def test_dates(kb):
    expected = {
        "osce-cbms-2013": "2013-12-03",  # CCDCOE INCYDER 2013
        "osce-cbms-2016": "2016-03-10",  # PC.DEC/1202 header; CCDCOE 2016
        "amcc-2018": "2018-09-19",  # CSA press release
        "malabo-convention": "2014-06-27",  # technethics
        "au-common-position-2024": "2024-01-29",  # PSC communiqué 1196
        "sco-code-2011": "2011-09-12",  # letter date
        "sco-code-2015": "2015-01-09",  # letter date
        "eu-cyber-diplomacy-toolbox": "2017-06-19",  # Council press release
    }
    for process, date in expected.items():
        assert _value(kb, f"p:{process}", "ng:startDate") == date, process


@pytest.mark.parametrize(
    ("process", "count"),
    [
        ("osce-cbms-2013", 11),
        ("osce-cbms-2016", 16),
        ("sco-code-2011", 8),
        ("sco-code-2015", 6),
        ("eu-cyber-diplomacy-toolbox", 3),
        ("oas-cbm-working-group", 6),
    ],
)
def test_norm_counts(kb, process, count):
    assert len(kb.select("norms-of-process", process=f"p:{process}")) == count


def test_osce_2016_restates_the_eleven_of_2013(kb):
    # CCDCOE 2016: Decision No. 1202 adds five CBMs to the eleven of Decision No. 1106.
    table = kb.select(
        """SELECT ?later ?earlier WHERE {
             ?later skos:inScheme scheme:osce-2016 ; prov:qualifiedDerivation ?d .
             ?d prov:entity ?earlier ; ng:derivationKind ng:restates ; ng:confidence ng:Stated .
             ?earlier skos:inScheme scheme:osce-2013 }"""
    )
    pairs = set(zip(table["later"], table["earlier"], strict=True))
    assert pairs == {(expand(f"n:osce-2016-{i}"), expand(f"n:osce-2013-{i}")) for i in range(1, 12)}


def test_osce_2016_new_measures_have_no_2013_parent(kb):
    for i in range(12, 17):
        assert not kb.ask(f"ASK {{ n:osce-2016-{i} prov:wasDerivedFrom ?x }}")
    assert kb.ask("ASK { n:osce-2016-16 dcterms:subject topic:vulnerability-disclosure }")


def test_eu_toolbox_repeats_gge_wording(kb):
    assert kb.ask(
        """ASK { n:eu-toolbox-2017-territory prov:qualifiedDerivation ?d .
                 ?d prov:entity n:gge-2015-13c ; ng:confidence ng:Textual }"""
    )
    assert kb.ask(
        """ASK { n:eu-toolbox-2017-international-law prov:qualifiedDerivation ?d .
                 ?d prov:entity n:gge-2015-13f ; ng:confidence ng:Textual }"""
    )


def test_sco_2015_pledges_derive_from_2011(kb):
    assert kb.ask("ASK { n:sco-2015-peace-security prov:wasDerivedFrom n:sco-2011-b }")
    assert kb.ask("ASK { n:sco-2015-non-interference prov:wasDerivedFrom n:sco-2011-c }")
    assert kb.ask(
        "ASK { n:sco-2015-internet-governance prov:wasDerivedFrom n:sco-2011-internet-management }"
    )


def test_sco_pledges_on_information_control(kb):
    table = kb.select(
        """SELECT ?n WHERE {
             ?n skos:inScheme ?s ;
                dcterms:subject topic:sovereignty-and-information-control .
             VALUES ?s { scheme:sco-2011 scheme:sco-2015 } }"""
    )
    assert len(table) >= 6
    assert expand("n:sco-2011-c") in set(table["n"])


def test_asean_subscribes_to_the_2015_gge_norms(kb):
    # CSA press release and Digital Watch: the 3rd AMCC subscribed in principle to the 11 norms.
    assert kb.ask("ASK { p:amcc-2018 ng:adoptsNormsOf p:gge-2014-2015 }")
    assert kb.ask("ASK { p:gge-2014-2015 ng:reflectedInMandateOf p:asean-leaders-statement-2018 }")


def test_osce_2016_adopts_2013(kb):
    assert kb.ask("ASK { p:osce-cbms-2016 ng:adoptsNormsOf p:osce-cbms-2013 }")
    assert kb.ask("ASK { p:sco-code-2015 ng:succeeds p:sco-code-2011 }")


def test_asean_checklist_extends_gge_norms(kb):
    # ASPI: the 2024 checklist turns the eleven norms into action points, e.g. for 13(f) and 13(d).
    assert _value(kb, "p:asean-norms-checklist", "ng:startDate") == "2024-10"
    assert kb.ask(
        """ASK { n:asean-checklist-critical-infrastructure prov:qualifiedDerivation ?d .
                 ?d prov:entity n:gge-2015-13f ; ng:derivationKind ng:extends }"""
    )
    assert kb.ask("ASK { n:asean-checklist-crime-terrorism prov:wasDerivedFrom n:gge-2015-13d }")


def test_osce_joining_dates(kb):
    # osce.org timeline: the Baltic states joined on 10 September 1991, ten former Soviet states
    # in January 1992, Croatia, Georgia and Slovenia on 24 March 1992.
    on_1992_02 = _members(kb, "p:osce", date="1992-02-01")
    assert _states("EST", "LVA", "LTU", "KAZ", "UZB") <= on_1992_02
    assert _states("HRV", "GEO", "SVN", "SRB", "MNE").isdisjoint(on_1992_02)
    assert _states("HRV", "GEO", "SVN") <= _members(kb, "p:osce", date="1992-03-24")
