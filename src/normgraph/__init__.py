"""normgraph: a knowledge graph of cyber norm processes.

>>> import normgraph
>>> kb = normgraph.load()
>>> len(kb) > 0
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeBase", "__version__", "load"]

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase, load


def __getattr__(name: str) -> Any:
    # Lazy, so that `normgraph --help` does not pay for pyoxigraph and pandas.
    if name in ("KnowledgeBase", "load"):
        from normgraph.store import kb

        return getattr(kb, name)
    raise AttributeError(f"module 'normgraph' has no attribute {name!r}")
