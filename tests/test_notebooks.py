"""The notebooks: each runs top to bottom on the bundled data, and is stored without outputs.

Every ``notebooks/*.ipynb`` is executed with nbclient in a ``python3`` (ipykernel) kernel
whose working directory is ``notebooks/``, as a user opening it in Jupyter would have.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
#: Longest a single cell may run before the run fails.
CELL_TIMEOUT = 60
#: The issue's promise: each notebook runs top to bottom in under a minute.
NOTEBOOK_BUDGET = 60.0
#: Notebooks that start `normgraph serve` on loopback (deselect with -m "not server").
STARTS_A_SERVER = {"04-sparql-cookbook.ipynb"}


def leftovers(notebook: nbformat.NotebookNode) -> list[str]:
    """What an executed notebook leaves behind that a stored one must not carry."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {index} has {len(cell.outputs)} output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"cell {index} has execution count {cell.execution_count}")
        if "execution" in cell.metadata:
            found.append(f"cell {index} has execution timings in its metadata")
    if "widgets" in notebook.metadata:
        found.append("the notebook metadata holds widget state")
    return found


#: Code run after a notebook's own cells, printing what it computed as JSON, so that
#: tests can check its answers against the views (never against today's counts).
PROBES = {
    "02-norm-lineage.ipynb": (
        "import json\n"
        "seeds, family = topics['critical infrastructure']\n"
        "print(json.dumps({'seeds': sorted(seeds), 'family': sorted(family)}))"
    ),
}


def execute(path: Path, probe: str | None = None) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook top to bottom from ``notebooks/``; the executed copy and its seconds.

    ``probe``, when given, runs last, as one more code cell.
    """
    notebook = nbformat.read(path, as_version=4)
    if probe is not None:
        notebook.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    client.execute()
    return notebook, time.perf_counter() - start


def _params() -> list[object]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.server] if path.name in STARTS_A_SERVER else [],
        )
        for path in PATHS
    ]


def test_the_four_notebooks_are_there():
    numbered = [path.name for path in PATHS if path.name[:2].isdigit()]
    assert [name[:3] for name in numbered] == ["01-", "02-", "03-", "04-"], numbered


@pytest.mark.parametrize("path", _params())
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    problems = leftovers(notebook)
    assert not problems, (
        f"{path.name}: {'; '.join(problems)}. Clear the outputs before committing "
        f"(`jupyter nbconvert --clear-output --inplace {path.relative_to(ROOT)}`)."
    )


@pytest.mark.parametrize("path", _params())
def test_notebook_opens_with_its_question(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    assert "?" in first.source, "the first cell states the question the notebook answers"


_RUNS: dict[str, tuple[nbformat.NotebookNode, float]] = {}


def executed(path: Path) -> tuple[nbformat.NotebookNode, float]:
    """The notebook run once per test session (with its probe), and its seconds."""
    if path.name not in _RUNS:
        _RUNS[path.name] = execute(path, PROBES.get(path.name))
    return _RUNS[path.name]


def own_code(path: Path) -> list[nbformat.NotebookNode]:
    """The executed notebook's own code cells (its probe left out)."""
    notebook, _ = executed(path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return code[:-1] if path.name in PROBES else code


def printed(cells: list[nbformat.NotebookNode]) -> str:
    """Everything the cells printed or displayed, as text."""
    parts = []
    for cell in cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append(output["text"])
            for kind in ("text/plain", "text/html", "text/markdown"):
                parts.append(output.get("data", {}).get(kind, ""))
    return "\n".join(parts)


@pytest.mark.parametrize("path", _params())
def test_notebook_runs_top_to_bottom_in_under_a_minute(path):
    _, seconds = executed(path)
    assert seconds < NOTEBOOK_BUDGET, f"{path.name} took {seconds:.1f} s"
    code = own_code(path)
    assert code[-1].outputs, "the last cell shows the answer, computed on the bundled data"


def test_lineage_notebook_follows_13f_through_every_derivation(kb):
    from normgraph.analytics.lineage import ancestors, descendants
    from normgraph.analytics.views import views
    from normgraph.namespaces import expand

    notebook, _ = executed(NOTEBOOKS / "02-norm-lineage.ipynb")
    found = json.loads(notebook.cells[-1].outputs[0]["text"])
    v = views(kb)
    f = expand("n:gge-2015-13f")
    tagged = v.norm_topics.loc[v.norm_topics["topic"] == expand("topic:critical-infrastructure")]
    assert f in found["seeds"] and set(tagged["norm"]) <= set(found["seeds"])
    graph = v.derivation_graph
    lineage_of_13f = ancestors(graph, f) | descendants(graph, f)
    assert lineage_of_13f <= set(found["family"])
    assert set(v.derivations.loc[v.derivations["earlier"] == f, "norm"]) <= set(found["family"])


@pytest.mark.parametrize(
    "name",
    ["01-tour-of-processes-and-actors", "03-membership-overlaps", "04-sparql-cookbook"],
)
def test_notebooks_print_member_counts_as_the_summary_phrase(kb, name):
    from normgraph.analytics.views import views
    from normgraph.namespaces import expand

    text = printed(own_code(NOTEBOOKS / f"{name}.ipynb"))
    lists = views(kb).member_lists.set_index("process")
    gge = lists.at[expand("p:gge-2014-2015"), "summary"]
    assert gge in text, f"{name} does not print the 2014-2015 GGE's member list as {gge!r}"
    if name.startswith("01"):
        shown = lists[(lists["recorded"] > 0) | lists["stated"].notna()]
        assert all(phrase in text for phrase in shown["summary"])


def test_a_failing_cell_fails_the_run(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    )
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        execute(path)


def test_leftovers_finds_outputs_counts_and_timings():
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    cell.execution_count = 3
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    clean = nbformat.v4.new_code_cell("2 + 2")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x?"), clean, cell])
    assert leftovers(notebook) == [
        "cell 2 has 1 output(s)",
        "cell 2 has execution count 3",
        "cell 2 has execution timings in its metadata",
    ]
    assert leftovers(nbformat.v4.new_notebook(cells=[clean])) == []
