"""Turn a published list into normgraph memberships, written as Turtle.

Supported lists:

  paris-call  the supporters of the Paris Call for Trust and Security in Cyberspace
              (the CSV of the Call's website repository)

Every row becomes a membership, or is reported on standard error with its line number
and the reason; a summary line follows. Organisations the dataset already knows (by
name) are reused. Load the result with ``--data FILE`` or ``normgraph build --import``.
"""

from __future__ import annotations

import argparse
import sys

from normgraph.commands._common import add_kb_options, open_kb

__all__ = ["LISTS", "add_arguments", "run"]

#: The lists this command can import.
LISTS = ("paris-call",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("list", choices=LISTS, help="which published list FILE is")
    parser.add_argument("file", metavar="FILE", help="the list (e.g. a CSV file)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    import time

    from normgraph.importers import paris_call

    started = time.perf_counter()
    kb = open_kb(args)
    text, report = paris_call.to_turtle(args.file, kb)
    for line in report.lines():
        print(line, file=sys.stderr)
    if args.output:
        from normgraph.fileio import atomic_write

        path = atomic_write(args.output, text)
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    print(f"{report.summary()} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0
