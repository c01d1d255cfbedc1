"""Write the whole knowledge graph (ontology, data and materialised triples).

ttl, nt and jsonld are RDF; graphml is a property graph for Gephi, yEd or Cytoscape:
one node per resource with its type and label, one edge per object triple. With
--view, graphml holds one of the analytics views instead: the norm derivation graph,
the process graph (giver -> taker, weighted) or the bipartite membership graph.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from normgraph.commands._common import add_kb_options, open_kb
from normgraph.errors import UsageError

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase

FORMATS = ("ttl", "nt", "jsonld", "graphml")
VIEWS = ("derivations", "processes", "memberships")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="ttl", help="default: ttl")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    parser.add_argument("--view", choices=VIEWS, help="with --format graphml: one analytics view")
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    from normgraph.store.export import export

    if args.view and args.format != "graphml":
        raise UsageError("--view goes with --format graphml")
    kb = open_kb(args)
    payload = _view(kb, args.view) if args.view else export(kb, args.format)
    if args.output:
        from normgraph.fileio import atomic_write

        path = atomic_write(args.output, payload)
        print(f"wrote {path} ({len(payload):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload)
    return 0


def _view(kb: KnowledgeBase, name: str) -> bytes:
    from normgraph.analytics.views import graphml, views

    v = views(kb)
    graphs = {
        "derivations": v.derivation_graph,
        "processes": v.process_graph,
        "memberships": v.membership_graph,
    }
    return graphml(graphs[name])
