"""The Paris Call importer: the real supporter list (when present) and a messy fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

import normgraph
from normgraph.cli import main
from normgraph.errors import DataFileError
from normgraph.importers import paris_call
from normgraph.store.kb import KnowledgeBase
from normgraph.store.validation import validate

from .conftest import FIXTURES, IN_CI, SHARED

SUPPORTERS = SHARED / "data" / "paris-call-supporters.csv"

ID = "https://w3id.org/normgraph/id/"
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
NG = rdflib.Namespace("https://w3id.org/normgraph/ontology#")
PARIS_CALL = rdflib.URIRef(ID + "process/paris-call")


def state(code: str) -> rdflib.URIRef:
    return rdflib.URIRef(ID + "state/" + code)


def actor(local: str) -> rdflib.URIRef:
    return rdflib.URIRef(ID + "actor/" + local)


def signatories(graph: rdflib.Graph) -> dict[rdflib.term.Node, rdflib.term.Node]:
    """member -> membership, for the signatory memberships of the Paris Call in ``graph``."""
    return {
        graph.value(m, ORG.member): m
        for m in graph.subjects(ORG.role, NG.signatory)
        if graph.value(m, ORG.organization) == PARIS_CALL
    }


def date_listed(graph: rdflib.Graph, membership: rdflib.term.Node) -> str:
    interval = graph.value(membership, ORG.memberDuring)
    return str(graph.value(graph.value(interval, TIME.inside), TIME.inXSDDate))


@pytest.fixture(scope="module")
def bundled(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled knowledge base (read-only), which imported rows are matched against."""
    return kb


@pytest.fixture(scope="module")
def real_import(bundled: KnowledgeBase) -> tuple[rdflib.Graph, paris_call.Report]:
    if not SUPPORTERS.is_file():
        if IN_CI:
            pytest.fail(f"{SUPPORTERS} is missing (required in CI)")
        pytest.skip(f"{SUPPORTERS} is not present (it lives in ../shared, beside the repository)")
    text, report = paris_call.to_turtle(SUPPORTERS, bundled)
    return rdflib.Graph().parse(data=text, format="turtle"), report


def test_every_row_is_mapped(real_import: tuple[rdflib.Graph, paris_call.Report]) -> None:
    _graph, report = real_import
    assert report.rows == 1222
    assert report.unmapped == []
    assert report.states == 81
    assert report.organisations == report.rows - 81


def test_state_rows_are_un_member_states(
    real_import: tuple[rdflib.Graph, paris_call.Report], bundled: KnowledgeBase
) -> None:
    graph, _report = real_import
    members = {str(m) for m in signatories(graph)}
    states = {m for m in members if m.startswith(ID + "state/")}
    assert len(states) == 81
    known = set(bundled.select("SELECT ?s WHERE { ?s a ng:State }")["s"])
    assert states <= known
    for code in ("ROU", "SRB", "MNE", "DEU", "FRA"):
        assert str(state(code)) in states


def test_united_states_listed_2021_11_11_and_absentees_absent(
    real_import: tuple[rdflib.Graph, paris_call.Report],
) -> None:
    graph, _report = real_import
    members = signatories(graph)
    assert date_listed(graph, members[state("USA")]) == "2021-11-11"
    for code in ("CHN", "RUS", "IND", "BRA", "IDN"):
        assert state(code) not in members


def test_microsoft_is_merged_into_the_existing_actor(
    real_import: tuple[rdflib.Graph, paris_call.Report],
) -> None:
    graph, report = real_import
    members = signatories(graph)
    assert actor("microsoft") in members
    assert str(members[actor("microsoft")]).endswith("/membership/paris-call-microsoft")
    assert (actor("microsoft"), rdflib.RDF.type, None) not in graph
    assert report.merged > 0


def test_every_row_cites_its_own_passage(
    real_import: tuple[rdflib.Graph, paris_call.Report],
) -> None:
    graph, _report = real_import
    passages = set(graph.subjects(rdflib.RDF.type, NG.Passage))
    assert len(passages) == 1222


# --- The messy fixture --------------------------------------------------------------


@pytest.fixture(scope="module")
def messy(bundled: KnowledgeBase) -> tuple[str, rdflib.Graph, paris_call.Report]:
    text, report = paris_call.to_turtle(FIXTURES / "paris-call-messy.csv", bundled)
    return text, rdflib.Graph().parse(data=text, format="turtle"), report


def test_fixture_states_by_french_name_and_legacy_codes(
    messy: tuple[str, rdflib.Graph, paris_call.Report],
) -> None:
    _text, graph, report = messy
    members = signatories(graph)
    for code in ("DEU", "ROU", "SRB", "MNE", "USA"):
        assert state(code) in members
    assert report.states == 5


def test_fixture_unmapped_rows_are_reported_with_line_and_reason(
    messy: tuple[str, rdflib.Graph, paris_call.Report],
) -> None:
    _text, _graph, report = messy
    unmapped = {p.line: p.message for p in report.unmapped}
    assert set(unmapped) == {7, 8, 9, 16}
    assert "not a UN member state" in unmapped[7]
    assert "means DEU but its name means FRA" in unmapped[8]
    assert "unknown category 'alien'" in unmapped[16]
    assert report.rows == report.mapped + len(report.unmapped)


def test_fixture_organisations(messy: tuple[str, rdflib.Graph, paris_call.Report]) -> None:
    _text, graph, report = messy
    assert graph.value(actor("acme-widgets"), rdflib.RDFS.label) == rdflib.Literal("Acme Widgets")
    assert graph.value(actor("acme-widgets"), NG.nationality) == state("FRA")
    assert (actor("mystery-lab"), rdflib.RDF.type, NG.Actor) in graph
    assert (actor("some-startup"), rdflib.RDF.type, NG.Company) in graph
    # INTERPOL is in the bundled data (data/others/actors.ttl): the row joins that actor
    # rather than declaring a second one.
    assert (None, ORG.member, actor("interpol")) in graph
    assert (actor("interpol"), rdflib.RDF.type, None) not in graph
    assert graph.value(actor("bruxelles-numerique-region"), NG.nationality) is None
    warned = {p.line for p in report.warnings}
    assert {4, 12, 13, 14, 17} <= warned
    assert report.merged == 2


def test_fixture_dates(messy: tuple[str, rdflib.Graph, paris_call.Report]) -> None:
    _text, graph, _report = messy
    members = signatories(graph)
    serbia = graph.value(members[state("SRB")], ORG.memberDuring)
    beginning = graph.value(serbia, TIME.hasBeginning)
    assert str(graph.value(beginning, TIME.inXSDDate)) == "2019-11-12"
    assert graph.value(serbia, TIME.inside) is None
    assert graph.value(members[actor("some-startup")], ORG.memberDuring) is None


def test_fixture_output_conforms_to_the_shapes(
    messy: tuple[str, rdflib.Graph, paris_call.Report], tmp_path: Path
) -> None:
    text, _graph, _report = messy
    output = tmp_path / "paris-call.ttl"
    output.write_text(text, encoding="utf-8")
    assert validate(normgraph.load([output])) == []


def test_output_is_deterministic(bundled: KnowledgeBase) -> None:
    first, _ = paris_call.to_turtle(FIXTURES / "paris-call-messy.csv", bundled)
    second, _ = paris_call.to_turtle(FIXTURES / "paris-call-messy.csv", bundled)
    assert first == second


def test_malformed_row_is_an_error_with_its_line(bundled: KnowledgeBase) -> None:
    with pytest.raises(DataFileError) as error:
        paris_call.to_turtle(FIXTURES / "paris-call-malformed.csv", bundled)
    assert error.value.line == 3
    assert "expected 8 fields" in str(error.value)


def test_cli_reports_rows_and_writes_atomically(tmp_path: Path, capsys) -> None:
    output = tmp_path / "out.ttl"
    assert (
        main(["import", "paris-call", str(FIXTURES / "paris-call-messy.csv"), "-o", str(output)])
        == 0
    )
    err = capsys.readouterr().err
    assert "paris-call-messy.csv:7: unmapped:" in err
    assert "16 rows: 5 states, 7 organisations" in err
    assert output.read_text(encoding="utf-8").startswith("# Supporters of the Paris Call")


def test_cli_malformed_file_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    output = tmp_path / "out.ttl"
    code = main(
        ["import", "paris-call", str(FIXTURES / "paris-call-malformed.csv"), "-o", str(output)]
    )
    assert code == 2
    assert "paris-call-malformed.csv:3: malformed row" in capsys.readouterr().err
    assert not output.exists()


def test_rows_merge_into_actors_of_the_users_own_data() -> None:
    # Such an actor's IRI is in no normgraph namespace: it must be written as <IRI>.
    kb = normgraph.load([FIXTURES / "import-known-actor.ttl"])
    turtle, _report = paris_call.to_turtle(FIXTURES / "paris-call-messy.csv", kb)
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    acme = rdflib.URIRef("https://example.org/acme")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    (membership,) = graph.subjects(org.member, acme)
    assert str(membership).endswith("/membership/paris-call-acme")


def test_import_needs_no_pandas(tmp_path: Path) -> None:
    # pandas took half a second of a 1.1 s import; the importer reads query rows as JSON.
    probe = (
        "import sys\n"
        "from normgraph.cli import main\n"
        f"code = main(['import', 'paris-call', {str(FIXTURES / 'paris-call-messy.csv')!r},"
        f" '-o', {str(tmp_path / 'out.ttl')!r}])\n"
        "print(code, 'pandas' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 False"


def test_query_rows_name_blank_nodes_and_leave_unbound_variables_out() -> None:
    kb = normgraph.load([FIXTURES / "valid-base.ttl"], bundled=False)
    rows = paris_call._bindings(kb, "process-memberships", process="https://example.org/beta")
    (row,) = [r for r in rows if r["membership"] == "https://example.org/m1"]
    assert row["member"] == "https://example.org/ruritania"
    assert row["interval"].startswith("_:")
    states = paris_call._bindings(kb, "labelled-resources", **{"class": "ng:State"})
    assert states and all("notation" not in r for r in states)
