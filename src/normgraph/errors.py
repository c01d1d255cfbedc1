"""Errors that the command line reports as one line, without a traceback."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DataFileError", "NormgraphError", "UsageError"]


class NormgraphError(Exception):
    """An error the user can act on. ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class UsageError(NormgraphError):
    """A bad argument: an unknown query name, an ambiguous label, a bad date."""


class DataFileError(NormgraphError):
    """A data file that cannot be read or parsed, with the line where it failed.

    >>> str(DataFileError("data/x.ttl", 12, "Unexpected end of file"))
    'data/x.ttl:12: Unexpected end of file'
    """

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
