"""uvicorn with the request-head deadline: a connection that trickles its headers is
closed after HEAD_SECONDS, whatever it sends meanwhile; a prompt one is served."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from normgraph.server import http


async def hello(request):  # type: ignore[no-untyped-def]
    return PlainTextResponse("hello")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    monkeypatch.setattr(http, "HEAD_SECONDS", 0.5)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    config = uvicorn.Config(
        Starlette(routes=[Route("/", hello)]),
        http=http.HeadDeadlineProtocol,
        lifespan="off",
        log_level="warning",
        timeout_keep_alive=30,  # longer than the head deadline, so that it is what acts
    )
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not runner.started:
        time.sleep(0.01)
    try:
        yield listener.getsockname()[:2]
    finally:
        runner.should_exit = True
        thread.join(10)
        listener.close()


def test_a_trickled_request_head_is_closed_at_the_deadline(server):
    with socket.create_connection(server, timeout=5) as slow:
        started = time.monotonic()
        try:
            for byte in b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\n":
                slow.sendall(bytes([byte]))  # one byte every 50 ms: the keep-alive timer
                time.sleep(0.05)  # alone would never fire
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed while it was still trickling
        answer = slow.recv(1000)
        assert answer.startswith(b"HTTP/1.1 408")
        assert slow.recv(1000) == b""  # closed
        assert 0.4 < time.monotonic() - started < 1.5


def test_a_prompt_request_is_served_and_the_next_head_has_its_own_deadline(server):
    with socket.create_connection(server, timeout=5) as client:
        for _ in range(3):  # keep-alive: each request in turn, each well within the deadline
            time.sleep(0.3)
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while not answer.endswith(b"hello"):
                answer += client.recv(1000)
            assert answer.startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert client.recv(1000).startswith(b"HTTP/1.1 408")  # then nothing more comes
        assert time.monotonic() - started < 1.0
