"""Shared fixtures: the bundled knowledge base, small fixture files, the shared/ folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import normgraph
from normgraph.kb import KnowledgeBase

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
