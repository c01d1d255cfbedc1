"""Interactive graphs inline in Jupyter, drawn without any network access.

The site's graphs (:mod:`normgraph.site.graphs`) are drawn by the site's own script
(``assets/graph.js``) with vis-network as pyvis ships it. :class:`InlineGraph` puts
both scripts, the stylesheet and the graph's JSON into one HTML document shown in an
``<iframe srcdoc>``: nothing is fetched from a CDN, and the notebook's styles and the
graph's cannot mix. Texts from the data reach the page only inside the JSON, escaped
by :func:`normgraph.site.render.script_json`, and the whole document is escaped once
more as the attribute's value.

>>> graph = {"nodes": [{"id": "a", "label": "<b>A</b>", "url": "a.html"}], "edges": []}
>>> html = InlineGraph(graph).iframe()
>>> html.startswith("<iframe"), "<b>" in html
(True, False)
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from normgraph.site.render import ASSETS, script_json, vis_network_dir

__all__ = ["InlineGraph"]


@dataclass(frozen=True)
class InlineGraph:
    """A site graph (``{"nodes": [...], "edges": [...], ...}``) that Jupyter shows inline.

    Nodes lose their ``url``: it points into the static site, which the notebook does
    not have, and a click would otherwise navigate the frame away from the graph.

    Args:
        graph: vis-network data as the functions of :mod:`normgraph.site.graphs` return.
        height: the frame's height in pixels.
    """

    graph: Mapping[str, Any]
    height: int = 560

    def document(self) -> str:
        """The standalone HTML page: vis-network, the site's script and the graph data."""
        data = {**self.graph, "nodes": _unlinked(self.graph["nodes"])}
        if "overview" in data:
            overview = data["overview"]
            data["overview"] = {**overview, "nodes": _unlinked(overview["nodes"])}
        vis = vis_network_dir()
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><style>'
            + (vis / "vis-network.css").read_text(encoding="utf-8")
            + "\nhtml,body{margin:0;height:100%;font-family:system-ui,sans-serif}"
            "#graph{height:100%}.vis-tooltip{white-space:pre-line}</style></head>"
            '<body data-root=""><div id="graph"></div>'
            f'<script type="application/json" id="graph-data">{script_json(data)}</script>'
            f"<script>{(vis / 'vis-network.min.js').read_text(encoding='utf-8')}</script>"
            f"<script>{(ASSETS / 'graph.js').read_text(encoding='utf-8')}</script>"
            "</body></html>"
        )

    def iframe(self) -> str:
        """An ``<iframe>`` element whose ``srcdoc`` is :meth:`document`."""
        return (
            f'<iframe srcdoc="{html.escape(self.document(), quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #e5e7eb" '
            'title="interactive graph"></iframe>'
        )

    def _repr_html_(self) -> str:
        return self.iframe()


def _unlinked(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in node.items() if k != "url"} for node in nodes]
