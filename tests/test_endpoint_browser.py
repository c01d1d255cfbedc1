"""The query page in headless Chromium: it runs a query against /sparql under its
Content-Security-Policy, with nothing fetched from elsewhere, and shows data as text."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import FIXTURES
from .servers import normgraph_server
from .test_site_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_query_page_runs_a_query_offline_and_escapes_data(browser: Any) -> None:  # noqa: F811
    data = [
        "--data",
        str(FIXTURES / "sparql-library.ttl"),
        "--data",
        str(FIXTURES / "sparql-hostile.ttl"),
    ]
    with normgraph_server("--no-bundled", "--no-site", *data) as base:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        elsewhere: list[str] = []

        def route(route: Any) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "query")
        page.click("button[type=submit]")
        page.wait_for_selector("#results table", timeout=10_000)
        rows = page.locator("#results tr").count()
        assert rows == 1 + 6  # header, then alpha, beta, gamma, series, world and hostile
        assert "Hostile" in page.inner_text("#results")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("#results img").count() == 0
        assert "6 rows" in page.inner_text("#status")
        # A library query fills the editor; a bad one shows the parser's message.
        page.wait_for_selector("#library option[value=timeline]", state="attached")
        page.select_option("#library", "timeline")
        assert "ORDER BY" in page.input_value("#query")
        page.fill("#query", "SELECT * WHERE { ?s ?p }")
        page.click("button[type=submit]")
        page.wait_for_selector("#status.error")
        assert "400" in page.inner_text("#status")
        assert [e for e in errors if "400" not in e] == []  # the 400 itself is logged
        assert elsewhere == []
        context.close()
