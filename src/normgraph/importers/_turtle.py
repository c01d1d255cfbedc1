"""Small helpers for writing Turtle by hand: literals, local names and prefixes.

>>> literal('Say "hi"', lang="en")
'"Say \\\\"hi\\\\""@en'
>>> local_name("Tüv Süd & Co.")
'tuv-sud-co'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from normgraph.namespaces import PREFIXES, expand

__all__ = ["ascii_fold", "literal", "local_name", "prefix_block", "resource"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """``text`` without accents (NFKD, combining marks dropped).

    >>> ascii_fold("Roumanie, Śelimbăr")
    'Roumanie, Selimbar'
    """
    if text.isascii():  # nothing to decompose (most names, and every CSV key)
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def local_name(text: str) -> str:
    """A lowercase, hyphenated ASCII slug of ``text``, safe as a Turtle local name.

    Returns an empty string when nothing of ``text`` survives (e.g. a name in a
    non-Latin script); callers choose a fallback.
    """
    return _NOT_SLUG.sub("-", ascii_fold(text).lower().replace("&", " ")).strip("-")


def resource(name: str) -> str:
    """A resource named by a CURIE of a known prefix or by a full IRI, as a Turtle term.

    Resources are carried as :func:`normgraph.namespaces.compact` gives them: a CURIE
    where normgraph knows the namespace, the IRI itself elsewhere (e.g. the user's data).

    >>> resource("actor:microsoft")
    'actor:microsoft'
    >>> resource("https://example.org/acme")
    '<https://example.org/acme>'
    """
    return name if expand(name) != name else f"<{name}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """``value`` as a Turtle string literal, with a language tag or a datatype CURIE."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^{datatype}'
    return f'"{escaped}"'


def prefix_block(names: Iterable[str]) -> str:
    """``@prefix`` lines for the given prefixes of :data:`normgraph.namespaces.PREFIXES`."""
    names = list(names)
    width = max(len(n) for n in names) + 1
    return "".join(f"@prefix {(n + ':').ljust(width)} <{PREFIXES[n]}> .\n" for n in names)
