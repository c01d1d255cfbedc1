"""The knowledge base: the ontology and data in a backend, and how to ask it things.

>>> kb = load()
>>> int(kb.select("SELECT (COUNT(*) AS ?n) WHERE { ?p a ng:Process }")["n"][0]) > 0
True
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from normgraph.errors import NormgraphError, UsageError
from normgraph.namespaces import ID, sparql_prefixes
from normgraph.progress import progress, shown
from normgraph.resources import bundled_data_files, ontology_files
from normgraph.store import materialise as rules
from normgraph.store import queries
from normgraph.store.backends import Backend, OxigraphBackend, QueryResult
from normgraph.store.sparql import query_form

if TYPE_CHECKING:
    import pandas as pd
    import rdflib

__all__ = ["BASE", "KnowledgeBase", "Query", "load"]

#: A library query name, SPARQL text, a path to a .rq file, or a loaded query file.
Query = str | Path | queries.QueryFile

_QUERY_KEYWORDS = ("select", "ask", "construct", "describe")
#: What relative IRIs in a query resolve against: the namespace of the dataset's resources.
BASE = ID
#: What every query is prefixed with: the base, then one PREFIX line per known prefix.
_PROLOGUE = f"BASE <{BASE}>\n" + sparql_prefixes()
_PROLOGUE_LINES = _PROLOGUE.count("\n")
_POSITION = re.compile(r"\berror at (\d+):(\d+)")


def _in_user_text(message: str) -> str:
    """A parser's message with its "error at LINE:COLUMN" counted in the user's text.

    >>> _in_user_text(f"malformed SPARQL query: error at {_PROLOGUE_LINES + 1}:43: expected WHERE")
    'malformed SPARQL query: error at 1:43: expected WHERE'
    """

    def shift(match: re.Match[str]) -> str:
        line = int(match[1]) - _PROLOGUE_LINES
        return f"error at {line}:{match[2]}" if line > 0 else match[0]

    return _POSITION.sub(shift, message)


class KnowledgeBase:
    """normgraph's data in a :class:`~normgraph.store.backends.Backend`, queried in SPARQL.

    Queries are a library name (``"norms-of-process"``), the text of a query, or a
    path to a ``.rq`` file. normgraph's prefixes (``ng:``, ``p:``, ``org:``...) are
    declared for every query, so texts may use them without ``PREFIX`` lines, and
    relative IRIs resolve against :data:`BASE` (``<s>`` is ``<https://w3id.org/normgraph/id/s>``)
    unless the text declares its own ``BASE``. Error positions count lines in the text
    as given. Updates are refused: the knowledge base is read-only to queries.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def __len__(self) -> int:
        return len(self.backend)

    def sparql(self, query: Query, params: Mapping[str, object] | None = None) -> str:
        """The full text of a query, with prefixes declared and parameters bound."""
        source = _query_source(query)
        text = queries.bind(source, params or {})
        return _PROLOGUE + text

    def query(
        self,
        query: Query,
        params: Mapping[str, object] | None = None,
        *,
        tabular: str = "json",
        graph: str = "ttl",
    ) -> QueryResult:
        """Run a query and return its serialised answer."""
        try:
            return self.backend.query(self.sparql(query, params), tabular=tabular, graph=graph)
        except UsageError as error:
            raise UsageError(_in_user_text(str(error))) from None

    def select(self, query: Query, /, **params: object) -> pd.DataFrame:
        """Run a SELECT query; one column per variable, IRIs as strings, unbound as NaN."""
        import pandas as pd

        result = self.query(query, params, tabular="csv")
        if result.kind != "select":
            raise NormgraphError("select() needs a SELECT query")
        if not result.body.strip():
            return pd.DataFrame()
        return pd.read_csv(
            io.BytesIO(result.body), keep_default_na=False, na_values=[""], dtype=str
        )

    def ask(self, query: Query, /, **params: object) -> bool:
        result = self.query(query, params, tabular="json")
        if result.kind != "ask":
            raise NormgraphError("ask() needs an ASK query")
        return bool(json.loads(result.body)["boolean"])

    def dump(self, fmt: str = "nt") -> bytes:
        """The whole default graph, serialised as ``fmt`` (ttl, nt, jsonld, rdfxml)."""
        return self.backend.dump(fmt)

    def to_rdflib(self) -> rdflib.Graph:
        """A copy of the whole graph in an rdflib :class:`~rdflib.Graph`."""
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=self.dump("nt"), format="nt")
        return graph


def _query_source(query: Query) -> queries.QueryFile | str:
    if isinstance(query, queries.QueryFile):
        return query
    if isinstance(query, Path):
        return queries.load_file(query)
    stripped = query.strip()
    if stripped.endswith(".rq") and "\n" not in stripped:
        return queries.load_file(Path(stripped))
    if query_form(stripped) == "update":
        raise UsageError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR...) are not allowed: "
            "normgraph's queries are read-only"
        )
    words = {w.lower() for w in stripped.replace("{", " ").split()}
    if words & set(_QUERY_KEYWORDS):
        return query
    return queries.get(stripped)


def load(
    paths: Iterable[str | Path] = (),
    *,
    bundled: bool = True,
    store: str | Path | None = None,
    endpoint: str | None = None,
    materialise: bool = True,
) -> KnowledgeBase:
    """Load the ontology, the bundled dataset and the user's files into a knowledge base.

    Args:
        paths: the user's Turtle, TriG, N-Triples or JSON-LD files, added to the rest.
        bundled: whether to load the bundled dataset (the ontology is always loaded).
        store: a folder for a persistent Oxigraph store. A store that already holds
            data is reopened as it is, and ``paths`` are added to it, all at once or
            not at all; a file it already holds (same content) is not added again.
        endpoint: the URL of a remote SPARQL 1.1 endpoint that already serves
            materialised normgraph data (see ``normgraph export``); nothing is loaded.
        materialise: whether to add the standard triples implied by normgraph's
            qualified forms and the RDFS hierarchies of the ontologies (see
            :mod:`normgraph.store.materialise`).

    Raises:
        DataFileError: a file cannot be read or parsed; it names the file and line.
    """
    if endpoint is not None:
        from normgraph.store.remote import RemoteBackend

        remote = RemoteBackend(endpoint)
        for path in paths:
            remote.load_file(Path(path))  # raises: a remote endpoint is read-only
        return KnowledgeBase(remote)
    backend = OxigraphBackend(Path(store) if store is not None else None)
    reopened = store is not None and len(backend) > 0
    files = [] if reopened else [*ontology_files(), *(bundled_data_files() if bundled else [])]
    files += [Path(p) for p in paths]
    if store is not None:
        # one transaction; files held already skipped
        backend.add_files(files, materialise=materialise)
        return KnowledgeBase(backend)
    with progress(_size(files), desc="loading", unit="B") as bar:
        for path in files:
            backend.load_file(path, bar if shown() else None)
        if materialise and files:
            bar.set_description_str("materialising")
            backend.update(rules.update_text([backend.store]))
    return KnowledgeBase(backend)


def _size(files: list[Path]) -> int:
    """The bytes of ``files`` to read; a missing file counts 0 (loading reports it)."""
    return sum(path.stat().st_size for path in files if path.is_file())
