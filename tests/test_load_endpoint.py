"""The load-test script, small: it stops by itself within its budget, reports no
errors, keeps ASK {} fast beside slow-loris connections and heavy clients, and the
canary gets no request from the obfuscated corpus (issue 11, Done when)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.server


def test_a_small_load_test_reports_its_figures():
    script = ROOT / "benchmarks" / "load_endpoint.py"
    budget = [
        *("--clients", "5", "--requests", "40", "--max-seconds", "30"),
        *("--slow-connections", "50", "--heavy-clients", "6", "--victims", "2"),
        *("--phase-seconds", "3", "--timeout", "3", "--workers", "2"),
        *("--overhead-rounds", "3"),
    ]
    result = subprocess.run(
        [sys.executable, str(script), *budget],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if line.strip())
    assert lines["requests"].startswith("40 in ")
    assert lines["errors"] == "0"
    assert lines["throughput"].endswith("requests/s")
    # Latencies are figures the benchmark prints (README, "Load"), not pass marks: a timed
    # assertion here fails on a busy machine without telling anything about the code.
    float(lines["slowloris-p95"].split()[0])
    assert lines["slowloris-asks"].split(",")[1].strip() == "errors 0"
    float(lines["heavy-p95"].split()[0])
    assert lines["canary-hits"] == "0"
    refused, sent = lines["canary-refused"].split("/")
    assert refused == sent
    assert float(lines["sandbox"].split()[0]) > 0
