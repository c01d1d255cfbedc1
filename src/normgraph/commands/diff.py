"""The members of process A that never joined process B, in any role.

With --as-of, the members of A on that date that had not joined B by then; --role
picks the role they hold in A. A and B are an IRI, a CURIE or a name. When either
member list is incomplete, a footnote says so ("14 of 25 recorded"): an actor listed may
have joined B without the data knowing, and A may have more members.
"""

from __future__ import annotations

import argparse

from normgraph.commands._analytics import add_membership_filters
from normgraph.commands._common import add_kb_options, add_table_format, open_kb, write_table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A", help="the process whose members are listed")
    parser.add_argument("b", metavar="B", help="the process they never joined")
    add_membership_filters(parser)
    add_table_format(parser)
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.analytics.overlap import difference, select_memberships
    from normgraph.analytics.resolve import resolve
    from normgraph.analytics.views import views
    from normgraph.commands._analytics import completeness_note, displayable, membership_filters
    from normgraph.namespaces import compact

    actor_type, role, as_of = membership_filters(args)
    kb = open_kb(args)
    a, b = resolve(kb, args.a, "process"), resolve(kb, args.b, "process")
    table = views(kb).memberships
    members_a = select_memberships(table, actor_type=actor_type, role=role, in_force_on=as_of)
    joined_b = select_memberships(table, actor_type=actor_type, joined_by=as_of)
    found = difference(members_a, a, b, never_in=joined_b)
    if args.format in ("table", "markdown"):
        print(f"members of {compact(a)} that never joined {compact(b)}: {len(found)}\n")
    write_table(displayable(found, args.format), args.format)
    completeness_note(views(kb).member_lists, [a, b], args.format)
    return 0
