"""Count what the knowledge base holds: resources by class, memberships and norms by
process, memberships by role, and the share of facts that cite a source.
"""

from __future__ import annotations

import argparse
import json
import sys

from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_table_format(parser)
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.analytics.stats import stats

    result = stats(open_kb(args))
    tables = {
        "by class": result.classes,
        "by process": result.processes,
        "by role": result.roles,
        "citations": result.citations,
    }
    if args.format == "json":
        payload: dict[str, object] = {
            name: json.loads(t.to_json(orient="records")) for name, t in tables.items()
        }
        payload["cited_share"] = result.cited_share
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for name, table in tables.items():
        if args.format != "csv":
            print(f"## {name}\n")
        write_table(table, args.format)
        print()
    print(f"facts citing a source: {result.cited_share:.1%}")
    return 0
