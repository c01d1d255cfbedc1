"""Where the bundled ontology, shapes, data and query files are.

An installed wheel carries ``ontology/`` and ``data/`` under ``normgraph/_bundled``;
a source checkout (editable install) reads them from the repository root.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_data_files", "ontology_files", "resource_dir", "shapes_file"]

_PACKAGE = Path(__file__).resolve().parent
_RDF_SUFFIXES = (".ttl", ".trig", ".jsonld", ".nt", ".nq")


def resource_dir(name: str) -> Path:
    """The bundled ``ontology`` or ``data`` folder."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"normgraph's bundled {name}/ folder is missing from {_PACKAGE}")


def ontology_files() -> list[Path]:
    """The ontology, without the shapes (shapes are validation input, not data)."""
    return [resource_dir("ontology") / "normgraph.ttl"]


def shapes_file() -> Path:
    return resource_dir("ontology") / "shapes.ttl"


def bundled_data_files() -> list[Path]:
    """Every RDF file of the bundled dataset, in a stable order."""
    root = resource_dir("data")
    return sorted(p for p in root.rglob("*") if p.suffix in _RDF_SUFFIXES)
