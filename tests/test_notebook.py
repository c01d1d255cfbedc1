"""Inline graphs for Jupyter: self-contained, escaped, and drawn with the network cut off."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from normgraph.site.notebook import InlineGraph

from .conftest import IN_CI

HOSTILE = '</script><script>alert("x")</script>'
GRAPH = {
    "nodes": [
        {"id": "a", "label": HOSTILE, "title": "A & B", "url": "norm/a.html", "x": 0, "y": 0},
        {"id": "b", "label": "B", "url": "norm/b.html", "x": 200, "y": 0},
    ],
    "edges": [{"from": "a", "to": "b", "arrows": "to"}],
    "overview": {"nodes": [{"id": "a", "label": "A", "url": "norm/a.html"}], "edges": []},
}


def srcdoc(markup: str) -> str:
    match = re.fullmatch(r'<iframe srcdoc="([^"]*)" [^>]*></iframe>', markup)
    assert match, markup[:200]
    return html.unescape(match[1])


def test_the_frame_holds_the_whole_document_escaped_as_one_attribute():
    graph = InlineGraph(GRAPH, height=300)
    markup = graph._repr_html_()
    assert srcdoc(markup) == graph.document()
    assert "height:300px" in markup


def test_nothing_is_loaded_from_elsewhere():
    document = InlineGraph(GRAPH).document()
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", document)
    assert "vis.Network" in document and "graph-data" in document


def test_labels_cannot_close_the_data_element():
    document = InlineGraph(GRAPH).document()
    assert HOSTILE not in document
    assert document.count("</script>") == 3  # the data, vis-network and graph.js


def test_site_links_are_dropped():
    document = InlineGraph(GRAPH).document()
    assert "norm/a.html" not in document and "norm/b.html" not in document
    assert GRAPH["nodes"][0]["url"] == "norm/a.html", "the caller's graph is left as it was"


@pytest.mark.browser
def test_the_graph_draws_in_a_browser_with_the_network_cut_off():
    chromium = shutil.which("chromium")
    if chromium is None:
        if IN_CI:
            pytest.fail("no Chromium found; the browser tests must run in CI")
        pytest.skip("no Chromium found (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    page_html = f"<!DOCTYPE html><html><body>{InlineGraph(GRAPH)._repr_html_()}</body></html>"
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: (errors.append(dialog.message), dialog.dismiss()))
            page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
            page.set_content(page_html)
            frame = page.frame_locator("iframe")
            frame.locator("#graph[data-drawn=true]").wait_for(timeout=15_000)
            count = page.frames[1].evaluate("window.normgraphGraph.nodes.length")
        finally:
            browser.close()
    assert count == 1, "the overview is drawn first, as on the site"
    assert requests == []
    assert errors == [], "no script error, and the hostile label never ran"
