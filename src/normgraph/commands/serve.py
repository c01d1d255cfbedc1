"""Serve the knowledge graph: a read-only SPARQL 1.1 endpoint at /sparql, a query
page at /query and the static site at /.

Served by uvicorn (see normgraph.server.http). Queries run in child processes that
are stopped at the time limit (--timeout) and have no network (a namespace of their
own; --no-network-wall runs without it, where the system allows none); answers are
cut at --max-rows rows (the header X-Normgraph-Truncated says so). Updates, SERVICE
calls and FROM clauses are refused. The data is served from memory, so a --store is
read once at start-up. Needs fork() (Linux, macOS).
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType

from normgraph.commands._common import add_kb_options
from normgraph.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=_number(int, 0, 65535),
        default=8000,
        help="port to listen on; 0 picks a free one (default: 8000)",
    )
    parser.add_argument(
        "--timeout",
        type=_number(float, 0.001),
        default=5.0,
        metavar="SECONDS",
        help="time limit per query (default: 5)",
    )
    parser.add_argument(
        "--max-rows",
        type=_number(int, 1),
        default=10_000,
        metavar="N",
        help="rows or triples per answer (default: 10000)",
    )
    parser.add_argument(
        "--max-bytes",
        type=_number(int, 1),
        default=16_000_000,
        metavar="N",
        help="approximate size of an answer, as N-Triples text (default: 16000000)",
    )
    parser.add_argument(
        "--max-memory",
        type=_number(int, 1),
        default=1024,
        metavar="MB",
        help="memory per query, in MiB, on Linux (default: 1024)",
    )
    parser.add_argument(
        "--workers",
        type=_number(int, 1),
        metavar="N",
        help="queries run at once (default: the number of CPUs)",
    )
    parser.add_argument(
        "--per-client",
        type=_number(int, 1),
        metavar="N",
        help="queries one client address runs at once (default: workers - 1, at least 1)",
    )
    parser.add_argument(
        "--no-network-wall",
        action="store_true",
        help="run queries even where they cannot be put in a network namespace of their "
        "own (not Linux, or namespaces forbidden); SERVICE is still refused",
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
    from normgraph.server.endpoint import create_app
    from normgraph.server.http import serve
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
        **({"workers": args.workers} if args.workers is not None else {}),
    )
    kb = open_kb(args)
    with tempfile.TemporaryDirectory(prefix="normgraph-site-") as scratch:
        site = None if args.no_site else Path(args.site) if args.site else Path(scratch) / "site"
        if site is not None and not args.site:
            from normgraph.site import build_site

            build_site(kb, site)
        triples = len(kb)
        try:
            listener = _listen(args.host, args.port)
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {reason}") from None
        with listener, Sandbox(kb.dump("nt"), limits, network_wall=not args.no_network_wall) as box:
            del kb  # the sandbox holds the data now; a --store is released
            app = create_app(box, triples=triples, site=site, per_client=args.per_client)
            host, port = listener.getsockname()[:2]
            url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
            print(
                f"normgraph serve: {url} (SPARQL at {url}sparql, query page at {url}query); "
                "Ctrl-C stops",
                flush=True,
            )
            print(f"normgraph serve: {box.wall}", file=sys.stderr, flush=True)
            signal.signal(signal.SIGTERM, _interrupt)
            try:
                serve(app, listener, quiet=args.quiet)
            except KeyboardInterrupt:
                print("stopped", file=sys.stderr)
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) and listening; port 0 picks a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except BaseException:
        listener.close()
        raise
    return listener


def _number(
    kind: Callable[[str], float], low: float, high: float | None = None
) -> Callable[[str], float]:
    """An argparse type: a number of ``kind`` from ``low`` to ``high``, else a one-line error.

    >>> _number(int, 0, 65535)("8000")
    8000
    >>> _number(int, 0, 65535)("80000")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: 80000 is not from 0 to 65535
    """

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < low or (high is not None and value > high):
            bounds = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"{text} is not {bounds}")
        return value

    return parse


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops the server as Ctrl-C does, so that it cleans up after itself."""
    raise KeyboardInterrupt
