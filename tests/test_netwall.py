"""The second wall: a process in its own network namespace reaches nothing, even when
it runs a SERVICE query (pyoxigraph would send that request itself)."""

from __future__ import annotations

import contextlib
import os
import sys

import pyoxigraph as ox
import pytest

from normgraph.server import netwall

from .servers import Canary

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux namespaces")


def _in_child(work) -> int:  # type: ignore[no-untyped-def]
    """Run ``work`` in a forked child; its exit status (0: it returned True)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            code = 0 if work() else 3
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_pyoxigraph_itself_sends_service_requests():
    # Why the wall is needed: the engine has no switch against SERVICE over HTTP.
    with Canary() as canary:
        query = (
            f"SELECT * WHERE {{ SERVICE <http://{canary.host}:{canary.port}/s> {{ ?s ?p ?o }} }}"
        )
        with contextlib.suppress(OSError):  # however the answer is read, it was asked for
            list(ox.Store().query(query))
    assert canary.hits == 1


def test_after_isolate_a_service_query_reaches_nothing():
    with Canary() as canary:
        query = (
            f"SELECT * WHERE {{ SERVICE <http://{canary.host}:{canary.port}/s> {{ ?s ?p ?o }} }}"
        )

        def work() -> bool:
            try:
                netwall.isolate()
            except netwall.NetworkWallError:
                os._exit(2)  # not permitted here: said below
            try:
                list(ox.Store().query(query))
            except OSError:
                return True  # refused by the kernel: no route
            return False

        status = _in_child(work)
    if status == 2:
        assert os.geteuid() != 0  # as root it is always permitted
        pytest.skip("this system permits no new network namespace")
    assert status == 0
    assert canary.hits == 0


def test_isolate_says_how_or_raises_with_the_reasons():
    def work() -> bool:
        try:
            how = netwall.isolate()
        except netwall.NetworkWallError as error:
            return "unshare" in str(error)
        return "network namespace" in how

    assert _in_child(work) == 0
