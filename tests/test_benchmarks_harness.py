"""The benchmark harness measures memory over the whole process tree, not one process."""

from __future__ import annotations

import importlib.util
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
