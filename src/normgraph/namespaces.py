"""Namespaces, prefixes and CURIE handling.

normgraph's ontology terms live under :data:`NG`; the resources of the dataset under
``https://w3id.org/normgraph/id/<kind>/``.

>>> expand("ng:Process")
'https://w3id.org/normgraph/ontology#Process'
>>> compact("https://w3id.org/normgraph/id/process/paris-call")
'p:paris-call'
>>> compact("http://example.org/x")
'http://example.org/x'
"""

from __future__ import annotations

from typing import Final

__all__ = ["ID", "NG", "PREFIXES", "compact", "expand", "sparql_prefixes"]

NG: Final = "https://w3id.org/normgraph/ontology#"
ID: Final = "https://w3id.org/normgraph/id/"

PREFIXES: Final[dict[str, str]] = {
    "ng": NG,
    "p": ID + "process/",
    "n": ID + "norm/",
    "scheme": ID + "scheme/",
    "actor": ID + "actor/",
    "state": ID + "state/",
    "m": ID + "membership/",
    "rel": ID + "relation/",
    "s": ID + "source/",
    "pa": ID + "passage/",
    "topic": ID + "topic/",
    "conflict": ID + "conflict/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
}

# Longest namespace first, so that "state:" wins over a shorter prefix of it.
_BY_LENGTH: Final = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def expand(curie: str) -> str:
    """Return the full IRI of a CURIE with a known prefix, or ``curie`` unchanged."""
    prefix, sep, local = curie.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return curie


def compact(iri: str) -> str:
    """Return the CURIE of ``iri`` under a known prefix, or ``iri`` unchanged."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace) :]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return iri


def sparql_prefixes() -> str:
    """The PREFIX declarations for every known prefix, one per line."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
