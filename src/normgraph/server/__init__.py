"""The read-only SPARQL endpoint, its query page and the static site over HTTP.

:mod:`~normgraph.server.endpoint` speaks the SPARQL 1.1 Protocol;
:mod:`~normgraph.server.sandbox` runs each query in a child process bounded in time and
memory; :mod:`~normgraph.server.conneg` picks the media type a client prefers.
"""
