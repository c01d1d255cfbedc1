"""The read-only SPARQL endpoint, its query page and the static site over HTTP.

:mod:`~normgraph.server.endpoint` is the ASGI application (Starlette) that speaks the SPARQL
1.1 Protocol; :mod:`~normgraph.server.http` serves it on uvicorn with deadlines for slow
clients; :mod:`~normgraph.server.fairness` shares the query workers fairly between clients;
:mod:`~normgraph.server.sandbox` runs each query in a child process bounded in time and
memory, in a network namespace of its own (:mod:`~normgraph.server.netwall`), after
:mod:`~normgraph.server.policy` has read it with a SPARQL parser (no update, SERVICE or
FROM); :mod:`~normgraph.server.description` is the service description;
:mod:`~normgraph.server.conneg` picks the media type a client prefers.
"""
