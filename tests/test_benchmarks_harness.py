"""The benchmark harness measures memory over the whole process tree, not one process."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _harness() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location("normgraph_bench_run", BENCHMARKS / "run.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


run = _harness()

# A parent that forks a child holding 80 MB: ru_maxrss of the parent alone misses it.
_CHILD = "import time; b = bytearray(80 << 20); b[::4096] = b'x' * (20 << 10); time.sleep(1.5)"
_PARENT = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {_CHILD!r}])"


def test_tree_memory_counts_the_children():
    process = subprocess.Popen([sys.executable, "-c", _PARENT])
    with run.TreeMemory(process.pid) as memory:
        process.wait()
        time.sleep(run.SAMPLE_EVERY * 2)
    assert memory.peaks[""] > 80


def test_memory_cell_prefers_the_tree_and_marks_rss_fallbacks():
    assert run._memory({"tree_mb": 120.4, "rss_mb": 80}) == "120 MB"
    assert run._memory({"rss_mb": 80.0}) == "80 MB (RSS)"
    assert run._memory(None) == ""


def test_load_note_gives_the_ratio_in_cpu_time_too():
    result = run.SizeResult(size=1, triples=1_000, reference={"seconds": 2.0, "cpu": 2.0})
    result.backends["memory"] = run.Outcome(stages={"load": {"seconds": 3.0, "cpu": 3.5}})
    assert "is 1.50x Oxigraph's bulk load (1.75x in CPU time)" in run.notes([result])
    del result.reference["cpu"]  # a record without CPU time: the wall-clock ratio alone
    assert run.notes([result]).rstrip().endswith("1.50x Oxigraph's bulk load")


def test_stage_records_cpu_time(capsys):
    with run._stage("spin"):
        deadline = time.process_time() + 0.05
        while time.process_time() < deadline:
            pass
    record = [line for line in capsys.readouterr().out.splitlines() if '"stage"' in line][-1]
    assert '"cpu": ' in record
    assert json.loads(record)["cpu"] >= 0.05
