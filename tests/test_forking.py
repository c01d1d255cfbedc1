"""Tests for normgraph.forking: jobs shared out among forked processes, one in the background."""

from __future__ import annotations

import os
import time

import pytest

from normgraph.forking import CHILD_NICENESS, cores, in_background, share_out


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_answers_come_back_in_job_order_from_every_process() -> None:
    jobs = [lambda i=i: (i, _pid_after(0.05)) for i in range(20)]
    answers = share_out(jobs, workers=3)
    assert [index for index, _pid in answers] == list(range(20))
    pids = {pid for _index, pid in answers}
    assert os.getpid() in pids and len(pids) == 3  # each process took some of the jobs


def test_one_worker_runs_everything_here() -> None:
    assert share_out([os.getpid, os.getpid], workers=1) == [os.getpid()] * 2
    assert share_out([], workers=4) == []


def test_a_childs_error_is_raised_here_with_its_type() -> None:
    parent = os.getpid()

    def fails_in_a_child() -> int:
        time.sleep(0.05)  # so that the parent is busy with another job meanwhile
        if os.getpid() != parent:
            raise FileNotFoundError(2, "gone", "/nowhere")
        return 0

    with pytest.raises(FileNotFoundError, match="gone"):
        share_out([fails_in_a_child] * 6, workers=2)


def test_an_error_here_stops_the_children_and_is_raised() -> None:
    parent = os.getpid()
    started = time.monotonic()

    def slow_in_children() -> None:
        if os.getpid() == parent:
            raise ValueError("stop")
        time.sleep(30)

    with pytest.raises(ValueError, match="stop"):
        share_out([slow_in_children] * 4, workers=2)
    assert time.monotonic() - started < 10  # the child was stopped, not waited for


def test_an_error_that_cannot_be_pickled_comes_back_as_its_traceback() -> None:
    parent = os.getpid()

    class LocalError(Exception):  # a local class cannot be pickled
        pass

    def fails() -> None:
        time.sleep(0.05)
        if os.getpid() != parent:
            raise LocalError("only in a child")

    with pytest.raises(RuntimeError, match="only in a child"):
        share_out([fails] * 6, workers=2)


def test_a_background_answer_is_the_childs() -> None:
    background = in_background(os.getpid)
    assert background.answer() == background.answer() != os.getpid()


def test_a_background_child_not_asked_is_stopped_when_the_block_ends() -> None:
    with pytest.raises(KeyError), in_background(lambda: time.sleep(30)) as background:
        pid = background._child[0] if background._child else 0
        raise KeyError("an error before the answer was asked for")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped


def test_a_background_child_that_dies_is_replaced_by_the_work_here() -> None:
    parent = os.getpid()

    def dies_in_the_child() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 42

    assert in_background(dies_in_the_child).answer() == 42


def test_cores_counts_what_this_process_may_use() -> None:
    assert cores() >= 1
    assert cores() <= (os.cpu_count() or 1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the work runs here")
def test_children_run_at_a_lower_priority_and_this_process_keeps_its_own() -> None:
    here = os.getpriority(os.PRIO_PROCESS, 0)
    lower = min(here + CHILD_NICENESS, 19)
    assert in_background(lambda: os.getpriority(os.PRIO_PROCESS, 0)).answer() == lower
    jobs = [lambda: (os.getpid(), os.getpriority(os.PRIO_PROCESS, 0), _pid_after(0.05))] * 6
    seen = {pid: priority for pid, priority, _pid in share_out(jobs, workers=3)}
    assert seen.pop(os.getpid()) == here and set(seen.values()) == {lower}
    assert os.getpriority(os.PRIO_PROCESS, 0) == here
