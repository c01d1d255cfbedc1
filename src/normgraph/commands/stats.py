"""Count what the knowledge base holds: resources by class, processes by kind, memberships
and norms by process (with how complete each member list is), memberships by role, dated
events per year from 2004 to 2026, norms per scheme and per topic, derivations by kind
and confidence, which member lists are complete, and how facts are cited (a source, a
web address, a locator).

An event is a process's start or end, the issue of its outcome document, a norm's own
issue date or a membership's own start.
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
    from normgraph.analytics.stats import FIRST_YEAR, LAST_YEAR, stats
    from normgraph.commands._analytics import displayable

    result = stats(open_kb(args))
    tables = {
        "by class": result.classes,
        "processes by kind": result.kinds,
        "by process": result.processes,
        "by role": result.roles,
        f"dated events by year, {FIRST_YEAR}-{LAST_YEAR}": result.years,
        "norms by scheme": result.schemes,
        "norms by topic": result.topics,
        "derivations by kind and confidence": result.derivations,
        "member lists": result.member_lists,
        "citations": result.citations,
    }
    complete, lists = result.complete_lists
    shares = {
        "cited_share": result.cited_share,
        "page_share": result.page_share,
        "locator_share": result.locator_share,
    }
    if args.format == "json":
        payload: dict[str, object] = {
            name: json.loads(t.to_json(orient="records", force_ascii=False))
            for name, t in tables.items()
        }
        payload |= shares
        payload["events_outside"] = result.events_outside
        payload["complete_lists"] = {"complete": complete, "lists": lists}
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for name, table in tables.items():
        if args.format != "csv":
            print(f"## {name}\n")
        write_table(displayable(table, args.format), args.format)
        print()
    outside = result.events_outside
    print(
        f"dated events before {FIRST_YEAR}: {outside['before']}, after {LAST_YEAR}: "
        f"{outside['after']}; years without one: "
        f"{', '.join(map(str, result.years.loc[result.years['events'] == 0, 'year'])) or 'none'}"
    )
    print(f"member lists complete: {complete} of {lists}")
    print(f"facts citing a source: {result.cited_share:.1%}")
    print(f"facts citing a web address (foaf:page): {result.page_share:.1%}")
    print(f"facts citing a passage with a locator: {result.locator_share:.1%}")
    return 0
