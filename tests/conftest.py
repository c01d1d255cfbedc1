"""Shared fixtures: the bundled knowledge base, small fixture files, the shared/ folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import normgraph
from normgraph.store.kb import KnowledgeBase

# Its assertions report the values compared, as a test module's do.
pytest.register_assert_rewrite("tests.facts")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled ontology and dataset, loaded once (treat as read-only)."""
    return normgraph.load()


@pytest.fixture
def fixture_kb():
    """Load fixture files (names under tests/fixtures/) with the ontology only."""

    def load(*names: str) -> KnowledgeBase:
        return normgraph.load([FIXTURES / name for name in names], bundled=False)

    return load


def shared_file(relative: str) -> Path:
    """A file under ../shared; skipped when absent, except in CI where it must be there."""
    path = SHARED / relative
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Path:
    """The site of the bundled data, built once for every site test (read-only)."""
    from normgraph.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(kb, out)
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the hostile fixture (script payloads in every text), built once."""
    from normgraph.site import build_site

    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(normgraph.load([FIXTURES / "site-hostile.ttl"], bundled=False), out)
    return out


LONG_LABEL = "Long" + "x" * 60_000  # before: a page a million pixels wide
BIDI_LABEL = "Harmless \u202egnirts desrever\u202c process"  # before: reordered the text


@pytest.fixture(scope="module")
def odd_labels_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose processes have a 60,000-character label and a right-to-left override."""
    folder = tmp_path_factory.mktemp("odd-labels")
    extra = folder / "odd-labels.ttl"
    extra.write_text(
        "@prefix ng: <https://w3id.org/normgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        f'<https://example.org/long> a ng:ExpertProcess ; rdfs:label "{LONG_LABEL}"@en ;\n'
        "    dcterms:source <https://example.org/para1> .\n"
        f'<https://example.org/bidi> a ng:ExpertProcess ; rdfs:label "{BIDI_LABEL}"@en ;\n'
        "    dcterms:source <https://example.org/para1> .\n",
        encoding="utf-8",
    )
    out = folder / "site"
    from normgraph.site import build_site

    build_site(normgraph.load([FIXTURES / "valid-base.ttl", extra], bundled=False), out)
    return out
