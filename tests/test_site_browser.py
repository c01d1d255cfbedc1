"""The site in a real browser: headless Chromium (Debian's package) driven by Playwright.

Every network request except file:// is blocked. Pages must draw their graph within
2 s, log no console error, let a click on a node open its page, and never run a script
smuggled into the data (a payload that ran would set ``window.__pwned``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import normgraph
from normgraph.analytics.lineage import ancestors, descendants
from normgraph.site import build_site
from normgraph.site.graphs import NODE_LIMIT
from normgraph.site.model import collect

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_DRAW_BUDGET_MS = 2000
# The number of graph nodes that stand for data (year marks and lane names do not).
DATA_NODES = "window.normgraphGraph.nodes.get({filter: function (n) { return !n.axis; }}).length"


def chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; the browser tests must run in CI")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium()
    if path is None:
        unavailable("no Chromium found (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def first_draw(self) -> float:
        """Milliseconds from navigation to the graph's first drawing."""
        self.page.wait_for_selector("#graph[data-drawn=true]", state="attached", timeout=10_000)
        return float(self.page.evaluate("window.normgraphGraph.state.firstDraw"))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert self.blocked == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    contexts = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(route: Any) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                seen.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        return seen

    yield open_page
    for context in contexts:
        context.close()


def centre_on(seen: Visit, node: str) -> tuple[float, float]:
    """Centre the view on ``node``; where it now is on the page, in pixels."""
    position = seen.page.evaluate(
        """(id) => {
            const network = window.normgraphGraph.network;
            network.moveTo({position: network.getPosition(id), scale: 1.5});
            return network.canvasToDOM(network.getPosition(id));
        }""",
        node,
    )
    box = seen.page.locator("#graph canvas").bounding_box()
    return box["x"] + position["x"], box["y"] + position["y"]


def click_node(seen: Visit, node: str) -> None:
    """Centre the view on ``node`` and click it with the mouse."""
    seen.page.mouse.click(*centre_on(seen, node))


def test_index_draws_every_process_fast(site: Path, kb: normgraph.KnowledgeBase, visit) -> None:
    seen = visit(site / "index.html")
    assert seen.first_draw() < FIRST_DRAW_BUDGET_MS
    assert seen.page.evaluate(DATA_NODES) == len(collect(kb).processes)
    seen.assert_clean()


def test_clicking_a_node_opens_its_page(site: Path, kb: normgraph.KnowledgeBase, visit) -> None:
    process = next(iter(collect(kb).processes.values()))
    seen = visit(site / "index.html")
    seen.first_draw()
    click_node(seen, process.iri)
    seen.page.wait_for_url(f"**/process/{process.slug}.html", timeout=5000)
    assert seen.page.locator("h1").inner_text().strip().endswith(process.label)
    seen.assert_clean()


def test_index_filters_and_search(site: Path, kb: normgraph.KnowledgeBase, visit) -> None:
    data = collect(kb)
    seen = visit(site / "index.html")
    seen.first_draw()
    shown = (
        "window.normgraphGraph.nodes.get("
        "{filter: function (n) { return !n.axis && !n.hidden; }}).length"
    )
    seen.page.uncheck("input[name=kind][value=multilateral]")
    others = sum(p.kind != "multilateral" for p in data.processes.values())
    assert seen.page.evaluate(shown) == others
    seen.page.check("input[name=kind][value=multilateral]")
    assert seen.page.evaluate(shown) == len(data.processes)
    # Active in 2019: started by then and not ended before (undated processes stay).
    seen.page.fill("#year-from", "2019")
    seen.page.fill("#year-to", "2019")
    active = [
        p
        for p in data.processes.values()
        if p.start is None
        or (p.start.first.year <= 2019 and (p.end is None or p.end.last.year >= 2019))
    ]
    assert 0 < len(active) < len(data.processes)
    assert seen.page.evaluate(shown) == len(active)
    seen.page.fill("#graph-search", "paris call for trust")
    assert seen.page.locator("#search-count").inner_text() == "1 match"
    seen.page.press("#graph-search", "Enter")
    seen.page.wait_for_url("**/process/paris-call.html", timeout=5000)
    seen.assert_clean()


def test_a_norm_page_draws_its_lineage(site: Path, kb: normgraph.KnowledgeBase, visit) -> None:
    data = collect(kb)
    graph = data.derivation_graph

    def lineage(norm: str) -> set[str]:
        return {norm} | ancestors(graph, norm) | descendants(graph, norm)

    norm = max(sorted(data.norms), key=lambda n: len(lineage(n)))
    assert len(lineage(norm)) > 1
    seen = visit(site / "norm" / f"{data.norms[norm].slug}.html")
    assert seen.first_draw() < FIRST_DRAW_BUDGET_MS
    assert seen.page.evaluate(DATA_NODES) == len(lineage(norm))
    other = sorted(lineage(norm) - {norm})[0]
    click_node(seen, other)
    seen.page.wait_for_url(f"**/norm/{data.norms[other].slug}.html", timeout=5000)
    seen.assert_clean()


def test_every_kind_of_page_opens_cleanly(site: Path, kb: normgraph.KnowledgeBase, visit) -> None:
    data = collect(kb)
    actor = data.actors[data.memberships[0].actor]
    pages = {
        "index": "index.html",
        "members": "members.html",
        "timeline": "timeline.html",
        "overlaps": "overlaps.html",
        "process": f"process/{next(iter(data.processes.values())).slug}.html",
        "norm": f"norm/{next(iter(data.norms.values())).slug}.html",
        "actor": f"actor/{actor.slug}.html",
    }
    for kind, path in pages.items():
        seen = visit(site / path)
        seen.page.wait_for_load_state("load")
        if seen.page.locator("#graph").count():
            drawn = seen.first_draw()
            print(f"first draw of the {kind} page: {drawn:.0f} ms")
            assert drawn < FIRST_DRAW_BUDGET_MS, kind
        assert seen.page.locator("h1").count() == 1, kind
        seen.assert_clean()


def test_hostile_data_shows_as_text_and_never_runs(hostile_site: Path, visit) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) == 11
    for path in pages:
        seen = visit(path)
        seen.page.wait_for_load_state("load")
        if seen.page.locator("#graph").count():
            assert seen.first_draw() < FIRST_DRAW_BUDGET_MS
            hover_every_node(seen)
        injected = seen.page.evaluate(
            "document.querySelectorAll('img, iframe, [onerror], [onload], [onclick], "
            '[onmouseover], script:not([src]):not([type="application/json"])\').length'
        )
        assert injected == 0, path.name
        seen.assert_clean()
    seen = visit(hostile_site / "process" / "evil-img.html")
    assert seen.page.locator("h1").inner_text().strip() == (
        "<img src=x onerror=\"window.__pwned='process label'\">"
    )
    assert "</script><script>window.__pwned='mandate'</script>" in seen.page.inner_text(".mandate")


def hover_every_node(seen: Visit) -> None:
    """Hover each node: its tooltip shows its title as plain text."""
    nodes = seen.page.evaluate(
        "window.normgraphGraph.nodes.get().filter(function (n) { return n.title; })"
        ".map(function (n) { return [n.id, n.title]; })"
    )
    for node, title in nodes:
        x, y = centre_on(seen, node)
        seen.page.mouse.move(x + 1, y + 1)
        tooltip = seen.page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible", timeout=3000)
        # vis-network sets a text title with innerText: line breaks become <br>, nothing else.
        tags = tooltip.evaluate("e => Array.from(e.querySelectorAll('*'), c => c.tagName)")
        assert set(tags) <= {"BR"}
        shown = tooltip.evaluate("e => e.innerText")
        assert shown.split() == title.split()
        seen.page.mouse.move(0, 0)


def test_a_graph_too_big_to_draw_opens_on_an_overview(tmp_path: Path, browser: Any, visit) -> None:
    members = NODE_LIMIT + 200
    turtle = [
        "@prefix ng: <https://w3id.org/normgraph/ontology#> .",
        "@prefix org: <http://www.w3.org/ns/org#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix ex: <https://example.org/> .",
    ]
    for p in range(3):
        turtle.append(f'ex:p{p} a ng:MultistakeholderProcess ; rdfs:label "Process {p}"@en .')
    for a in range(members):
        turtle.append(f'ex:a{a} a ng:Company ; rdfs:label "Company {a}"@en .')
        turtle.append(
            f"[] a org:Membership ; org:member ex:a{a} ; org:organization ex:p{a % 3} ;"
            " org:role ng:signatory ."
        )
    for a in range(40):  # forty companies in a second process: they bridge two
        turtle.append(
            f"[] a org:Membership ; org:member ex:a{a} ; "
            f"org:organization ex:p{(a + 1) % 3} ; org:role ng:signatory ."
        )
    data = tmp_path / "big.ttl"
    data.write_text("\n".join(turtle), encoding="utf-8")
    build_site(normgraph.load([data], bundled=False), tmp_path / "site")

    seen = visit(tmp_path / "site" / "members.html")
    assert seen.first_draw() < FIRST_DRAW_BUDGET_MS
    # The overview: 3 processes, the 40 bridging companies, one box per process for the rest.
    assert seen.page.evaluate("window.normgraphGraph.nodes.length") == 3 + 40 + 3
    seen.page.click("#graph-toggle")
    assert seen.page.evaluate("window.normgraphGraph.nodes.length") == 3 + members
    assert seen.page.inner_text("#graph-toggle") == "Show the overview"
    seen.assert_clean()


def test_a_60000_character_label_does_not_widen_the_page(odd_labels_site: Path, visit) -> None:
    # Before: the index was about a million pixels wide.
    for path in sorted(odd_labels_site.rglob("*.html")):
        seen = visit(path)
        seen.page.wait_for_load_state("load")
        width = seen.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280 * 2, (path.name, width)
