"""Run a query of the library (by name), a .rq file, or SPARQL text.

Parameters are given as NAME=VALUE; an IRI parameter also accepts a CURIE or a
label (for example --param process="Paris Call for Trust and Security in Cyberspace").
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table
from normgraph.errors import UsageError

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase
    from normgraph.store.queries import QueryFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="a library query or file")
    what.add_argument("--sparql", metavar="TEXT", help="SPARQL text")
    what.add_argument("--list", action="store_true", help="list the library's queries")
    parser.add_argument(
        "--param", "-p", metavar="NAME=VALUE", action="append", default=[], help="bind $NAME"
    )
    add_table_format(parser)
    parser.add_argument(
        "--graph-format",
        default="ttl",
        choices=("ttl", "nt", "jsonld"),
        help="format for CONSTRUCT and DESCRIBE results (default: ttl)",
    )
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.store import queries

    if args.list:
        for info in queries.list_queries().values():
            names = " ".join(
                f"[{p.name}]" if p.optional else p.name for p in info.parameters.values()
            )
            print(f"{info.name:24} {info.summary}" + (f"  (params: {names})" if names else ""))
        return 0
    kb = open_kb(args)
    query: str = args.sparql if args.sparql is not None else args.name
    params = _parse_params(args.param)
    if args.sparql is None and not query.endswith(".rq"):
        params = _resolve_iris(kb, queries.get(query), params)
    result = kb.query(query, params, tabular="csv", graph=args.graph_format)
    if result.kind == "graph":
        sys.stdout.write(result.body.decode("utf-8"))
        return 0
    if result.kind == "ask":
        print("true" if kb.ask(query, **params) else "false")
        return 0
    write_table(kb.select(query, **params), args.format)
    return 0


def _parse_params(pairs: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        params[name.lstrip("$?")] = value
    return params


def _resolve_iris(
    kb: KnowledgeBase, info: QueryFile, params: dict[str, object]
) -> dict[str, object]:
    """IRI parameters given as labels or CURIEs become IRIs (or a clear error)."""
    from normgraph.analytics.resolve import resolve
    from normgraph.namespaces import expand

    resolved = dict(params)
    for name, value in params.items():
        parameter = info.parameters.get(name)
        if parameter is None or parameter.type != "iri":
            continue
        kind = _PARAMETER_KINDS.get(name, "resource")
        text = str(value)
        # Facts such as memberships have no label: an IRI or CURIE names them as it is.
        is_iri = expand(text) != text or "://" in text
        resolved[name] = text if kind == "resource" and is_iri else resolve(kb, text, kind)
    return resolved


#: The kind of resource an IRI parameter names, by parameter name, for label lookup.
_PARAMETER_KINDS = {
    "process": "process",
    "other": "process",
    "population": "process",
    "norm": "norm",
    "actor": "actor",
}
