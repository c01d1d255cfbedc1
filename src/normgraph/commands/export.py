"""Write the whole knowledge graph (ontology, data and materialised triples).

ttl, nt and jsonld are RDF; graphml is a property graph for Gephi, yEd or Cytoscape:
one node per resource with its type and label, one edge per object triple.
"""

from __future__ import annotations

import argparse
import sys

from ._common import add_kb_options, open_kb

FORMATS = ("ttl", "nt", "jsonld", "graphml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="ttl", help="default: ttl")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from ..export import export

    kb = open_kb(args)
    payload = export(kb, args.format)
    if args.output:
        from ..fileio import atomic_write

        path = atomic_write(args.output, payload)
        print(f"wrote {path} ({len(payload):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload)
    return 0

