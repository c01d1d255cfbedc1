"""Where a norm comes from and where it went: every derivation path back to its origins
and forward to the norms that took it up, each hop with its kind, process, date and
source, and the norms a source says it competes with or contradicts. With --traces
LATER EARLIER: which norms of one process trace back to norms of another, and through
which processes (a series includes its iterations). With --topic TOPIC: the norms on a
topic across processes, by date, each with the norms it derives from, those that took
it up, its origins and its conflicts.

NORM, TOPIC and the processes are an IRI, a CURIE or a name.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table
from normgraph.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from normgraph.analytics.views import Views


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("norm", nargs="?", metavar="NORM", help="the norm to follow")
    parser.add_argument(
        "--traces",
        nargs=2,
        metavar=("LATER", "EARLIER"),
        help="list the norms of process LATER that derive from norms of process EARLIER",
    )
    parser.add_argument(
        "--topic",
        metavar="TOPIC",
        help="list the norms on TOPIC across processes, with where each came from and went",
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

    if sum(x is not None for x in (args.norm, args.traces, args.topic)) != 1:
        raise UsageError("give one of a NORM, --traces LATER EARLIER or --topic TOPIC")
    if args.max_paths < 1:
        raise UsageError(f"--max-paths must be at least 1, not {args.max_paths}")
    kb = open_kb(args)
    v = views(kb)
    graph = v.derivation_graph
    if args.topic is not None:
        return _topic(v, resolve(kb, args.topic, "topic"), args.format)
    if args.traces is not None:
        later, earlier = (resolve(kb, text, "process") for text in args.traces)
        found = traces(graph, v.family(later), v.family(earlier))
        if args.format in ("table", "markdown"):
            print(f"norms of {compact(later)} that derive from norms of {compact(earlier)}\n")
        write_table(displayable(found, args.format), args.format)
        return 0
    norm = resolve(kb, args.norm, "norm")
    result = lineage(graph, norm, args.max_paths)
    conflicts = _conflicts(v, norm)
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
            "conflicts": json.loads(conflicts.to_json(orient="records", force_ascii=False)),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    hops = result.hops
    if args.format in ("table", "markdown"):
        print(f"norm: {_named(graph, norm)}")
        print(f"origins: {'; '.join(_named(graph, n) for n in result.origins)}")
        print(f"earliest origin: {'; '.join(_named(graph, n) for n in result.earliest_origins)}")
        shown = min(args.max_paths, result.paths_back), min(args.max_paths, result.paths_forward)
        print(f"paths back: {result.paths_back} (listed: {shown[0]})")
        print(f"paths forward: {result.paths_forward} (listed: {shown[1]})")
        for other, kind, description, sources in zip(
            conflicts["other"],
            conflicts["kind"],
            conflicts["description"],
            conflicts["source"],
            strict=True,
        ):
            print(
                f"conflicts: {str(kind).lower()} with {_named(graph, other)}: "
                f"{description} [{', '.join(compact(s) for s in sources)}]"
            )
        print()
        hops = hops.drop(columns=["norm_label", "earlier_label"])
    write_table(displayable(hops, args.format), args.format)
    return 0


def _topic(v: Views, topic: str, fmt: str) -> int:
    """Print the norms on ``topic`` (see :func:`~normgraph.analytics.lineage.topic_lineage`)."""
    from normgraph.analytics.lineage import topic_lineage
    from normgraph.commands._analytics import displayable
    from normgraph.namespaces import compact

    on_topic = v.norm_topics.loc[v.norm_topics["topic"] == topic, "norm"]
    table = topic_lineage(v.derivation_graph, list(on_topic), v.conflicts)
    if fmt in ("table", "markdown"):
        label = v.topics.set_index("topic")["label"].get(topic)
        processes = table["process"].nunique()
        print(
            f"topic: {compact(topic)} ({label}): {len(table)} norm(s) in {processes} "
            f"process(es), {int((table['derives_from'].map(len) > 0).sum())} deriving from "
            f"an earlier norm, {int((table['conflicts'].map(len) > 0).sum())} in a conflict\n"
        )
    write_table(displayable(table, fmt), fmt)
    return 0


def _conflicts(v: Views, norm: str) -> pd.DataFrame:
    from normgraph.analytics.lineage import conflicts_of

    return conflicts_of(v.conflicts, norm)


def _named(graph: nx.DiGraph, norm: str) -> str:
    from normgraph.namespaces import compact

    return f"{compact(norm)} ({graph.nodes[norm].get('label') or 'no label'})"
