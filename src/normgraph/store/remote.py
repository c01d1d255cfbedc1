"""A remote SPARQL 1.1 endpoint as the knowledge base's backend.

Any SPARQL 1.1 Protocol endpoint works: Virtuoso, QLever, GraphDB, Amazon Neptune,
Oxigraph's server, or another ``normgraph serve``. It must already serve normgraph's
data as ``normgraph export --format nt`` writes it (the ontology, the data and the
materialised triples), loaded with the store's own bulk loader; see the README.
normgraph only reads from it, so loading and updating raise
:class:`~normgraph.errors.UsageError`.

Parameters in the endpoint URL (such as Virtuoso's ``default-graph-uri``) are sent
with every query.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from normgraph import __version__
from normgraph.errors import NormgraphError, UsageError
from normgraph.store import queries
from normgraph.store.backends import QueryResult, ResultKind
from normgraph.store.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
from normgraph.store.sparql import query_form

__all__ = ["RemoteBackend"]

#: Response media types that name a format under another name.
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
}


class RemoteBackend:
    """The SPARQL 1.1 endpoint at ``url``, queried by HTTP POST; read-only.

    >>> RemoteBackend("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    normgraph.errors.UsageError: --endpoint takes an http:// or https:// URL, not 'ftp://example.org/sparql'
    """

    local = False

    def __init__(self, url: str, *, timeout: float = 120.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--endpoint takes an http:// or https:// URL, not {url!r}")
        self.url = url
        self.timeout = timeout
        self._address = urlunsplit(parts._replace(query="", fragment=""))
        self._params = parse_qsl(parts.query, keep_blank_values=True)

    def load_file(self, path: Path) -> None:
        raise UsageError(
            f"cannot add {path} to {self.url}: normgraph only reads a remote endpoint; "
            "load files with the store's own loader (see the README)"
        )

    def update(self, sparql: str) -> None:
        raise UsageError(f"{self.url} is a remote endpoint: normgraph does not update it")

    def query(self, sparql: str, *, tabular: str = "json", graph: str = "ttl") -> QueryResult:
        form = query_form(sparql)
        if form == "update":
            self.update(sparql)
        if form in ("construct", "describe"):
            fmt = GRAPH_FORMATS[graph]
            body, media_type = self._post(sparql, fmt.media_type)
            return QueryResult("graph", _convert_graph(body, media_type, fmt), fmt.media_type)
        fmt = RESULT_FORMATS[tabular]
        body, media_type = self._post(sparql, fmt.media_type)
        kind: ResultKind = "ask" if form == "ask" else "select"
        return QueryResult(kind, _convert_results(body, media_type, fmt), fmt.media_type)

    def dump(self, fmt: str) -> bytes:
        """Every triple, fetched with one CONSTRUCT query; an answer cut short by the
        endpoint's result limit raises rather than passing for the whole graph."""
        body, media_type = self._post(queries.internal("all-triples").text, "application/n-triples")
        ntriples = _convert_graph(body, media_type, GRAPH_FORMATS["nt"])
        received = len(set(ntriples.splitlines()) - {b""})
        expected = len(self)
        if received < expected:
            raise NormgraphError(
                f"{self.url} returned {received} of its {expected} triples: it caps "
                "results (Virtuoso: raise ResultSetMaxRows in virtuoso.ini)"
            )
        return _convert_graph(ntriples, "application/n-triples", GRAPH_FORMATS[fmt])

    def __len__(self) -> int:
        body, media_type = self._post(
            queries.internal("triple-count").text, RESULT_FORMATS["json"].media_type
        )
        results = json.loads(_convert_results(body, media_type, RESULT_FORMATS["json"]))
        return int(results["results"]["bindings"][0]["triples"]["value"])

    def _post(self, sparql: str, accept: str) -> tuple[bytes, str]:
        """POST the query as a form (SPARQL 1.1 Protocol, section 2.1.2); the answer
        and its media type."""
        data = urlencode([*self._params, ("query", sparql)]).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self._address,
            data=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
                "User-Agent": f"normgraph/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body: bytes = response.read()
                media_type = response.headers.get_content_type()
                truncated = response.headers.get("X-Normgraph-Truncated") == "true"
        except urllib.error.HTTPError as error:
            message = error.read().decode("utf-8", "replace").strip().splitlines()
            detail = message[0] if message else error.reason
            if error.code == 400:
                raise UsageError(f"{self.url} rejected the query: {detail}") from None
            raise NormgraphError(f"{self.url}: HTTP {error.code}: {detail}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise NormgraphError(f"cannot query {self.url}: {reason}") from None
        if truncated:
            raise NormgraphError(
                f"{self.url} cut the answer at its row limit; ask for less "
                "(LIMIT, a narrower query) or raise the server's --max-rows"
            )
        return body, _ALIASES.get(media_type, media_type)


def _convert_results(body: bytes, media_type: str, wanted: Format) -> bytes:
    """Query results re-serialised as ``wanted`` when the endpoint answered otherwise."""
    if media_type == wanted.media_type:
        return body
    given = _by_media_type(RESULT_FORMATS, media_type, "query results")
    if given.name == "csv":  # CSV loses term types, so nothing parses it back
        raise NormgraphError(f"the endpoint answered CSV where {wanted.media_type} was asked")
    parsed = ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, given.oxigraph))
    return parsed.serialize(format=getattr(ox.QueryResultsFormat, wanted.oxigraph)) or b""


def _convert_graph(body: bytes, media_type: str, wanted: Format) -> bytes:
    """An RDF graph re-serialised as ``wanted`` when the endpoint answered otherwise."""
    if media_type == wanted.media_type:
        return body
    given = _by_media_type(GRAPH_FORMATS, media_type, "RDF")
    triples = ox.parse(body, format=getattr(ox.RdfFormat, given.oxigraph))
    return ox.serialize(triples, format=getattr(ox.RdfFormat, wanted.oxigraph)) or b""


def _by_media_type(formats: dict[str, Format], media_type: str, what: str) -> Format:
    for fmt in formats.values():
        if fmt.media_type == media_type:
            return fmt
    raise NormgraphError(f"the endpoint answered {media_type}, which is not {what} normgraph reads")
