"""Sharing the query workers fairly between clients.

A query holds one of the sandbox's workers (a CPU) for up to the time limit, so a few
clients looping on heavy queries could keep every worker busy and make everyone
else wait. :class:`FairScheduler` decides which waiting query gets the next worker:

- **a per-client limit**: one client (one address) runs at most ``per_client``
  queries at once and has at most ``client_queue`` more waiting; past that it gets
  429 with ``Retry-After``.
- **light before heavy**: a client is *heavy* for a while (:data:`HEAVY_MEMORY`
  seconds) after one of its queries ran longer than ``heavy_seconds`` (by default
  :data:`HEAVY_SECONDS`), and so is a query whose text ran that long lately,
  whoever sends it; a client is *light* for as long after one ran shorter (and none
  longer), and a *newcomer* until one of its queries ends. The last free worker is
  kept from heavy clients and queries (when there is more than one worker), and a
  query holding it is stopped (503, its client made heavy) once it has run
  ``heavy_seconds`` while a light client or a newcomer waits: a short query waits at
  most ``heavy_seconds`` behind a wall of long ones, whatever the number of heavy
  clients or addresses, and a crowd of newcomers with heavy queries is sorted out
  in ``heavy_seconds`` each, not the time limit. Heavy queries keep the other
  workers up to the full limit. Waiting queries go in the order of the worker time
  their clients used lately less the time they have waited (least first: a
  newcomer has used none), then of arrival; so a client that used a second more
  than the others waits about a second longer, not until they catch up. The last
  worker goes to light clients before newcomers.
- **a bounded queue**: at most ``queue_size`` queries wait in all; past that, and
  after waiting ``max_wait`` seconds, a query gets 503 with ``Retry-After``.

It lives in the server's event loop: every method is called from that one thread.

>>> import asyncio
>>> async def demo() -> list[str]:
...     scheduler = FairScheduler(workers=2, per_client=1)
...     async with scheduler.slot("10.0.0.1", "q1"), scheduler.slot("10.0.0.2", "q2"):
...         return sorted(scheduler.running)
>>> asyncio.run(demo())
['10.0.0.1', '10.0.0.2']
"""

from __future__ import annotations

import asyncio
import itertools
import math
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Final

__all__ = ["HEAVY_MEMORY", "HEAVY_SECONDS", "BusyError", "FairScheduler"]

#: A query that holds a worker longer than this makes its client heavy.
HEAVY_SECONDS: Final = 2.0
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
    light_until: float = 0.0

    def rank(self, now: float) -> int:
        """0 for a light client, 1 for one not known yet, 2 for a heavy one."""
        if now < self.heavy_until:
            return 2
        return 0 if now < self.light_until else 1

    def decayed_usage(self, now: float) -> float:
        return self.usage * math.pow(0.5, (now - self.stamp) / _HALF_LIFE)


@dataclass
class _Ticket:
    """A query holding a worker."""

    client: str
    query: str  # a digest of the query's text
    started: float
    stop: threading.Event
    last_worker: bool  # it took the last free worker, which heavy clients may not hold
    timer: asyncio.TimerHandle | None = None


@dataclass
class _Waiter:
    arrival: int
    client: str
    query: str
    granted: asyncio.Future[_Ticket]
    since: float  # when it started waiting


class FairScheduler:
    """Grants ``workers`` slots to queries, fairly between client addresses.

    Args:
        workers: queries that run at once (the sandbox's workers).
        per_client: queries one client runs at once.
        client_queue: queries one client may have waiting.
        queue_size: queries that may wait in all.
        max_wait: seconds a query waits for a worker before it gets 503.
        retry_after: seconds a refused client is told to wait (``Retry-After``).
        heavy_seconds: a query that holds a worker longer makes its client heavy.
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
        heavy_seconds: float = HEAVY_SECONDS,
    ) -> None:
        self.workers = workers
        self.per_client = per_client
        self.client_queue = client_queue
        self.queue_size = queue_size
        self.max_wait = max_wait
        self.retry_after = max(1, math.ceil(retry_after))
        self.heavy_seconds = heavy_seconds
        self.clients: dict[str, _Client] = {}
        self._waiters: list[_Waiter] = []
        self._running: list[_Ticket] = []
        #: Until when each query (by digest) is heavy, whoever sends it.
        self._heavy_queries: OrderedDict[str, float] = OrderedDict()
        self._arrivals = itertools.count()

    @property
    def running(self) -> dict[str, int]:
        """Queries running now, by client."""
        return {key: c.running for key, c in self.clients.items() if c.running}

    @asynccontextmanager
    async def slot(self, client: str, query: str) -> AsyncIterator[threading.Event]:
        """Hold a worker for ``client`` while the block runs its ``query`` (a digest of
        its text); raise :class:`BusyError` when the query cannot wait for one. The
        block gets an event that is set when the query should stop early to let
        shorter ones run (see the module's doc)."""
        ticket = await self._acquire(client, query)
        try:
            yield ticket.stop
        finally:
            self._release(ticket)

    async def _acquire(self, key: str, query: str) -> _Ticket:
        if len(self.clients) > _MAX_CLIENTS:  # forget idle clients, light or heavy
            for idle in [k for k, c in self.clients.items() if not (c.running or c.waiting)]:
                del self.clients[idle]
        client = self.clients.setdefault(key, _Client(stamp=time.monotonic()))
        future = asyncio.get_running_loop().create_future()
        waiter = _Waiter(next(self._arrivals), key, query, future, time.monotonic())
        self._waiters.append(waiter)
        client.waiting += 1
        self._dispatch(time.monotonic())
        if waiter.granted.done():
            return waiter.granted.result()
        if client.waiting > self.client_queue or len(self._waiters) > self.queue_size:
            self._withdraw(waiter)
            if client.waiting >= self.client_queue:
                message = "too many queries from this address at once"
                raise BusyError(429, message, self.retry_after)
            raise BusyError(503, "the server is busy: the query queue is full", self.retry_after)
        self._preempt()
        try:
            return await asyncio.wait_for(asyncio.shield(waiter.granted), self.max_wait)
        except BaseException as error:
            if waiter.granted.done() and not waiter.granted.cancelled():
                self._release(waiter.granted.result())  # granted as it gave up: hand it on
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

    def _rank(self, waiter: _Waiter, now: float) -> int:
        """0 for a light client, 1 for a newcomer, 2 for a heavy client or a query
        whose text ran longer than ``heavy_seconds`` lately, whoever sends it."""
        if self._heavy_queries.get(waiter.query, 0.0) > now:
            return 2
        return self.clients[waiter.client].rank(now)

    def _may_start(self, waiter: _Waiter, now: float) -> bool:
        total = len(self._running)
        if total >= self.workers or self.clients[waiter.client].running >= self.per_client:
            return False
        # The last free worker is kept from heavy queries (when there is more than one).
        return self.workers == 1 or total < self.workers - 1 or self._rank(waiter, now) < 2

    def _release(self, ticket: _Ticket) -> None:
        now = time.monotonic()
        elapsed = now - ticket.started
        if ticket.timer is not None:
            ticket.timer.cancel()
        self._running.remove(ticket)
        client = self.clients[ticket.client]
        client.running -= 1
        client.usage = client.decayed_usage(now) + elapsed
        client.stamp = now
        if elapsed > self.heavy_seconds:
            client.heavy_until = now + HEAVY_MEMORY
            self._heavy_queries[ticket.query] = now + HEAVY_MEMORY
            self._heavy_queries.move_to_end(ticket.query)
            if len(self._heavy_queries) > _MAX_CLIENTS:
                self._heavy_queries.popitem(last=False)
        else:
            client.light_until = now + HEAVY_MEMORY
        self._forget_if_idle(ticket.client)
        self._dispatch(now)
        self._preempt()

    def _dispatch(self, now: float) -> None:
        """Start waiting queries while workers are free: those of the clients that used
        the least worker time lately, less the time they have waited, first (a newcomer
        has used none), then the oldest."""
        while self._waiters:
            ready = [w for w in self._waiters if self._may_start(w, now)]
            if not ready:
                return
            # The last worker goes to a client known for short queries first: a crowd
            # of newcomers is where heavy queries come from, one by one.
            last = self.workers > 1 and len(self._running) == self.workers - 1
            chosen = min(
                ready,
                key=lambda w: (
                    last and self._rank(w, now) != 0,
                    # Each second waited counts as a second less used: no one starves.
                    self.clients[w.client].decayed_usage(now) - (now - w.since),
                    w.arrival,
                ),
            )
            self._waiters.remove(chosen)
            client = self.clients[chosen.client]
            client.waiting -= 1
            client.running += 1
            ticket = _Ticket(chosen.client, chosen.query, now, threading.Event(), last)
            self._running.append(ticket)
            chosen.granted.set_result(ticket)

    def _preempt(self) -> None:
        """Stop a query that has held the last worker longer than ``heavy_seconds``
        while a light client or a newcomer waits; or look again when one will have."""
        now = time.monotonic()
        if not any(
            self._rank(w, now) < 2 and self.clients[w.client].running < self.per_client
            for w in self._waiters
        ):
            return
        for ticket in self._running:
            if not ticket.last_worker or ticket.stop.is_set():
                continue
            due = ticket.started + self.heavy_seconds
            if now >= due:
                ticket.stop.set()
            elif ticket.timer is None:
                ticket.timer = asyncio.get_running_loop().call_later(due - now, self._preempt)

    def _forget_if_idle(self, key: str) -> None:
        """Drop what is known of a client once it neither runs nor waits and is neither
        light nor heavy any more, so the table does not grow without end."""
        client = self.clients[key]
        now = time.monotonic()
        if (
            client.running == 0
            and client.waiting == 0
            and now >= client.heavy_until
            and now >= client.light_until
        ):
            del self.clients[key]
