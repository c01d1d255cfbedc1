"""The fair scheduler, in the event loop, without a server: limits, order, stops."""

from __future__ import annotations

import asyncio

import pytest

from normgraph.server.fairness import BusyError, FairScheduler


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


async def hold(scheduler: FairScheduler, client: str, seconds: float, log: list[str]) -> str:
    """Take a worker for ``seconds`` (or until told to stop); log start and how it ended."""
    try:
        async with scheduler.slot(client, f"the query of {client}") as stop:
            log.append(f"start {client}")
            for _ in range(round(seconds / 0.01)):
                if stop.is_set():
                    return f"{client} stopped"
                await asyncio.sleep(0.01)
            return f"{client} done"
    except BusyError as busy:
        return f"{client} {busy.status}"


def test_one_client_runs_at_most_per_client_queries_and_queues_at_most_client_queue():
    async def scenario() -> list[str]:
        scheduler = FairScheduler(workers=4, per_client=2, client_queue=2)
        log: list[str] = []
        tasks = [asyncio.create_task(hold(scheduler, "a", 0.2, log)) for _ in range(5)]
        await asyncio.sleep(0.05)
        assert scheduler.running == {"a": 2}
        return await asyncio.gather(*tasks)

    outcomes = run(scenario())
    assert outcomes.count("a 429") == 1
    assert outcomes.count("a done") == 4


def test_a_full_queue_is_503_and_so_is_a_long_wait():
    async def scenario() -> list[str]:
        scheduler = FairScheduler(workers=1, per_client=1, queue_size=1, max_wait=0.1)
        log: list[str] = []
        tasks = [asyncio.create_task(hold(scheduler, f"c{i}", 0.3, log)) for i in range(3)]
        return await asyncio.gather(*tasks)

    assert run(scenario()) == ["c0 done", "c1 503", "c2 503"]


def test_heavy_clients_never_hold_the_last_worker():
    async def scenario() -> list[str]:
        scheduler = FairScheduler(workers=2, per_client=1, heavy_seconds=0.05)
        log: list[str] = []
        for heavy in ("h1", "h2"):  # make them heavy: one long query each
            await hold(scheduler, heavy, 0.1, log)
        log.clear()
        first = asyncio.create_task(hold(scheduler, "h1", 0.3, log))
        second = asyncio.create_task(hold(scheduler, "h2", 0.3, log))
        await asyncio.sleep(0.05)
        assert scheduler.running == {"h1": 1}  # h2 waits: the last worker is kept
        light = await asyncio.wait_for(hold(scheduler, "light", 0.01, log), 0.1)
        assert light == "light done"
        return [await first, await second]

    assert run(scenario()) == ["h1 done", "h2 done"]


def test_a_query_on_the_last_worker_is_stopped_for_a_waiting_newcomer():
    async def scenario() -> tuple[list[str], float]:
        scheduler = FairScheduler(workers=2, per_client=1, heavy_seconds=0.1)
        log: list[str] = []
        first = asyncio.create_task(hold(scheduler, "n1", 2.0, log))
        second = asyncio.create_task(hold(scheduler, "n2", 2.0, log))  # the last worker
        await asyncio.sleep(0.02)
        loop = asyncio.get_running_loop()
        started = loop.time()
        third = await hold(scheduler, "n3", 0.01, log)
        waited = loop.time() - started
        first.cancel()
        return [await second, third], waited

    outcomes, waited = run(scenario())
    assert outcomes == ["n2 stopped", "n3 done"]
    assert waited < 0.5  # heavy_seconds and a little, not the 2 s the query wanted


def test_light_clients_go_before_heavy_ones():
    async def scenario() -> list[str]:
        scheduler = FairScheduler(workers=1, per_client=1, heavy_seconds=0.05)
        log: list[str] = []
        await hold(scheduler, "heavy", 0.1, log)
        await hold(scheduler, "light", 0.01, log)
        log.clear()
        blocker = asyncio.create_task(hold(scheduler, "other", 0.05, log))
        await asyncio.sleep(0.01)
        waiting = [
            asyncio.create_task(hold(scheduler, "heavy", 0.01, log)),
            asyncio.create_task(hold(scheduler, "light", 0.01, log)),
        ]
        await asyncio.gather(blocker, *waiting)
        return log

    assert run(scenario()) == ["start other", "start light", "start heavy"]


@pytest.mark.parametrize("workers", [1, 3])
def test_a_client_is_remembered_as_light_after_a_short_query(workers):
    async def scenario() -> int:
        scheduler = FairScheduler(workers=workers, per_client=1, heavy_seconds=0.05)
        await hold(scheduler, "x", 0.0, [])
        return len(scheduler.clients)

    assert run(scenario()) == 1  # known light for HEAVY_MEMORY seconds, then forgotten


def test_the_last_worker_goes_to_a_light_client_before_newcomers():
    async def scenario() -> list[str]:
        scheduler = FairScheduler(workers=2, per_client=1, heavy_seconds=1.0)
        log: list[str] = []
        await hold(scheduler, "light", 0.0, log)  # known for short queries from now on
        log.clear()
        holders = [asyncio.create_task(hold(scheduler, f"n{i}", 0.1, log)) for i in (0, 1)]
        await asyncio.sleep(0.01)
        newcomer = asyncio.create_task(hold(scheduler, "n2", 0.01, log))
        await asyncio.sleep(0.01)
        light = asyncio.create_task(hold(scheduler, "light", 0.01, log))
        await asyncio.gather(*holders, newcomer, light)
        return log

    log = run(scenario())
    assert log.index("start light") < log.index("start n2")


def test_a_query_that_ran_long_is_heavy_whoever_sends_it():
    async def scenario() -> list[int]:
        scheduler = FairScheduler(workers=2, per_client=1, heavy_seconds=0.05)
        async with scheduler.slot("first", "cross product"):
            await asyncio.sleep(0.1)
        blocker = asyncio.create_task(hold(scheduler, "other", 0.2, []))
        await asyncio.sleep(0.01)
        newcomer = asyncio.create_task(scheduler.slot("newcomer", "cross product").__aenter__())
        await asyncio.sleep(0.05)
        running = len(scheduler.running)  # the newcomer may not take the last worker
        await blocker
        await newcomer
        return [running, len(scheduler.running)]

    assert run(scenario()) == [1, 1]
