"""The load-test script runs, stops by itself within its budget, and reports no errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.server


def test_a_small_load_test_reports_throughput_latency_and_no_errors():
    script = ROOT / "benchmarks" / "load_endpoint.py"
    budget = ["--clients", "5", "--requests", "60", "--max-seconds", "30", "--overhead-rounds", "5"]
    result = subprocess.run(
        [sys.executable, str(script), *budget],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if line.strip())
    assert lines["requests"].startswith("60 in ")
    assert lines["errors"] == "0"
    assert lines["throughput"].endswith("requests/s")
    assert float(lines["sandbox"].split()[0]) > 0
