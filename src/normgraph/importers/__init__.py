"""Importers: turn published lists into normgraph Turtle.

- :mod:`normgraph.importers.states`: the UN member states, from ``pycountry`` and
  ``country_converter`` (writes ``data/states.ttl``).
- :mod:`normgraph.importers.paris_call`: the supporters of the Paris Call for Trust and
  Security in Cyberspace, from the CSV of the Call's website repository.

Importers write deterministic Turtle, so that a generated file can be committed and a
test can check that it is up to date.
"""

from __future__ import annotations

__all__: list[str] = []
