"""The benchmark's generated data and the fast paths it times: the generator is seeded
and its data conforms, and normgraph's overlap and lineage give the answers that the
plain-SPARQL baseline gives on rdflib."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
import rdflib

import normgraph
from normgraph.analytics.lineage import ancestors
from normgraph.analytics.overlap import overlaps
from normgraph.analytics.views import views
from normgraph.namespaces import sparql_prefixes
from normgraph.store import queries
from normgraph.store.validation import validate

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "normgraph_bench_generate", BENCHMARKS / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


generate = _generator()


def _turtle(triples: int, seed: int) -> str:
    out = io.StringIO()
    generate.generate(out, triples, seed, turtle=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[normgraph.KnowledgeBase, rdflib.Graph]:
    """About 2k triples of generated data, in normgraph and in a plain rdflib graph."""
    path = tmp_path_factory.mktemp("bench") / "small.ttl"
    path.write_text(_turtle(2000, seed=3), encoding="utf-8")
    return normgraph.load([path], bundled=False), rdflib.Graph().parse(path, format="turtle")


def _baseline(graph: rdflib.Graph, name: str, **params: object) -> list[tuple[str, ...]]:
    query = queries.load_file(BENCHMARKS / "queries" / f"{name}.rq")
    rows = graph.query(sparql_prefixes() + queries.bind(query, params))
    return [tuple(str(term) for term in row) for row in rows]  # type: ignore[union-attr]


def test_same_seed_same_data_other_seed_other_data():
    assert _turtle(2000, seed=1) == _turtle(2000, seed=1)
    assert _turtle(2000, seed=1) != _turtle(2000, seed=2)


def test_sizes_follow_the_request():
    assert generate.parse_size("2.5m") == 2_500_000
    counts = [generate.generate(io.StringIO(), n, seed=1) for n in (20_000, 100_000)]
    assert 15_000 < counts[0] < 25_000
    assert 85_000 < counts[1] < 115_000


def test_generated_data_conforms(small):
    kb, _graph = small
    assert [str(v) for v in validate(kb)] == []


def test_overlap_counts_equal_the_sparql_group_by(small):
    kb, graph = small
    pairs = overlaps(views(kb).memberships)
    ours = {
        (str(a), str(b), int(n))
        for a, b, n in zip(pairs["process_a"], pairs["process_b"], pairs["shared"], strict=True)
    }
    theirs = {(a, b, int(n)) for a, b, n in _baseline(graph, "baseline-overlap")}
    assert len(ours) >= 10
    assert ours == theirs


def test_lineage_sets_equal_the_sparql_property_path(small):
    kb, graph = small
    derivations = views(kb).derivation_graph
    deriving = [norm for norm in sorted(derivations) if derivations.out_degree(norm)]
    assert len(deriving) >= 10
    deep = 0
    for norm in deriving:
        ours = ancestors(derivations, norm)
        theirs = {earlier for (earlier,) in _baseline(graph, "baseline-lineage", norm=norm)}
        assert ours == theirs, norm
        deep += len(ours) > derivations.out_degree(norm)
    assert deep  # some lineages go further back than one step
