"""The site in a real browser: headless Chromium (Debian's package) driven by Playwright.

Every network request except file:// is blocked. Pages must draw their graph (in under
1 s, median over the graph pages), log no console error, let a click on a node open its
page, and never run a script smuggled into the data (a payload that ran would set
``window.__pwned``). How long pages take to draw is the median test's to check: one page
drawn once measures how busy the machine is (a members page took 2.25 s once in a CI run
whose median test passed).
At first draw, on a desktop (1440x900) and a phone (390x844), no graph label is drawn
under 11 CSS px and no two overlap; axe-core finds no violation on any kind of page,
and text pages do not scroll sideways on a phone.
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
from normgraph.site.graphs import cross_pollinating
from normgraph.site.model import collect

from .conftest import shared_file

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
FIRST_DRAW_MEDIAN_MS = 1000
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
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

    def open_page(path: Path, viewport: dict[str, int] | None = None, hash: str = "") -> Visit:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
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
        page.goto(path.as_uri() + hash)
        return seen

    yield open_page
    for context in contexts:
        context.close()


def centre_on(seen: Visit, node: str) -> tuple[float, float]:
    """Centre the view on ``node``; where it now is on the page, in pixels."""
    seen.page.locator("#graph").scroll_into_view_if_needed()
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


def test_index_opens_on_the_flows_and_the_whole_map_is_a_click_away(
    site: Path, kb: normgraph.KnowledgeBase, visit
) -> None:
    data = collect(kb)
    seen = visit(site / "index.html")
    seen.first_draw()
    assert seen.page.evaluate(DATA_NODES) == len(cross_pollinating(data))
    seen.page.click("#graph-toggle")
    dated = [p for p in data.processes.values() if p.start]
    assert seen.page.evaluate(DATA_NODES) == len(dated)
    # Undated processes are listed beside the canvas, not drawn on it.
    aside = seen.page.inner_text(".graph-aside")
    assert all(p.label in aside for p in data.processes.values() if not p.start)
    seen.assert_clean()


def test_clicking_a_node_opens_its_page(site: Path, kb: normgraph.KnowledgeBase, visit) -> None:
    data = collect(kb)
    process = data.processes[cross_pollinating(data)[0]]
    seen = visit(site / "index.html")
    seen.first_draw()
    click_node(seen, process.iri)
    seen.page.wait_for_url(f"**/process/{process.slug}.html", timeout=5000)
    assert seen.page.locator("h1").inner_text().strip().endswith(process.label)
    seen.assert_clean()


def on_screen(seen: Visit) -> dict[str, bool]:
    """Whether each node's whole box is inside the canvas and the window, by node id."""
    return dict(
        seen.page.evaluate(
            """() => {
        const g = window.normgraphGraph;
        const canvas = document.querySelector('#graph canvas').getBoundingClientRect();
        return g.nodes.get().map(n => {
            const box = g.network.getBoundingBox(n.id);
            const a = g.network.canvasToDOM({x: box.left, y: box.top});
            const b = g.network.canvasToDOM({x: box.right, y: box.bottom});
            return [n.id, a.x >= 0 && a.y >= 0 && b.x <= canvas.width && b.y <= canvas.height
                && canvas.top + b.y <= window.innerHeight];
        });
    }"""
        )
    )


SHOWN = (
    "window.normgraphGraph.nodes.get({filter: function (n) { return !n.axis && !n.hidden; }})"
    ".length"
)
ROWS_SHOWN = "document.querySelectorAll('#process-table tbody tr:not([hidden])').length"
MEMBER_ROWS_SHOWN = ROWS_SHOWN.replace("#process-table", "#member-table")


def test_index_filters_refit_the_view_and_filter_the_table(
    site: Path, kb: normgraph.KnowledgeBase, visit
) -> None:
    data = collect(kb)
    flowing = [data.processes[p] for p in cross_pollinating(data)]
    seen = visit(site / "index.html")
    seen.first_draw()
    seen.page.uncheck("input[name=kind][value=multilateral]")
    assert seen.page.evaluate(SHOWN) == sum(p.kind != "multilateral" for p in flowing)
    assert seen.page.evaluate(ROWS_SHOWN) == sum(
        p.kind != "multilateral" for p in data.processes.values()
    )
    # The view refits on what is left: all of it on screen when it fits at a legible
    # size, else at least its top left corner.
    seen.page.locator("#graph").scroll_into_view_if_needed()
    shown = seen.page.evaluate(
        "window.normgraphGraph.nodes.get().filter(n => !n.hidden).map(n => [n.id, n.x, n.y])"
    )
    visible = on_screen(seen)
    scale = seen.page.evaluate("window.normgraphGraph.network.getScale()")
    if scale > seen.page.evaluate("window.normgraphGraph.state.minScale") + 1e-9:
        assert all(visible[node] for node, _, _ in shown)
    else:
        assert visible[min(shown, key=lambda n: (n[1], n[2]))[0]]
    assert_legible(seen, "index, filtered")
    seen.page.check("input[name=kind][value=multilateral]")
    assert seen.page.evaluate(SHOWN) == len(flowing)
    assert seen.page.evaluate(ROWS_SHOWN) == len(data.processes)
    # Active in 2019: started by then and not ended before (undated processes stay).
    seen.page.fill("#year-from", "2019")
    seen.page.fill("#year-to", "2019")

    def active(p: Any) -> bool:
        return p.start is None or (
            p.start.first.year <= 2019 and (p.end is None or p.end.last.year >= 2019)
        )

    assert 0 < seen.page.evaluate(SHOWN) == sum(active(p) for p in flowing) < len(flowing)
    assert seen.page.evaluate(ROWS_SHOWN) == sum(active(p) for p in data.processes.values())
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
    seen.first_draw()
    assert seen.page.evaluate(DATA_NODES) == len(lineage(norm))
    # Its text equivalent: every hop in the table under the graph.
    assert seen.page.locator("table.data tbody tr").count() == len(
        data.derivation_graph.subgraph(lineage(norm)).edges
    )
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
            seen.first_draw()
        assert seen.page.locator("h1").count() == 1, kind
        seen.assert_clean()


def test_hostile_data_shows_as_text_and_never_runs(hostile_site: Path, visit) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) == 15
    for path in pages:
        seen = visit(path)
        seen.page.wait_for_load_state("load")
        if seen.page.locator("#graph").count():
            seen.first_draw()
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
    """Hover each node: its tooltip shows its texts as text, inside the viewport."""
    nodes = seen.page.evaluate(
        "window.normgraphGraph.nodes.get().filter(function (n) { return n.tip; })"
        ".map(function (n) { return [n.id, n.tip.title]; })"
    )
    for node, title in nodes:
        x, y = centre_on(seen, node)
        seen.page.mouse.move(x + 1, y + 1)
        tooltip = seen.page.locator(".graph-tip")
        tooltip.wait_for(state="visible", timeout=3000)
        tags = tooltip.evaluate("e => Array.from(e.querySelectorAll('*'), c => c.tagName)")
        assert set(tags) <= {"STRONG", "DIV", "UL", "LI", "A"}
        hrefs = tooltip.evaluate("e => Array.from(e.querySelectorAll('a'), a => a.href)")
        assert all(h.startswith(("http://", "https://")) for h in hrefs)
        assert tooltip.locator("strong").inner_text().split() == title.split()
        seen.page.mouse.move(0, 0)
        tooltip.wait_for(state="hidden", timeout=3000)


# Every drawn node's label box in page pixels and its font size as drawn, at this moment.
LABEL_BOXES = """() => {
    const g = window.normgraphGraph;
    const network = g.network;
    const scale = network.getScale();
    const canvas = document.querySelector('#graph canvas').getBoundingClientRect();
    return g.nodes.get({filter: n => !n.hidden}).map(n => {
        const body = network.body.nodes[n.id];
        const box = network.getBoundingBox(n.id);
        const a = network.canvasToDOM({x: box.left, y: box.top});
        const b = network.canvasToDOM({x: box.right, y: box.bottom});
        return {id: n.id, px: body.options.font.size * scale,
                left: a.x + canvas.left, top: a.y + canvas.top,
                right: b.x + canvas.left, bottom: b.y + canvas.top};
    });
}"""


def assert_legible(seen: Visit, where: str) -> None:
    """No label under 11 CSS px, and no two label boxes overlapping (1 px tolerance)."""
    boxes = seen.page.evaluate(LABEL_BOXES)
    assert boxes, where
    small = [(b["id"], round(b["px"], 1)) for b in boxes if b["px"] < 11 - 1e-6]
    assert small == [], where
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["right"] <= b["left"] + 1
                or b["right"] <= a["left"] + 1
                or a["bottom"] <= b["top"] + 1
                or b["bottom"] <= a["top"] + 1
            )
            assert apart, f"{where}: {a['id']} overlaps {b['id']}"


def graph_pages(site: Path, data: Any) -> dict[str, Path]:
    graph = data.derivation_graph
    longest = max(
        sorted(data.norms), key=lambda n: len(ancestors(graph, n) | descendants(graph, n))
    )
    return {
        "index": site / "index.html",
        "members": site / "members.html",
        "norm (longest lineage)": site / "norm" / f"{data.norms[longest].slug}.html",
        "norm 13(f)": site / "norm" / "gge-2015-13f.html",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_graph_labels_are_legible_and_apart_at_first_draw(
    site: Path, kb: normgraph.KnowledgeBase, visit, viewport: dict[str, int]
) -> None:
    for kind, path in graph_pages(site, collect(kb)).items():
        seen = visit(path, viewport)
        seen.first_draw()
        assert_legible(seen, kind)
        if kind == "index":  # the whole map too, once a click has opened it
            seen.page.click("#graph-toggle")
            assert_legible(seen, "index, whole map")
        seen.assert_clean()


#: Carnegie's Figure 1 as the index draws it: each arrow from giver to taker.
FIGURE_1 = [
    ("gge", "gcsc"),  # A: GGE norms adopted by the Global Commission
    ("gge", "paris-call"),  # B: GGE norms adopted by the Paris Call
    ("gcsc", "paris-call"),  # B: Commission norms adopted by the Paris Call
    ("paris-call", "gcsc"),  # C: the Commission, the Charter of Trust and the Tech
    ("paris-call", "charter-of-trust"),  # Accord sign on to the Call
    ("paris-call", "tech-accord"),
    ("gge", "oewg-2019-2021"),  # D: GGE norms in the OEWG's mandate
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_figure_1_is_on_the_first_view_without_zooming(
    site: Path, visit, viewport: dict[str, int]
) -> None:
    seen = visit(site / "index.html", viewport)
    seen.first_draw()
    seen.page.locator("#graph").scroll_into_view_if_needed()
    visible = {iri.rsplit("/", 1)[1]: shown for iri, shown in on_screen(seen).items()}
    links = seen.page.evaluate(
        "window.normgraphGraph.edges.get()"
        ".map(e => [e.from.split('/').pop(), e.to.split('/').pop()])"
    )
    for giver, taker in FIGURE_1:
        assert [giver, taker] in links, (giver, taker)
        assert visible[giver] and visible[taker], (giver, taker, viewport)
    seen.assert_clean()


def test_a_60000_character_label_does_not_widen_the_page(odd_labels_site: Path, visit) -> None:
    # Before: the index was about a million pixels wide.
    for path in sorted(odd_labels_site.rglob("*.html")):
        seen = visit(path)
        seen.page.wait_for_load_state("load")
        width = seen.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280 * 2, (path.name, width)


def test_a_link_tooltip_stays_in_the_viewport_and_links_its_sources(site: Path, visit) -> None:
    seen = visit(site / "index.html", PHONE)
    seen.first_draw()
    seen.page.locator("#graph").scroll_into_view_if_needed()
    # The first link on screen whose source has a web page: click its middle.
    point = seen.page.evaluate(
        """() => {
        const g = window.normgraphGraph;
        const canvas = document.querySelector('#graph canvas').getBoundingClientRect();
        for (const edge of g.edges.get({filter: e => e.tip.sources.some(s => s.href)})) {
            const dom = g.network.canvasToDOM(
                g.network.body.edges[edge.id].edgeType.getPoint(0.5));
            const x = canvas.left + dom.x;
            const y = canvas.top + dom.y;
            if (dom.x > 0 && dom.y > 0 && dom.x < canvas.width && dom.y < canvas.height &&
                y > 0 && y < window.innerHeight - 10 && g.network.getNodeAt(dom) === undefined &&
                document.elementFromPoint(x, y).tagName === 'CANVAS') {
                return [canvas.left + dom.x, canvas.top + dom.y];
            }
        }
    }"""
    )
    seen.page.mouse.click(*point)
    tip = seen.page.locator(".graph-tip")
    tip.wait_for(state="visible", timeout=3000)
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"] and box["y"] + box["height"] <= PHONE["height"]
    links = tip.locator("a")
    assert links.count() >= 1 and links.first.get_attribute("href").startswith("https://")
    seen.assert_clean()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("France", "France"),
        ("13(f)", "No damage to critical infrastructure"),
        ("critical infrastructure", "Critical infrastructure"),
        ("OEWG", "UN Open-Ended Working Group 2019-2021"),
    ],
)
def test_the_site_search_finds_what_people_type(
    site: Path, visit, query: str, expected: str
) -> None:
    seen = visit(site / "process" / "gcsc.html")
    seen.page.fill("#site-search-box", query)
    seen.page.press("#site-search-box", "Enter")
    seen.page.wait_for_url("**/search.html#q=*", timeout=5000)
    first = seen.page.locator("#search-results li a").first
    assert first.inner_text() == expected
    first.click()
    seen.page.wait_for_load_state("load")
    assert expected in seen.page.locator("h1").inner_text()
    seen.assert_clean()


def test_an_overlap_cell_lists_the_shared_members_and_each_sides_own(
    site: Path, kb: normgraph.KnowledgeBase, visit
) -> None:
    data = collect(kb)
    seen = visit(site / "overlaps.html")
    cell = seen.page.locator("#states a.cell-link").filter(has=seen.page.locator("text.cell")).first
    shared = int(cell.locator("text.cell").text_content() or "")
    cell.click()
    seen.page.wait_for_url("**/members.html#compare=*", timeout=5000)
    a, b = seen.page.url.split("#compare=")[1].split(",")
    by_slug = {p.slug: p.iri for p in data.processes.values()}
    members: dict[str, set[str]] = {by_slug[a]: set(), by_slug[b]: set()}
    for m in data.memberships:
        if m.process in members:
            members[m.process].add(m.actor)
    both = members[by_slug[a]] & members[by_slug[b]]
    states = {m for m in both if data.actors[m].kind == "state"}
    assert len(states) == shared > 0
    columns = seen.page.locator(".compare-column")
    assert columns.nth(0).locator("h3").inner_text() == f"In both ({len(both)})"
    assert columns.nth(0).locator("li").count() == len(both)
    only_a = len(members[by_slug[a]] - members[by_slug[b]])
    assert columns.nth(1).locator("li").count() == only_a
    seen.assert_clean()


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data with the Paris Call's published supporters imported."""
    from normgraph.cli import main

    supporters = shared_file("data/paris-call-supporters.csv")
    out = tmp_path_factory.mktemp("imported") / "site"
    args = ["build", "--out", str(out), "--skip-validation"]
    assert main([*args, "--import", f"paris-call={supporters}"]) == 0
    return out


def test_the_members_page_works_with_the_paris_call_import(imported_site: Path, visit) -> None:
    seen = visit(imported_site / "members.html", DESKTOP)
    seen.first_draw()
    assert_legible(seen, "members, with the import")
    rows = seen.page.locator("#member-table tbody tr")
    total = rows.count()
    assert total > 1222
    seen.page.select_option("#member-process", "paris-call")
    paris = seen.page.evaluate(MEMBER_ROWS_SHOWN)
    assert 1222 <= paris < total
    seen.page.select_option("#member-kind", "state")
    states = seen.page.evaluate(MEMBER_ROWS_SHOWN)
    assert 0 < states < paris
    seen.page.fill("#member-search", "france")
    assert 1 <= seen.page.evaluate(MEMBER_ROWS_SHOWN) < states
    names = seen.page.locator("#member-table tbody tr:not([hidden]) td:first-child")
    assert all("France" in name for name in names.all_inner_texts())
    seen.assert_clean()


def every_kind_of_page(site: Path, data: Any) -> dict[str, Path]:
    actor = data.actors[data.memberships[0].actor]
    topic = next(iter(data.topics.values()))
    return {
        "index": site / "index.html",
        "members": site / "members.html",
        "timeline": site / "timeline.html",
        "overlaps": site / "overlaps.html",
        "topics": site / "topics.html",
        "search": site / "search.html",
        "data": site / "data.html",
        "process": site / "process" / "gge-2016-2017.html",
        "norm": site / "norm" / "gge-2015-13f.html",
        "topic": site / "topic" / f"{topic.slug}.html",
        "actor": site / "actor" / f"{actor.slug}.html",
    }


def test_axe_finds_no_violation_on_any_kind_of_page(
    site: Path, kb: normgraph.KnowledgeBase, visit
) -> None:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    axe = Axe()
    found = {}
    for kind, path in every_kind_of_page(site, collect(kb)).items():
        seen = visit(path, PHONE, "#q=France" if kind == "search" else "")
        seen.page.wait_for_load_state("load")
        if seen.page.locator("#graph").count():
            seen.first_draw()
        # preload off: axe would fetch the stylesheets, which the pages' policy forbids.
        violations = axe.run(seen.page, options={"preload": False}).response["violations"]
        found[kind] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        seen.assert_clean()
    assert found == {kind: [] for kind in found}


def test_text_pages_do_not_scroll_sideways_on_a_phone(
    site: Path, kb: normgraph.KnowledgeBase, visit
) -> None:
    for kind, path in every_kind_of_page(site, collect(kb)).items():
        if kind in ("timeline", "overlaps"):
            continue  # charts scroll inside their own frame (the page does not)
        seen = visit(path, PHONE)
        seen.page.wait_for_load_state("load")
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], kind
    for kind in ("timeline", "overlaps"):
        seen = visit(site / f"{kind}.html", PHONE)
        seen.page.wait_for_load_state("load")
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], kind


def test_first_draw_median_is_under_a_second_on_every_graph_page(
    site: Path, kb: normgraph.KnowledgeBase, visit
) -> None:
    import statistics

    data = collect(kb)
    pages = [site / "index.html", site / "members.html"]
    # Twenty norm pages, evenly spread over all of them: every norm page draws the same
    # kind of lineage graph, and loading each of the 187 took minutes of the suite.
    norms = sorted(data.norms.values(), key=lambda n: n.slug)
    pages += [site / "norm" / f"{n.slug}.html" for n in norms[:: max(1, len(norms) // 20)]]
    times: dict[str, list[float]] = {}
    for path in pages:
        for _ in range(3 if path.parent == site else 1):
            seen = visit(path)
            times.setdefault(path.name, []).append(seen.first_draw())
            seen.page.context.close()
    medians = {name: statistics.median(t) for name, t in times.items()}
    print("first draw, median ms:", {k: round(v) for k, v in sorted(medians.items())})
    assert statistics.median(medians.values()) < FIRST_DRAW_MEDIAN_MS
    # One page drawn once may be slowed by whatever else the machine does: nine in ten
    # stay within the budget every page had before.
    assert statistics.quantiles(medians.values(), n=10)[-1] < FIRST_DRAW_BUDGET_MS
