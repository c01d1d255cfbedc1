"""The committed data/states.ttl is what the states importer generates, and is complete."""

from __future__ import annotations

from pathlib import Path

import rdflib

from normgraph.importers import states

ROOT = Path(__file__).resolve().parents[1]
STATES_TTL = ROOT / "data" / "states.ttl"
NG = rdflib.Namespace("https://w3id.org/normgraph/ontology#")
STATE = rdflib.Namespace("https://w3id.org/normgraph/id/state/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
UNGA = rdflib.URIRef("https://w3id.org/normgraph/id/process/unga")


def test_committed_file_is_up_to_date() -> None:
    generated = states.to_turtle(states.un_member_states())
    assert STATES_TTL.read_text(encoding="utf-8") == generated, (
        "data/states.ttl is stale: run `python -m normgraph.importers.states -o data/states.ttl`"
    )


def test_193_member_states_with_codes_and_unga_membership() -> None:
    graph = rdflib.Graph().parse(STATES_TTL, format="turtle")
    members = set(graph.subjects(rdflib.RDF.type, NG.State))
    assert len(members) == 193
    for code in ("DEU", "USA", "CHN", "RUS"):
        assert STATE[code] in members
        assert graph.value(STATE[code], NG.iso3166Alpha3) == rdflib.Literal(code)
    assert graph.value(STATE.DEU, NG.iso3166Alpha2) == rdflib.Literal("DE")
    in_unga = {graph.value(m, ORG.member) for m in graph.subjects(ORG.organization, UNGA)}
    assert in_unga == members


def test_output_is_deterministic() -> None:
    first = states.to_turtle(states.un_member_states())
    assert first == states.to_turtle(states.un_member_states())


def test_main_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "states.ttl"
    assert states.main(["-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == STATES_TTL.read_text(encoding="utf-8")
