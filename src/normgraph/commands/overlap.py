"""Shared members of processes: counts, Jaccard and overlap coefficients for each pair.

With PROCESS arguments, every pair of them (sharing or not); without, every pair of
processes that share a member. --intersections gives the UpSet-style exclusive
intersections of the named processes; --powers shows where the P5 (and the actors
named with --actor) take part. Processes and actors are an IRI, a CURIE or a name.

A figure over an incomplete member list counts recorded members only: pairs have a
column ``complete`` (both lists complete), and a footnote names the incomplete lists
with what is recorded against what a source states ("14 of 25 recorded").
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from normgraph.commands._analytics import add_membership_filters
from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table
from normgraph.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

METRICS = {"count": "shared", "jaccard": "jaccard", "overlap": "overlap"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("processes", nargs="*", metavar="PROCESS", help="the processes to compare")
    parser.add_argument(
        "--metric",
        choices=tuple(METRICS),
        default="count",
        help="what to show: shared members, Jaccard (shared / union) or overlap (shared / "
        "smaller); every pair is sorted by it, named ones keep their order (default: count)",
    )
    parser.add_argument("--top", type=int, metavar="N", help="show only the N first pairs")
    view = parser.add_mutually_exclusive_group()
    view.add_argument(
        "--intersections",
        action="store_true",
        help="how many actors are in exactly each combination of the PROCESSes (UpSet)",
    )
    view.add_argument(
        "--powers",
        action="store_true",
        help="the roles of the P5 (members of p:unsc-p5) and of each --actor in each process",
    )
    parser.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="ACTOR",
        help="with --powers: another actor to show (repeatable)",
    )
    add_membership_filters(parser)
    add_table_format(parser)
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.analytics.overlap import (
        great_powers,
        intersections,
        overlaps,
        participation,
        select_memberships,
        with_completeness,
    )
    from normgraph.analytics.resolve import resolve
    from normgraph.analytics.views import views
    from normgraph.commands._analytics import completeness_note, displayable, membership_filters

    actor_type, role, as_of = membership_filters(args)
    if args.top is not None and args.top < 1:
        raise UsageError(f"--top must be at least 1, not {args.top}")
    if args.actor and not args.powers:
        raise UsageError("--actor goes with --powers")
    if args.intersections and len(args.processes) < 2:
        raise UsageError("--intersections needs at least two PROCESSes")
    if len(args.processes) == 1 and not args.powers:
        raise UsageError("give at least two PROCESSes to compare, or none for every pair")
    kb = open_kb(args)
    processes = [resolve(kb, text, "process") for text in args.processes] or None
    table = select_memberships(
        views(kb).memberships, actor_type=actor_type, role=role, in_force_on=as_of
    )
    member_lists = views(kb).member_lists
    if args.powers:
        extra = [resolve(kb, text, "actor") for text in args.actor]
        result = participation(table, great_powers(views(kb).memberships, extra), processes)
        labels = views(kb).processes.set_index("process")["label"]
        result["process_label"] = result["process"].map(labels)  # also processes nobody joined
        shown = list(result["process"])
        result.columns = [_curie(c) for c in result.columns]
    elif processes is not None and args.intersections:
        result = intersections(table, processes)
        shown = processes
        result.columns = [_curie(c) for c in result.columns]
    else:
        pairs = with_completeness(overlaps(table, processes), member_lists)
        result = _pairs(pairs, args.metric, ordered=processes is None)
    if args.top is not None:
        result = result.head(args.top)
    if not args.powers and not args.intersections:
        shown = [*result["process_a"].astype(object), *result["process_b"].astype(object)]
    write_table(displayable(result, args.format), args.format)
    completeness_note(member_lists, shown, args.format)
    return 0


def _pairs(frame: pd.DataFrame, metric: str, *, ordered: bool) -> pd.DataFrame:
    """The pair columns, the chosen metric and ``complete``; all pairs sorted by the metric."""
    column = METRICS[metric]
    keep = ["process_a", "process_b", "size_a", "size_b", "shared"]
    shown = frame[[*keep, *([column] if column != "shared" else []), "complete"]]
    if ordered:
        shown = shown.sort_values(
            [column, "process_a", "process_b"], ascending=[False, True, True], kind="stable"
        )
    return shown.reset_index(drop=True)


def _curie(name: object) -> str:
    from normgraph.namespaces import compact

    return compact(str(name))
