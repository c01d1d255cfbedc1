"""Load test for ``normgraph serve``: concurrent clients on loopback, bounded in count and time.

Each client keeps one HTTP/1.1 connection and POSTs library queries (members of a
process, norms of a process, shared members, a timeline, norm adoption, actors
outside a process) until the request budget or the time budget is spent; then the
script prints throughput, latency percentiles and errors, and stops by itself.
Then it measures what the sandbox costs per query: the same trivial query run in
process, through the sandbox (a fork per query), and over HTTP one at a time.

    python benchmarks/load_endpoint.py                 # 50 clients, 3000 requests, 60 s at most
    python benchmarks/load_endpoint.py --clients 20 --requests 500 --url http://127.0.0.1:8000/

Without ``--url`` it starts ``normgraph serve --no-site`` with the bundled data on a
free loopback port, and stops it at the end.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit

from normgraph.store import queries

# (library query, parameters): questions a researcher asks, some cheap, some not.
WORKLOAD = [
    ("members-of-process", {"process": "p:paris-call"}),
    ("members-of-process", {"process": "p:unga", "date": "2020-01-01"}),
    ("norms-of-process", {"process": "p:gge-2014-2015"}),
    ("shared-members", {"process": "p:gcsc", "other": "p:paris-call"}),
    ("timeline", {}),
    ("norm-adoption", {}),
    ("actors-outside-process", {"process": "p:paris-call", "population": "p:unga"}),
    ("norm-lineage", {"norm": "n:paris-call-5"}),
]
TRIVIAL = "ASK {}"


@contextmanager
def serve() -> Iterator[str]:
    """A ``normgraph serve`` on a free loopback port; its base URL."""
    command = [
        sys.executable,
        "-c",
        "import sys; from normgraph.cli import main; sys.exit(main())",
        "serve",
        "--port",
        "0",
        "--no-site",
        "--quiet",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        line = process.stdout.readline()
        if "http://" not in line:
            raise SystemExit("normgraph serve did not start")
        yield line.split()[2]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)


class Client:
    """One keep-alive connection that POSTs form-encoded queries."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.failures: list[str] = []

    def ask(self, query: str) -> int:
        body = urlencode({"query": query})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        try:
            self.connection.request("POST", "/sparql", body, headers)
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # reconnects on the next request
            self.failures.append(repr(error))
            return 0


def load(url: str, clients: int, requests: int, max_seconds: float) -> None:
    texts = [queries.bind(queries.get(name), params) for name, params in WORKLOAD]
    budget = itertools.count()
    deadline = time.monotonic() + max_seconds
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        client = Client(url)
        for turn in itertools.count(index):
            if next(budget) >= requests or time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            status = client.ask(texts[turn % len(texts)])
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(status)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100)
    print(f"clients        {clients}")
    print(f"requests       {len(latencies)} in {wall:.1f} s")
    print(f"throughput     {len(latencies) / wall:.0f} requests/s")
    print(f"latency p50    {cuts[49] * 1000:.1f} ms")
    print(f"latency p95    {cuts[94] * 1000:.1f} ms")
    print(f"latency p99    {cuts[98] * 1000:.1f} ms")
    print(f"latency max    {max(latencies) * 1000:.1f} ms")
    print(
        f"errors         {len(errors)}" + (f" (statuses {sorted(set(errors))})" if errors else "")
    )


def overhead(url: str, rounds: int) -> None:
    """Mean time of a trivial query in process, through the sandbox, and over HTTP."""
    import normgraph
    from normgraph.server.sandbox import Limits, Sandbox

    kb = normgraph.load()
    store = kb.backend.store  # type: ignore[attr-defined]

    def mean_ms(run: object) -> float:
        assert callable(run)
        started = time.perf_counter()
        for _ in range(rounds):
            run()
        return (time.perf_counter() - started) / rounds * 1000

    in_process = mean_ms(lambda: store.query(TRIVIAL))
    with Sandbox(kb.dump("nt"), Limits()) as sandbox:
        forked = mean_ms(lambda: sandbox.run(TRIVIAL, tabular="json", graph=None))
    client = Client(url)
    over_http = mean_ms(lambda: client.ask(TRIVIAL))
    print(f"\none query at a time, {rounds} rounds of {TRIVIAL!r}:")
    print(f"in process     {in_process:.2f} ms")
    print(f"sandbox        {forked:.2f} ms (fork, run, serialise, exit)")
    print(f"over HTTP      {over_http:.2f} ms (sandbox + HTTP on loopback)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running normgraph serve (default: start one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="stop after this many")
    parser.add_argument("--max-seconds", type=float, default=60, help="or after this long")
    parser.add_argument("--overhead-rounds", type=int, default=300)
    args = parser.parse_args()
    with serve() if args.url is None else _given(args.url) as url:
        print(f"endpoint       {url}sparql")
        load(url, args.clients, args.requests, args.max_seconds)
        overhead(url, args.overhead_rounds)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url if url.endswith("/") else url + "/"


if __name__ == "__main__":
    main()
