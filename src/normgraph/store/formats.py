"""Names, file extensions and media types of the RDF and result formats normgraph speaks.

>>> rdf_format_for_path("data/x.ttl").name
'turtle'
>>> RESULT_FORMATS["csv"].media_type
'text/csv'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from normgraph.errors import UsageError

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Format",
    "graph_format",
    "rdf_format_for_path",
]


@dataclass(frozen=True)
class Format:
    """A serialisation: its short name, media type and pyoxigraph enum member name.

    ``dataset`` says whether the syntax can hold named graphs (TriG, N-Quads, JSON-LD).
    """

    name: str
    media_type: str
    oxigraph: str
    extensions: tuple[str, ...] = ()
    dataset: bool = False


GRAPH_FORMATS: Final[dict[str, Format]] = {
    "ttl": Format("turtle", "text/turtle", "TURTLE", (".ttl",)),
    "nt": Format("n-triples", "application/n-triples", "N_TRIPLES", (".nt",)),
    "jsonld": Format("json-ld", "application/ld+json", "JSON_LD", (".jsonld", ".json"), True),
    "trig": Format("trig", "application/trig", "TRIG", (".trig",), True),
    "nq": Format("n-quads", "application/n-quads", "N_QUADS", (".nq",), True),
    "rdfxml": Format("rdf/xml", "application/rdf+xml", "RDF_XML", (".rdf", ".owl", ".xml")),
}

RESULT_FORMATS: Final[dict[str, Format]] = {
    "json": Format("json", "application/sparql-results+json", "JSON"),
    "xml": Format("xml", "application/sparql-results+xml", "XML"),
    "csv": Format("csv", "text/csv", "CSV"),
    "tsv": Format("tsv", "text/tab-separated-values", "TSV"),
}


def rdf_format_for_path(path: str | Path) -> Format:
    """The RDF format of a file, from its extension."""
    suffix = Path(path).suffix.lower()
    for fmt in GRAPH_FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(ext for f in GRAPH_FORMATS.values() for ext in f.extensions)
    raise UsageError(f"{path}: unknown RDF file extension {suffix!r} (known: {known})")


def graph_format(name: str) -> Format:
    try:
        return GRAPH_FORMATS[name]
    except KeyError:
        raise UsageError(
            f"unknown RDF format {name!r} (known: {', '.join(GRAPH_FORMATS)})"
        ) from None
