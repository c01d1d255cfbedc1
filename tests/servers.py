"""Servers that tests start on loopback: ``normgraph serve``, Oxigraph's server, and a
canary listener that counts the connections it gets (it must get none)."""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SERVE = [sys.executable, "-c", "import sys; from normgraph.cli import main; sys.exit(main())"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def normgraph_server(*args: str) -> Iterator[str]:
    """Run ``normgraph serve --port 0 ARGS``; yield its base URL, stop it afterwards."""
    command = [*SERVE, "serve", "--host", "127.0.0.1", "--port", "0", "--quiet", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    try:
        line = process.stdout.readline()
        if "http://" not in line:
            process.wait(10)
            pytest.fail(f"normgraph serve did not start: {process.stderr.read()}")
        yield line.split()[2]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph_server(ntriples: Path, folder: Path) -> Iterator[str]:
    """Load ``ntriples`` into an Oxigraph server on loopback; yield its query URL."""
    oxigraph = shutil.which("oxigraph")
    if oxigraph is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    location = str(folder / "oxigraph-db")
    subprocess.run(
        [oxigraph, "load", "--location", location, "--file", str(ntriples)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [oxigraph, "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_until_up(url + "?query=ASK%7B%7D", process)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within 20 s")


OUTBOUND_QUERIES = Path(__file__).resolve().parent / "fixtures" / "outbound-queries.txt"


def outbound_queries(host: str, port: int) -> list[str]:
    """The corpus of queries that try to reach ``host:port`` (tests/fixtures)."""
    entries = OUTBOUND_QUERIES.read_text(encoding="utf-8").split("\n=====\n")[1:]
    return [
        entry.strip("\n").replace("CANARY_HOST", host).replace("CANARY_PORT", str(port))
        for entry in entries
    ]


class Canary:
    """A loopback listener that answers every request with one SPARQL JSON solution
    (so that a query that reached it would show its answer) and counts connections.

    Use it as a context manager; ``hits`` is the number of connections accepted.
    """

    BODY = (
        b'{"head":{"vars":["x"]},'
        b'"results":{"bindings":[{"x":{"type":"literal","value":"canary"}}]}}'
    )
    ANSWER = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(BODY), BODY)
    )

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.host, self.port = self.listener.getsockname()[:2]
        self.hits = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Canary:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() below (Linux)
        self.listener.close()
        self._thread.join(5)

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return  # closed
            self.hits += 1
            with connection:
                connection.settimeout(2)
                try:
                    connection.recv(65536)
                    connection.sendall(self.ANSWER)
                except OSError:
                    pass
