"""Where a norm comes from and where it went: every derivation path back to its origins
and forward to the norms that took it up, each hop with its kind, process, date and
source. With --traces LATER EARLIER: which norms of one process trace back to norms of
another, and through which processes (a series includes its iterations).

NORM and the processes are an IRI, a CURIE or a label.
"""

from __future__ import annotations

import argparse
import json
import sys

from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table
from normgraph.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("norm", nargs="?", metavar="NORM", help="the norm to follow")
    parser.add_argument(
        "--traces",
        nargs=2,
        metavar=("LATER", "EARLIER"),
        help="list the norms of process LATER that derive from norms of process EARLIER",
    )
    parser.add_argument(
        "--max-paths",
        type=int,
        default=100,
        metavar="N",
        help="list at most N paths each way (default: 100); all are counted",
    )
    add_table_format(parser)
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.analytics.lineage import lineage, traces
    from normgraph.analytics.resolve import resolve
    from normgraph.analytics.views import views
    from normgraph.commands._analytics import displayable
    from normgraph.namespaces import compact

    if (args.norm is None) == (args.traces is None):
        raise UsageError("give either a NORM or --traces LATER EARLIER")
    if args.max_paths < 1:
        raise UsageError(f"--max-paths must be at least 1, not {args.max_paths}")
    kb = open_kb(args)
    graph = views(kb).derivation_graph
    if args.traces is not None:
        later, earlier = (resolve(kb, text, "process") for text in args.traces)
        found = traces(graph, views(kb).family(later), views(kb).family(earlier))
        if args.format in ("table", "markdown"):
            print(f"norms of {compact(later)} that derive from norms of {compact(earlier)}\n")
        write_table(displayable(found, args.format), args.format)
        return 0
    norm = resolve(kb, args.norm, "norm")
    result = lineage(graph, norm, args.max_paths)
    if args.format == "json":
        payload = {
            "norm": norm,
            "label": graph.nodes[norm].get("label"),
            "origins": result.origins,
            "earliest_origins": result.earliest_origins,
            "paths_back": result.paths_back,
            "paths_forward": result.paths_forward,
            "truncated": result.truncated,
            "hops": json.loads(result.hops.to_json(orient="records", force_ascii=False)),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    hops = result.hops
    if args.format in ("table", "markdown"):

        def named(n: str) -> str:
            return f"{compact(n)} ({graph.nodes[n].get('label') or 'no label'})"

        print(f"norm: {named(norm)}")
        print(f"origins: {'; '.join(named(n) for n in result.origins)}")
        print(f"earliest origin: {'; '.join(named(n) for n in result.earliest_origins)}")
        shown = min(args.max_paths, result.paths_back), min(args.max_paths, result.paths_forward)
        print(f"paths back: {result.paths_back} (listed: {shown[0]})")
        print(f"paths forward: {result.paths_forward} (listed: {shown[1]})\n")
        hops = hops.drop(columns=["norm_label", "earlier_label"])
    write_table(displayable(hops, args.format), args.format)
    return 0
