"""The W3C SPARQL 1.1 Protocol tests (../shared/w3c/sparql11-protocol/manifest.ttl),
one test per manifest entry, against ``normgraph serve``.

What the endpoint does with them, as the README says:

- query tests pass as the manifest says;
- the endpoint serves one graph, so a protocol dataset (``default-graph-uri``,
  ``named-graph-uri``) and FROM / FROM NAMED get the documented refusal, 400 saying
  so. Entries whose data the manifest puts in named graphs (``ut:graphData``) are
  dataset tests: they get that refusal and nothing more. Other query entries that
  carry a ``default-graph-uri`` get the refusal too, and are then sent again without
  it, when they must pass as the manifest says;
- update tests get the documented refusal, 403 read-only; bad requests get the 4xx
  the manifest asks for (a PUT gets 405 before its dataset is looked at).
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import rdflib
from rdflib.collection import Collection

from normgraph.server.policy import NO_OTHER_GRAPHS, READ_ONLY

from .conftest import shared_file
from .servers import normgraph_server

pytestmark = pytest.mark.server

MANIFEST = "w3c/sparql11-protocol/manifest.ttl"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass(frozen=True)
class Exchange:
    """One request of a manifest entry and what its response must be."""

    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    statuses: frozenset[str]  # "2xx", "4xx", ...
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class Entry:
    name: str
    exchanges: tuple[Exchange, ...]
    graph_data: bool


def _entries() -> list[Entry]:
    graph = rdflib.Graph().parse(shared_file(MANIFEST), format="turtle")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    entries = []
    for node in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(node, MF.action)
        exchanges = tuple(
            _exchange(graph, request)
            for request in Collection(graph, graph.value(action, HT.requests))
        )
        name = str(node).rsplit("#", 1)[1]
        entries.append(Entry(name, exchanges, (node, UT.graphData, None) in graph))
    return entries


def _exchange(graph: rdflib.Graph, request: rdflib.term.Node) -> Exchange:
    body_node = graph.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    headers = {}
    header_list = graph.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue)
            )
    response = graph.value(request, HT.resp)
    statuses = frozenset(
        str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)
    )
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    return Exchange(
        method=str(graph.value(request, HT.methodName)),
        # The manifest's paths start with /sparql/; this endpoint is at /sparql.
        path="/sparql" + str(graph.value(request, HT.absolutePath)).removeprefix("/sparql/"),
        body=body,
        headers=headers,
        statuses=statuses,
        format=str(fmt) if fmt is not None else None,
        boolean=bool(boolean.toPython()) if boolean is not None else None,
    )


def _entries_or_none() -> list[Entry]:
    try:
        return _entries()
    except pytest.skip.Exception:
        return []


ENTRIES = _entries_or_none()


@pytest.fixture(scope="module")
def url():
    data = []
    for name in ("data1.nt", "data2.nt", "data3.nt"):
        data += ["--data", str(shared_file(f"w3c/sparql11-protocol/{name}"))]
    with normgraph_server("--no-bundled", "--no-site", *data) as base:
        yield base


def send(url: str, exchange: Exchange, path: str | None = None) -> tuple[int, str, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        connection.request(exchange.method, path or exchange.path, exchange.body, exchange.headers)
        response = connection.getresponse()
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        return response.status, media_type, response.read()
    finally:
        connection.close()


def _is_update(exchange: Exchange) -> bool:
    text = (exchange.body or b"").decode("utf-8", "replace")
    return (
        "update=" in exchange.path
        or "using-" in exchange.path
        or exchange.headers.get("content-type", "").startswith("application/sparql-update")
        or text.startswith("update=")
    )


def _has_dataset(exchange: Exchange) -> bool:
    query = dict(parse_qsl(urlsplit(exchange.path).query))
    text = (exchange.body or b"").decode("utf-8", "replace")
    return any(name in query for name in DATASET_PARAMETERS) or " FROM " in text


def _without_dataset(path: str) -> str:
    parts = urlsplit(path)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in DATASET_PARAMETERS]
    return parts.path + ("?" + urlencode(kept) if kept else "")


def check(exchange: Exchange, status: int, media_type: str, body: bytes) -> None:
    """The response is what the manifest expects of ``exchange``."""
    assert f"{status // 100}xx" in exchange.statuses, (status, body)
    if exchange.format == "boolean":
        assert media_type in ("application/sparql-results+json", "application/sparql-results+xml")
        if media_type.endswith("json"):
            answer = json.loads(body)["boolean"]
        else:
            ns = "{http://www.w3.org/2005/sparql-results#}"
            answer = ET.fromstring(body).find(f"{ns}boolean").text == "true"  # type: ignore[union-attr]
        if exchange.boolean is not None:
            assert answer is exchange.boolean
    elif exchange.format == "tabular":
        assert media_type in TABULAR
        if media_type.endswith("json"):
            assert "results" in json.loads(body)
    elif exchange.format == "RDF":
        assert media_type in RDF_FORMATS
        rdflib.Graph().parse(data=body, format=RDF_FORMATS[media_type])


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
def test_protocol(url, entry: Entry):
    first = entry.exchanges[0]
    status, media_type, body = send(url, first)
    if entry.name.startswith("update_"):
        # An update: the documented refusal, and nothing after it can pass.
        assert (status, body.decode().strip()) == (403, READ_ONLY)
        assert _is_update(first)
        return
    if entry.graph_data or entry.name == "query_multiple_dataset":
        # A dataset test: the documented refusal.
        assert (status, body.decode().strip()) == (400, NO_OTHER_GRAPHS)
        return
    if _has_dataset(first) and "4xx" not in first.statuses:
        assert (status, body.decode().strip()) == (400, NO_OTHER_GRAPHS)
        status, media_type, body = send(url, first, _without_dataset(first.path))
    check(first, status, media_type, body)
    for exchange in entry.exchanges[1:]:
        check(exchange, *send(url, exchange))


def test_every_manifest_entry_is_run():
    if not ENTRIES:
        pytest.skip("../shared/w3c is not here")
    assert len(ENTRIES) == 34
    names = {entry.name for entry in ENTRIES}
    assert {"query_get", "query_post_form", "update_post_direct", "bad_query_method"} <= names
