"""Options and output shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import pandas as pd

    from normgraph.store.kb import KnowledgeBase

__all__ = ["add_kb_options", "add_table_format", "open_kb", "write_table"]

TABLE_FORMATS = ("table", "csv", "json", "markdown")


def add_kb_options(parser: argparse.ArgumentParser) -> None:
    """Where the data comes from: bundled data plus files, a store or an endpoint."""
    group = parser.add_argument_group("data")
    group.add_argument(
        "--data",
        metavar="FILE",
        action="append",
        default=[],
        help="add a Turtle, TriG, N-Triples or JSON-LD file (repeatable)",
    )
    group.add_argument("--no-bundled", action="store_true", help="leave the bundled dataset out")
    source = group.add_mutually_exclusive_group()
    source.add_argument(
        "--store", metavar="PATH", help="a persistent Oxigraph store (created on first use)"
    )
    source.add_argument(
        "--endpoint", metavar="URL", help="a remote SPARQL 1.1 endpoint serving normgraph data"
    )


def open_kb(args: argparse.Namespace) -> KnowledgeBase:
    from normgraph.store.kb import load

    return load(
        args.data,
        bundled=not args.no_bundled,
        store=args.store,
        endpoint=args.endpoint,
    )


def add_table_format(parser: argparse.ArgumentParser, default: str = "table") -> None:
    parser.add_argument(
        "--format",
        choices=TABLE_FORMATS,
        default=default,
        help=f"output format (default: {default}); markdown pastes into a paper",
    )


def write_table(frame: pd.DataFrame, fmt: str, out: TextIO | None = None) -> None:
    """Print a DataFrame as an aligned table, CSV, JSON records or a Markdown table."""
    out = out or sys.stdout
    if fmt == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "markdown":
        out.write(_markdown(frame))
    else:
        out.write(_aligned(frame))


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    """Cells as text, IRIs as CURIEs where a prefix is known (tables are for reading)."""
    from normgraph.namespaces import compact

    return [
        ["" if _missing(v) else compact(str(v)) for v in row]
        for row in frame.itertuples(index=False)
    ]


def _missing(value: object) -> bool:
    """None, NaN, pandas' NA or NaT: printed as an empty cell."""
    from normgraph.analytics.completeness import is_known

    return not is_known(value)


def _aligned(frame: pd.DataFrame) -> str:
    header = [str(c) for c in frame.columns]
    rows = _cells(frame)
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(frame: pd.DataFrame) -> str:
    def escape(cell: str) -> str:
        return cell.replace("|", "\\|").replace("\n", " ")

    header = [escape(str(c)) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in _cells(frame)]
    return "\n".join(lines) + "\n"
