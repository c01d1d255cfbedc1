"""What a query is, as a real SPARQL parser reads it, and whether the endpoint runs it.

The endpoint is read-only and calls no other service, so it refuses updates, SERVICE
(anywhere: in a subquery, an OPTIONAL, a FILTER EXISTS) and FROM / FROM NAMED. The
decision is taken on rdflib's parse of the query and its SPARQL algebra, never on
keywords found in the text: escapes (``\\u0053ERVICE``), comments, strings and prefixed
names such as ``p:x\\#`` are what that parser makes of them. Oxigraph runs the query
afterwards and parses it again; when one of the two parsers refuses what the other
accepts, the query is refused (see :mod:`normgraph.server.sandbox`), so no query runs
that this check did not read the way the engine reads it.

Parsing takes time that grows with the query, not always linearly (rdflib's parser is
a recursive-descent one), so :func:`inspect` runs in the sandboxed child, under the
query's time and memory limits, never in the server process.

>>> inspect("SELECT * WHERE { ?s ?p ?o }").form
'select'
>>> inspect("ASK { FILTER EXISTS { SERVICE <http://example.org/sparql> {} } }").status
403
>>> inspect("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }").status
400
>>> inspect("DROP ALL").message
'this endpoint is read-only: updates are refused'
>>> inspect("SELECT * WHERE { ?s ?p }").message
"malformed query: error at 1:18: Expected SelectQuery, found '?'"
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = [
    "NO_OTHER_GRAPHS",
    "NO_SERVICE",
    "READ_ONLY",
    "QueryForm",
    "Verdict",
    "inspect",
]

QueryForm = Literal["select", "ask", "construct", "describe"]

READ_ONLY: Final = "this endpoint is read-only: updates are refused"
NO_SERVICE: Final = "SERVICE is refused: this endpoint calls no other endpoint"
NO_OTHER_GRAPHS: Final = (
    "FROM, FROM NAMED, default-graph-uri and named-graph-uri are refused: "
    "this endpoint serves one graph and reads no other"
)
_FORMS: Final[dict[str, QueryForm]] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


@dataclass(frozen=True)
class Verdict:
    """The form of a query that may run (status 200), or why it may not."""

    status: int
    form: QueryForm | None = None
    message: str = ""


def inspect(
    text: str, *, base: str | None = None, prefixes: Mapping[str, str] | None = None
) -> Verdict:
    """Read ``text`` as rdflib's SPARQL parser does and decide whether it may run.

    ``base`` resolves relative IRIs and ``prefixes`` are declared before the query,
    as the engine is given them. An update gets 403; a query that does not parse, or
    reads other graphs, gets 400; one that calls SERVICE gets 403.
    """
    try:
        parsed = parseQuery(text)
    except ParseException as error:
        if _is_update(text):
            return Verdict(403, message=READ_ONLY)
        where = f"error at {error.lineno}:{error.col}"
        return Verdict(400, message=f"malformed query: {where}: {error.msg}, found {error.found}")
    except RecursionError:
        return Verdict(400, message="malformed query: nested too deeply to read")
    try:
        query = translateQuery(parsed, base=base, initNs=dict(prefixes or {}))
    except RecursionError:
        return Verdict(400, message="malformed query: nested too deeply to read")
    except Exception as error:  # rdflib's translation raises plain exceptions of many kinds
        return Verdict(400, message=f"malformed query: {_one_line(error)}")
    algebra = query.algebra
    form = _FORMS.get(algebra.name)
    if form is None:
        return Verdict(400, message=f"malformed query: not a query form ({algebra.name})")
    if algebra.get("datasetClause"):
        return Verdict(400, message=NO_OTHER_GRAPHS)
    # The parse tree as well as the algebra: every node either holds is looked at.
    for node in _nodes((algebra, parsed)):
        if node.name == "ServiceGraphPattern":
            return Verdict(403, message=NO_SERVICE)
        if node.name == "DatasetClause":
            return Verdict(400, message=NO_OTHER_GRAPHS)
    return Verdict(200, form=form)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    return True


def _nodes(root: object) -> Iterator[CompValue]:
    """Every CompValue reachable from ``root``, without recursion (queries nest deep)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset | ParseResults):
            stack.extend(item)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())
