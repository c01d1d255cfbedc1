"""Serve the knowledge graph: a read-only SPARQL 1.1 endpoint at /sparql, a query
page at /query and the static site at /.

Queries run in child processes that are stopped at the time limit (--timeout);
answers are cut at --max-rows rows (the header X-Normgraph-Truncated says so).
Updates, SERVICE calls and FROM clauses are refused. The data is served from
memory, so a --store is read once at start-up. Needs fork() (Linux, macOS).
"""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType

from normgraph.commands._common import add_kb_options
from normgraph.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on; 0 picks a free one (default: 8000)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="time limit per query (default: 5)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=10_000,
        metavar="N",
        help="rows or triples per answer (default: 10000)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=16_000_000,
        metavar="N",
        help="approximate size of an answer, as N-Triples text (default: 16000000)",
    )
    parser.add_argument(
        "--max-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="memory per query, in MiB, on Linux (default: 1024)",
    )
    parser.add_argument(
        "--workers", type=int, metavar="N", help="queries run at once (default: the number of CPUs)"
    )
    site = parser.add_mutually_exclusive_group()
    site.add_argument(
        "--site", metavar="DIR", help="serve this built site at / (default: build one at start-up)"
    )
    site.add_argument("--no-site", action="store_true", help="no site: / links to the query page")
    parser.add_argument("--quiet", action="store_true", help="no access log on stderr")
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    from normgraph.commands._common import open_kb
    from normgraph.server.endpoint import EndpointServer
    from normgraph.server.sandbox import Limits, Sandbox

    if args.endpoint:
        raise UsageError("serve needs local data; a remote --endpoint already serves SPARQL")
    if args.site and not (Path(args.site) / "index.html").is_file():
        raise UsageError(f"--site {args.site}: no index.html there (build it with normgraph build)")
    limits = Limits(
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_bytes=args.max_bytes,
        max_memory=args.max_memory << 20,
        **({"workers": args.workers} if args.workers else {}),
    )
    kb = open_kb(args)
    with tempfile.TemporaryDirectory(prefix="normgraph-site-") as scratch:
        site = None if args.no_site else Path(args.site) if args.site else Path(scratch) / "site"
        if site is not None and not args.site:
            from normgraph.site import build_site

            build_site(kb, site)
        sandbox = Sandbox(kb.dump("nt"), limits)
        del kb  # the sandbox holds the data now; a --store is released
        try:
            server = EndpointServer((args.host, args.port), sandbox, site=site, quiet=args.quiet)
        except OSError as error:
            raise UsageError(
                f"cannot listen on {args.host}:{args.port}: {error.strerror}"
            ) from None
        with server:
            print(
                f"normgraph serve: {server.url} (SPARQL at {server.url}sparql, "
                f"query page at {server.url}query); Ctrl-C stops",
                flush=True,
            )
            signal.signal(signal.SIGTERM, _interrupt)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                print("stopped", file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops the server as Ctrl-C does, so that it cleans up after itself."""
    raise KeyboardInterrupt
