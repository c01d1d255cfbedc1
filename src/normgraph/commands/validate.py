"""Check the data against normgraph's SHACL shapes and for derivation cycles.

Exit 0 when the data conforms, 1 with one line per violation when it does not,
2 when a file cannot be read or parsed.
"""

from __future__ import annotations

import argparse
import sys

from normgraph.commands._common import add_kb_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="files to validate with the ontology (default: the bundled dataset and --data)",
    )
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.store.kb import load
    from normgraph.store.validation import validate

    if args.files:
        kb = load([*args.files, *args.data], bundled=False)
    else:
        from normgraph.commands._common import open_kb

        kb = open_kb(args)
    violations = validate(kb)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(f"conforms: {len(kb)} triples")
    return 0
