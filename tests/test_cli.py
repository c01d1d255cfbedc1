"""The command line: exit codes and one-line errors for bad input."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox

import normgraph
from normgraph.cli import main

from .conftest import FIXTURES


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normgraph.cli", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_every_command(capsys):
    try:
        main(["--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    for command in ("build", "validate", "query", "export", "stats"):
        assert command in out


def test_validate_conforming_fixture_exits_0(capsys):
    assert main(["validate", str(FIXTURES / "valid-base.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_validate_broken_fixture_exits_1_with_readable_lines(capsys):
    code = main(
        [
            "validate",
            str(FIXTURES / "valid-base.ttl"),
            str(FIXTURES / "shapes-process-without-label.ttl"),
        ]
    )
    assert code == 1
    assert "https://example.org/delta [rdfs:label]: has no rdfs:label" in capsys.readouterr().out


def test_syntax_error_is_one_line_exit_2_no_traceback():
    result = run("validate", str(FIXTURES / "syntax-error.ttl"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {FIXTURES / 'syntax-error.ttl'}:4: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unknown_query_name_lists_known_ones_exit_2():
    result = run("query", "no-such-query", "--no-bundled")
    assert result.returncode == 2
    assert "known queries:" in result.stderr and "norms-of-process" in result.stderr
    assert "Traceback" not in result.stderr


def test_query_by_label_and_formats(capsys):
    args = ["query", "norms-of-process", "-p", "process=Beta call", "--no-bundled"]
    args += ["--data", str(FIXTURES / "valid-base.ttl")]
    assert main([*args, "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.splitlines()[0] == "norm,notation,title,summary,reference,scheme"
    assert main([*args, "--format", "markdown"]) == 0
    assert "| norm | notation |" in capsys.readouterr().out


def test_export_nt_round_trips_isomorphically(tmp_path):
    out = tmp_path / "all.nt"
    assert main(["export", "--format", "nt", "-o", str(out)]) == 0
    reloaded = normgraph.load([out], bundled=False, materialise=False)
    original = normgraph.load()
    # RDFC-1.0 canonical forms: rdflib's isomorphism test takes minutes on the dataset's
    # blank nodes (derivations, intervals), the W3C canonicalisation half a second.
    assert _canonical(reloaded) == _canonical(original)


def _canonical(kb) -> set[ox.Quad]:
    dataset = ox.Dataset(ox.parse(kb.dump("nt"), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def test_export_to_unwritable_path_fails_cleanly(tmp_path):
    target = tmp_path / "missing-dir" / "out.ttl"
    result = run("export", "--format", "ttl", "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert not target.parent.exists()


def test_export_failure_keeps_the_previous_file(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("previous")
    # A directory where the temporary file should go cannot be written: simulate with a
    # read-only folder.
    tmp_path.chmod(0o500)
    try:
        result = run("export", "--format", "ttl", "-o", str(target))
    finally:
        tmp_path.chmod(0o700)
    if result.returncode == 0:  # root ignores permissions; nothing to check then
        return
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_export_graphml_has_processes(tmp_path):
    import networkx as nx

    out = tmp_path / "g.graphml"
    assert main(["export", "--format", "graphml", "-o", str(out)]) == 0
    graph = nx.read_graphml(out)
    assert graph.nodes["p:paris-call"]["label"] == "Paris Call for Trust and Security in Cyberspace"


def test_stats_reports_full_citation(capsys):
    assert main(["stats"]) == 0
    assert "facts citing a source: 100.0%" in capsys.readouterr().out


def test_the_console_command_returns_mains_code_and_leaves_the_last_collection_out(
    monkeypatch,
):
    import gc

    from normgraph import cli

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(sys, "argv", ["normgraph", "validate", str(FIXTURES / "valid-base.ttl")])
    assert cli.entry() == 0 and frozen == [True]
    monkeypatch.setattr(sys, "argv", ["normgraph", "validate", str(FIXTURES / "no-such.ttl")])
    assert cli.entry() == 2 and frozen == [True, True]
    # In-process callers keep their collector: main() freezes nothing.
    assert main(["validate", str(FIXTURES / "valid-base.ttl")]) == 0 and len(frozen) == 2


def test_no_knowledge_base_outlives_its_command(tmp_path, monkeypatch):
    # The console command skips the last collection of cycles at exit: a knowledge base
    # kept alive by a cycle would leave its store unclosed. Reference counting alone
    # must free every one a command made, a persistent store's too.
    import gc
    import weakref

    made = []
    real_init = normgraph.KnowledgeBase.__init__

    def recording_init(self, *args, **kwargs):
        made.append(weakref.ref(self))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(normgraph.KnowledgeBase, "__init__", recording_init)
    data = ["--no-bundled", "--data", str(FIXTURES / "valid-base.ttl")]
    gc.collect()
    gc.disable()
    try:
        assert main(["build", "--out", str(tmp_path / "site"), *data]) == 0
        assert main(["stats", "--store", str(tmp_path / "store"), *data]) == 0
    finally:
        gc.enable()
    assert len(made) >= 2 and all(ref() is None for ref in made)
