"""The dataset behind a site: its version, how to cite it, and the files to download.

Every page names the dataset's version (the ontology's ``owl:versionInfo``), a digest of
its triples (so that two builds from different data never claim the same version) and
the build date; ``data.html`` offers the citation as plain text, BibTeX and CSL-JSON,
and links the whole dataset as Turtle (with prefixes), N-Triples and JSON-LD (with an
``@context``), written from :func:`normgraph.store.export.export`.

The build date is ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today
(UTC): two builds of the same data on the same day give the same bytes.

>>> from normgraph import load
>>> info = dataset(load())
>>> info.version, len(info.digest)
('0.1.0', 8)
>>> sorted(downloads(load()))
['normgraph.jsonld', 'normgraph.nt', 'normgraph.ttl']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from normgraph.namespaces import PREFIXES
from normgraph.store import queries
from normgraph.store.export import export

if TYPE_CHECKING:
    from pathlib import Path

    from normgraph.store.kb import KnowledgeBase

__all__ = [
    "DOWNLOADS",
    "Dataset",
    "canonical",
    "dataset",
    "digest",
    "downloads",
    "write_downloads",
]

#: The files written beside the pages, and what each holds.
DOWNLOADS: dict[str, str] = {
    "normgraph.ttl": "Turtle, with the project's prefixes",
    "normgraph.nt": "N-Triples, one triple a line",
    "normgraph.jsonld": "JSON-LD, with an @context of the project's prefixes",
}
_TITLE = "normgraph: a knowledge graph of cyber norm processes"
_AUTHOR = "The normgraph project"
_URL = "https://w3id.org/normgraph"


@dataclass(frozen=True)
class Dataset:
    """What every page says about the data it shows, and how to cite it."""

    version: str
    digest: str
    built: str
    licence: str

    def plain(self) -> str:
        """The citation as plain text.

        >>> Dataset("0.1.0", "abcd1234", "2026-12-03", "").plain()[:60]
        'The normgraph project (2026). normgraph: a knowledge graph o'
        """
        return (
            f"{_AUTHOR} ({self.built[:4]}). {_TITLE}, dataset version {self.version} "
            f"(data {self.digest}), built {self.built}. {_URL}"
        )

    def bibtex(self) -> str:
        """The citation as a BibTeX ``@misc`` entry."""
        return (
            f"@misc{{normgraph_{self.version.replace('.', '_')}_{self.digest},\n"
            f"  author = {{{{{_AUTHOR}}}}},\n"
            f"  title = {{{_TITLE}}},\n"
            f"  year = {{{self.built[:4]}}},\n"
            f"  version = {{{self.version} (data {self.digest})}},\n"
            f"  howpublished = {{\\url{{{_URL}}}}},\n"
            f"  note = {{Dataset, built {self.built}}}\n"
            "}"
        )

    def csl(self) -> str:
        """The citation as CSL-JSON (one item, type ``dataset``)."""
        year, month, day = (int(part) for part in self.built.split("-"))
        item: dict[str, Any] = {
            "id": f"normgraph-{self.version}-{self.digest}",
            "type": "dataset",
            "title": _TITLE,
            "author": [{"literal": _AUTHOR}],
            "version": f"{self.version} (data {self.digest})",
            "issued": {"date-parts": [[year, month, day]]},
            "URL": _URL,
        }
        return json.dumps([item], indent=2, ensure_ascii=False)


def dataset(kb: KnowledgeBase, data_digest: str | None = None) -> Dataset:
    """The version, digest, build date and licence of ``kb``'s data.

    ``data_digest`` is the :func:`digest` of its triples when already known (as
    :func:`write_downloads` returns it); otherwise it is computed here.
    """
    row = kb.select(queries.internal("site-dataset"))
    version = str(row["version"][0]) if len(row) and isinstance(row["version"][0], str) else "?"
    licence = str(row["licence"][0]) if len(row) and isinstance(row["licence"][0], str) else ""
    if data_digest is None:
        data_digest = digest(export(kb, "nt"))
    return Dataset(version, data_digest, _build_date(), licence)


def digest(ntriples: bytes) -> str:
    """Eight hex digits that change whenever a triple does, whatever the order of the
    lines and the labels of blank nodes (which differ from one load to the next).

    >>> one = b"\\n".join([b"_:a <x:p> <x:o> .", b"<x:s> <x:p> _:b ."])
    >>> other = b"\\n".join([b"<x:s> <x:p> _:c .", b"_:d <x:p> <x:o> ."])
    >>> digest(one) == digest(other)
    True
    """
    # One substitution over the whole text, not one per line (a third of the time).
    lines = sorted(line for line in _BLANK.sub(b"_:", ntriples).splitlines() if line.strip())
    return hashlib.sha256(b"\n".join(lines)).hexdigest()[:8]


_BLANK = re.compile(rb"_:[A-Za-z0-9_.-]+")


def _seen_from(node: bytes, line: bytes, colour: dict[bytes, bytes]) -> bytes:
    """``line`` with ``node`` as ``_:self`` and every other blank node as its colour."""
    return _BLANK.sub(lambda m: b"_:self" if m.group() == node else b"_:" + colour[m.group()], line)


def _build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def downloads(kb: KnowledgeBase) -> dict[str, bytes]:
    """The whole dataset in each format of :data:`DOWNLOADS`, by file name.

    Triples are sorted and blank nodes named from what they hold (:func:`canonical`), so
    that the same data gives the same files, from memory or from an endpoint. Each
    format is serialised by Oxigraph from the N-Triples, streamed: no file's triples
    are held as Python objects (a million of them would take gigabytes).
    """
    import pyoxigraph as ox

    triples = canonical(export(kb, "nt"))
    turtle = ox.serialize(
        ox.parse(triples, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes=dict(PREFIXES),
    )
    graph = ox.serialize(
        ox.parse(triples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD
    )
    context = json.dumps(dict(PREFIXES), ensure_ascii=False, indent=1).encode()
    return {
        "normgraph.ttl": turtle or b"",
        "normgraph.nt": triples,
        # Oxigraph writes the expanded form (an array); the context names the prefixes.
        "normgraph.jsonld": b'{"@context": %s,\n"@graph": %s}\n' % (context, graph or b"[]"),
    }


def write_downloads(kb: KnowledgeBase, folder: Path) -> str:
    """Write :func:`downloads` into ``folder``; the :func:`digest` of the triples written.

    The digest comes from the N-Triples written, so that the pages need not dump the
    store a second time to name the data they show.
    """
    files = downloads(kb)
    for name, content in sorted(files.items()):
        (folder / name).write_bytes(content)
    return digest(files["normgraph.nt"])


def canonical(ntriples: bytes, rounds: int = 3) -> bytes:
    """N-Triples sorted, each blank node named by a hash of what surrounds it.

    A blank node's name comes from the triples it is in, the other blank nodes there
    named by the previous round (colour refinement), so that the names do not depend on
    the labels a store gave them. Blank nodes alike in every round are interchangeable in
    this data (the instants and intervals of dates): any order of them gives the same
    lines.

    >>> one = b"_:x <x:p> _:y .\\n_:y <x:q> <x:o> .\\n"
    >>> canonical(one) == canonical(one.replace(b"_:x", b"_:z").replace(b"_:y", b"_:w"))
    True
    """
    lines = [line for line in ntriples.splitlines() if line.strip()]
    holding: dict[bytes, list[int]] = {}
    for number, line in enumerate(lines):
        for node in set(_BLANK.findall(line)):
            holding.setdefault(node, []).append(number)
    colour = dict.fromkeys(holding, b"")
    for _ in range(rounds):
        colour = {
            node: hashlib.sha1(  # noqa: S324 - a name, not a secret
                b"\n".join(sorted(_seen_from(node, lines[n], colour) for n in numbers))
            )
            .hexdigest()[:16]
            .encode()
            for node, numbers in holding.items()
        }
    names: dict[bytes, bytes] = {}
    taken: dict[bytes, int] = {}
    for node in sorted(holding, key=lambda n: colour[n]):
        count = taken.get(colour[node], 0)
        taken[colour[node]] = count + 1
        names[node] = b"_:b" + colour[node] + (b"-%d" % count if count else b"")
    renamed = sorted(_BLANK.sub(lambda m: names[m.group()], line) for line in lines)
    return b"\n".join(renamed) + b"\n"
