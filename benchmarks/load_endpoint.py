"""Load test for ``normgraph serve``: clients and attackers on loopback, bounded in count
and time. Five phases, each printing its figures:

1. **load**: concurrent clients (each from its own loopback address, 127.0.1.N) keep
   one HTTP/1.1 connection and POST library queries (members of a process, norms of a
   process, shared members, a timeline, norm adoption, actors outside a process) until
   the request budget or the time budget is spent: throughput, latency, errors.
2. **slow loris**: ``--slow-connections`` connections send a request head 3 bytes at a
   time, a few bytes a second, while one client asks ``ASK {}`` over and over: its
   latency percentiles.
3. **heavy**: ``--heavy-clients`` clients, each from its own address, loop on a cross
   product that runs to the time limit, while other clients ask ``ASK {}``: their
   latency percentiles (from the start, warm-up included).
4. **canary**: the corpus of obfuscated SERVICE, FROM and LOAD queries
   (tests/fixtures/outbound-queries.txt), sent by GET, form POST and direct POST, all
   aimed at a listener on loopback: how many were refused, and how many connections
   the listener got.
5. **overhead**: the same trivial query run in process, through the sandbox (a fork
   per query), and over HTTP one at a time.

    python benchmarks/load_endpoint.py                 # the figures in the README
    python benchmarks/load_endpoint.py --clients 20 --requests 500 --url http://127.0.0.1:8000/

Without ``--url`` it starts ``normgraph serve --no-site`` with the bundled data on a
free loopback port (``--timeout`` and ``--workers`` passed on), and stops it at the end.
Linux: the client addresses 127.0.x.y are all loopback there.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from normgraph.store import queries

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.servers import Canary, outbound_queries  # the corpus and the canary

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
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@contextmanager
def serve(options: list[str]) -> Iterator[str]:
    """A ``normgraph serve OPTIONS`` on a free loopback port; its base URL."""
    command = [
        sys.executable,
        "-c",
        "import sys; from normgraph.cli import main; sys.exit(main())",
        "serve",
        "--port",
        "0",
        "--no-site",
        "--quiet",
        *options,
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
    """One keep-alive connection, from loopback address ``source``, that sends queries."""

    def __init__(self, url: str, source: str = "127.0.0.1", timeout: float = 30) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=timeout, source_address=(source, 0)
        )
        self.failures: list[str] = []

    def ask(self, query: str, how: str = "form") -> int:
        """Send ``query`` by GET, form POST ("form") or direct POST; the status, 0 on error."""
        headers = {"Accept": "application/sparql-results+json"}
        path, body = "/sparql", None
        if how == "get":
            path += "?" + urlencode({"query": query})
        elif how == "form":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode({"query": query})
        else:
            headers["Content-Type"] = "application/sparql-query"
            body = query
        try:
            self.connection.request("GET" if how == "get" else "POST", path, body, headers)
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
        client = Client(url, f"127.0.1.{index + 1}")
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
    print(f"clients        {clients}")
    print(f"requests       {len(latencies)} in {wall:.1f} s")
    print(f"throughput     {len(latencies) / wall:.0f} requests/s")
    _percentiles("latency", latencies)
    print(
        f"errors         {len(errors)}" + (f" (statuses {sorted(set(errors))})" if errors else "")
    )


def _percentiles(name: str, latencies: list[float]) -> None:
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    print(f"{name}-p50 {cuts[49] * 1000:.1f} ms")
    print(f"{name}-p95 {cuts[94] * 1000:.1f} ms")
    print(f"{name}-max {max(latencies) * 1000:.1f} ms")


def _asker(url: str, source: str, until: float, latencies: list[float], errors: list[int]) -> None:
    """Ask TRIVIAL from ``source`` until ``until``, one at a time, 50 ms apart."""
    client = Client(url, source)
    while time.monotonic() < until:
        started = time.perf_counter()
        status = client.ask(TRIVIAL, "get")
        latencies.append(time.perf_counter() - started)
        if status != 200:
            errors.append(status)
        time.sleep(0.05)


def slow_loris(url: str, connections: int, seconds: float) -> None:
    """``connections`` that trickle a request head, while one client asks TRIVIAL."""
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    slow: list[socket.socket] = []
    refused = 0
    for index in range(connections):
        try:
            connection = socket.create_connection(
                address, timeout=5, source_address=(f"127.0.4.{index % 250 + 1}", 0)
            )
            connection.sendall(b"GET")
            slow.append(connection)
        except OSError:
            refused += 1
    stop = time.monotonic() + seconds

    def trickle() -> None:  # 3 bytes per connection every second, as long as it lasts
        while time.monotonic() < stop:
            for connection in slow:
                with contextlib.suppress(OSError):  # the server gave up on it, as it should
                    connection.sendall(b" /x")
            time.sleep(1)

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    latencies: list[float] = []
    errors: list[int] = []
    _asker(url, "127.0.0.1", stop, latencies, errors)
    trickler.join()
    for connection in slow:
        connection.close()
    print(f"\nslow loris: {len(slow)} connections trickling, {seconds:g} s, {TRIVIAL!r} meanwhile")
    _percentiles("slowloris", latencies)
    print(f"slowloris-asks {len(latencies)}, errors {len(errors)}, not connected {refused}")


def heavy(url: str, heavy_clients: int, victims: int, seconds: float) -> None:
    """``heavy_clients`` looping on CROSS_PRODUCT while ``victims`` ask TRIVIAL."""
    stop = time.monotonic() + seconds
    heavy_statuses: list[int] = []

    def loop(source: str) -> None:
        client = Client(url, source, timeout=seconds + 30)
        while time.monotonic() < stop:
            heavy_statuses.append(client.ask(CROSS_PRODUCT, "get"))

    threads = [
        threading.Thread(target=loop, args=(f"127.0.2.{i + 1}",), daemon=True)
        for i in range(heavy_clients)
    ]
    latencies: list[float] = []
    errors: list[int] = []
    threads += [
        threading.Thread(target=_asker, args=(url, f"127.0.3.{i + 1}", stop, latencies, errors))
        for i in range(victims)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    print(
        f"\nheavy: {heavy_clients} clients looping on a cross product, {victims} asking "
        f"{TRIVIAL!r}, {seconds:g} s"
    )
    _percentiles("heavy", latencies)
    print(f"heavy-asks {len(latencies)}, errors {len(errors)}")
    counts = {status: heavy_statuses.count(status) for status in sorted(set(heavy_statuses))}
    print(f"heavy-statuses {counts}")


def canary(url: str) -> None:
    """The obfuscated corpus, by GET, form and direct POST, aimed at a canary."""
    with Canary() as listener:
        corpus = outbound_queries(listener.host, listener.port)
        client = Client(url)
        statuses = [client.ask(query, how) for query in corpus for how in ("get", "form", "direct")]
        time.sleep(0.5)  # a request the server started would have arrived by now
    refused = sum(400 <= status < 500 for status in statuses)
    print(f"\ncanary: {len(corpus)} queries x 3 ways of sending them")
    print(f"canary-refused {refused}/{len(statuses)}")
    print(f"canary-hits {listener.hits}")


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
    with Sandbox(kb.dump("nt"), Limits()) as sandbox:  # the sandbox's check included
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
    parser.add_argument("--slow-connections", type=int, default=200)
    parser.add_argument("--heavy-clients", type=int, default=12)
    parser.add_argument("--victims", type=int, default=4, help="clients asking during 'heavy'")
    parser.add_argument("--phase-seconds", type=float, default=30, help="slow loris and heavy")
    parser.add_argument("--timeout", help="the server's time limit per query")
    parser.add_argument("--workers", help="the server's query workers")
    parser.add_argument("--overhead-rounds", type=int, default=300)
    args = parser.parse_args()
    options = [f"--{name}={getattr(args, name)}" for name in ("timeout", "workers")]
    options = [option for option in options if not option.endswith("=None")]
    with serve(options) if args.url is None else _given(args.url) as url:
        print(f"endpoint       {url}sparql")
        load(url, args.clients, args.requests, args.max_seconds)
        slow_loris(url, args.slow_connections, args.phase_seconds)
        heavy(url, args.heavy_clients, args.victims, args.phase_seconds)
        canary(url)
        overhead(url, args.overhead_rounds)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url if url.endswith("/") else url + "/"


if __name__ == "__main__":
    main()
