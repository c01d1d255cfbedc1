"""Running each query in a child process that the time limit can stop.

pyoxigraph cannot interrupt a query from Python, so a thread that gave up on a
runaway query would leave it burning a CPU. Here every query runs in its own
process instead, and a query past its time limit is killed (SIGKILL):

- at start-up a *zygote* is started: a fresh, single-threaded Python process
  (``python -m normgraph.server.sandbox``) that loads the data into an in-memory store
  and then does one thing, fork a child per query. Being fresh, it shares no
  threads or locks with the HTTP server, and it is small, so forks are cheap.
- before it loads the data, the zygote moves into a network namespace of its own,
  with no interface up (:mod:`normgraph.server.netwall`): its children can open no
  connection, whatever query they run.
- the child checks the query (:mod:`normgraph.server.policy`: no update, SERVICE or
  FROM), within the limits below, then runs it; it shares the store's memory
  copy-on-write, writes a
  capped, serialised answer into a socket pair and exits.
- the server waits on the socket until the deadline, then kills the child. The
  kernel's CPU-time limit (``RLIMIT_CPU``, set in the child) stops it too, should
  the server itself fail to.

Answers are capped at ``max_rows`` rows (or triples) and about ``max_bytes`` of
N-Triples-sized text; a capped answer says so (``Answer.truncated``). On Linux a
query may also take no more than ``max_memory`` bytes (``RLIMIT_AS``): an ORDER BY
over a cross product would otherwise fill the machine's memory within the time limit.
The fork costs a few milliseconds per query (figures in the README).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import math
import os
import re
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NoReturn, TypeVar

import pyoxigraph as ox

from normgraph.errors import NormgraphError, UsageError
from normgraph.namespaces import PREFIXES
from normgraph.server import netwall
from normgraph.server.policy import inspect
from normgraph.store.formats import GRAPH_FORMATS, RESULT_FORMATS

__all__ = ["QUEUE_WAIT", "Answer", "Limits", "Sandbox", "answer"]

_T = TypeVar("_T")
#: Seconds a query may wait for a free worker before it gets 503 (server busy).
QUEUE_WAIT = 30.0

_PID = struct.Struct("!i")
_VERDICTS = 4096  # verdicts remembered, by query text
# Characters XML 1.0 excludes (C0 controls but tab, newline, return; U+FFFE, U+FFFF).
_NOT_IN_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_STOP_POLL = 0.05  # seconds between looks at a stop event
_READY = b"r"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Limits:
    """How long a query may run, how much it may return, how many run at once."""

    timeout: float = 5.0
    max_rows: int = 10_000
    max_bytes: int = 16_000_000
    #: Memory a query may take beyond what its process starts with, in bytes (Linux only).
    max_memory: int = 1 << 30
    workers: int = field(default_factory=lambda: os.cpu_count() or 2)

    def __post_init__(self) -> None:
        numbers = (self.timeout, self.max_rows, self.max_bytes, self.max_memory, self.workers)
        if min(numbers) <= 0:
            raise UsageError("the time, row, byte and memory limits and workers must be positive")


@dataclass(frozen=True)
class Answer:
    """The outcome of one query: an HTTP status, and the body with its media type.

    For a status other than 200 the body is a one-line message in plain text.
    """

    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    truncated: bool = False

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, message.encode("utf-8") + b"\n")


class Sandbox:
    """Runs queries on the triples ``ntriples`` (N-Triples) in forked children, within
    ``limits``. Close it (or use it as a context manager) to stop the zygote.
    """

    def __init__(self, ntriples: bytes, limits: Limits, *, network_wall: bool = True) -> None:
        if not hasattr(os, "fork"):
            raise UsageError("the query sandbox needs fork(), which this system lacks")
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.workers)
        #: (status, message) by hash of base and query: 200 if it may run, else why not.
        self._verdicts: OrderedDict[bytes, tuple[int, str]] = OrderedDict()
        self._verdicts_lock = threading.Lock()
        self._control_lock = threading.Lock()
        self._control, zygote_end = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, *sys.path])}
        self._zygote = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "normgraph.server.sandbox",
                str(zygote_end.fileno()),
                json.dumps(asdict(limits)),
                "wall" if network_wall else "no-wall",
            ],
            stdin=subprocess.PIPE,
            pass_fds=[zygote_end.fileno()],
            env=env,
            start_new_session=True,  # Ctrl-C in a terminal is the server's to handle
        )
        zygote_end.close()
        assert self._zygote.stdin is not None
        try:
            with self._zygote.stdin:
                self._zygote.stdin.write(ntriples)
        except BrokenPipeError:
            pass  # the zygote died before reading; said below
        greeting = _read_greeting(self._control)
        if not greeting.startswith(_READY):
            self.close()
            reason = greeting[1:].decode("utf-8", "replace") or "see the messages above"
            raise NormgraphError(f"the query engine failed to start: {reason}")
        #: How queries are kept off the network, or why they are not (see netwall).
        self.wall = greeting[1:].decode("utf-8")

    def run(
        self,
        query: str,
        *,
        tabular: str | None,
        graph: str | None,
        base: str | None = None,
        stop: threading.Event | None = None,
    ) -> Answer:
        """Run ``query``; answer SELECT and ASK as ``tabular`` (a key of RESULT_FORMATS)
        and CONSTRUCT and DESCRIBE as ``graph`` (a key of GRAPH_FORMATS). None means
        the client accepts no such format: that kind of result gets a 406. ``base``
        resolves the query's relative IRIs. Updates, SERVICE and FROM are refused
        (see :mod:`normgraph.server.policy`), in the child, within the time limit; the
        verdict is remembered for the same text (and ``base``), so that a query asked
        again is neither parsed again nor, if refused, sent to a child at all.
        Setting ``stop`` stops the query before its limit (503; see
        :mod:`normgraph.server.fairness`)."""
        key = hashlib.sha256(f"{base}\0{query}".encode("utf-8", "surrogatepass")).digest()
        with self._verdicts_lock:
            verdict = self._verdicts.get(key)
            if verdict is not None:
                self._verdicts.move_to_end(key)
        if verdict is not None and verdict[0] != 200:
            return Answer.error(*verdict)
        # Waiting for a worker burns no CPU, so it does not count against the time limit.
        if not self._slots.acquire(timeout=QUEUE_WAIT):
            return Answer.error(503, "the server is busy: every query worker is taken")
        try:
            deadline = time.monotonic() + self.limits.timeout
            request: dict[str, object] = {
                "query": query,
                "tabular": tabular,
                "graph": graph,
                "base": base,
                "checked": verdict is not None,
            }
            answer, verdict = self._run(request, deadline, stop)
        finally:
            self._slots.release()
        if verdict is not None:
            with self._verdicts_lock:
                self._verdicts[key] = verdict
                if len(self._verdicts) > _VERDICTS:
                    self._verdicts.popitem(last=False)
        return answer

    def _run(
        self, request: dict[str, object], deadline: float, stop: threading.Event | None
    ) -> tuple[Answer, tuple[int, str] | None]:
        """The answer, and the child's verdict on the query when it reached one."""
        ours, theirs = socket.socketpair()
        with ours:
            try:
                with self._control_lock:
                    socket.send_fds(self._control, [b"q"], [theirs.fileno()])
            except OSError:
                message = "the query engine has stopped; restart the server"
                return Answer.error(503, message), None
            finally:
                theirs.close()
            try:
                ours.settimeout(max(deadline - time.monotonic(), 0.001))
                ours.sendall(json.dumps(request).encode("utf-8"))
                ours.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the child died early; reading below tells how
            reply, pid, timed_out = _read_until(ours, deadline, stop)
        if timed_out:
            if pid is not None:
                _kill(pid)
            if stop is not None and stop.is_set():
                message = "query stopped to let shorter queries run: the server is busy"
                return Answer.error(503, message), None
            message = f"query stopped: it ran longer than the {self.limits.timeout:g} s limit"
            return Answer.error(503, message), None
        header_line, newline, body = bytes(reply).partition(b"\n")
        if not newline:
            memory = self.limits.max_memory >> 20
            message = f"query stopped: it needed more than its {memory} MiB of memory, or crashed"
            return Answer.error(503, message), None
        header = json.loads(header_line)
        said = header.get("verdict")
        verdict = (said["status"], said.get("message", "")) if said else None
        if header["status"] != 200:
            return Answer.error(header["status"], header["message"]), verdict
        return Answer(200, body, header["media_type"], header["truncated"]), verdict

    def close(self) -> None:
        """Stop the zygote (children still running finish or hit their limits)."""
        if self._zygote.returncode is None:
            self._control.close()
            self._zygote.wait()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_until(
    sock: socket.socket, deadline: float, stop: threading.Event | None
) -> tuple[bytearray, int | None, bool]:
    """Read to end of stream, deadline or ``stop``: (data after the pid, the child's pid,
    stopped early)."""
    data = bytearray()
    pid = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or (stop is not None and stop.is_set()):
            return data, pid, True
        # With a stop event to watch, wake up now and then to look at it.
        sock.settimeout(remaining if stop is None else min(remaining, _STOP_POLL))
        try:
            chunk = sock.recv(1 << 16)
        except TimeoutError:
            continue
        except OSError:
            chunk = b""
        if not chunk:
            return data, pid, False
        data += chunk
        if pid is None and len(data) >= _PID.size:
            (pid,) = _PID.unpack(data[: _PID.size])
            del data[: _PID.size]


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended on its own just now
        os.kill(pid, signal.SIGKILL)


def _read_greeting(control: socket.socket) -> bytes:
    """The zygote's first message: ``r`` and how it is walled off, or ``e`` and why not."""
    chunks = []
    while chunk := control.recv(4096):
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            break
    return b"".join(chunks).rstrip(b"\n")


def _zygote(
    control: socket.socket, ntriples: bytes, limits: Limits, network_wall: bool
) -> None:  # pragma: no cover
    """Leave the network, load the data, say so, then fork one child per request until
    the server closes the control socket."""
    try:
        wall = f"queries run in {netwall.isolate()}: no network"
    except netwall.NetworkWallError as error:
        if network_wall:
            control.sendall(f"e{error}; --no-network-wall runs without this wall\n".encode())
            return
        wall = f"WARNING: queries can reach the network ({error})"
    # rdflib logs odd IRIs of refused queries ("does not look like a valid URI"): noise.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    inspect("ASK {}")  # builds rdflib's parser once, before the forks share it
    store = ox.Store()
    store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
    del ntriples
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    gc.freeze()  # keep the collector from touching (and so copying) shared pages
    control.sendall(_READY + wall.encode("utf-8") + b"\n")
    while True:
        message, fds, _flags, _address = socket.recv_fds(control, 1, 1)
        if not message:
            return
        for fd in fds:
            if os.fork() == 0:
                control.close()
                _child(fd, store, limits)
            os.close(fd)


def _child(fd: int, store: ox.Store, limits: Limits) -> NoReturn:  # pragma: no cover
    """Answer one query on socket ``fd``: pid first, then a JSON header line and the body."""
    status = 1
    try:
        gc.disable()
        cpu = math.ceil(limits.timeout) + 1
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        statm = Path("/proc/self/statm")
        if statm.exists():  # Linux: cap the address space; an allocation past it aborts
            size = int(statm.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            resource.setrlimit(resource.RLIMIT_AS, (size + limits.max_memory,) * 2)
        with socket.socket(fileno=fd) as conn:
            conn.sendall(_PID.pack(os.getpid()))
            request = json.loads(_read_all(conn))
            try:
                header, body = answer(
                    store,
                    request["query"],
                    request,
                    limits,
                    request["base"],
                    checked=request["checked"],
                )
            except Exception as error:  # the process boundary: report, do not crash
                header, body = {"status": 500, "message": f"query failed: {error}"}, b""
            conn.sendall(json.dumps(header).encode("utf-8") + b"\n" + body)
        status = 0
    finally:
        os._exit(status)


def _read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def answer(
    store: ox.Store,
    query: str,
    formats: dict[str, str | None],
    limits: Limits,
    base: str | None = None,
    *,
    checked: bool = False,
) -> tuple[dict[str, object], bytes]:
    """Check ``query`` (:func:`~normgraph.server.policy.inspect`), run it and serialise
    its capped answer: (header, body).

    ``formats`` maps "tabular" and "graph" to a format name or None. The header has
    ``status`` and, on success, ``media_type`` and ``truncated``; else ``message``.
    When Oxigraph refuses a query that rdflib read, the query is refused (400): the
    check above is only as good as the two parsers' agreement. The header's
    ``verdict`` says whether the query may run (status 200) or why not, for the server
    to remember; ``checked`` says the server knows it may, and skips the check.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    >>> header, body = answer(store, "SELECT ?s ?o { ?s ?p ?o }", {"tabular": "csv"}, Limits())
    >>> header["truncated"], body
    (False, b's,o\\r\\nhttp://e/a,x\\r\\n')
    >>> answer(store, "SELECT * {", {"tabular": "csv"}, Limits())[0]["status"]
    400
    >>> answer(store, "SELECT * { SERVICE <http://e/> {} }", {"tabular": "csv"}, Limits())[0]
    {'status': 403, 'message': 'SERVICE is refused: ...', 'verdict': {'status': 403, ...}}
    """
    if not checked:
        verdict = inspect(query, base=base, prefixes=PREFIXES)
        if verdict.status != 200:
            refusal = {"status": verdict.status, "message": verdict.message}
            return {**refusal, "verdict": refusal}, b""
    try:
        result = store.query(query, prefixes=PREFIXES, base_iri=base)
    except SyntaxError as error:
        refusal = {"status": 400, "message": f"malformed query: {error}"}
        return {**refusal, "verdict": refusal}, b""
    header, body = _serialised(result, formats, limits)
    if header["status"] == 200 and str(header["media_type"]).endswith("xml"):
        header, body = _refuse_what_xml_cannot_carry(header, body)
    return {**header, "verdict": {"status": 200}}, body


def _refuse_what_xml_cannot_carry(
    header: dict[str, object], body: bytes
) -> tuple[dict[str, object], bytes]:
    """A 406 naming the character when an XML answer holds one that XML 1.0 cannot
    carry, not even as a character reference (U+0001...): the serialisers write it raw.

    >>> _refuse_what_xml_cannot_carry({"status": 200}, b"<a>x\x01</a>")[0]["message"]
    'the answer holds U+0001, which XML cannot carry: ask for JSON, CSV, TSV, Turtle or N-Triples'
    """
    found = _NOT_IN_XML.search(body)
    if found is None:
        return header, body
    code = ord(found[0].decode("utf-8"))
    message = (
        f"the answer holds U+{code:04X}, which XML cannot carry: "
        "ask for JSON, CSV, TSV, Turtle or N-Triples"
    )
    return {"status": 406, "message": message}, b""


def _serialised(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    formats: dict[str, str | None],
    limits: Limits,
) -> tuple[dict[str, object], bytes]:
    """The header and body of a query's capped answer, in the format asked for."""
    if isinstance(result, ox.QueryTriples):
        name = formats.get("graph")
        if name is None:
            return _not_acceptable("graph")
        triples, truncated = _capped(result, limits, lambda t: len(str(t)))
        fmt = GRAPH_FORMATS[name]
        body = (
            ox.serialize(
                triples,
                format=getattr(ox.RdfFormat, fmt.oxigraph),
                prefixes=PREFIXES if name in ("ttl", "rdfxml") else None,
            )
            or b""
        )
        return {"status": 200, "media_type": fmt.media_type, "truncated": truncated}, body
    name = formats.get("tabular")
    if name is None:
        return _not_acceptable("tabular")
    fmt = RESULT_FORMATS[name]
    results_format = getattr(ox.QueryResultsFormat, fmt.oxigraph)
    if isinstance(result, ox.QueryBoolean):
        body = result.serialize(format=results_format) or b""
        return {"status": 200, "media_type": fmt.media_type, "truncated": False}, body
    table, truncated = _solutions_json(result, limits)
    encoded = json.dumps(table, ensure_ascii=False).encode("utf-8")
    if name != "json":
        parsed = ox.parse_query_results(encoded, format=ox.QueryResultsFormat.JSON)
        encoded = parsed.serialize(format=results_format) or b""
    return {"status": 200, "media_type": fmt.media_type, "truncated": truncated}, encoded


def _not_acceptable(kind: str) -> tuple[dict[str, object], bytes]:
    return {"status": 406, "message": f"no acceptable media type for a {kind} result"}, b""


def _capped(
    items: Iterable[_T], limits: Limits, size: Callable[[_T], int]
) -> tuple[list[_T], bool]:
    """The first items within the row and byte limits, and whether any were left out."""
    kept: list[_T] = []
    total = 0
    for item in items:
        total += size(item)
        if len(kept) >= limits.max_rows or total > limits.max_bytes:
            return kept, True
        kept.append(item)
    return kept, False


def _solutions_json(solutions: ox.QuerySolutions, limits: Limits) -> tuple[dict[str, object], bool]:
    """SELECT results as a SPARQL JSON results object, capped."""
    variables = [v.value for v in solutions.variables]

    def rows() -> Iterator[tuple[dict[str, object], int]]:
        for solution in solutions:
            row: dict[str, object] = {}
            size = 0
            for name, term in zip(variables, solution, strict=True):
                if term is not None:
                    row[name] = _json_term(term)
                    size += len(str(term))
            yield row, size

    kept, truncated = _capped(rows(), limits, lambda item: item[1])
    bindings = [row for row, _size in kept]
    return {"head": {"vars": variables}, "results": {"bindings": bindings}}, truncated


def _json_term(term: object) -> dict[str, object]:
    """An RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            encoded["datatype"] = term.datatype.value
        return encoded
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


if (
    __name__ == "__main__"
):  # the zygote: python -m normgraph.server.sandbox FD LIMITS_JSON < data.nt
    _zygote(
        socket.socket(fileno=int(sys.argv[1])),
        sys.stdin.buffer.read(),
        Limits(**json.loads(sys.argv[2])),
        sys.argv[3] == "wall",
    )
