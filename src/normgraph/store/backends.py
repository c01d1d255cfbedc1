"""Storage backends: where the triples live and who answers SPARQL.

Every backend answers SPARQL text with serialised results (bytes), so the layers above
(knowledge base, analytics, site, endpoint) work unchanged on any of them:

- :class:`OxigraphBackend`: pyoxigraph, in memory (the default) or on disk (``--store``);
- a remote SPARQL 1.1 endpoint (``--endpoint``), in :mod:`normgraph.store.remote`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, Protocol, cast

import pyoxigraph as ox

from normgraph.errors import DataFileError, NormgraphError, UsageError
from normgraph.progress import Bar, ProgressReader
from normgraph.store.formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    XML_FORMATS,
    rdf_format_for_path,
    xml_safe,
)
from normgraph.store.materialise import update_text

__all__ = ["LOADED_FILES_GRAPH", "Backend", "OxigraphBackend", "QueryResult"]

#: The named graph in which an on-disk store records the files it holds, by SHA-256.
LOADED_FILES_GRAPH = "urn:normgraph:loaded-files"
_DCTERMS_SOURCE = "http://purl.org/dc/terms/source"

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

    def load_file(self, path: Path, bar: Bar | None = None) -> None:
        """Load one RDF file; ``bar`` (see :mod:`normgraph.progress`) counts its bytes.

        In memory too this is the transactional loader: the bulk loader parses no faster
        there, and the store it leaves takes half as long again to materialise, with
        30% more memory, at a million triples (README, "Performance").
        """
        _parse_into(self.store, path, bulk=False, bar=bar)

    def add_files(self, paths: Iterable[Path], *, materialise: bool = True) -> list[Path]:
        """Add files and (when ``materialise``) materialise, in one transaction; the files added.

        Files whose content the store already holds (by SHA-256, recorded in the named
        graph :data:`LOADED_FILES_GRAPH`) are skipped: loading a file again would add
        its blank nodes again. When a file does not parse or the update fails, nothing
        is written, so an on-disk store is never left half-loaded.
        """
        held = {
            str(q.subject)[1:-1]  # <urn:sha256:...>
            for q in self.store.quads_for_pattern(
                None, None, None, ox.NamedNode(LOADED_FILES_GRAPH)
            )
        }
        staging = ox.Store()
        records = []
        for path in paths:
            try:
                digest = "urn:sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as error:
                raise DataFileError(path, None, error.strerror or str(error)) from None
            if digest not in held:
                _parse_into(staging, path, bulk=True)
                held.add(digest)
                records.append((digest, path))
        if not records:
            return []
        record_triples = [
            ox.Triple(ox.NamedNode(digest), ox.NamedNode(_DCTERMS_SOURCE), ox.Literal(str(path)))
            for digest, path in records
        ]
        blocks = [
            _ntriples(
                q.triple for q in staging.quads_for_pattern(None, None, None, ox.DefaultGraph())
            )
        ]
        blocks.append(f"GRAPH <{LOADED_FILES_GRAPH}> {{\n{_ntriples(record_triples)}}}")
        insert = "INSERT DATA {\n" + "\n".join(blocks) + "}"
        then = update_text([self.store, staging]) if materialise else None
        try:
            self.store.update(_first(insert, then) if then else insert)
        except (SyntaxError, OSError) as error:
            raise NormgraphError(f"{self.path}: nothing written: {error}") from None
        return [path for _digest, path in records]

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
            body = ox.serialize(result, format=getattr(ox.RdfFormat, fmt.oxigraph)) or b""
            if graph in XML_FORMATS:
                body = xml_safe(body, fmt.name)
            return QueryResult("graph", body, fmt.media_type)
        tab = RESULT_FORMATS[tabular]
        body = result.serialize(format=getattr(ox.QueryResultsFormat, tab.oxigraph)) or b""
        if tabular in XML_FORMATS:
            body = xml_safe(body, "SPARQL XML results")
        kind: ResultKind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
        return QueryResult(kind, body, tab.media_type)

    def dump(self, fmt: str) -> bytes:
        body = self.store.dump(
            format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt].oxigraph), from_graph=ox.DefaultGraph()
        )
        return xml_safe(body or b"", GRAPH_FORMATS[fmt].name) if fmt in XML_FORMATS else body or b""

    def __len__(self) -> int:
        return len(self.store)


#: The largest file normgraph loads (1 GiB): an in-memory store takes several times a
#: file's size, and a bigger file is more likely a mistake than a dataset.
MAX_FILE_BYTES = 1 << 30
#: The markup that declares XML entities, whose expansion ("billion laughs") a 1 kB
#: RDF/XML file can use to fill the memory; RDF data has no need of it.
_XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def _parse_into(store: ox.Store, path: Path, *, bulk: bool, bar: Bar | None = None) -> None:
    """Load an RDF file into ``store``; any error names the file (and line).

    Named graphs (TriG, N-Quads, JSON-LD) go into the default graph, which is the one
    normgraph reads. RDF/XML with a DOCTYPE is refused, and so is a file over
    :data:`MAX_FILE_BYTES` or a term over the parser's 16 MiB buffer.
    """
    rdf_format = rdf_format_for_path(path)
    fmt = getattr(ox.RdfFormat, rdf_format.oxigraph)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataFileError(
                path,
                None,
                f"too large ({size:,} bytes; normgraph loads files up to {MAX_FILE_BYTES:,})",
            )
        if fmt == ox.RdfFormat.RDF_XML:
            _refuse_xml_declarations(path, path.read_bytes())
        with path.open("rb") as raw:
            source = raw if bar is None else cast("IO[bytes]", ProgressReader(raw, bar))
            if rdf_format.dataset:
                quads = ox.parse(source, format=fmt)
                triples = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
                (store.bulk_extend if bulk else store.extend)(triples)
            else:
                # The faster non-transactional loader, for stores where nothing persists.
                (store.bulk_load if bulk else store.load)(source, format=fmt)
    except SyntaxError as error:
        message = str(error.msg) if error.msg else str(error)
        raise DataFileError(path, error.lineno, message) from None
    except OSError as error:
        raise DataFileError(path, None, error.strerror or str(error)) from None
    except MemoryError as error:  # pyoxigraph's "Reached the buffer maximal size"
        raise DataFileError(
            path, None, f"too large to load (a term holds at most 16 MiB): {error}"
        ) from None


def _refuse_xml_declarations(path: Path, content: bytes) -> None:
    """Refuse RDF/XML that declares a DOCTYPE or entities (read as UTF-8 or UTF-16)."""
    texts = [content]
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        texts.append(content.decode("utf-16", errors="replace").encode("utf-8"))
    if any(mark in text for text in texts for mark in _XML_DECLARATIONS):
        raise DataFileError(
            path,
            None,
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion can exhaust the memory); remove it or convert the file to Turtle",
        )


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _first(insert: str, update: str) -> str:
    """One update request that runs ``insert`` and then ``update``.

    Oxigraph accepts PREFIX and BASE declarations only at the start of a request, so
    ``insert`` (which uses none) goes after the prologue of ``update``.

    >>> print(_first("INSERT DATA { <a:s> <a:p> <a:o> }", "PREFIX x: <a:>\\nCLEAR ALL"))
    PREFIX x: <a:>
    INSERT DATA { <a:s> <a:p> <a:o> } ;
    CLEAR ALL
    """
    lines = update.splitlines()
    split = 0
    for index, line in enumerate(lines):
        word = line.strip().split(" ", 1)[0].upper()
        if word and not word.startswith("#") and word not in ("PREFIX", "BASE"):
            break
        split = index + 1
    return "\n".join([*lines[:split], insert + " ;", *lines[split:]])
