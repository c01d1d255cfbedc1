"""Writing files and folders so that nothing the user had is lost or left half-written.

A file is written to a temporary file beside it, then renamed over it; a folder is
built in a temporary folder beside it, then swapped in. The temporary file or folder
is removed whatever stops the work (an error, a full disk, Ctrl-C), and the swap and
the clean-up run with SIGINT and SIGTERM held back (:func:`signals_held`), so that an
interruption can only come before or after them. Both respect the user's umask, as ``open()`` does.

A folder is replaced only when normgraph wrote it: every folder built here holds the
marker file :data:`MARKER`, and a folder without it that holds anything, a file, or
the folder normgraph runs in (or one that contains it) is refused with a
:class:`~normgraph.errors.NormgraphError`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from normgraph.errors import NormgraphError

__all__ = ["MARKER", "atomic_directory", "atomic_write", "check_replaceable", "signals_held"]

#: The file that marks a folder as written by normgraph (and so replaceable by it).
MARKER = ".normgraph-site"
_MARKER_TEXT = "This folder was written by normgraph; `normgraph build` replaces it whole.\n"
_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM for the block; the first one comes (once) when it ends.

    The handlers are swapped for one that only records the signal, rather than the
    signals masked: a mask is per thread, and a signal sent to the process would reach
    any other thread, whose handler still interrupts the main one. Off the main thread
    (where handlers cannot be set) the block runs as it is.

    >>> with signals_held():
    ...     print("not interrupted here")
    not interrupted here
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def record(signum: int, _frame: object) -> None:
        received.append(signum)

    previous = {signum: signal.signal(signum, record) for signum in _HELD}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if received:
            signal.raise_signal(received[0])  # now, to the handler the process had


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cannot_write(target: Path, error: OSError) -> NormgraphError:
    """One line naming what normgraph was writing (not the file an error names: when
    copying, that can be the source) and why, e.g. "No space left on device"."""
    return NormgraphError(f"{target}: cannot write: {error.strerror or error}; nothing written")


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The file gets the mode ``open()`` would give it (0644 under umask 022).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write(target, "hello").read_text()
    'hello'
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never write through a file or link someone else put there.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise _cannot_write(target, error) from None
    done = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        with signals_held():
            tmp.replace(target)
            done = True
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        if not done:
            with signals_held():
                tmp.unlink(missing_ok=True)
    return target


def check_replaceable(path: str | Path) -> Path:
    """``path`` resolved, if :func:`atomic_directory` may replace it; else a one-line error.

    It may when it does not exist, is an empty folder, or is a folder normgraph wrote
    (it holds :data:`MARKER`), and is neither the current folder nor one containing it.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "thesis.txt").write_text("mine")
    4
    >>> check_replaceable(folder)
    Traceback (most recent call last):
    ...
    normgraph.errors.NormgraphError: ... is not empty and normgraph did not write it ...
    """
    target = Path(path).resolve()
    cwd = Path.cwd().resolve()
    if target == cwd or target in cwd.parents:
        raise NormgraphError(
            f"{target}: is the folder normgraph runs in (or holds it); choose another folder"
        )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise NormgraphError(f"{target}: is a file, not a folder; nothing written")
    if target.is_dir() and not (target / MARKER).is_file():
        try:
            empty = next(target.iterdir(), None) is None
        except OSError as error:
            raise _cannot_write(target, error) from None
        if not empty:
            raise NormgraphError(
                f"{target}: is not empty and normgraph did not write it (no {MARKER} file); "
                "nothing written: choose an empty or new folder"
            )
    return target


@contextmanager
def atomic_directory(path: str | Path) -> Iterator[Path]:
    """Yield a fresh temporary folder that replaces ``path`` only if the block succeeds.

    ``path`` must pass :func:`check_replaceable`. The folder yielded already holds
    :data:`MARKER`. An ``OSError`` in the block (a full disk) becomes a one-line
    :class:`~normgraph.errors.NormgraphError`; whatever stops the block, the temporary
    folder is removed and ``path`` is as it was.
    """
    target = check_replaceable(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise _cannot_write(target, error) from None
    swapped = False
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp's folder is private; this one is not
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        yield staging
        with signals_held():
            _swap(staging, target)
            swapped = True
    except OSError as error:
        raise _cannot_write(target, error) from None
    except NormgraphError as error:
        # From an atomic write nested in this one (build's site writes itself into the
        # staging folder): the user knows the target, not the staging folder's name.
        message = str(error)
        if message.startswith(f"{staging}:"):
            raise NormgraphError(f"{target}{message.removeprefix(str(staging))}") from None
        raise
    finally:
        if not swapped:
            with signals_held():
                shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in the place of ``target``, then remove the old ``target``."""
    if not target.exists():
        staging.rename(target)
        return
    old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
