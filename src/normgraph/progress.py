"""Progress bars for long work (loading, imports, site builds), on a terminal only.

A bar appears on standard error when it is a terminal and the work has taken more
than :data:`DELAY` seconds, so quick commands and piped or logged output stay quiet.
tqdm is imported only when a bar may be drawn.

>>> with progress(total=3, desc="pages") as bar:
...     for _ in range(3):
...         bar.update(1)
>>> list(track(["a", "b"], desc="pages"))
['a', 'b']
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import IO, Protocol, TypeVar

__all__ = ["DELAY", "Bar", "ProgressReader", "progress", "shown", "track"]

#: Seconds of work before a bar is drawn: shorter work never shows one.
DELAY = 1.0

T = TypeVar("T")


class Bar(Protocol):
    """What callers use of a bar: a tqdm bar, or a silent stand-in."""

    def update(self, n: float = 1) -> bool | None: ...

    def set_description_str(self, desc: str | None = None, refresh: bool = True) -> None: ...

    def __enter__(self) -> Bar: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


class _Silent:
    """A bar that draws nothing, for when standard error is not a terminal."""

    def update(self, n: float = 1) -> None:
        return None

    def set_description_str(self, desc: str | None = None, refresh: bool = True) -> None:
        return None

    def __enter__(self) -> _Silent:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None


def shown() -> bool:
    """Whether bars are drawn: standard error is a terminal."""
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def progress(total: float | None = None, *, desc: str, unit: str = "it") -> Bar:
    """A bar for ``total`` units of work (``unit="B"`` shows bytes as kB, MB...).

    Use it as a context manager and call ``update(n)`` as work is done.
    """
    if not shown():
        return _Silent()
    from tqdm import tqdm

    bar: Bar = tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=unit == "B",
        unit_divisor=1024 if unit == "B" else 1000,
        delay=DELAY,
        leave=False,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    return bar


def track(
    items: Iterable[T], *, desc: str, total: int | None = None, unit: str = "it"
) -> Iterator[T]:
    """Yield ``items``, advancing a bar by one per item (``total`` defaults to ``len``)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with progress(total, desc=desc, unit=unit) as bar:
        for item in items:
            yield item
            bar.update(1)


class ProgressReader:
    """A binary file that advances ``bar`` by the number of bytes read from it.

    >>> import io
    >>> with progress(total=5, desc="reading", unit="B") as bar:
    ...     ProgressReader(io.BytesIO(b"hello"), bar).read()
    b'hello'
    """

    def __init__(self, raw: IO[bytes], bar: Bar) -> None:
        self.raw = raw
        self.bar = bar

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.bar.update(len(chunk))
        return chunk

    def readable(self) -> bool:
        return True
