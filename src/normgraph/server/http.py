"""Serving the ASGI application on uvicorn, with deadlines that slow clients cannot stretch.

uvicorn (with h11) serves every connection from one event loop, so a connection that
trickles its request costs a little memory and no worker. What it does not do is give
up on a connection whose request headers never finish: its keep-alive timeout is
reset by every byte. :class:`HeadDeadlineProtocol` adds that deadline: a connection
has :data:`HEAD_SECONDS` to deliver the headers of each request, counted from the
connection (or the end of the previous answer), whatever it sends meanwhile; then it
is closed. The body has its own deadline (:data:`~normgraph.server.endpoint.BODY_SECONDS`).

Other bounds, all uvicorn's: at most :data:`MAX_CONNECTIONS` open connections (more
get 503), request heads of at most :data:`MAX_HEAD_BYTES` (more get 400), idle
keep-alive connections closed after :data:`KEEP_ALIVE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import socket
from typing import Any, Final

import h11
import uvicorn
import uvicorn.config
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "HEAD_SECONDS",
    "KEEP_ALIVE_SECONDS",
    "MAX_CONNECTIONS",
    "MAX_HEAD_BYTES",
    "HeadDeadlineProtocol",
    "serve",
]

#: Seconds a connection has to send the request line and headers of a request.
HEAD_SECONDS: Final = 10.0
#: Seconds an idle keep-alive connection is kept open.
KEEP_ALIVE_SECONDS: Final = 5
#: Open connections served at once; past that, requests get 503.
MAX_CONNECTIONS: Final = 1024
#: The longest request line plus headers, in bytes (a GET query sits in the line).
MAX_HEAD_BYTES: Final = 64 * 1024

_TIMEOUT_ANSWER: Final = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
)


class HeadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is late."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a whole request head has arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request's head is due in its turn

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(HEAD_SECONDS, self._head_is_late)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_is_late(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if self.conn.our_state is h11.IDLE:  # nothing of ours is half sent
                self.transport.write(_TIMEOUT_ANSWER)
            self.transport.close()


def serve(app: ASGIApp, listener: socket.socket, *, quiet: bool = False) -> None:
    """Serve ``app`` on the bound, listening socket ``listener`` until SIGINT or SIGTERM.

    The access log (one line per request) goes to stderr unless ``quiet``.
    """
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["handlers"]["access"]["stream"] = "ext://sys.stderr"  # stdout is the user's
    config = uvicorn.Config(
        app,
        log_config=log_config,
        http=HeadDeadlineProtocol,
        lifespan="off",
        access_log=not quiet,
        log_level=logging.WARNING if quiet else logging.INFO,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=3,  # then open connections are dropped
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        backlog=2048,
    )
    uvicorn.Server(config).run(sockets=[listener])
