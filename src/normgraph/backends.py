"""Storage backends: where the triples live and who answers SPARQL.

Every backend answers SPARQL text with serialised results (bytes), so the layers above
(knowledge base, analytics, site, endpoint) work unchanged on any of them:

- :class:`OxigraphBackend`: pyoxigraph, in memory (the default) or on disk (``--store``);
- a remote SPARQL 1.1 endpoint (``--endpoint``), in :mod:`normgraph.remote`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import pyoxigraph as ox

from .errors import DataFileError, NormgraphError, UsageError
from .formats import GRAPH_FORMATS, RESULT_FORMATS, rdf_format_for_path

__all__ = ["Backend", "OxigraphBackend", "QueryResult"]

ResultKind = Literal["select", "ask", "graph"]


@dataclass(frozen=True)
class QueryResult:
    """A serialised query answer: ``kind`` says whether it is tabular or a graph."""

    kind: ResultKind
    body: bytes
    media_type: str


class Backend(Protocol):
    """What the knowledge base needs from a store."""

    #: Whether the backend holds data that normgraph loaded itself (and so must
    #: materialise); a remote endpoint serves data materialised before upload.
    local: bool

    def load_file(self, path: Path) -> None: ...

    def update(self, sparql: str) -> None: ...

    def query(self, sparql: str, *, tabular: str = "json", graph: str = "ttl") -> QueryResult: ...

    def dump(self, fmt: str) -> bytes: ...

    def __len__(self) -> int: ...


class OxigraphBackend:
    """A pyoxigraph store, in memory when ``path`` is None, else on disk at ``path``."""

    local = True

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        try:
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:
            raise NormgraphError(f"{path}: cannot open store: {error}") from None

    def load_file(self, path: Path) -> None:
        fmt = getattr(ox.RdfFormat, rdf_format_for_path(path).oxigraph)
        try:
            if self.path is None:
                # In memory nothing persists, so the faster non-transactional loader is safe.
                self.store.bulk_load(path=str(path), format=fmt)
            else:
                self.store.load(path=str(path), format=fmt)
        except SyntaxError as error:
            message = str(error.msg) if error.msg else str(error)
            raise DataFileError(path, error.lineno, message) from None
        except OSError as error:
            raise DataFileError(path, None, error.strerror or str(error)) from None

    def update(self, sparql: str) -> None:
        try:
            self.store.update(sparql)
        except SyntaxError as error:
            raise UsageError(f"malformed SPARQL update: {error}") from None

    def query(self, sparql: str, *, tabular: str = "json", graph: str = "ttl") -> QueryResult:
        try:
            result = self.store.query(sparql)
        except SyntaxError as error:
            raise UsageError(f"malformed SPARQL query: {error}") from None
        except OSError as error:
            raise NormgraphError(f"query failed: {error}") from None
        if isinstance(result, ox.QueryTriples):
            fmt = GRAPH_FORMATS[graph]
            body = ox.serialize(result, format=getattr(ox.RdfFormat, fmt.oxigraph))
            return QueryResult("graph", body or b"", fmt.media_type)
        tab = RESULT_FORMATS[tabular]
        body = result.serialize(format=getattr(ox.QueryResultsFormat, tab.oxigraph))
        kind: ResultKind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
        return QueryResult(kind, body or b"", tab.media_type)

    def dump(self, fmt: str) -> bytes:
        body = self.store.dump(
            format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt].oxigraph), from_graph=ox.DefaultGraph()
        )
        return body or b""

    def __len__(self) -> int:
        return len(self.store)
