"""SPARQL users get memberships and derivations with W3C vocabularies alone."""

from __future__ import annotations


def test_org_member_of_answers_every_membership(kb):
    asserted = kb.select(
        "SELECT ?a ?p WHERE { ?m a org:Membership ; org:member ?a ; org:organization ?p }"
    )
    standard = kb.select(
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?a ?p WHERE { ?a org:memberOf ?p }"
    )
    inverse = kb.select(
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?a ?p WHERE { ?p org:hasMember ?a }"
    )
    pairs = set(zip(asserted["a"], asserted["p"], strict=True))
    assert len(pairs) > 0
    assert set(zip(standard["a"], standard["p"], strict=True)) == pairs
    assert set(zip(inverse["a"], inverse["p"], strict=True)) == pairs


def test_prov_was_derived_from_answers_every_derivation(kb):
    qualified = kb.select(
        "SELECT ?n ?e WHERE { ?n prov:qualifiedDerivation ?d ."
        " ?d a ng:Derivation ; prov:entity ?e }"
    )
    standard = kb.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?n ?e WHERE { ?n prov:wasDerivedFrom ?e }"
    )
    pairs = set(zip(qualified["n"], qualified["e"], strict=True))
    assert set(zip(standard["n"], standard["e"], strict=True)) == pairs


def test_fixture_membership_and_derivation_through_standard_terms(fixture_kb):
    kb = fixture_kb("valid-base.ttl")
    assert kb.ask("ASK { <https://example.org/ruritania> org:memberOf <https://example.org/beta> }")
    assert kb.ask("ASK { <https://example.org/b1> prov:wasDerivedFrom <https://example.org/a1> }")
    # Sub-properties and sub-classes are materialised: ng:State is an org:Organization.
    assert kb.ask("ASK { <https://example.org/ruritania> a org:Organization }")
    assert kb.ask(
        "ASK { <https://example.org/beta> prov:wasInfluencedBy <https://example.org/alpha> }"
    )
