"""The static site: interactive graph pages that open from disk with no network.

``build_site(kb, out_dir)`` reads the knowledge base once (:mod:`.model`), computes
every page (:mod:`.pages`, with graphs from :mod:`.graphs` and charts from
:mod:`.charts`) and writes them with the shared assets (:mod:`.render`). Open
``index.html`` from disk; nothing is fetched from the network. The whole dataset is
written beside the pages as Turtle, N-Triples and JSON-LD (:mod:`.dataset`).

>>> import tempfile, pathlib
>>> from normgraph import load
>>> out = pathlib.Path(tempfile.mkdtemp()) / "site"
>>> pages = build_site(load(), out)
>>> (out / "index.html").exists(), (out / "assets" / "vis-network.min.js").exists()
(True, True)
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase

__all__ = ["build_site"]


def build_site(kb: KnowledgeBase, out_dir: Path, workers: int | None = None) -> list[Path]:
    """Write the site for ``kb`` into ``out_dir`` (replaced only once the site is complete).

    Pages and the data downloads are computed and written on ``workers`` processes
    (default: one per core). Returns the paths of the pages written. Building twice
    from the same data gives the same bytes, whatever the number of workers.
    """
    from normgraph.fileio import atomic_directory
    from normgraph.forking import in_background
    from normgraph.site.dataset import dataset, write_downloads

    with atomic_directory(out_dir) as staging:
        staging.chmod(0o755)  # a fresh temporary folder is private; a site is for reading
        # The downloads need the store only, not the views: written meanwhile by a child,
        # forked before the pages' libraries are imported (it has no use for them). It
        # answers with the digest of the data, which every page names.
        with in_background(partial(write_downloads, kb, staging)) as downloads:
            from normgraph.site.model import collect
            from normgraph.site.pages import page_makers
            from normgraph.site.render import write_pages

            makers = page_makers(collect(kb))
            written = write_pages(makers, staging, dataset(kb, downloads.answer()), workers)
    return [Path(out_dir) / path for path in written]
