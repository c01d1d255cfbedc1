"""HTTP content negotiation: which of the media types on offer a client prefers.

An ``Accept`` header lists media ranges with optional quality values (RFC 9110,
section 12.5.1). Each offer takes the quality of the most specific range that
matches it (``text/csv`` before ``text/*`` before ``*/*``); ``q=0`` rules an offer
out. Among offers of equal quality, the one the client listed first wins, then the
server's order of offers. A missing header accepts anything.

>>> offers = ["application/sparql-results+json", "text/csv"]
>>> negotiate("text/csv;q=0.9, application/sparql-results+json", offers)
'application/sparql-results+json'
>>> negotiate("text/*", offers)
'text/csv'
>>> negotiate("*/*;q=0.1, application/sparql-results+json;q=0", offers)
'text/csv'
>>> negotiate("image/png", offers) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MediaRange", "negotiate", "parse_accept"]


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: ``type/subtype``, its quality and its position."""

    type: str
    subtype: str
    q: float
    position: int

    def matches(self, media_type: str) -> bool:
        kind, _, subtype = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", subtype)

    @property
    def specificity(self) -> int:
        """2 for ``type/subtype``, 1 for ``type/*``, 0 for ``*/*``."""
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/html, */*;q=0.5")]
    [('text', 'html', 1.0), ('*', '*', 0.5)]
    """
    ranges = []
    for position, entry in enumerate(header.split(",")):
        media, *params = (part.strip() for part in entry.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, subtype, q, position))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or None when it accepts none of them."""
    if accept is None or not accept.strip():
        return offers[0] if offers else None
    ranges = parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        matching = [r for r in ranges if r.matches(offer.lower())]
        if not matching:
            continue
        # The most specific matching range decides the quality (RFC 9110).
        top = max(matching, key=lambda r: (r.specificity, -r.position))
        if top.q <= 0:
            continue
        score = (top.q, -top.position, -index)
        if best is None or score > best:
            best, chosen = score, offer
    return chosen
