"""The remote backend: every command works unchanged against a SPARQL 1.1 endpoint.

The endpoint is a real Oxigraph server on loopback, loaded with the output of
``normgraph export --format nt``, as a user would load Virtuoso or QLever.
"""

from __future__ import annotations

import filecmp
import json

import pytest

import normgraph
from normgraph.cli import main
from normgraph.errors import NormgraphError, UsageError
from normgraph.store.remote import RemoteBackend

from .conftest import FIXTURES
from .servers import free_port, normgraph_server, oxigraph_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    folder = tmp_path_factory.mktemp("remote")
    export = folder / "normgraph.nt"
    assert main(["export", "--format", "nt", "-o", str(export)]) == 0
    with oxigraph_server(export, folder) as url:
        yield url


def _output(capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out


@pytest.mark.parametrize(
    "argv",
    [
        ["stats"],
        ["stats", "--format", "json"],
        ["query", "timeline"],
        [
            "query",
            "members-of-process",
            "-p",
            "process=Paris Call for Trust and Security in Cyberspace",
        ],
        ["query", "norm-adoption", "--format", "csv"],
        ["query", "--sparql", "ASK { p:gcsc a ng:Process }"],
        ["lineage", "n:paris-call-5"],
        ["overlap", "p:gcsc", "p:paris-call"],
        ["validate"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_commands_answer_the_same_locally_and_remotely(capsys, endpoint, argv):
    local = _output(capsys, argv)
    remote = _output(capsys, [*argv, "--endpoint", endpoint])
    assert remote == local
    assert local[1].strip()


def test_graph_queries_answer_the_same_triples_remotely(capsys, endpoint):
    argv = ["query", "--sparql", "DESCRIBE p:gcsc", "--graph-format", "nt"]
    local = _output(capsys, argv)
    remote = _output(capsys, [*argv, "--endpoint", endpoint])
    assert sorted(remote[1].splitlines()) == sorted(local[1].splitlines())  # a graph: no order
    assert "Global Commission" in local[1]


def test_build_writes_the_same_site_from_an_endpoint(tmp_path, endpoint, capsys):
    assert main(["build", "--out", str(tmp_path / "local")]) == 0
    assert main(["build", "--out", str(tmp_path / "remote"), "--endpoint", endpoint]) == 0
    capsys.readouterr()
    comparison = filecmp.dircmp(tmp_path / "local", tmp_path / "remote")
    differences = []

    def collect(cmp):
        differences.extend(cmp.left_only + cmp.right_only + cmp.diff_files)
        for sub in cmp.subdirs.values():
            collect(sub)

    collect(comparison)
    assert differences == []


def test_len_and_dump_match_the_local_graph(endpoint):
    local = normgraph.load()
    remote = normgraph.load(endpoint=endpoint)
    assert len(remote) == len(local)
    assert len(remote.dump("nt").splitlines()) == len(local.dump("nt").splitlines())
    assert len(remote.to_rdflib()) == len(local)
    turtle = remote.dump("ttl")
    assert turtle.startswith(b"@prefix") or b"<https://w3id.org/normgraph/" in turtle


def test_remote_is_read_only(endpoint, tmp_path):
    remote = RemoteBackend(endpoint)
    assert remote.local is False
    with pytest.raises(UsageError, match="only reads"):
        remote.load_file(tmp_path / "x.ttl")
    with pytest.raises(UsageError, match="does not update"):
        remote.update("DROP ALL")
    with pytest.raises(UsageError, match="does not update"):
        remote.query("DROP ALL")
    with pytest.raises(UsageError, match="only reads"):
        normgraph.load([FIXTURES / "sparql-library.ttl"], endpoint=endpoint)


def test_errors_from_the_endpoint_are_one_line(endpoint, capsys):
    with pytest.raises(UsageError, match="rejected the query"):
        RemoteBackend(endpoint).query("SELECT * WHERE { ?s ?p }")
    unreachable = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(NormgraphError, match="cannot query"):
        len(RemoteBackend(unreachable))
    assert main(["stats", "--endpoint", unreachable]) == 2
    assert "error: cannot query" in capsys.readouterr().err


def test_answers_in_another_format_are_converted(endpoint):
    remote = RemoteBackend(endpoint)
    for tabular in ("json", "xml", "csv", "tsv"):
        result = remote.query(
            "SELECT ?p WHERE { ?p a <https://w3id.org/normgraph/ontology#Process> }",
            tabular=tabular,
        )
        assert result.kind == "select" and result.body
    ask = remote.query("ASK { ?s ?p ?o }", tabular="json")
    assert (ask.kind, json.loads(ask.body)["boolean"]) == ("ask", True)
    for graph in ("ttl", "nt", "jsonld"):
        result = remote.query("DESCRIBE <https://w3id.org/normgraph/id/process/gcsc>", graph=graph)
        assert result.kind == "graph" and b"gcsc" in result.body


def test_a_normgraph_endpoint_as_backend_and_its_row_cap(tmp_path):
    fixture = str(FIXTURES / "sparql-library.ttl")
    with normgraph_server(
        "--no-bundled", "--data", fixture, "--no-site", "--max-rows", "30"
    ) as base:
        kb = normgraph.load(endpoint=base + "sparql")
        members = kb.select("members-of-process", process="p:alpha")
        assert sorted(members["label"]) == ["Aland", "Borduria"]
        with pytest.raises(NormgraphError, match="cut the answer"):
            kb.dump("nt")  # far more than 30 triples: refused rather than cut silently
