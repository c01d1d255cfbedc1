"""The ``normgraph`` command line: one sub-command per job.

Each sub-command lives in ``normgraph.commands.<name>`` with ``add_arguments(parser)``
and ``run(args) -> int``. Command modules import heavy libraries inside ``run`` so
that ``normgraph --help`` stays fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from normgraph import __version__
from normgraph.errors import NormgraphError

__all__ = ["COMMANDS", "entry", "main"]

#: name -> (module, one-line help), in the order ``--help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("normgraph.commands.build", "validate the data and write the static site"),
    "validate": ("normgraph.commands.validate", "check the data against the SHACL shapes"),
    "query": ("normgraph.commands.query", "run a library query or your own SPARQL"),
    "export": ("normgraph.commands.export", "write the whole graph as ttl, nt, jsonld or graphml"),
    "stats": ("normgraph.commands.stats", "count processes, norms, actors, roles and citations"),
    "lineage": ("normgraph.commands.lineage", "follow a norm's derivations back and forward"),
    "overlap": ("normgraph.commands.overlap", "shared members of processes, intersections, P5"),
    "diff": ("normgraph.commands.diff", "members of one process that never joined another"),
    "influence": ("normgraph.commands.influence", "how far processes' norms travel, who receives"),
    "import": ("normgraph.commands.import_", "turn a published list into normgraph memberships"),
    "serve": ("normgraph.commands.serve", "serve a read-only SPARQL endpoint, query page and site"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command`` alone.

    Each command's module is imported to add its arguments; a command run alone skips
    the others' (about 0.07 s of CPU, a fifth of a small ``validate``).
    """
    parser = argparse.ArgumentParser(
        prog="normgraph",
        description="A knowledge graph of cyber norm processes, their norms and their members.",
    )
    parser.add_argument("--version", action="version", version=f"normgraph {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        if command not in (None, name):
            continue
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(
            name, help=help_text, description=(module.__doc__ or help_text).strip()
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Building the parser imports the command(s): Ctrl-C may come during it too.
        words = sys.argv[1:] if argv is None else list(argv)
        command = words[0] if words and words[0] in COMMANDS else None
        args = build_parser(command).parse_args(words)
        return int(args.run(args))
    except NormgraphError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0
    finally:
        _forget_views()


def _forget_views() -> None:
    """Let the command's knowledge base go (a store is unlocked), if views kept it."""
    views = sys.modules.get("normgraph.analytics.views")  # never imported: nothing kept
    if views is not None:
        views.forget()


def entry() -> int:
    """The ``normgraph`` console command: :func:`main`, then a quick exit.

    At exit Python walks every object once more, looking for reference cycles to free,
    a tenth of a bundled build's time. The command's own objects are freed as it
    returns (no knowledge base outlives it, so a store is closed); the rest dies with
    the process. Moved out of the collector's reach, they are not walked. In-process
    callers (tests, notebooks) call :func:`main`, which leaves the collector alone.
    """
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(entry())
