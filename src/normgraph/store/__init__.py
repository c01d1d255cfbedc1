"""The knowledge base and its backends: loading, materialising, querying, validating, exporting.

Data flows in here first. :mod:`~normgraph.store.kb` loads the ontology and the data into a
:mod:`~normgraph.store.backends` backend (Oxigraph in memory or on disk, or a
:mod:`~normgraph.store.remote` endpoint), runs the materialisation rules in ``rules/`` and
answers the SPARQL in ``queries/``. :mod:`~normgraph.store.validation` checks it against the
SHACL shapes; :mod:`~normgraph.store.export` and :mod:`~normgraph.store.formats` write it out.
"""
