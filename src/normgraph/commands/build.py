"""Validate the data, then write the static site (open its index.html from disk).

Exit 1 with the violations when the data does not conform; nothing is written then.
The site replaces the output folder only once it is complete, and only a folder that
normgraph wrote (it holds a .normgraph-site file) or an empty one: any other folder, a
file, or the current folder is refused (exit 2) before anything is loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from normgraph.commands._common import add_kb_options
from normgraph.errors import UsageError

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase
    from normgraph.store.validation import Violation

IMPORTERS = ("paris-call",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="DIR", default="site", help="where to write the site (default: ./site)"
    )
    parser.add_argument(
        "--import",
        dest="imports",
        metavar="NAME=PATH",
        action="append",
        default=[],
        help=f"import a published list into the build ({', '.join(IMPORTERS)})",
    )
    parser.add_argument(
        "--skip-validation", action="store_true", help="write the site without validating first"
    )
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=_positive,
        default=None,
        help="render pages on N processes (default: one per core)",
    )
    add_kb_options(parser)


def run(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from normgraph.commands._common import open_kb
    from normgraph.fileio import check_replaceable

    check_replaceable(args.out)  # refuse before the work, not after it
    # The build keeps every core busy with processes of its own: OpenBLAS's threads
    # (one per core, in each process that imports numpy) would only compete with them,
    # and they spin while they wait (7% of the build's CPU). Set before numpy is imported.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with (
        _fewer_collections(),
        tempfile.TemporaryDirectory(prefix="normgraph-import-") as folder,
    ):
        if args.imports:
            # Rows are matched against the data this build uses (--data, --store too).
            known = open_kb(args)
            converted = [
                _import(spec, known, Path(folder) / f"{index}.ttl")
                for index, spec in enumerate(args.imports)
            ]
            args.data = [*args.data, *converted]
        return _build(args, open_kb(args))


def _build(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    from normgraph.site import build_site

    if args.skip_validation:
        pages = build_site(kb, Path(args.out), args.jobs)
    else:
        from normgraph.fileio import atomic_directory
        from normgraph.store.validation import validate_in_background

        # Validate while the site renders (two cores, half the wait); the site replaces
        # the output folder only if the data conforms. Data that breaks the shapes may
        # break the site too: its violations are reported rather than that error.
        try:
            with atomic_directory(args.out) as staging, validate_in_background(kb) as violations:
                try:
                    pages = build_site(kb, staging, args.jobs)
                except Exception:
                    if found := violations.answer():
                        raise _ViolationsError(found) from None
                    raise
                if found := violations.answer():
                    raise _ViolationsError(found)
        except _ViolationsError as error:
            for violation in error.violations:
                print(violation, file=sys.stderr)
            count = len(error.violations)
            print(f"error: {count} violation(s); no site written", file=sys.stderr)
            return 1
    print(f"wrote {len(pages)} pages to {Path(args.out).resolve()}/index.html")
    return 0


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while the build runs, as mypy does.

    The build allocates objects that it keeps (the store's answers, the views, the
    pages' model): collecting every 700 allocations walked them over and over, 0.075 s
    of CPU on the bundled data, before the pages' processes could start. With the
    threshold at 200,000 the bundled build collects not once.
    """
    before = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _positive(text: str) -> int:
    """``--jobs``: a whole number of processes, 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


class _ViolationsError(Exception):
    """Raised inside the staging folder's block so that nothing is written."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations


def _import(spec: str, kb: KnowledgeBase, target: Path) -> Path:
    """Convert ``NAME=PATH`` with the named importer into the Turtle file ``target``."""
    name, sep, path = spec.partition("=")
    if not sep or name not in IMPORTERS:
        raise UsageError(f"--import takes NAME=PATH with NAME one of {', '.join(IMPORTERS)}")
    from normgraph.importers.paris_call import to_turtle

    turtle, report = to_turtle(Path(path), kb)
    for line in report.lines():
        print(line, file=sys.stderr)
    target.write_text(turtle, encoding="utf-8")
    return target
