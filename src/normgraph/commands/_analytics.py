"""Options and output shared by the analytics commands (lineage, overlap, diff, influence)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from normgraph.analytics.views import ACTOR_TYPES

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

__all__ = ["add_membership_filters", "displayable", "membership_filters"]


def add_membership_filters(parser: argparse.ArgumentParser) -> None:
    """--actor-type, --role and --as-of: which memberships count."""
    group = parser.add_argument_group("which memberships count")
    group.add_argument("--actor-type", choices=tuple(ACTOR_TYPES), help="only actors of this kind")
    group.add_argument(
        "--role", metavar="ROLE", help="only this role (member, chair, signatory, sponsor, ...)"
    )
    group.add_argument(
        "--as-of",
        metavar="DATE",
        help="only memberships in force on DATE: a day, a month or a year (YYYY-MM-DD, "
        "YYYY-MM, YYYY), a month or year meaning its last day; undated ones count for "
        "their process's lifetime",
    )


def membership_filters(args: argparse.Namespace) -> tuple[str | None, str | None, dt.date | None]:
    """The actor type, role and date of ``args`` (a bad date is a one-line UsageError)."""
    from normgraph.dates import parse_date

    as_of = parse_date(args.as_of) if args.as_of is not None else None
    return args.actor_type, args.role, as_of


def displayable(frame: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """``frame`` ready for :func:`write_table`: tuples as text, floats rounded for reading.

    JSON keeps tuples as lists and full precision; CSV joins a tuple's IRIs with spaces;
    tables and Markdown show them as CURIEs separated by commas.
    """
    from normgraph.namespaces import compact

    if fmt == "json":
        return frame
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if values.dtype == object and any(isinstance(v, tuple) for v in values):
            shown[column] = values.map(
                lambda v: _joined(v, fmt, compact) if isinstance(v, tuple) else v
            )
        elif values.dtype.kind == "f" and fmt != "csv":
            shown[column] = values.round(3)
    return shown


def _joined(items: tuple[object, ...], fmt: str, compact: Callable[[str], str]) -> str:
    if fmt == "csv":
        return " ".join(str(item) for item in items)
    return ", ".join(compact(str(item)) for item in items)
