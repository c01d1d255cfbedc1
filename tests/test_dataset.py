"""The bundled dataset against what the seed papers and official texts state."""

from __future__ import annotations

import pytest

from normgraph.namespaces import PREFIXES, expand

from .conftest import shared_file
from .facts import members as _members
from .facts import value as _value

P = PREFIXES["p"]

GGE_SIZES = {  # Carnegie 2020, "The UN GGE": fifteen, then twenty (2015), twenty-five (2017, 2019)
    "gge-2004-2005": 15,
    "gge-2009-2010": 15,
    "gge-2012-2013": 15,
    "gge-2014-2015": 20,
    "gge-2016-2017": 25,
    "gge-2019-2021": 25,
}


@pytest.mark.parametrize(("iteration", "size"), sorted(GGE_SIZES.items()))
def test_gge_iteration_sizes_match_the_seeds(kb, iteration, size):
    assert _value(kb, f"p:{iteration}", "ng:memberCount") == str(size)
    assert _value(kb, f"p:{iteration}", "ng:iterationOf") == P + "gge"
    members = _members(kb, f"p:{iteration}")
    complete = kb.ask(f"ASK {{ p:{iteration} ng:membersComplete true }}")
    # A complete list has every member the report annexes; a partial one (2016-2017,
    # whose report was not read) never claims more than the stated size.
    assert len(members) == size if complete else len(members) < size


def test_gge_lists_are_complete_where_the_reports_give_them(kb):
    complete = [it for it in GGE_SIZES if kb.ask(f"ASK {{ p:{it} ng:membersComplete true }}")]
    assert complete == [
        "gge-2004-2005",
        "gge-2009-2010",
        "gge-2012-2013",
        "gge-2014-2015",
        "gge-2019-2021",
    ]


def test_gge_outcomes(kb):
    outcomes = {it: _value(kb, f"p:{it}", "ng:outcome") for it in GGE_SIZES}
    no_report = {it for it, o in outcomes.items() if o == expand("ng:NoReport")}
    assert no_report == {"gge-2004-2005", "gge-2016-2017"}
    symbols = {
        it: _value(kb, f"p:{it}", "ng:outcomeDocument/dcterms:identifier") for it in GGE_SIZES
    }
    assert symbols["gge-2009-2010"] == "A/65/201"
    assert symbols["gge-2012-2013"] == "A/68/98"
    assert symbols["gge-2014-2015"] == "A/70/174"
    assert symbols["gge-2019-2021"] == "A/76/135"


FIGURE_1 = [  # Carnegie 2020, Figure 1 "Norm Process Cross-Pollination", links A to D
    ("gcsc", "adoptsNormsOf", "gge"),
    ("paris-call", "adoptsNormsOf", "gge"),
    ("paris-call", "adoptsNormsOf", "gcsc"),
    ("gcsc", "signsOnTo", "paris-call"),
    ("charter-of-trust", "signsOnTo", "paris-call"),
    ("tech-accord", "signsOnTo", "paris-call"),
    ("gge", "reflectedInMandateOf", "oewg-2019-2021"),
]


@pytest.mark.parametrize(("subject", "relation", "target"), FIGURE_1)
def test_figure_1_links_are_sourced_to_the_figure(kb, subject, relation, target):
    assert kb.ask(
        f"ASK {{ ?r ng:relationSubject p:{subject} ; ng:relationProperty ng:{relation} ;"
        f" ng:relationObject p:{target} ; dcterms:source pa:carnegie-2020-figure-1 }}"
    )
    assert kb.ask(f"ASK {{ p:{subject} ng:{relation} p:{target} }}")


@pytest.mark.parametrize(
    ("process", "count"),
    [
        ("gge-2014-2015", 11),
        ("gcsc", 8),
        ("paris-call", 9),
        ("tech-accord", 4),
        ("charter-of-trust", 10),
        ("microsoft-norms-2015", 6),
    ],
)
def test_norm_counts_per_scheme(kb, process, count):
    assert len(kb.select("norms-of-process", process=f"p:{process}")) == count


def test_gge_2015_norms_are_13a_to_13k(kb):
    notations = set(kb.select("norms-of-process", process="p:gge-2014-2015")["notation"])
    assert notations == {f"13({letter})" for letter in "abcdefghijk"}


def test_public_core_principle_derives_from_the_global_commission(kb):
    # Carnegie 2020, "The Paris Call": its public-core principle adopts the Commission's norm.
    assert kb.ask("ASK { n:paris-call-2 prov:wasDerivedFrom n:gcsc-1 }")


def test_joint_statement_2019_has_27_signatories(kb):
    # Carnegie 2020: "the United States and twenty-six other countries".
    signatories = _members(kb, "p:joint-statement-2019", role="signatory or supporter")
    assert len(signatories) == 27
    assert expand("state:USA") in signatories


def test_global_commission_funders_and_chairs(kb):
    # Carnegie 2020, "The Global Commission", Structure.
    assert _members(kb, "p:gcsc", role="funder") == {
        expand("state:NLD"),
        expand("state:FRA"),
        expand("state:SGP"),
    }
    # Carnegie names the two co-chairs; the Paris Peace Forum's project page names
    # Marina Kaljurand as chair beside them.
    assert _members(kb, "p:gcsc", role="chair") == {
        expand("actor:michael-chertoff"),
        expand("actor:latha-reddy"),
        expand("actor:marina-kaljurand"),
    }


def test_every_un_member_state_is_in_the_general_assembly(kb):
    assert len(_members(kb, "p:unga")) == 193


def test_p5_are_the_permanent_members(kb):
    assert _members(kb, "p:unsc-p5") == {
        expand(f"state:{code}") for code in ("CHN", "FRA", "GBR", "RUS", "USA")
    }


def test_paris_call_absentees_named_by_the_seeds(kb, tmp_path):
    # ICT4Peace 2018: Russia, China, India, Brazil and Indonesia are absent from the Call;
    # Carnegie 2020: neither is the United States (it joined on 2021-11-11).
    import normgraph
    from normgraph.importers.paris_call import to_turtle

    turtle, _report = to_turtle(shared_file("data/paris-call-supporters.csv"), kb)
    path = tmp_path / "paris-call.ttl"
    path.write_text(turtle, encoding="utf-8")
    imported = normgraph.load([path])
    supporters = _members(imported, "p:paris-call", role="signatory or supporter")
    for code in ("RUS", "CHN", "IND", "BRA", "IDN"):
        assert expand(f"state:{code}") not in supporters
    assert expand("state:USA") in supporters
    assert expand("state:USA") not in _members(
        imported, "p:paris-call", role="signatory or supporter", date="2020-01-31"
    )


def test_no_norm_derives_from_a_norm_put_forward_later(kb):
    from normgraph.analytics.views import views
    from normgraph.dates import period_start

    norms = views(kb).norms.set_index("norm")["date"]
    derivations = views(kb).derivations
    assert len(derivations) > 0
    later = period_start(norms.reindex(derivations["earlier"]).reset_index(drop=True))
    derived = period_start(norms.reindex(derivations["norm"]).reset_index(drop=True))
    backwards = derivations[(later > derived).to_numpy()]
    assert backwards.empty, backwards[["norm", "earlier"]].to_string()
