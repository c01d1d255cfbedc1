"""Views of the knowledge base and the algorithms over them.

:mod:`~normgraph.analytics.views` reads the knowledge base once into pandas tables and
networkx graphs; every consumer (the CLI, the site, the notebooks) reads those views.
:mod:`~normgraph.analytics.lineage` follows norm derivations,
:mod:`~normgraph.analytics.overlap` compares memberships,
:mod:`~normgraph.analytics.influence` measures how far norms travel,
:mod:`~normgraph.analytics.stats` counts, and :mod:`~normgraph.analytics.resolve` turns what a
user typed into an IRI.
"""
