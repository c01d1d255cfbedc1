"""Writing files and folders: nothing the user had is lost, nothing is left half-written."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from normgraph import fileio
from normgraph.errors import NormgraphError
from normgraph.fileio import MARKER, atomic_directory, atomic_write

from .conftest import FIXTURES


def _normgraph(
    *args: str, cwd: Path, limit_bytes: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a full disk, as the writer sees it: EFBIG past limit_bytes
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "normgraph.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        preexec_fn=limit,
    )


def _build_fixture(out: str, cwd: Path, **kwargs: int) -> subprocess.CompletedProcess[str]:
    fixture = str(FIXTURES / "valid-base.ttl")
    return _normgraph("build", "--no-bundled", "--data", fixture, "--out", out, cwd=cwd, **kwargs)


def test_build_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "mydocs").mkdir()
    (tmp_path / "mydocs" / "thesis.txt").write_text("years of work")
    result = _build_fixture("mydocs", tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "normgraph did not write it" in result.stderr
    assert (tmp_path / "mydocs" / "thesis.txt").read_text() == "years of work"
    assert os.listdir(tmp_path / "mydocs") == ["thesis.txt"]


def test_build_refuses_a_file(tmp_path):
    (tmp_path / "notes").write_text("mine")
    result = _build_fixture("notes", tmp_path)
    assert result.returncode == 2 and "is a file" in result.stderr
    assert (tmp_path / "notes").read_text() == "mine"


@pytest.mark.parametrize("out", [".", ".."])
def test_build_never_replaces_the_folder_it_runs_in(tmp_path, out):
    work = tmp_path / "work"
    work.mkdir()
    (work / "thesis.txt").write_text("mine")
    result = _build_fixture(out, work)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "runs in" in result.stderr
    assert (work / "thesis.txt").read_text() == "mine"


def test_build_replaces_its_own_site_and_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert _build_fixture("empty", tmp_path).returncode == 0
    site = tmp_path / "empty"
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    (site / "stale.html").write_text("from an older build")
    assert _build_fixture("empty", tmp_path).returncode == 0
    assert not (site / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no leftovers


def test_site_folder_respects_the_umask(tmp_path):
    assert _build_fixture("site", tmp_path).returncode == 0
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o777 & ~_umask()


def test_full_disk_during_build_is_one_line_and_leaves_nothing(tmp_path):
    result = _build_fixture("site", tmp_path, limit_bytes=20_000)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'site'}: cannot write: File too large")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_during_the_swap_leaves_no_half_deleted_folder(tmp_path, monkeypatch):
    target = tmp_path / "site"
    with atomic_directory(target) as staging:
        (staging / "page.html").write_text("old")
    real_rmtree = shutil.rmtree

    def interrupted_rmtree(path: Path, *args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the old site is being removed
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.shutil, "rmtree", interrupted_rmtree)
    # Another thread (a progress bar's, a server's) may be the one the signal reaches.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pytest.raises(KeyboardInterrupt), atomic_directory(target) as staging:
            (staging / "page.html").write_text("new")
    finally:
        stop.set()
        other.join()
    assert (target / "page.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_interrupt_while_building_leaves_the_old_folder_and_no_staging(tmp_path):
    target = tmp_path / "site"
    with atomic_directory(target) as staging:
        (staging / "page.html").write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_directory(target) as staging:
        (staging / "page.html").write_text("new")
        raise KeyboardInterrupt
    assert (target / "page.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    (tmp_path / "graph.ttl").write_text("the previous export")
    real_fdopen = os.fdopen

    class Interrupted:
        def __init__(self, handle):  # type: ignore[no-untyped-def]
            self.handle = handle

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[:10])
            raise KeyboardInterrupt  # Ctrl-C half-way through a 65 MB export

    monkeypatch.setattr(fileio.os, "fdopen", lambda *a, **k: Interrupted(real_fdopen(*a, **k)))
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "graph.ttl", "x" * 1000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
    assert (tmp_path / "graph.ttl").read_text() == "the previous export"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_written_files_respect_the_umask(tmp_path, mask):
    previous = os.umask(mask)
    try:
        path = atomic_write(tmp_path / "out.ttl", "data")
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_export_and_import_files_are_0644_under_umask_022(tmp_path):
    csv = FIXTURES / "paris-call-messy.csv"
    for args in (
        ("export", "--no-bundled", "-o", "out.ttl"),
        ("import", "paris-call", str(csv), "-o", "paris.ttl"),
    ):
        previous = os.umask(0o022)
        try:
            result = _normgraph(*args, cwd=tmp_path)
        finally:
            os.umask(previous)
        assert result.returncode == 0, result.stderr
    for name in ("out.ttl", "paris.ttl"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644


def test_write_into_a_missing_folder_is_one_line(tmp_path):
    with pytest.raises(NormgraphError, match="cannot write"):
        atomic_write(tmp_path / "no" / "such" / "out.ttl", "data")


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.8, 3.0])
def test_ctrl_c_at_any_time_during_build_leaves_a_whole_site_and_nothing_else(tmp_path, delay):
    # Before: a half-deleted .site.old, or the staging folder, could be left behind.
    import time

    assert _build_fixture("site", tmp_path).returncode == 0
    fixture = str(FIXTURES / "valid-base.ttl")
    argv = [sys.executable, "-m", "normgraph.cli", "build", "--no-bundled", "--data", fixture]
    process = subprocess.Popen(
        [*argv, "--out", "site"], cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    # On a busy machine the signal can land while CPython itself is still starting, before
    # any normgraph code runs; no program can handle that, and nothing was written yet.
    if "Fatal Python error: init_import_site" not in err:
        # 130: interrupted (one line); -2: killed before Python set its handler; 0: done.
        assert process.returncode in (0, 130, -signal.SIGINT), err
        assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / MARKER).is_file() and (tmp_path / "site" / "index.html").is_file()
