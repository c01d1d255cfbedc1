"""Work on several cores by ``fork``: one job in the background, or a list shared out.

A forked child starts with everything this process has computed (the knowledge base,
the views, compiled templates), with nothing copied or pickled, and sends back only
its answer, pickled, through a pipe. Where there is no ``fork`` (Windows), the work
runs in this process, with the same answers.

>>> share_out([lambda: 1, lambda: 2, lambda: 3], workers=2)
[1, 2, 3]
>>> in_background(lambda: "done").answer()
'done'
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, NoReturn, TypeVar

__all__ = ["CHILD_NICENESS", "Background", "cores", "in_background", "share_out"]

T = TypeVar("T")

#: How much lower a forked child's priority is than this process's. This process, whose
#: work everything else waits for, keeps a core to itself; its children share the other
#: cores equally (a page worker and a long validation alike, so that neither starves
#: and leaves a core idle at the end), and take this one whenever this process waits.
CHILD_NICENESS = 10


def cores() -> int:
    """How many cores this process may run on (its CPU affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


class Background(Generic[T]):
    """Work running in a forked child; :meth:`answer` waits for it.

    Used as a context manager, the child is stopped on leaving the block when nobody
    asked for its answer (an error came first), so that no child is left waiting.
    When the child fails in any way (or there is no ``fork``), the work runs in this
    process when the answer is asked for, so that the answer, or the error with its
    traceback, is the one the work gives here.
    """

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._child = _fork(work) if hasattr(os, "fork") else None
        self._answer: tuple[T] | None = None

    def answer(self) -> T:
        """The work's answer (waiting for the child if need be), the same at every call."""
        if self._answer is None and self._child is not None:
            ok, value = _outcome(*self._child)
            self._child = None
            if ok:
                self._answer = (value,)
        if self._answer is None:
            self._answer = (self._work(),)
        return self._answer[0]

    def stop(self) -> None:
        """Stop the child, if it is still running and its answer was not asked for."""
        if self._child is not None:
            _stop([self._child])
            self._child = None

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def in_background(work: Callable[[], T]) -> Background[T]:
    """Start ``work`` in a forked child (see :class:`Background`)."""
    return Background(work)


def share_out(jobs: Sequence[Callable[[], T]], workers: int | None = None) -> list[T]:
    """Run ``jobs`` on ``workers`` processes (this one and forked children); their answers in order.

    Each process takes the next job nobody has taken yet, so that a long job does not
    hold up the short ones queued behind it. Jobs must not depend on one another's side
    effects in this process (a child's changes to memory stay in the child). The first
    error of a job, in this process or a child, is raised here once every child has
    stopped. ``workers`` defaults to :func:`cores`.
    """
    workers = min(workers or cores(), len(jobs))
    if workers <= 1 or not hasattr(os, "fork"):
        return [job() for job in jobs]
    import multiprocessing

    counter = multiprocessing.get_context("fork").Value("q", 0)

    def take() -> dict[int, T]:
        done: dict[int, T] = {}
        while True:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= len(jobs):
                return done
            done[index] = jobs[index]()

    children = [_fork(take) for _ in range(workers - 1)]
    try:
        answers = take()
    except BaseException:
        _stop(children)
        raise
    failure: BaseException | None = None
    for child in children:
        ok, value = _outcome(*child)
        if ok:
            answers.update(value)
        elif failure is None:
            failure = value
    if failure is not None:
        raise failure
    return [answers[index] for index in range(len(jobs))]


def _fork(work: Callable[[], Any]) -> tuple[int, int]:
    """Fork a child that runs ``work`` (:data:`CHILD_NICENESS` lower in priority) and
    pipes back ``(ok, answer or error)``."""
    read_end, write_end = os.pipe()
    # Objects the collector never visits stay shared with the child instead of being
    # copied page by page when it walks them (the parent's heap is most of the memory).
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.nice(CHILD_NICENESS)
        _child(work, write_end)
    gc.unfreeze()
    os.close(write_end)
    return pid, read_end


def _child(work: Callable[[], Any], pipe: int) -> NoReturn:
    """Run ``work``, send its outcome, and leave without running the parent's clean-ups."""
    status = 1
    try:
        try:
            payload = pickle.dumps((True, work()))
        except BaseException as error:  # every error, even KeyboardInterrupt, goes back
            payload = _pickled_error(error)
        with os.fdopen(pipe, "wb") as out:
            out.write(payload)
        status = 0
    finally:
        os._exit(status)


def _pickled_error(error: BaseException) -> bytes:
    """``(False, error)`` pickled; an error that cannot be pickled goes as its traceback."""
    try:
        return pickle.dumps((False, error))
    except Exception:  # any pickling failure: send the text instead
        text = "".join(traceback.format_exception(error)).rstrip()
        return pickle.dumps((False, RuntimeError(f"a worker process failed:\n{text}")))


def _stop(children: list[tuple[int, int]]) -> None:
    """Stop the children (all asked first, so that they stop together) and reap them."""
    for pid, _pipe in children:
        os.kill(pid, signal.SIGTERM)
    for child in children:
        _outcome(*child)


def _outcome(pid: int, pipe: int) -> tuple[bool, Any]:
    """Wait for a child; ``(ok, answer or error)``, an error when it died without one."""
    with os.fdopen(pipe, "rb") as answer:
        payload = answer.read()
    _pid, status = os.waitpid(pid, 0)
    if not payload:
        return False, RuntimeError(f"a worker process died (wait status {status})")
    outcome: tuple[bool, Any] = pickle.loads(payload)  # noqa: S301 - our own child's
    return outcome
