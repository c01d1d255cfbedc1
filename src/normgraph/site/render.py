"""Render pages to HTML and write the site: pages, shared assets and vis-network.

Templates are Jinja2 with autoescaping on for every file, so data texts are escaped
wherever they land. Graph data goes into a ``<script type="application/json">``
element (read by ``assets/graph.js`` with ``textContent``), with ``<``, ``>``, ``&``
and the JavaScript line separators escaped so that no text can close the element.
Every page sets a Content-Security-Policy that allows scripts from the site's own
files only: no inline script, no network. Labels shown as page text go through the
``label`` filter (:func:`label_html`): cut at :data:`LABEL_LIMIT` characters with an
ellipsis (the full text in a ``title``), isolated from the text around them in a
``<bdi>``, and stripped of bidirectional embedding, override and isolate characters,
as is every other text a page shows (Jinja's ``finalize``).

>>> script_json({"label": "</script><b>"})
Markup('{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}')
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from normgraph.errors import NormgraphError
from normgraph.forking import share_out
from normgraph.site.charts import Heatmap
from normgraph.site.dataset import Dataset
from normgraph.site.pages import Page, PageMaker

__all__ = [
    "CSP",
    "LABEL_LIMIT",
    "VIS_FILES",
    "environment",
    "heatmap_cells",
    "label_html",
    "render",
    "script_json",
    "vis_network_dir",
    "write_pages",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"

#: The policy every page declares: its own files only, nothing inline, no network.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


#: The most characters of a label a page shows; the rest is in the ``title`` tooltip.
LABEL_LIMIT = 160
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): in
# data they reorder the page's text around them, and a label has no need of them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _without_bidi(text: str) -> str:
    """``text`` without bidi controls (an ASCII text has none: most texts skip the regex)."""
    return text if text.isascii() else _BIDI_CONTROLS.sub("", text)


def _without_bidi_controls(value: Any) -> Any:
    """Every text a template prints, stripped of bidi controls (Markup is the site's own)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _without_bidi(value)
    return value


def label_html(text: object, limit: int = LABEL_LIMIT) -> Markup:
    """A label as page text: isolated, without bidi controls, cut at ``limit``.

    >>> label_html("G7 \u202eCyber Expert Group")
    Markup('<bdi>G7 Cyber Expert Group</bdi>')
    >>> label_html("x" * 8, limit=5)
    Markup('<bdi title="xxxxxxxx">xxxxx…</bdi>')
    """
    plain = _without_bidi(str(text))
    if len(plain) <= limit:
        return Markup(f"<bdi>{escape(plain)}</bdi>")  # noqa: S704 - escaped
    return Markup(f'<bdi title="{escape(plain)}">{escape(plain[:limit].rstrip())}…</bdi>')  # noqa: S704


def heatmap_cells(chart: Heatmap, root: str) -> Markup:
    """A heatmap's cells as SVG: off the diagonal, each a link to the comparison of its
    two processes' lists; on it, a process's own number.

    Written here rather than in the template: the overlaps page draws up to 4,800 cells,
    and drawing them in Jinja was a fifth of the site's rendering time. Texts are
    escaped and stripped of bidi controls, as the template would.

    >>> from normgraph.site.charts import HeatmapLabel, heatmap
    >>> rows = [HeatmapLabel(0, "a", "<A>", "a.html", "#000", "a"),
    ...         HeatmapLabel(1, "b", "B", "b.html", "#000", "b")]
    >>> cells = heatmap_cells(heatmap(rows, {("a", "b"): 1}, "states"), "../")
    >>> print(cells[cells.index("<a ") : cells.index("</a>")])  # doctest: +NORMALIZE_WHITESPACE
    <a class="cell-link" href="../members.html#compare=a,b"
    aria-label="&lt;A&gt; and B share 1 of their states: compare the lists"><title>&lt;A&gt;
    and B share 1 of their states: click to compare the lists</title><rect x="292" y="270"
    width="21" height="21" fill="#173f73"/>
    <text x="303.0" y="284.96" fill="#ffffff" class="cell">1</text>
    """
    side = chart.cell - 1
    parts = []
    for cell in chart.cells:
        tooltip = escape(_without_bidi(cell.tooltip))
        linked = cell.row != cell.column
        if linked:
            slugs = f"{chart.labels[cell.row].slug},{chart.labels[cell.column].slug}"
            href = escape(f"{root}members.html#compare={slugs}")
            parts.append(
                f'<a class="cell-link" href="{href}" aria-label="{tooltip}: compare the lists">'
                f"<title>{tooltip}: click to compare the lists</title>"
            )
        else:
            parts.append(f"<g><title>{tooltip}</title>")
        stroke = ' stroke="#9ca3af"' if cell.x == cell.y else ""
        parts.append(
            f'<rect x="{cell.x}" y="{cell.y}" width="{side}" height="{side}"'
            f' fill="{escape(cell.fill)}"{stroke}/>\n'
        )
        if cell.value:
            x, y = cell.x + chart.cell / 2, cell.y + chart.cell * 0.68
            parts.append(
                f'<text x="{x}" y="{y}" fill="{escape(cell.text_fill)}" class="cell">'
                f"{cell.value}</text>"
            )
        parts.append("</a>" if linked else "</g>")
    return Markup("".join(parts))  # noqa: S704 - every text in it is escaped


def _drawable(graph: Any) -> Any:
    """A page's graph with each node's canvas label cut at :data:`LABEL_LIMIT` characters
    (a 60,000-character label drawn on a canvas stalls the page); titles stay whole."""
    if not isinstance(graph, dict):
        return graph
    cut = dict(graph)
    cut["nodes"] = [
        {**node, "label": node["label"][:LABEL_LIMIT].rstrip() + "…"}
        if len(node.get("label") or "") > LABEL_LIMIT
        else node
        for node in graph.get("nodes", [])
    ]
    if "overview" in graph:
        cut["overview"] = _drawable(graph["overview"])
    return cut


def vis_network_dir() -> Path:
    """vis-network as pyvis ships it (the one copy the site's pages share).

    Found without importing pyvis, whose import pulls in IPython (a second or more).
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise NormgraphError("pyvis is not installed: the site needs its copy of vis-network")
    return Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"


#: The vis-network files copied into the site's assets folder.
VIS_FILES = ("vis-network.min.js", "vis-network.css")


def script_json(value: Any) -> Markup:
    """``value`` as JSON that is safe inside a ``<script>`` element, keys sorted."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = _without_bidi(text)  # graph labels too: see label_html
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped


class _Environment(jinja2.Environment):
    """Jinja's environment, reading ``x.name`` on a page's dict as its key first.

    Jinja tries an attribute before a key, and a dict has no attribute ``title``: the
    failed look-up and its exception were a tenth of the rendering time.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds; a cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    """The compiled templates' cache, in the user's cache folder (None if it cannot be made).

    Compiling the templates costs more than rendering a hundred pages. Jinja checks each
    cached template against its source, so that an edited template is compiled again,
    but not against the environment it was compiled for (``finalize``, autoescaping,
    whitespace): each version of Jinja and of this module has a folder of its own.
    """
    home = os.environ.get("XDG_CACHE_HOME")
    folder = (Path(home) if home else Path("~/.cache").expanduser()) / "normgraph" / "templates"
    compiled_for = hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes())
    folder /= compiled_for.hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _TemplateCache(str(folder))


def environment(info: Dataset | None = None) -> jinja2.Environment:
    """The templates, with ``dataset`` (what every page's footer names) as a global."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates are package files: no stat() per page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_without_bidi_controls,
    )
    env.filters["label"] = label_html
    env.filters["heatmap_cells"] = heatmap_cells
    env.filters["script_json"] = script_json
    env.globals["dataset"] = info or Dataset("?", "?", "?", "")
    return env


def render(env: jinja2.Environment, page: Page) -> str:
    """The HTML of one page."""
    template = env.get_template(page.template)
    return template.render(
        page.context,
        title=page.title,
        root=page.root,
        csp=CSP,
        graph_json=script_json(_drawable(page.graph)) if page.graph is not None else None,
    )


def write_pages(
    pages: Sequence[Page | PageMaker],
    folder: Path,
    info: Dataset | None = None,
    workers: int | None = None,
) -> list[str]:
    """Write the pages and the shared assets into ``folder`` (an empty folder).

    Pages given as :data:`~normgraph.site.pages.PageMaker` calls are computed as they
    are written. The work is shared out among ``workers`` processes (default: one per
    core, see :func:`normgraph.forking.share_out`); the files written are the same
    whatever their number. Returns the paths of the pages, relative to ``folder``, in
    the order given.
    """
    env = environment(info)
    for name in env.list_templates():
        env.get_template(name)  # compiled once here, not once per worker
    _copy_assets(folder / "assets")
    return share_out([partial(_write_page, env, folder, page) for page in pages], workers)


def _copy_assets(assets: Path) -> None:
    assets.mkdir()
    for name in VIS_FILES:
        shutil.copyfile(vis_network_dir() / name, assets / name)
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            shutil.copyfile(asset, assets / asset.name)


def _write_page(env: jinja2.Environment, staging: Path, page: Page | PageMaker) -> str:
    """Compute (when given a maker), render and write one page; its path."""
    made = page if isinstance(page, Page) else page()
    target = staging / made.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(env, made), encoding="utf-8")
    return made.path
