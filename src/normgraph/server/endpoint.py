"""A read-only SPARQL 1.1 Protocol endpoint, a query page and the static site, as an
ASGI application (Starlette), served by :mod:`normgraph.server.http` (uvicorn).

``/sparql`` answers queries sent by GET (``?query=``), by POST as a form
(``application/x-www-form-urlencoded``) or by POST directly
(``application/sparql-query``, UTF-8), in the format the ``Accept`` header prefers:

- SELECT and ASK: SPARQL JSON, SPARQL XML, CSV or TSV;
- CONSTRUCT and DESCRIBE: Turtle, N-Triples, JSON-LD or RDF/XML.

``GET /sparql`` without a query answers with the SPARQL 1.1 Service Description
(Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept``).

It is read-only and bounded. Updates get 403, and so do SERVICE calls (the endpoint
calls no other endpoint); FROM / FROM NAMED and the protocol's ``default-graph-uri``
and ``named-graph-uri`` get 400 (it serves one graph and reads no other); these are
decided on a SPARQL parser's reading of the query (:mod:`normgraph.server.policy`), in
the sandbox. A query that does not parse gets 400; one that runs past the time limit
is stopped and gets 503 (:mod:`normgraph.server.sandbox`); answers beyond the row or
byte cap are cut, with the header ``X-Normgraph-Truncated: true``. Queries wait for a
worker in a fair queue (:mod:`normgraph.server.fairness`): 429 or 503 with
``Retry-After`` when it is full. A request body must arrive within
:data:`BODY_SECONDS`; other methods get 405 with ``Allow``.

Relative IRIs in a query are resolved against the endpoint's own URL.

``/query`` is a query page that works offline (its script and style are served
here, under a strict Content-Security-Policy); every other path is a file of the
static site, or an index page linking to the query page when there is no site.
Cross-origin scripts may read GET answers (``Access-Control-Allow-Origin: *``, the
data being public); POST answers carry no CORS header.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from normgraph import __version__
from normgraph.server.conneg import negotiate
from normgraph.server.description import description
from normgraph.server.fairness import HEAVY_SECONDS, BusyError, FairScheduler
from normgraph.server.policy import NO_OTHER_GRAPHS, READ_ONLY
from normgraph.server.sandbox import Answer, Sandbox
from normgraph.store import queries
from normgraph.store.formats import GRAPH_FORMATS

__all__ = ["BODY_SECONDS", "MAX_QUERY_BYTES", "create_app", "negotiate_formats"]

#: The longest query text accepted, in bytes.
MAX_QUERY_BYTES: Final = 1_000_000
#: Seconds a client has to send a request body, once its headers are in.
BODY_SECONDS: Final = 10.0

_ASSETS: Final = Path(__file__).resolve().parent / "querypage"
_PAGE_CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_FORM: Final = "application/x-www-form-urlencoded"
_QUERY: Final = "application/sparql-query"
_UPDATE: Final = "application/sparql-update"
#: Protocol parameters that choose a dataset (queries) or the graphs an update reads.
_DATASET_PARAMETERS: Final = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)

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


class _RefusalError(Exception):
    """A request answered with an error status and a one-line message."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


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


@dataclass(frozen=True)
class _Service:
    """What the request handlers share."""

    sandbox: Sandbox
    scheduler: FairScheduler
    limiter: anyio.CapacityLimiter
    triples: int
    library: bytes


def create_app(
    sandbox: Sandbox,
    *,
    triples: int,
    site: Path | None = None,
    per_client: int | None = None,
) -> ASGIApp:
    """The ASGI application: ``/sparql`` answered by ``sandbox`` (which holds
    ``triples`` triples), the query page, and ``site`` (or an index page) at ``/``.

    ``per_client`` is how many queries one address runs at once (default: all the
    workers but one, at least one).
    """
    workers = sandbox.limits.workers
    service = _Service(
        sandbox=sandbox,
        scheduler=FairScheduler(
            workers,
            per_client or max(1, workers - 1),
            retry_after=sandbox.limits.timeout,
            heavy_seconds=min(HEAVY_SECONDS, sandbox.limits.timeout / 2),
        ),
        limiter=anyio.CapacityLimiter(workers),
        triples=triples,
        library=json.dumps(_library(), ensure_ascii=False).encode("utf-8"),
    )
    routes: list[BaseRoute] = [
        Route(
            "/sparql",
            functools.partial(_sparql, service),
            methods=["GET", "POST", "OPTIONS"],
            name="sparql",
        ),
        Route("/query", _page, methods=["GET"]),
        Route(
            "/_query/library.json",
            functools.partial(_library_json, service),
            methods=["GET"],
        ),
        Route("/_query/{name:str}", _asset, methods=["GET"]),
    ]
    if site is None:
        routes.append(Route("/", _index, methods=["GET"]))
        routes.append(Route("/index.html", _index, methods=["GET"]))
    else:
        routes.append(Mount("/", StaticFiles(directory=site, html=True)))
    return _SecurityHeaders(Starlette(routes=routes))


# -- the SPARQL protocol --------------------------------------------------------------


async def _sparql(service: _Service, request: Request) -> Response:
    if request.method == "OPTIONS":
        # CORS preflight: cross-origin scripts may send GET (read-only, public data).
        headers = {
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
            "Access-Control-Allow-Headers": "Accept",
            "Access-Control-Max-Age": "86400",
            "Allow": "GET, HEAD, POST, OPTIONS",
        }
        return Response(status_code=204, headers=headers)
    try:
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            await _add_body_parameters(request, params)
        response = await _answer(service, request, params)
    except _RefusalError as refusal:
        response = _text(refusal.status, refusal.message, refusal.headers)
    response.headers["Vary"] = "Accept"
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


async def _add_body_parameters(request: Request, params: dict[str, list[str]]) -> None:
    media_type, _, options = request.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    charset = _charset(options)
    if media_type == _UPDATE or "update" in params:
        raise _RefusalError(403, READ_ONLY)
    if media_type not in (_FORM, _QUERY):
        shown = media_type or "no Content-Type"
        raise _RefusalError(415, f"POST takes {_FORM} or {_QUERY}, not {shown}")
    if charset not in (None, "utf-8", "utf8"):
        raise _RefusalError(415, f"queries are read as UTF-8, not {charset}")
    body = await _read_body(request)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _RefusalError(400, "the request body is not UTF-8") from None
    if media_type == _QUERY:
        params.setdefault("query", []).append(text)
    else:
        for name, values in parse_qs(text, keep_blank_values=True).items():
            params.setdefault(name, []).extend(values)


def _charset(options: str) -> str | None:
    for option in options.split(";"):
        name, _, value = option.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def _read_body(request: Request) -> bytes:
    """The body, read within BODY_SECONDS and MAX_QUERY_BYTES, or a refusal."""
    declared = request.headers.get("content-length", "0")
    if declared.isdigit() and int(declared) > MAX_QUERY_BYTES:
        raise _RefusalError(413, f"the request is longer than {MAX_QUERY_BYTES} bytes")
    chunks = []
    size = 0
    try:
        with anyio.fail_after(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_QUERY_BYTES:
                    raise _RefusalError(413, f"the request is longer than {MAX_QUERY_BYTES} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise _RefusalError(408, f"the request body took longer than {BODY_SECONDS:g} s") from None
    except ClientDisconnect:
        raise _RefusalError(400, "the client left before sending its request body") from None
    return b"".join(chunks)


async def _answer(service: _Service, request: Request, params: dict[str, list[str]]) -> Response:
    if "update" in params:
        raise _RefusalError(403, READ_ONLY)
    if any(name in params for name in _DATASET_PARAMETERS):
        raise _RefusalError(400, NO_OTHER_GRAPHS)
    texts = params.get("query", [])
    requested = next(iter(params.get("format", []) + params.get("output", [])), None)
    tabular, graph = negotiate_formats(request.headers.get("accept"), requested)
    endpoint = str(request.url.replace(query="", fragment=""))
    if not texts and request.method in ("GET", "HEAD") and not params:
        return _service_description(service, endpoint, graph)
    if len(texts) != 1:
        raise _RefusalError(400, "give exactly one 'query' parameter (the page is at /query)")
    text = texts[0]
    if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
        raise _RefusalError(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
    if tabular is None and graph is None:
        raise _RefusalError(406, _not_acceptable(tabular=True, graph=True))
    client = request.client.host if request.client else "unknown"
    run = functools.partial(service.sandbox.run, text, tabular=tabular, graph=graph, base=endpoint)
    retry = {"Retry-After": str(service.scheduler.retry_after)}
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    # A query stopped on the last worker to let a shorter one run is queued again
    # once, as a heavy client's: then it runs on another worker, up to the limit.
    for _attempt in range(2):
        try:
            async with service.scheduler.slot(client, digest) as stop:
                answer = await anyio.to_thread.run_sync(
                    functools.partial(run, stop=stop), limiter=service.limiter
                )
        except BusyError as busy:
            raise _RefusalError(busy.status, busy.message, retry) from None
        if not (answer.status == 503 and stop.is_set()):
            break
    else:
        raise _RefusalError(503, answer.body.decode("utf-8").strip(), retry)
    if answer.status == 406 and answer.body.startswith(b"no acceptable media type"):
        # The query's kind of result has no acceptable format: say which are on offer.
        raise _RefusalError(406, _not_acceptable(tabular=tabular is None, graph=graph is None))
    return _from_answer(answer)


def _service_description(service: _Service, endpoint: str, graph: str | None) -> Response:
    if graph is None:
        raise _RefusalError(406, _not_acceptable(tabular=False, graph=True))
    limits = service.sandbox.limits
    said = (
        f"{limits.timeout:g} s and {limits.max_memory >> 20} MiB per query, "
        f"{limits.max_rows} rows per answer, queries of at most {MAX_QUERY_BYTES} bytes"
    )
    fmt = GRAPH_FORMATS[graph]
    body = ox.serialize(
        description(endpoint, service.triples, said),
        format=getattr(ox.RdfFormat, fmt.oxigraph),
        prefixes={"sd": "http://www.w3.org/ns/sparql-service-description#"}
        if graph in ("ttl", "rdfxml")
        else None,
    )
    return Response(body or b"", media_type=fmt.media_type)


def _not_acceptable(*, tabular: bool, graph: bool) -> str:
    """The 406 message, listing the offers of the kinds of result that found none."""
    offers = [*(_TABULAR_OFFERS if tabular else ()), *(_GRAPH_OFFERS if graph else ())]
    return f"no acceptable media type; this endpoint offers {', '.join(offers)}"


def _from_answer(answer: Answer) -> Response:
    media_type = answer.media_type
    if media_type.startswith("text/") and "charset" not in media_type:
        media_type += "; charset=utf-8"
    headers = {}
    if answer.status == 200:
        headers["X-Normgraph-Truncated"] = "true" if answer.truncated else "false"
    return Response(answer.body, status_code=answer.status, headers=headers, media_type=media_type)


def _text(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    body = message.encode("utf-8") + b"\n"
    return Response(body, status, dict(headers or {}), "text/plain; charset=utf-8")


# -- the query page and the index ---------------------------------------------------------


async def _page(request: Request) -> Response:
    page = (_ASSETS / "query.html").read_bytes()
    return Response(page, headers={"Content-Security-Policy": _PAGE_CSP}, media_type="text/html")


async def _asset(request: Request) -> Response:
    name = request.path_params["name"]
    kinds = {"query.js": "text/javascript", "query.css": "text/css"}
    if name not in kinds:
        return _text(404, "not found")
    return Response((_ASSETS / name).read_bytes(), media_type=kinds[name])


async def _library_json(service: _Service, request: Request) -> Response:
    return Response(service.library, media_type="application/json")


async def _index(request: Request) -> Response:
    return Response(_INDEX, media_type="text/html")


class _SecurityHeaders:
    """Adds ``X-Content-Type-Options: nosniff`` and a ``Server`` header to every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Server"] = f"normgraph/{__version__}"
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
