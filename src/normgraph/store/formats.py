"""Names, file extensions and media types of the RDF and result formats normgraph speaks.

>>> rdf_format_for_path("data/x.ttl").name
'turtle'
>>> RESULT_FORMATS["csv"].media_type
'text/csv'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from normgraph.errors import NormgraphError, UsageError

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "XML_FORMATS",
    "Format",
    "graph_format",
    "rdf_format_for_path",
    "xml_safe",
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


#: The formats (of GRAPH_FORMATS and RESULT_FORMATS) that are XML, whose text
#: :func:`xml_safe` must check.
XML_FORMATS: Final = frozenset({"rdfxml", "xml", "graphml"})

# What XML 1.0 cannot hold, raw or as a character reference: the C0 controls but tab,
# newline and carriage return, and U+FFFE/U+FFFF (in UTF-8, EF BF BE/BF).
_NOT_XML = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]"
    rb"|&#(?:x0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45]));"
)


def xml_safe(body: bytes, what: str) -> bytes:
    """``body``, XML that normgraph is about to write or send, if XML 1.0 can hold it.

    XML 1.0 has no way to write most control characters (U+0001, even as ``&#1;``), so
    a literal holding one makes a file no XML parser reads. Rather than change the
    data, this refuses with a one-line :class:`~normgraph.errors.NormgraphError` that
    shows where (``what`` names the output, e.g. "GraphML").

    >>> xml_safe(b"<a>tab\\tok</a>", "GraphML")
    b'<a>tab\\tok</a>'
    >>> xml_safe(b"<a>bad\\x01label</a>", "GraphML")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normgraph.errors.NormgraphError: cannot write GraphML: ... U+0001, ... near '<a>bad\\x01l...
    """
    match = _NOT_XML.search(body)
    if match is None:
        return body
    found = match[0]
    if found.startswith(b"&#"):
        digits = found[2:-1].decode("ascii")
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    else:
        code = ord(found.decode("utf-8"))
    near = body[max(0, match.start() - 30) : match.end() + 30].decode("utf-8", "replace")
    raise NormgraphError(
        f"cannot write {what}: the data holds the control character U+{code:04X}, which XML "
        f"cannot represent, near {near!r}; use Turtle, N-Triples or JSON instead, "
        "or remove the character"
    )
