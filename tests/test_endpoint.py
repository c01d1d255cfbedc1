"""normgraph serve: the SPARQL 1.1 Protocol, its read-only rules and limits, the query
page and the site, tested over HTTP and with clients written elsewhere (SPARQLWrapper,
rdflib's SPARQLStore)."""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import json
import socket
import time
from urllib.parse import quote, urlencode, urlsplit

import pytest
import rdflib

from .conftest import FIXTURES
from .servers import normgraph_server

pytestmark = pytest.mark.server

FIXTURE = str(FIXTURES / "sparql-library.ttl")
NG = "https://w3id.org/normgraph/ontology#"
PROCESSES = "SELECT ?p WHERE { ?p a ng:Process } ORDER BY ?p"
EXPECTED = ["alpha", "beta", "gamma", "series", "world"]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 40


@pytest.fixture(scope="module")
def url():
    limits = ["--timeout", "1", "--max-rows", str(MAX_ROWS), "--workers", "2"]
    with normgraph_server("--no-bundled", "--data", FIXTURE, "--no-site", *limits) as base:
        yield base


def request(url, method, path, body=None, headers=None):
    """(status, headers with lower-case names, body) of one HTTP request."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def get(url, query, accept=None, **params):
    path = "/sparql?" + urlencode({"query": query, **params})
    return request(url, "GET", path, headers={"Accept": accept} if accept else {})


def post_form(url, fields, accept=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request(url, "POST", "/sparql", urlencode(fields), headers)


def post_direct(url, query, accept=None, content_type="application/sparql-query"):
    headers = {"Content-Type": content_type} | ({"Accept": accept} if accept else {})
    return request(url, "POST", "/sparql", query.encode(), headers)


def names(body: bytes) -> list[str]:
    rows = json.loads(body)["results"]["bindings"]
    return [row["p"]["value"].rsplit("/", 1)[1] for row in rows]


# -- the three ways to send a query ----------------------------------------------


def test_get(url):
    status, headers, body = get(url, PROCESSES)
    assert status == 200
    assert headers["content-type"] == "application/sparql-results+json"
    assert names(body) == EXPECTED


def test_post_form(url):
    status, _headers, body = post_form(url, {"query": PROCESSES})
    assert status == 200
    assert names(body) == EXPECTED


def test_post_direct(url):
    status, _headers, body = post_direct(url, PROCESSES)
    assert status == 200
    assert names(body) == EXPECTED


def test_post_direct_with_charset_parameter(url):
    status, _, body = post_direct(
        url, PROCESSES, content_type="application/sparql-query; charset=utf-8"
    )
    assert status == 200 and names(body) == EXPECTED


# -- content negotiation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_formats(url, accept, media_type):
    status, headers, body = get(url, PROCESSES, accept)
    assert status == 200
    assert headers["content-type"] == media_type
    parsed = _processes_from(media_type.split(";")[0], body)
    assert parsed == EXPECTED


def _processes_from(media_type: str, body: bytes) -> list[str]:
    if media_type == "application/sparql-results+json":
        return names(body)
    if media_type == "application/sparql-results+xml":
        import xml.etree.ElementTree as ET

        ns = "{http://www.w3.org/2005/sparql-results#}"
        uris = ET.fromstring(body).iter(f"{ns}uri")
        return [u.text.rsplit("/", 1)[1] for u in uris]
    delimiter = "," if media_type == "text/csv" else "\t"
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
    assert rows[0] in (["p"], ["?p"])
    return [r[0].strip("<>").rsplit("/", 1)[1] for r in rows[1:]]


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        (None, "text/turtle; charset=utf-8", "turtle"),
    ],
)
def test_graph_formats(url, accept, media_type, rdflib_format):
    query = "CONSTRUCT { ?p a ng:Process } WHERE { ?p a ng:Process }"
    status, headers, body = get(url, query, accept)
    assert status == 200
    assert headers["content-type"] == media_type
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    assert len(graph) == len(EXPECTED)
    describe = get(url, "DESCRIBE p:alpha", accept)
    assert describe[0] == 200 and b"Alpha" in describe[2]


@pytest.mark.parametrize(
    ("accept", "select_type", "graph_type"),
    [
        # Quality values across both kinds of result, in one header.
        (
            "text/turtle;q=0.2, application/sparql-results+json, application/n-triples;q=0.5",
            "application/sparql-results+json",
            "application/n-triples",
        ),
        (
            "text/csv;q=0.5, application/sparql-results+xml, application/ld+json;q=0.4, */*;q=0.1",
            "application/sparql-results+xml",
            "application/ld+json",
        ),
        ("text/*", "text/csv; charset=utf-8", "text/turtle; charset=utf-8"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values",
            "text/tab-separated-values; charset=utf-8",
            None,
        ),
    ],
)
def test_combined_accept_headers(url, accept, select_type, graph_type):
    select = get(url, PROCESSES, accept)
    assert (select[0], select[1]["content-type"]) == (200, select_type)
    construct = get(url, "CONSTRUCT WHERE { ?p a ng:Process }", accept)
    if graph_type is None:
        assert construct[0] == 406
    else:
        assert (construct[0], construct[1]["content-type"]) == (200, graph_type)


def test_ask_formats(url):
    assert json.loads(get(url, "ASK { p:alpha a ng:Process }")[2]) == {"head": {}, "boolean": True}
    status, _headers, body = get(
        url, "ASK { p:alpha a ng:Nothing }", "application/sparql-results+xml"
    )
    assert status == 200 and b"<boolean>false</boolean>" in body


def test_nothing_acceptable_is_406(url):
    status, _headers, body = get(url, PROCESSES, "image/png")
    assert status == 406
    assert b"application/sparql-results+json" in body
    assert get(url, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")[0] == 406
    assert get(url, PROCESSES, "text/csv;q=0, */*;q=0")[0] == 406


def test_format_parameter_as_sparqlwrapper_sends_it(url):
    status, headers, _body = get(url, PROCESSES, "text/csv", format="json")
    assert (status, headers["content-type"]) == (200, "application/sparql-results+json")
    status, headers, _body = get(url, "DESCRIBE p:alpha", None, output="xml")
    assert (status, headers["content-type"]) == (200, "application/rdf+xml")


# -- errors and refusals ----------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(url):
    status, headers, body = get(url, "SELECT * WHERE { ?s ?p }")
    assert status == 400
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert body.startswith(b"malformed query: error at 1:")


@pytest.mark.parametrize(
    "send",
    [
        lambda url: post_form(url, {"update": "DROP ALL"}),
        lambda url: post_direct(url, "DROP ALL", content_type="application/sparql-update"),
        lambda url: post_form(url, {"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}),
        lambda url: get(url, "PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }"),
        lambda url: get(url, "LOAD <file:///etc/passwd>"),
        lambda url: get(url, "LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <a:g>"),
        lambda url: get(url, "CLEAR DEFAULT"),
    ],
)
def test_updates_are_403(url, send):
    status, _headers, body = send(url)
    assert status == 403
    assert b"read-only" in body
    assert get(url, "ASK { p:alpha a ng:Process }")[2].endswith(b"true}")  # nothing dropped


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_403(url, query):
    status, _headers, body = get(url, query)
    assert status == 403
    assert b"SERVICE is refused" in body


@pytest.mark.parametrize(
    "send",
    [
        lambda url: get(url, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
        lambda url: get(
            url, "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }"
        ),
        lambda url: get(url, PROCESSES, None, **{"default-graph-uri": "file:///etc/passwd"}),
        lambda url: post_form(url, {"query": PROCESSES, "named-graph-uri": "http://example.org/g"}),
    ],
)
def test_reading_other_graphs_is_400(url, send):
    status, _headers, body = send(url)
    assert status == 400
    assert b"reads no other" in body


def test_service_in_strings_and_names_is_not_refused(url):
    query = 'SELECT ?service WHERE { BIND("SERVICE FROM" AS ?service) }'
    status, _headers, body = get(url, query)
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["service"]["value"] == "SERVICE FROM"


def test_bad_requests(url):
    assert request(url, "GET", "/sparql?query=ASK{}&query=ASK{}")[0] == 400
    assert request(url, "POST", "/sparql", b"", {"Content-Type": _FORM})[0] == 400
    assert post_direct(url, PROCESSES, content_type="text/plain")[0] == 415
    assert (
        post_direct(url, PROCESSES, content_type="application/sparql-query; charset=latin-1")[0]
        == 415
    )
    assert (
        request(url, "POST", "/sparql", "ASK {}".encode("utf-16"), {"Content-Type": _QUERY})[0]
        == 400
    )  # not UTF-8
    assert request(url, "POST", "/query", b"", {"Content-Length": "0"})[0] == 405
    assert _announce_body(url, 1_000_001) == 413  # refused on its length, before it is sent
    # A request head far over 64 KiB: 400, or reset while it is still being sent.
    with contextlib.suppress(ConnectionResetError):
        assert get(url, "ASK {} #" + "x" * 300_000)[0] == 400
    assert request(url, "GET", "/no/such/page")[0] == 404


_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(url, method):
    """Why 8: PUT got 501 (the standard library's "unsupported method")."""
    status, headers, _body = request(url, method, "/sparql?query=ASK%7B%7D", b"")
    assert status == 405
    assert set(headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_a_nul_in_a_path_is_404_and_a_bad_content_length_400(url):
    """Why 8: both dropped the connection, with a traceback in the server's log."""
    assert request(url, "GET", "/index.html%00.png")[0] == 404
    assert request(url, "GET", "/sparql%00")[0] == 404
    parts = urlsplit(url)
    for length in ("abc", "-1", "1e3", "12, 13"):
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as raw:
            raw.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                + f"Content-Length: {length}\r\n\r\nASK {{}}".encode()
            )
            assert raw.recv(1000).startswith(b"HTTP/1.1 400 "), length
    assert get(url, "ASK {}")[0] == 200  # the server is still there


def _announce_body(url, length: int) -> int:
    """The status a POST gets for announcing a body of ``length`` bytes (none is sent)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("POST", "/sparql")
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


# -- limits -------------------------------------------------------------------------


def test_a_slow_query_is_stopped_at_the_time_limit(url):
    started = time.monotonic()
    status, _headers, body = get(url, SLOW)
    elapsed = time.monotonic() - started
    assert status == 503
    assert b"1 s limit" in body
    assert elapsed < 2.5
    # The endpoint is not left busy: the next query answers at once.
    started = time.monotonic()
    assert get(url, "ASK {}")[0] == 200
    assert time.monotonic() - started < 0.5


def test_rows_are_capped_and_flagged(url):
    status, headers, body = get(url, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert headers["x-normgraph-truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    _status, csv_headers, csv_body = get(url, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert csv_headers["x-normgraph-truncated"] == "true"
    assert len(csv_body.splitlines()) == MAX_ROWS + 1
    graph = get(url, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert graph[1]["x-normgraph-truncated"] == "true"
    assert len(graph[2].splitlines()) == MAX_ROWS
    assert get(url, PROCESSES)[1]["x-normgraph-truncated"] == "false"


# -- HTTP details, the page and the site --------------------------------------------


def test_head_options_and_cors(url):
    status, headers, body = request(url, "HEAD", "/sparql?query=" + quote(PROCESSES))
    assert (status, body) == (200, b"")
    assert int(headers["content-length"]) > 0
    status, headers, _ = request(url, "OPTIONS", "/sparql")
    assert status == 204
    # Cross-origin scripts may read GET answers; POST (and its preflight) is same-origin.
    assert "GET" in headers["access-control-allow-methods"]
    assert "POST" not in headers["access-control-allow-methods"]
    assert get(url, PROCESSES)[1]["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in post_direct(url, PROCESSES)[1]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [(None, "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
def test_get_without_a_query_is_the_service_description(url, accept, rdflib_format):
    status, _headers, body = request(
        url, "GET", "/sparql", headers={"Accept": accept} if accept else {}
    )
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(url + "sparql")
    assert (endpoint, rdflib.RDF.type, sd.Service) in graph
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    formats = set(graph.objects(endpoint, sd.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    triples = graph.value(
        graph.value(graph.value(endpoint, sd.defaultDataset), sd.defaultGraph),
        rdflib.URIRef("http://rdfs.org/ns/void#triples"),
    )
    count = json.loads(get(url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[2])
    assert int(triples) == int(count["results"]["bindings"][0]["n"]["value"])


def test_query_page_works_offline_under_a_strict_policy(url):
    status, headers, page = request(url, "GET", "/query")
    assert status == 200
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert b"http://" not in page and b"https://" not in page  # nothing from elsewhere
    script = request(url, "GET", "/_query/query.js")
    assert script[0] == 200 and b"textContent" in script[2] and b"innerHTML" not in script[2]
    assert request(url, "GET", "/_query/query.css")[0] == 200
    library = json.loads(request(url, "GET", "/_query/library.json")[2])
    assert "members-of-process" in {entry["name"] for entry in library}


def test_index_links_to_the_query_page_without_a_site(url):
    status, headers, body = request(url, "GET", "/")
    assert status == 200 and b"href=/query" in body
    assert headers["x-content-type-options"] == "nosniff"


def test_serves_a_given_site_without_listing_folders(tmp_path):
    site = tmp_path / "site"
    (site / "norms").mkdir(parents=True)
    (site / "index.html").write_text("<title>the site</title>")
    (site / "norms" / "a.html").write_text("norm a")
    (tmp_path / "secret.txt").write_text("secret")
    with normgraph_server("--no-bundled", "--data", FIXTURE, "--site", str(site)) as base:
        assert b"the site" in request(base, "GET", "/")[2]
        assert request(base, "GET", "/norms/a.html")[2] == b"norm a"
        assert request(base, "GET", "/norms/")[0] == 404
        assert request(base, "GET", "/../secret.txt")[0] == 404
        assert request(base, "GET", "/%2e%2e/secret.txt")[0] == 404
        status, headers, body = request(base, "HEAD", "/norms/a.html")
        assert (status, headers["content-length"], body) == (200, "6", b"")
        assert get(base, PROCESSES)[0] == 200


def test_builds_and_serves_the_site_by_default():
    with normgraph_server("--no-bundled", "--data", FIXTURE) as base:
        status, headers, page = request(base, "GET", "/")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert b"<title>" in page and b"/query" not in page  # the site, not the fallback
        assert request(base, "GET", "/assets/vis-network.min.js")[0] == 200
        assert get(base, PROCESSES)[0] == 200


# -- clients written elsewhere -------------------------------------------------------


def test_sparqlwrapper(url):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(url + "sparql")
    client.setQuery(f"PREFIX ng: <{NG}> SELECT ?p WHERE {{ ?p a ng:Process }} ORDER BY ?p")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["p"]["value"].rsplit("/", 1)[1] for r in rows] == EXPECTED
    client.setMethod(POST)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == len(EXPECTED)
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "p"
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ ?p a <{NG}Process> }} WHERE {{ ?p a <{NG}Process> }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == len(EXPECTED)
    client.setQuery("SELECT * WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        client.query()


def test_sparqlwrapper_reads_every_library_query_as_what_it_is():
    # SPARQLWrapper guesses the form from the first keyword-like word, comments included
    # (its comment filter skips every other line): a header saying "loading" made it
    # send a SELECT as an update. The library's headers must not mislead it.
    import warnings

    from SPARQLWrapper import SPARQLWrapper

    from normgraph.store import queries
    from normgraph.store.sparql import query_form

    client = SPARQLWrapper("http://127.0.0.1:9/sparql")
    for name, info in queries.list_queries().items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            guessed = client._parseQueryType(info.text)
        assert guessed.lower() == query_form(info.text), name


def test_sparqlwrapper_update_is_refused(url):
    from urllib.error import HTTPError

    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(url + "sparql", updateEndpoint=url + "sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <a:s> <a:p> <a:o> }")
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403


def test_rdflib_sparqlstore(url):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(url + "sparql"))
    ng = rdflib.Namespace(NG)
    processes = sorted(
        str(s).rsplit("/", 1)[1] for s in graph.subjects(rdflib.RDF.type, ng.Process)
    )
    assert processes == EXPECTED
    result = graph.query(
        "SELECT ?label WHERE { ?p ?x ?label } ORDER BY ?label LIMIT 1",
        initBindings={
            "p": rdflib.URIRef("https://w3id.org/normgraph/id/state/AAA"),
            "x": rdflib.RDFS.label,
        },
    )
    assert [str(row.label) for row in result] == ["Aland"]
    assert bool(graph.query("ASK { ?s ?p ?o }").askAnswer) is True
    constructed = graph.query(f"CONSTRUCT WHERE {{ ?s a <{NG}State> }}").graph
    assert len(constructed) == 4
    with pytest.raises(TypeError):  # rdflib's read-only store refuses updates itself
        graph.add((rdflib.URIRef("a:s"), rdflib.URIRef("a:p"), rdflib.URIRef("a:o")))


def test_xml_answers_never_carry_what_xml_cannot(url):
    """Why 8: a literal holding U+0001 made malformed SPARQL XML and RDF/XML."""
    select = r'SELECT ?x WHERE { BIND("a\u0001b" AS ?x) }'
    status, _headers, body = get(url, select, "application/sparql-results+xml")
    assert (status, body) == (
        406,
        b"the answer holds U+0001, which XML cannot carry: "
        b"ask for JSON, CSV, TSV, Turtle or N-Triples\n",
    )
    status, _headers, body = get(url, select)
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == "a\x01b"
    construct = r'CONSTRUCT { <http://e/s> <http://e/p> ?x } WHERE { BIND("a\u0001b" AS ?x) }'
    assert get(url, construct, "application/rdf+xml")[0] == 406
    assert get(url, construct, "application/n-triples")[0] == 200
    plain = get(url, 'SELECT ?x WHERE { BIND("a\tb" AS ?x) }', "application/sparql-results+xml")
    assert plain[0] == 200 and b"a\tb" in plain[2]  # a tab is fine in XML
