"""A read-only SPARQL 1.1 Protocol endpoint, a query page and the static site.

``/sparql`` answers queries sent by GET (``?query=``), by POST as a form
(``application/x-www-form-urlencoded``) or by POST directly
(``application/sparql-query``), in the format the ``Accept`` header prefers:

- SELECT and ASK: SPARQL JSON, SPARQL XML, CSV or TSV;
- CONSTRUCT and DESCRIBE: Turtle, N-Triples, JSON-LD or RDF/XML.

It is read-only and bounded. Updates get 403, and so do SERVICE calls (the endpoint
calls no other endpoint) and FROM / FROM NAMED (it reads no other graph); a query
that does not parse gets 400 with the parser's message; one that runs past the time
limit is stopped and gets 503 (see :mod:`normgraph.server.sandbox`); answers beyond the row
or byte cap are cut, with the header ``X-Normgraph-Truncated: true``.

``/query`` is a query page that works offline (its script and style are served
here, under a strict Content-Security-Policy); every other path is a file of the
static site, or an index page linking to the query page when there is no site.
"""

from __future__ import annotations

import html
import json
import socket
import sys
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import BoundedSemaphore
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from normgraph import __version__
from normgraph.server.conneg import negotiate
from normgraph.server.sandbox import Answer, Sandbox
from normgraph.store import queries
from normgraph.store.sparql import keywords, query_form

__all__ = ["MAX_QUERY_BYTES", "EndpointServer", "negotiate_formats", "refusal_of"]

#: The longest query text accepted, in bytes.
MAX_QUERY_BYTES: Final = 1_000_000
#: How many connections are served at once; more wait in the listen queue.
MAX_CONNECTIONS: Final = 128

_ASSETS: Final = Path(__file__).resolve().parent / "querypage"
_PAGE_CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_NO_OTHER_GRAPHS: Final = (
    "FROM, FROM NAMED, default-graph-uri and named-graph-uri are refused: "
    "this endpoint serves one graph and reads no other"
)
_FORM: Final = "application/x-www-form-urlencoded"
_QUERY: Final = "application/sparql-query"
_UPDATE: Final = "application/sparql-update"

# Media types on offer, in the server's order of preference, with the aliases that
# common clients send; each maps to a key of RESULT_FORMATS or GRAPH_FORMATS.
_TABULAR_OFFERS: Final = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
_GRAPH_OFFERS: Final = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "ttl",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
}
# The short names some clients send as ?format= or ?output= (SPARQLWrapper does).
_TABULAR_NAMES: Final = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES: Final = {
    "turtle": "ttl",
    "ttl": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml",
}


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str) -> _Reply:
        return cls(status, message.encode("utf-8") + b"\n", "text/plain; charset=utf-8")


def negotiate_formats(
    accept: str | None, requested: str | None = None
) -> tuple[str | None, str | None]:
    """The tabular and graph formats (keys of RESULT_FORMATS, GRAPH_FORMATS) to answer in.

    ``requested`` is a ``format`` or ``output`` parameter; it wins over ``Accept``
    for the kinds of result it names. None means nothing acceptable of that kind.

    >>> negotiate_formats("text/csv, text/turtle;q=0.5")
    ('csv', 'ttl')
    >>> negotiate_formats("application/sparql-results+xml")
    ('xml', None)
    >>> negotiate_formats(None, requested="json")
    ('json', 'jsonld')
    """
    tabular_offer = negotiate(accept, list(_TABULAR_OFFERS))
    graph_offer = negotiate(accept, list(_GRAPH_OFFERS))
    tabular = _TABULAR_OFFERS[tabular_offer] if tabular_offer else None
    graph = _GRAPH_OFFERS[graph_offer] if graph_offer else None
    if requested:
        wanted = requested.strip().lower()
        tabular = _TABULAR_NAMES.get(wanted) or _TABULAR_OFFERS.get(wanted) or tabular
        graph = _GRAPH_NAMES.get(wanted) or _GRAPH_OFFERS.get(wanted) or graph
    return tabular, graph


class EndpointServer(ThreadingHTTPServer):
    """The HTTP server: one thread per connection, queries run in ``sandbox``.

    Args:
        address: (host, port); port 0 picks a free port (see ``server_port``).
        sandbox: where queries run; the server closes it.
        site: the folder of the static site, or None for a small index page.
        quiet: leave out the access log (one line per request on stderr).
    """

    daemon_threads = True
    block_on_close = False
    request_queue_size = MAX_CONNECTIONS  # the listen backlog; the default (5) drops bursts

    def __init__(
        self,
        address: tuple[str, int],
        sandbox: Sandbox,
        *,
        site: Path | None = None,
        quiet: bool = False,
    ) -> None:
        self.sandbox = sandbox
        self.site = site
        self.quiet = quiet
        self.library = json.dumps(_library(), ensure_ascii=False).encode("utf-8")
        self._connections = BoundedSemaphore(MAX_CONNECTIONS)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        try:
            super().__init__(address, _Handler)
        except BaseException:
            sandbox.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host if isinstance(host, str) else host.decode()
        return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"

    def process_request(self, request: Any, client_address: Any) -> None:
        # Waiting here leaves further connections in the listen queue: back-pressure.
        self._connections.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def finish_request(self, request: Any, client_address: Any) -> None:
        directory = str(self.site) if self.site else str(_ASSETS)
        _Handler(request, client_address, self, directory=directory)

    def server_close(self) -> None:
        super().server_close()
        self.sandbox.close()


class _Handler(SimpleHTTPRequestHandler):
    server: EndpointServer
    protocol_version = "HTTP/1.1"
    server_version = f"normgraph/{__version__}"
    timeout = 30  # seconds a connection may sit idle or trickle its request
    # Headers and body go out in two writes: without TCP_NODELAY the second waits for
    # the client's delayed ACK (40 ms on Linux).
    disable_nagle_algorithm = True

    # -- routing ---------------------------------------------------------------

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/sparql":
            self._reply(self._sparql_get())
        elif path == "/query":
            page = (_ASSETS / "query.html").read_bytes()
            csp = (("Content-Security-Policy", _PAGE_CSP),)
            self._reply(_Reply(200, page, "text/html; charset=utf-8", csp))
        elif path in ("/_query/query.js", "/_query/query.css"):
            name = path.rsplit("/", 1)[1]
            kind = "text/javascript" if name.endswith(".js") else "text/css"
            self._reply(_Reply(200, (_ASSETS / name).read_bytes(), f"{kind}; charset=utf-8"))
        elif path == "/_query/library.json":
            self._reply(_Reply(200, self.server.library, "application/json"))
        elif self.server.site is None:
            if path in ("/", "/index.html"):
                self._reply(_Reply(200, _INDEX, "text/html; charset=utf-8"))
            else:
                self._reply(_Reply.text(404, "not found"))
        elif self.command == "HEAD":
            super().do_HEAD()  # headers of a site file, no body
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        self.do_GET()  # every reply leaves its body out of a HEAD (see _reply)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/sparql":
            self._reply(_Reply.text(405, "only /sparql takes POST"))
            return
        self._reply(self._sparql_post())

    def do_OPTIONS(self) -> None:
        # CORS preflight: the endpoint is public and read-only, so any origin may query.
        self._reply(
            _Reply(
                204,
                b"",
                "text/plain",
                (
                    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                    ("Access-Control-Max-Age", "86400"),
                ),
            )
        )

    # -- the SPARQL protocol ---------------------------------------------------

    def _sparql_get(self) -> _Reply:
        return self._answer(parse_qs(urlsplit(self.path).query, keep_blank_values=True))

    def _sparql_post(self) -> _Reply:
        content_type = self.headers.get_content_type()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if content_type == _UPDATE:
            self._discard_body()
            return _Reply.text(403, "this endpoint is read-only: updates are refused")
        if content_type not in (_FORM, _QUERY):
            self._discard_body()
            return _Reply.text(415, f"POST takes {_FORM} or {_QUERY}, not {content_type}")
        body = self._read_body()
        if isinstance(body, _Reply):
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _Reply.text(400, "the request body is not UTF-8")
        if content_type == _QUERY:
            params["query"] = [text]
        else:
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        return self._answer(params)

    def _answer(self, params: dict[str, list[str]]) -> _Reply:
        if "update" in params:
            return _Reply.text(403, "this endpoint is read-only: updates are refused")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return _Reply.text(403, _NO_OTHER_GRAPHS)
        texts = params.get("query", [])
        if len(texts) != 1:
            return _Reply.text(400, "give exactly one 'query' parameter (the page is at /query)")
        text = texts[0]
        if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
            return _Reply.text(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
        refusal = refusal_of(text)
        if refusal:
            return _Reply.text(403, refusal)
        requested = next(iter(params.get("format", []) + params.get("output", [])), None)
        tabular, graph = negotiate_formats(self.headers.get("Accept"), requested)
        form = query_form(text)
        if (form in ("select", "ask") and tabular is None) or (
            form in ("construct", "describe") and graph is None
        ):
            offers = _TABULAR_OFFERS if form in ("select", "ask") else _GRAPH_OFFERS
            return _Reply.text(
                406, f"no acceptable media type; a {form.upper()} query offers {', '.join(offers)}"
            )
        answer = self.server.sandbox.run(text, tabular=tabular, graph=graph)
        return _from_answer(answer)

    def _read_body(self) -> bytes | _Reply:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return _Reply.text(411, "POST needs a Content-Length")
        if int(length) > MAX_QUERY_BYTES:
            self.close_connection = True
            return _Reply.text(413, f"the request is longer than {MAX_QUERY_BYTES} bytes")
        return self.rfile.read(int(length))

    def _discard_body(self) -> None:
        """Read a body we refuse, so the next request on the connection starts clean."""
        self._read_body()  # a body too long to read closes the connection instead

    # -- responses -------------------------------------------------------------

    def _reply(self, reply: _Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if urlsplit(self.path).path == "/sparql":
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and reply.status != 204:
            self.wfile.write(reply.body)

    def version_string(self) -> str:
        return self.server_version

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        # A folder without index.html is not listed.
        self.send_error(HTTPStatus.NOT_FOUND, "not found")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


def refusal_of(text: str) -> str | None:
    """Why the endpoint refuses ``text``, or None when it may run.

    >>> refusal_of("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    'SERVICE is refused: this endpoint calls no other endpoint'
    >>> refusal_of("SELECT * WHERE { ?s ?p 'SERVICE' }") is None
    True
    """
    if query_form(text) == "update":
        return "this endpoint is read-only: updates are refused"
    words = set(keywords(text))
    if "SERVICE" in words:
        return "SERVICE is refused: this endpoint calls no other endpoint"
    if "FROM" in words:
        return _NO_OTHER_GRAPHS
    return None


def _from_answer(answer: Answer) -> _Reply:
    truncated = (("X-Normgraph-Truncated", "true" if answer.truncated else "false"),)
    media_type = answer.media_type
    if media_type.startswith("text/") and "charset" not in media_type:
        media_type += "; charset=utf-8"
    return _Reply(answer.status, answer.body, media_type, truncated if answer.status == 200 else ())


def _library() -> list[dict[str, object]]:
    """The query library, for the query page's menu."""
    return [
        {
            "name": info.name,
            "summary": info.summary,
            "description": info.description,
            "parameters": [
                {"name": p.name, "type": p.type, "doc": p.doc} for p in info.parameters.values()
            ],
            "text": info.text,
        }
        for info in queries.list_queries().values()
    ]


_INDEX: Final = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>normgraph</title>"
    "<h1>normgraph</h1><ul><li><a href=/query>Query the knowledge graph in SPARQL</a>"
    f"<li>SPARQL 1.1 endpoint: <code>{html.escape('/sparql?query=...')}</code></ul>"
).encode()
