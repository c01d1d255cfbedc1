"""Sub-commands of the ``normgraph`` command line, one module each."""
