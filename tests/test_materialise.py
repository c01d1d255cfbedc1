"""Materialisation (store/materialise.py, rules/): the rules rewritten for speed (and the
RDFS closures done one class or property at a time) add exactly the triples the rules as
first written add, in memory and on disk, and the membership dates come out as computed
by hand."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

import normgraph
from normgraph.resources import bundled_data_files
from normgraph.store.materialise import update_text

from .conftest import FIXTURES
from .test_benchmarks import generate

REFERENCE = FIXTURES / "perf-materialise-reference.ru"
NG = "https://w3id.org/normgraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _twin_stores(files: list[Path]) -> tuple[ox.Store, ox.Store]:
    """Two stores holding the same unmaterialised triples (ontology and blank nodes too)."""
    kb = normgraph.load(files, bundled=False, materialise=False)
    quads = list(kb.backend.store)  # type: ignore[attr-defined]
    first, second = ox.Store(), ox.Store()
    first.extend(quads)
    second.extend(quads)
    return first, second


@pytest.mark.parametrize(
    "files",
    [
        pytest.param([FIXTURES / "perf-materialise.ttl"], id="membership-dates"),
        pytest.param([FIXTURES / "sparql-library.ttl"], id="sparql-library"),
        pytest.param([FIXTURES / "valid-base.ttl"], id="valid-base"),
        pytest.param(bundled_data_files(), id="bundled"),
        pytest.param([FIXTURES / "materialise-hierarchy.ttl"], id="hierarchy"),
    ],
)
def test_rules_add_what_the_reference_rules_add(files):
    _assert_rules_add_what_the_reference_rules_add(files)


def test_rules_add_what_the_reference_rules_add_on_generated_data(tmp_path):
    # Generated memberships: many without dates of their own (the process-date cases,
    # written with MINUS), process series (iterationOf, a super-property) and every class.
    path = tmp_path / "generated.ttl"
    with path.open("w", encoding="utf-8") as out:
        generate.generate(out, 5_000, 3, turtle=True)
    _assert_rules_add_what_the_reference_rules_add([path])


def _assert_rules_add_what_the_reference_rules_add(files: list[Path]) -> None:
    fast, reference = _twin_stores(files)
    before = len(fast)
    fast.update(update_text([fast]))
    reference.update(REFERENCE.read_text(encoding="utf-8"))
    assert len(fast) > before
    assert set(fast) == set(reference)


def test_on_disk_store_materialises_what_memory_does(tmp_path):
    # The on-disk store reads the hierarchy from the store and the files being added: a
    # sub-class declared in a later file than its super-class's own declaration still
    # gets the whole closure (ex:Sub < ex:Middle in the fixture, ex:Middle < ng:Process
    # in the ontology, loaded first).
    fixture = FIXTURES / "materialise-hierarchy.ttl"
    location = tmp_path / "store"
    normgraph.load([], bundled=False, store=location)  # the ontology alone
    on_disk = normgraph.load([fixture], bundled=False, store=location)
    in_memory = normgraph.load([fixture], bundled=False)
    default = ox.DefaultGraph()
    disk = on_disk.backend.store.quads_for_pattern(None, None, None, default)  # type: ignore[attr-defined]
    memory = in_memory.backend.store  # type: ignore[attr-defined]
    assert _canonical(disk) == _canonical(memory)
    process = ox.NamedNode(NG + "Process")
    assert ox.Quad(ox.NamedNode(EX + "sub-instance"), RDF_TYPE, process) in memory


def _canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with canonical blank node names (two stores name them differently)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def test_in_force_dates_as_computed_by_hand():
    kb = normgraph.load([FIXTURES / "perf-materialise.ttl"], bundled=False)
    store = kb.backend.store  # type: ignore[attr-defined]

    def dates(prop: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(None, ox.NamedNode(NG + prop), None):
            name = quad.subject.value.rsplit("/", 1)[-1]
            kind = quad.object.datatype.value.removeprefix(XSD)
            found.setdefault(name, set()).add(f"{quad.object.value} {kind}")
        return found

    assert dates("inForceFrom") == {
        "own": {"2016-02-03 date"},
        "inside": {"2015-11-30 date"},
        "fallback": {"2015 gYear"},
        "two-orgs": {"2015 gYear"},
        "two-starts": {"2001 gYear", "2002-02 gYearMonth"},
        "inside-and-own": {"2010 gYear"},
    }
    assert dates("inForceUntil") == {
        "own": {"2016 gYear"},
        "inside": {"2017-03 gYearMonth"},
        "fallback": {"2017-03 gYearMonth"},
        "two-orgs": {"2017-03 gYearMonth"},
    }


def test_load_ratio_benchmark_times_both_loads_of_the_same_file(tmp_path):
    # benchmarks/load_ratio.py, whose figures the README quotes: both loads read the
    # same file, and normgraph's holds that file's triples plus the materialised ones.
    path = tmp_path / "data.ttl"
    with path.open("w", encoding="utf-8") as out:
        generate.generate(out, 3_000, 2, turtle=True)
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "load_ratio.py"
    args = [sys.executable, str(script), "--data", str(path), "--rounds", "1", "--split"]
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    summary = re.search(r"([\d,]+) triples after materialising \(([\d,]+) loaded", output)
    assert summary is not None, output
    ours, theirs = (int(group.replace(",", "")) for group in summary.groups())
    loaded = normgraph.load([path], bundled=False, materialise=False)
    assert theirs == len(loaded) - len(normgraph.load([], bundled=False, materialise=False))
    assert ours == len(normgraph.load([path], bundled=False)) > theirs
    assert re.search(r"ratio \d+\.\d\d\n", output)
    assert re.search(r"parse \d+\.\d\d s, materialise \d+\.\d\d s CPU", output)
