"""Sharing the query workers fairly between clients.

A query holds one of the sandbox's workers (a CPU) for up to the time limit, so a few
clients looping on heavy queries could keep every worker busy and make everyone
else wait. :class:`FairScheduler` decides which waiting query gets the next worker:

- **a per-client limit**: one client (one address) runs at most ``per_client``
  queries at once and has at most ``client_queue`` more waiting; past that it gets
  429 with ``Retry-After``.
- **light before heavy**: a client is *heavy* for a while (:data:`HEAVY_MEMORY`
  seconds) after one of its queries ran longer than :data:`HEAVY_SECONDS`. Heavy
  clients may fill all workers but one; the last one is kept for light clients, so
  a short query never waits behind a wall of long ones, whatever the number of heavy
  clients or addresses. Among waiting queries, light clients go first, then the
  clients that used the least worker time lately, then the oldest.
- **a bounded queue**: at most ``queue_size`` queries wait in all; past that, and
  after waiting ``max_wait`` seconds, a query gets 503 with ``Retry-After``.

It lives in the server's event loop: every method is called from that one thread.

>>> import asyncio
>>> async def demo() -> list[str]:
...     scheduler = FairScheduler(workers=2, per_client=1)
...     async with scheduler.slot("10.0.0.1"), scheduler.slot("10.0.0.2"):
...         return sorted(scheduler.running)
>>> asyncio.run(demo())
['10.0.0.1', '10.0.0.2']
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Final

__all__ = ["HEAVY_MEMORY", "HEAVY_SECONDS", "BusyError", "FairScheduler"]

#: A query that holds a worker longer than this makes its client heavy.
HEAVY_SECONDS: Final = 1.0
#: For how long a client stays heavy after such a query.
HEAVY_MEMORY: Final = 60.0
#: Half-life of the worker time a client is charged with, in seconds.
_HALF_LIFE: Final = 30.0
#: Past this many clients known, the idle ones are forgotten.
_MAX_CLIENTS: Final = 4096


class BusyError(Exception):
    """A query that cannot be queued: the status (429 or 503) and when to retry."""

    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass
class _Client:
    running: int = 0
    waiting: int = 0
    usage: float = 0.0  # worker seconds, decayed with _HALF_LIFE
    stamp: float = 0.0  # when usage was last decayed
    heavy_until: float = 0.0

    def decayed_usage(self, now: float) -> float:
        return self.usage * math.pow(0.5, (now - self.stamp) / _HALF_LIFE)


@dataclass(order=True)
class _Waiter:
    arrival: int
    client: str = field(compare=False)
    granted: asyncio.Future[None] = field(compare=False)


class FairScheduler:
    """Grants ``workers`` slots to queries, fairly between client addresses.

    Args:
        workers: queries that run at once (the sandbox's workers).
        per_client: queries one client runs at once.
        client_queue: queries one client may have waiting.
        queue_size: queries that may wait in all.
        max_wait: seconds a query waits for a worker before it gets 503.
    """

    def __init__(
        self,
        workers: int,
        per_client: int,
        *,
        client_queue: int = 32,
        queue_size: int = 256,
        max_wait: float = 30.0,
        retry_after: float = 5.0,
    ) -> None:
        self.workers = workers
        self.per_client = per_client
        self.client_queue = client_queue
        self.queue_size = queue_size
        self.max_wait = max_wait
        self.retry_after = max(1, math.ceil(retry_after))
        self.clients: dict[str, _Client] = {}
        self._waiters: list[_Waiter] = []
        self._arrivals = itertools.count()

    @property
    def running(self) -> dict[str, int]:
        """Queries running now, by client."""
        return {key: c.running for key, c in self.clients.items() if c.running}

    @asynccontextmanager
    async def slot(self, client: str) -> AsyncIterator[None]:
        """Hold a worker for ``client`` while the block runs; raise :class:`BusyError`
        when the query cannot wait for one."""
        await self._acquire(client)
        started = time.monotonic()
        try:
            yield
        finally:
            self._release(client, time.monotonic() - started)

    async def _acquire(self, key: str) -> None:
        if len(self.clients) > _MAX_CLIENTS:
            for idle in list(self.clients):
                self._forget_if_idle(idle)
        client = self.clients.setdefault(key, _Client(stamp=time.monotonic()))
        waiter = _Waiter(next(self._arrivals), key, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        client.waiting += 1
        self._dispatch(time.monotonic())
        if waiter.granted.done():
            return
        if client.waiting > self.client_queue or len(self._waiters) > self.queue_size:
            self._withdraw(waiter)
            if client.waiting >= self.client_queue:
                message = "too many queries from this address at once"
                raise BusyError(429, message, self.retry_after)
            raise BusyError(503, "the server is busy: the query queue is full", self.retry_after)
        try:
            await asyncio.wait_for(asyncio.shield(waiter.granted), self.max_wait)
        except BaseException as error:
            if waiter.granted.done():  # granted just as it gave up: hand the worker on
                self._release(key, 0.0)
            else:
                self._withdraw(waiter)
            if isinstance(error, TimeoutError):
                message = "the server is busy: every query worker is taken"
                raise BusyError(503, message, self.retry_after) from None
            raise

    def _withdraw(self, waiter: _Waiter) -> None:
        waiter.granted.cancel()
        self._waiters.remove(waiter)
        self.clients[waiter.client].waiting -= 1
        self._forget_if_idle(waiter.client)

    def _may_start(self, client: _Client, now: float) -> bool:
        total = sum(c.running for c in self.clients.values())
        if total >= self.workers or client.running >= self.per_client:
            return False
        heavy = now < client.heavy_until
        # The last free worker is kept for light clients (when there is more than one).
        return not (heavy and self.workers > 1 and total == self.workers - 1)

    def _release(self, key: str, elapsed: float) -> None:
        now = time.monotonic()
        client = self.clients[key]
        client.running -= 1
        client.usage = client.decayed_usage(now) + elapsed
        client.stamp = now
        if elapsed > HEAVY_SECONDS:
            client.heavy_until = now + HEAVY_MEMORY
        self._forget_if_idle(key)
        self._dispatch(now)

    def _dispatch(self, now: float) -> None:
        """Start waiting queries while workers are free: light clients first, then
        those that used the least worker time, then the oldest."""
        while self._waiters:
            ready = [w for w in self._waiters if self._may_start(self.clients[w.client], now)]
            if not ready:
                return
            chosen = min(
                ready,
                key=lambda w: (
                    now < self.clients[w.client].heavy_until,
                    self.clients[w.client].decayed_usage(now),
                    w.arrival,
                ),
            )
            self._waiters.remove(chosen)
            client = self.clients[chosen.client]
            client.waiting -= 1
            client.running += 1
            chosen.granted.set_result(None)

    def _forget_if_idle(self, key: str) -> None:
        """Drop what is known of a client once it neither runs nor waits and is light
        and charged with next to nothing, so the table does not grow without end."""
        client = self.clients[key]
        now = time.monotonic()
        if (
            client.running == 0
            and client.waiting == 0
            and now >= client.heavy_until
            and client.decayed_usage(now) < HEAVY_SECONDS
        ):
            del self.clients[key]
