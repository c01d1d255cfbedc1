"""The query sandbox: answers, caps, and queries stopped at the time limit."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from normgraph.server.sandbox import Limits, Sandbox

# A thousand-odd triples, cubed: runs for minutes unless stopped.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PROCESSES = "SELECT ?p WHERE { ?p a ng:Process } ORDER BY ?p"


@pytest.fixture(scope="module")
def sandbox(fixture_kb_module):
    with Sandbox(fixture_kb_module.dump("nt"), Limits(timeout=1.0, max_rows=3, workers=2)) as box:
        yield box


@pytest.fixture(scope="module")
def fixture_kb_module():
    import normgraph

    from .conftest import FIXTURES

    return normgraph.load([FIXTURES / "sparql-library.ttl"], bundled=False)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_select_answers_in_each_format(sandbox):
    answer = sandbox.run(PROCESSES, tabular="json", graph=None)
    assert answer.status == 200
    assert answer.media_type == "application/sparql-results+json"
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [r["p"]["value"].rsplit("/", 1)[1] for r in rows] == ["alpha", "beta", "gamma"]
    csv = sandbox.run(PROCESSES, tabular="csv", graph=None)
    assert csv.body.splitlines()[:2] == [b"p", b"https://w3id.org/normgraph/id/process/alpha"]
    tsv = sandbox.run(PROCESSES, tabular="tsv", graph=None)
    assert tsv.body.splitlines()[1] == b"<https://w3id.org/normgraph/id/process/alpha>"
    xml = sandbox.run(PROCESSES, tabular="xml", graph=None)
    assert b"<uri>https://w3id.org/normgraph/id/process/alpha</uri>" in xml.body


def test_rows_beyond_the_cap_are_cut_and_flagged(sandbox):
    capped = sandbox.run(PROCESSES, tabular="json", graph=None)
    assert capped.truncated
    assert len(json.loads(capped.body)["results"]["bindings"]) == 3
    exact = sandbox.run(PROCESSES + " LIMIT 3", tabular="json", graph=None)
    assert not exact.truncated


def test_graphs_are_capped_in_triples(sandbox):
    answer = sandbox.run("CONSTRUCT WHERE { ?s a ?o }", tabular=None, graph="nt")
    assert answer.truncated
    assert len(answer.body.splitlines()) == 3


def test_literals_keep_language_and_datatype(sandbox):
    query = 'SELECT ?l ?d WHERE { BIND("x"@en AS ?l) BIND(1 AS ?d) }'
    row = json.loads(sandbox.run(query, tabular="json", graph=None).body)["results"]["bindings"][0]
    assert row["l"] == {"type": "literal", "value": "x", "xml:lang": "en"}
    assert row["d"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_malformed_query_gets_the_parser_message(sandbox):
    answer = sandbox.run("SELECT * WHERE { ?s ?p }", tabular="json", graph=None)
    assert answer.status == 400
    assert b"error at 1:" in answer.body


def test_a_result_kind_the_client_does_not_accept_is_406(sandbox):
    assert sandbox.run("ASK { ?s ?p ?o }", tabular=None, graph="ttl").status == 406


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_query_past_the_time_limit_is_stopped(sandbox):
    zygote = sandbox._zygote.pid
    started = time.monotonic()
    answer = sandbox.run(SLOW, tabular="json", graph=None)
    elapsed = time.monotonic() - started
    assert answer.status == 503
    assert b"1 s limit" in answer.body
    assert 1.0 <= elapsed < 2.0
    # Well before the CPU-time backstop (2 s) could have stopped it.
    deadline = time.monotonic() + 0.5
    while _children(zygote) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _children(zygote) == []  # the child was killed, not left running
    # The sandbox still answers afterwards.
    assert sandbox.run("ASK { ?s ?p ?o }", tabular="json", graph=None).body.endswith(b"true}")


def test_the_zygote_stops_with_the_sandbox(fixture_kb_module):
    box = Sandbox(fixture_kb_module.dump("nt"), Limits(timeout=1.0))
    pid = box._zygote.pid
    box.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_limits_must_be_positive():
    from normgraph.errors import UsageError

    with pytest.raises(UsageError):
        Limits(timeout=0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_a_query_past_the_memory_limit_is_stopped(fixture_kb_module):
    limits = Limits(timeout=20.0, max_memory=64 << 20)
    with Sandbox(fixture_kb_module.dump("nt"), limits) as box:
        started = time.monotonic()
        answer = box.run("SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a", tabular="json", graph=None)
        assert answer.status == 503
        assert b"64 MiB" in answer.body
        assert time.monotonic() - started < 15  # stopped by memory, well before the time limit
        assert box.run("ASK { ?s ?p ?o }", tabular="json", graph=None).status == 200
