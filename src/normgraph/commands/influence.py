"""Which processes' norms travel furthest (descendant norms, processes reached,
centrality on the process graph), which norms were born outside state processes and
never reached a UN process, and which processes only receive.
"""

from __future__ import annotations

import argparse
import json
import sys

from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table
from normgraph.errors import UsageError

SECTIONS = ("reach", "unreached", "receivers")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--section",
        choices=SECTIONS,
        action="append",
        help="show only this table (repeatable; default: all three)",
    )
    parser.add_argument(
        "--top", type=int, metavar="N", help="show only the first N rows of each table"
    )
    add_table_format(parser)
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.analytics.influence import reach, receivers, unreached_norms
    from normgraph.analytics.views import views
    from normgraph.commands._analytics import displayable

    if args.top is not None and args.top < 1:
        raise UsageError(f"--top must be at least 1, not {args.top}")
    v = views(open_kb(args))
    builders = {
        "reach": lambda: reach(v.derivation_graph, v.process_graph),
        "unreached": lambda: unreached_norms(v.derivation_graph, v.process_graph),
        "receivers": lambda: receivers(v.process_graph),
    }
    chosen = [s for s in SECTIONS if s in (args.section or SECTIONS)]
    tables = {name: builders[name]().head(args.top) for name in chosen}
    if args.format == "json":
        payload = {
            n: json.loads(t.to_json(orient="records", force_ascii=False)) for n, t in tables.items()
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    titles = {
        "reach": "reach: how far each process's norms travel",
        "unreached": "norms born outside state processes that never reached a UN process",
        "receivers": "processes that only receive",
    }
    for index, (name, table) in enumerate(tables.items()):
        if len(tables) > 1 and args.format != "csv":
            print(f"{'' if index == 0 else chr(10)}## {titles[name]}\n")
        write_table(displayable(table, args.format), args.format)
    return 0
