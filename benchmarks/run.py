"""Time normgraph's stages at several sizes and backends, against plain rdflib.

For each size (``--sizes 10k,100k,1m``) the run generates a dataset with
``benchmarks/generate.py`` (cached in ``--workdir``), then runs each of the following in
its own process. Memory is the peak of the whole process tree (the worker and every
child it forks, such as the validation sandbox): the sum of their proportional set
sizes (PSS, from ``/proc/<pid>/smaps_rollup``), sampled every 20 ms, per stage:

- Oxigraph's own bulk load of the file, the reference for normgraph's load;
- normgraph on each backend (in memory, an on-disk store, a remote endpoint: an
  ``oxigraph serve`` started on loopback with normgraph's export, or ``--endpoint``):
  load, every library query (parameters picked from the data), the network views,
  one norm's lineage, all-pairs overlap, the site's index page, validation and the
  whole site;
- the alternatives a user would pick for each stage, in the same run: plain rdflib
  in memory, parsing the same Turtle, answering every library query and the lineage
  (a property path) and overlap (GROUP BY over shared members) questions in SPARQL;
  pyshacl validating that graph against the same shapes; networkx's bipartite
  projection for all-pairs overlap; pyvis's ``from_nx`` for a graph page;
- ``normgraph build`` on the file, end to end as a process.

A stage that takes longer than ``--cap`` seconds is stopped and reported as "> cap";
a stage whose module is missing is "n/a". Lineage, overlap and validation answers are
compared between normgraph and the alternative (digests of the sorted answers). The run
prints one Markdown table; each row names the alternative, and the ratio is
alternative / normgraph, measured in the same run::

    python benchmarks/run.py --sizes 10k,100k,1m --cap 120 --baseline-cap 300
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import queue
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"
#: The inputs nobody here wrote (the Paris Call list), beside the repository.
SHARED = HERE.parent.parent / "shared"
sys.path.insert(0, str(HERE))

from generate import generate, parse_size  # noqa: E402

#: Stages of the normgraph worker, in the order they run (long, cappable ones last).
PIPELINE_STAGES = (
    "imports",
    "load",
    "queries",
    "views",
    "lineage",
    "overlap",
    "overlap: networkx projection",
    "site: index page",
    "page: pyvis from_nx",
    "validate",
    "validate: pyshacl",
    "site: all pages",
)
BASELINE_STAGES = ("parse", "lineage", "overlap")
#: The process tree's memory is sampled this often (seconds).
SAMPLE_EVERY = 0.02


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    """The direct children of ``pid``, from every one of its threads."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mb(pid: int) -> float:
    """The summed PSS of ``pid`` and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _pss_kib(current)
        todo += _children(current)
    return total / 1024


class TreeMemory:
    """Samples a process tree's memory in a thread; keeps the peak per stage.

    ``stage`` names what the tree is doing now; :attr:`peaks` maps each stage to the
    largest summed PSS seen while it ran.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.stage = ""
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            mb = tree_pss_mb(self.pid)
            if mb > self.peaks.get(self.stage, 0.0):
                self.peaks[self.stage] = mb


# --------------------------------------------------------------------------- workers
# Each worker runs in its own process and prints one JSON object per line:
# {"begin": stage} when a stage starts, then {"stage", "seconds", "rss_mb", ...}.


def _emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextmanager
def _stage(name: str, extra: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Time the block as stage ``name``; ``extra`` (filled by the block) is reported too."""
    info: dict[str, Any] = {} if extra is None else extra
    _emit(begin=name)
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        yield info
    except ImportError as error:  # a module that has not landed yet
        _emit(stage=name, na=f"n/a ({error.name} missing)")
        return
    # CPU time too: on a busy machine it varies far less than the wall clock
    cpu = time.process_time() - cpu_started
    _emit(stage=name, seconds=time.perf_counter() - started, cpu=cpu, rss_mb=_rss_mb(), **info)


def _digest(lines: list[str]) -> dict[str, Any]:
    """A short, comparable fingerprint of an answer: its size and a hash of its rows."""
    text = "\n".join(sorted(lines))
    return {"rows": len(lines), "sha": hashlib.sha256(text.encode()).hexdigest()[:12]}


def _pick_parameters(kb: Any) -> dict[str, str]:
    processes = kb.select(QUERIES / "pick-processes.rq")["process"].tolist()
    return {
        "process": processes[0],
        "other": processes[-1],
        "actor": kb.select(QUERIES / "pick-actor.rq")["actor"][0],
        "norm": kb.select(QUERIES / "pick-norm.rq")["norm"][0],
        "fact": kb.select(QUERIES / "pick-fact.rq")["fact"][0],
        "date": "2020-01-01",
        "after": "2015-01-01",
    }


def worker_oxigraph(path: str) -> None:
    """Oxigraph's own bulk load of the file into memory: the reference for loading."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.TURTLE if path.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    with _stage("oxigraph bulk load") as info:
        store = ox.Store()
        store.bulk_load(path=path, format=fmt)
        info["triples"] = len(store)


def worker_pipeline(backend: str, path: str, location: str, skip: str = "") -> None:
    """normgraph's stages on one backend; ``location`` is a store folder or endpoint URL.

    ``skip`` lists stages to leave out, by name or first word ("site", "validate").
    """
    skipped = {name for name in skip.split(",") if name}

    def wanted(stage: str) -> bool:
        return not {stage, stage.split(":")[0]} & skipped

    with _stage("imports"):
        import networkx
        import pandas
        import scipy.sparse
        import shacl

        import normgraph
        from normgraph.store import queries

        del networkx, pandas, scipy, shacl
    with _stage("load") as info:
        if backend == "memory":
            kb = normgraph.load([path], bundled=False)
        elif backend == "disk":
            kb = normgraph.load([path], bundled=False, store=location)
        else:
            kb = normgraph.load(endpoint=location, bundled=False)
        info["triples"] = len(kb)
    params = _pick_parameters(kb)
    _emit(params=params)
    with _stage("queries") as info:
        each = {}
        for query in queries.list_queries().values():
            started = time.perf_counter()
            kb.select(query.name, **{k: params[k] for k in query.parameters if k in params})
            each[query.name] = time.perf_counter() - started
        info["each"] = each
    with _stage("views"):
        from normgraph.analytics.views import views

        found = views(kb)
        for name in ("memberships", "derivation_graph", "process_graph", "membership_graph"):
            getattr(found, name)
    import networkx as nx

    # The norm with the longest derivation chain behind it: the hardest single lineage.
    if found.derivation_graph.number_of_edges():
        params["norm"] = nx.dag_longest_path(found.derivation_graph)[0]
        _emit(params=params)
    from normgraph.analytics.lineage import ancestors, lineage

    with _stage("lineage"):
        lineage(found.derivation_graph, params["norm"])
    # Not timed: repeats for a steadier figure, and the answer to compare.
    times = []
    for _ in range(5):
        started = time.perf_counter()
        found_lineage = lineage(found.derivation_graph, params["norm"])
        times.append(time.perf_counter() - started)
    earlier = ancestors(found.derivation_graph, params["norm"])
    _emit(
        more="lineage",
        median=statistics.median(times),
        paths=found_lineage.paths_back,
        answer=_digest(sorted(earlier)),
    )
    with _stage("overlap"):
        from normgraph.analytics.overlap import overlaps

        pairs = overlaps(found.memberships)
    rows = zip(pairs["process_a"], pairs["process_b"], pairs["shared"], strict=True)
    _emit(
        more="overlap",
        answer=_digest([f"{a}\t{b}\t{n}" for a, b, n in rows]),
        pairs=len(pairs),
        memberships=len(found.memberships),
        processes=int(pairs["process_a"].cat.categories.size),
    )
    # The alternative: networkx's weighted projection of the bipartite actor-process graph.
    edges = found.memberships[["actor", "process"]].drop_duplicates()
    with _stage("overlap: networkx projection"):
        from networkx.algorithms import bipartite

        two_mode = nx.Graph()
        two_mode.add_nodes_from(edges["process"].unique(), bipartite=1)
        two_mode.add_edges_from(zip(edges["actor"], edges["process"], strict=True))
        projected = bipartite.weighted_projected_graph(two_mode, set(edges["process"]))
    _emit(
        more="overlap: networkx projection",
        answer=_digest(
            [f"{min(a, b)}\t{max(a, b)}\t{w}" for a, b, w in projected.edges(data="weight")]
        ),
    )
    if wanted("site: index page"):
        with _stage("site: index page"):
            from normgraph.site.model import collect
            from normgraph.site.pages import SiteIndex, index_page
            from normgraph.site.render import environment, render

            data = collect(kb)
            render(environment(), index_page(data, SiteIndex(data)))
        # The alternative: the process graph drawn by pyvis as it comes, labels only.
        with _stage("page: pyvis from_nx"):
            from pyvis.network import Network

            plain = nx.DiGraph()
            plain.add_nodes_from(
                (node, {"label": str(label)})
                for node, label in found.process_graph.nodes(data="label")
            )
            plain.add_edges_from(found.process_graph.edges())
            network = Network(directed=True)
            network.from_nx(plain)
            network.generate_html()
    if wanted("validate"):
        with _stage("validate") as info:
            from normgraph.store.validation import validate

            info["violations"] = len(validate(kb))
        # The alternative: pyshacl on the same (materialised) triples in an rdflib graph.
        import pyshacl
        import rdflib

        from normgraph.resources import shapes_file

        copied = kb.to_rdflib()
        shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
        with _stage("validate: pyshacl") as info:
            _, report, _ = pyshacl.validate(copied, shacl_graph=shapes)
            result = rdflib.URIRef("http://www.w3.org/ns/shacl#result")
            results = list(report.objects(None, result))
            info["violations"] = len(results)
    if wanted("site: all pages"):
        with _stage("site: all pages") as info, tempfile.TemporaryDirectory() as out:
            from normgraph.site import build_site

            info["pages"] = len(build_site(kb, Path(out) / "site"))


def worker_baseline(path: str, params_json: str) -> None:
    """Plain rdflib: parse the Turtle, answer the library queries, lineage and overlap."""
    import rdflib

    from normgraph.namespaces import sparql_prefixes
    from normgraph.store import queries

    params = json.loads(params_json)
    norm = params.get("norm", "")
    graph = rdflib.Graph()
    with _stage("parse") as info:
        graph.parse(path, format="turtle" if path.endswith(".ttl") else "nt")
        info["triples"] = len(graph)
    with _stage("queries") as info:
        each = {}
        for query in queries.list_queries().values():
            bound = queries.bind(query, {k: params[k] for k in query.parameters if k in params})
            started = time.perf_counter()
            list(graph.query(sparql_prefixes() + bound))
            each[query.name] = time.perf_counter() - started
        info["each"] = each
    lineage_query = queries.load_file(QUERIES / "baseline-lineage.rq")
    with _stage("lineage"):
        earlier = list(graph.query(sparql_prefixes() + queries.bind(lineage_query, {"norm": norm})))
    _emit(more="lineage", answer=_digest([str(row[0]) for row in earlier]))  # type: ignore[index]
    overlap_query = queries.load_file(QUERIES / "baseline-overlap.rq")
    with _stage("overlap"):
        pairs = list(graph.query(sparql_prefixes() + overlap_query.text))
    _emit(more="overlap", answer=_digest([f"{a}\t{b}\t{int(n)}" for a, b, n in pairs]))  # type: ignore[misc]


def worker_main(argv: list[str]) -> None:
    kind, *rest = argv
    {"oxigraph": worker_oxigraph, "pipeline": worker_pipeline, "baseline": worker_baseline}[kind](
        *rest
    )


# --------------------------------------------------------------------------- the run


@dataclass
class Outcome:
    """What a worker reported: stage -> record, with "> cap" and "not run" marked."""

    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    error: str = ""


def run_worker(argv: list[str], cap: float) -> Outcome:
    """Run a worker process, stopping it when a stage exceeds ``cap`` seconds."""
    with tempfile.TemporaryFile() as errors:
        return _supervise(argv, cap, errors)


def _supervise(argv: list[str], cap: float, errors: Any) -> Outcome:
    process = subprocess.Popen(
        [sys.executable, __file__, "worker", *argv],
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    outcome = Outcome()
    current, began = "", time.monotonic()
    with TreeMemory(process.pid) as memory:
        while True:
            try:
                line = lines.get(timeout=max(0.1, began + cap - time.monotonic()))
            except queue.Empty:
                process.kill()
                outcome.stages[current] = {"capped": cap}
                break
            if line is None:
                break
            record = json.loads(line)
            if "begin" in record:
                current, began = record["begin"], time.monotonic()
                memory.stage = current
            elif "params" in record:
                outcome.params = record["params"]
            elif "more" in record:
                outcome.stages.setdefault(record.pop("more"), {}).update(record)
            else:
                outcome.stages[record.pop("stage")] = record
    for stage, peak in memory.peaks.items():
        if stage in outcome.stages and "seconds" in outcome.stages[stage]:
            outcome.stages[stage]["tree_mb"] = peak
    process.wait()
    errors.seek(0)
    if process.returncode not in (0, -9):
        tail = errors.read().decode(errors="replace").strip().splitlines()
        outcome.error = (tail or ["exit status " + str(process.returncode)])[-1][:200]
        if current and current not in outcome.stages:
            outcome.stages[current] = {"na": f"error: {outcome.error}"}
    return outcome


def timed_process(argv: list[str], cap: float, runs: int = 1) -> dict[str, Any]:
    """A whole process over ``runs`` runs: median and best wall time, median CPU time
    (the process and the children it waited for: forked workers count), peak memory.

    Sampling the tree's memory every 20 ms costs more than half a core, which a
    two-second build on two cores feels: with several runs, they are timed unsampled
    and one more run measures the memory.
    """
    records = [_run_once(argv, cap, sample=runs == 1) for _ in range(runs)]
    failed = next((r for r in records if "seconds" not in r), None)
    if failed:
        return failed
    memory = records[0] if runs == 1 else _run_once(argv, cap, sample=True)
    return {
        "seconds": statistics.median(r["seconds"] for r in records),
        "best": min(r["seconds"] for r in records),
        "cpu": statistics.median(r["cpu"] for r in records),
        "rss_mb": memory.get("rss_mb", 0.0),
        "tree_mb": memory.get("tree_mb", 0.0),
        "runs": runs,
    }


def _run_once(argv: list[str], cap: float, sample: bool) -> dict[str, Any]:
    with tempfile.TemporaryFile() as errors, contextlib.ExitStack() as stack:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        memory = stack.enter_context(TreeMemory(process.pid)) if sample else None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > started + cap:
                process.kill()
                os.wait4(process.pid, 0)
                return {"capped": cap}
            time.sleep(0.002)
        seconds = time.perf_counter() - started
        stack.close()
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            return {"na": "error: " + errors.read().decode()[-200:].strip()}
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "tree_mb": memory.peaks.get("", 0.0) if memory else 0.0,
    }


def dataset(size: int, seed: int, workdir: Path) -> Path:
    """The generated Turtle file for ``size`` triples (made once, then reused)."""
    path = workdir / f"normgraph-{size}-seed{seed}.ttl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", buffering=1 << 20) as out:
            generate(out, size, seed, turtle=True)
        partial.replace(path)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def oxigraph_server(data: Path, workdir: Path, cap: float) -> Iterator[tuple[str, dict[str, Any]]]:
    """``oxigraph serve`` on loopback with normgraph's export of ``data``: (URL, load time)."""
    exported = workdir / (data.stem + ".export.nt")
    location = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=workdir))
    normgraph = [sys.executable, "-m", "normgraph.cli"]
    export = [*normgraph, "export", "--no-bundled", "--data", str(data), "--format", "nt"]
    subprocess.run([*export, "-o", str(exported)], check=True, capture_output=True)
    load = timed_process(
        ["oxigraph", "load", "--location", str(location), "--file", str(exported)], cap
    )
    port = _free_port()
    server = subprocess.Popen(
        ["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        yield url, load
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(location, ignore_errors=True)
        exported.unlink(missing_ok=True)


@dataclass
class SizeResult:
    size: int
    triples: int = 0
    reference: dict[str, Any] = field(default_factory=dict)
    backends: dict[str, Outcome] = field(default_factory=dict)
    baseline: Outcome = field(default_factory=Outcome)
    build: dict[str, Any] = field(default_factory=dict)
    server_load: dict[str, Any] = field(default_factory=dict)


def run_size(size: int, args: argparse.Namespace, say: Callable[[str], None]) -> SizeResult:
    workdir = Path(args.workdir)
    data = dataset(size, args.seed, workdir)
    result = SizeResult(size)
    say(f"{size:,}: Oxigraph's bulk load")
    reference = run_worker(["oxigraph", str(data)], args.cap)
    result.reference = reference.stages.get("oxigraph bulk load", {})
    result.triples = int(result.reference.get("triples", 0))
    for backend in args.backends:
        say(f"{size:,}: normgraph, {backend}")
        if backend == "memory":
            result.backends[backend] = run_worker(
                ["pipeline", "memory", str(data), "", args.skip], args.cap
            )
        elif backend == "disk":
            store = tempfile.mkdtemp(prefix="store-", dir=workdir)
            try:
                result.backends[backend] = run_worker(
                    ["pipeline", "disk", str(data), store, args.skip], args.cap
                )
            finally:
                shutil.rmtree(store, ignore_errors=True)
        elif args.endpoint:
            result.backends[backend] = run_worker(
                ["pipeline", "remote", str(data), args.endpoint, args.skip], args.cap
            )
        elif shutil.which("oxigraph"):
            with oxigraph_server(data, workdir, args.cap) as (url, load):
                result.server_load = load
                result.backends[backend] = run_worker(
                    ["pipeline", "remote", str(data), url, args.skip], args.cap
                )
    params = next((o.params for o in result.backends.values() if o.params), {})
    if not args.no_baseline:
        say(f"{size:,}: plain rdflib")
        result.baseline = run_worker(["baseline", str(data), json.dumps(params)], args.baseline_cap)
    if not args.no_build:
        say(f"{size:,}: normgraph build")
        with tempfile.TemporaryDirectory(dir=workdir) as out:
            result.build = timed_process(
                [
                    sys.executable,
                    "-m",
                    "normgraph.cli",
                    "build",
                    "--no-bundled",
                    "--data",
                    str(data),
                    "--out",
                    str(Path(out) / "site"),
                ],
                args.cap,
            )
    return result


# --------------------------------------------------------------------------- the table


def _cell(record: dict[str, Any] | None, key: str = "seconds") -> str:
    if not record:
        return "not run"
    if "capped" in record:
        return f"> {record['capped']:g} s"
    if "na" in record:
        return str(record["na"])
    return _seconds(float(record[key]))


def _seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _ratio(baseline: dict[str, Any] | None, ours: dict[str, Any] | None, key: str) -> str:
    if not ours or key not in ours:
        return ""
    if baseline and "capped" in baseline:
        return f"> {baseline['capped'] / ours[key]:.0f}x"
    if not baseline or "seconds" not in baseline:
        return ""
    return f"{baseline['seconds'] / ours[key]:.1f}x"


def _memory(record: dict[str, Any] | None) -> str:
    """The process tree's peak PSS; a stage too short to be sampled falls back to RSS."""
    if record and record.get("tree_mb"):
        return f"{record['tree_mb']:.0f} MB"
    return f"{record['rss_mb']:.0f} MB (RSS)" if record and "rss_mb" in record else ""


def _total(outcome: Outcome, stages: tuple[str, ...]) -> dict[str, Any] | None:
    records = [outcome.stages.get(s) for s in stages]
    if any(r is None or "seconds" not in r for r in records):
        capped = next((r for r in records if r and "capped" in r), None)
        return capped
    return {"seconds": sum(r["seconds"] for r in records if r)}


def table(results: list[SizeResult], backends: list[str]) -> str:
    """One Markdown table: a block of rows per size, each stage beside its alternative."""
    names = {"memory": "in memory", "disk": "on-disk store", "remote": "remote endpoint"}
    header = [
        "size",
        "stage",
        *(names[b] for b in backends),
        "alternative",
        "alternative's time",
        "alternative / in memory",
        "peak memory, process tree (in memory)",
        "peak memory, process tree (alternative)",
    ]
    rows = [header, ["---"] * len(header)]
    for result in results:
        rows += _size_rows(result, backends)
    return "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n"


Pick = Callable[[Outcome], "dict[str, Any] | None"]


def _stage_of(stage: str) -> Pick:
    return lambda outcome: outcome.stages.get(stage)


def _query_of(name: str) -> Pick:
    def pick(outcome: Outcome) -> dict[str, Any] | None:
        queries = outcome.stages.get("queries")
        if queries and name in queries.get("each", {}):
            return {"seconds": queries["each"][name]}
        return queries

    return pick


def _size_rows(result: SizeResult, backends: list[str]) -> list[list[str]]:
    size = f"{result.triples or result.size:,} triples"
    memory = result.backends.get("memory", Outcome())
    baseline = result.baseline
    blank = [""] * (len(backends) - 1)
    rows = [
        [
            size,
            "Oxigraph bulk load (reference)",
            _cell(result.reference),
            *blank,
            *["", "", "", _memory(result.reference), ""],
        ]
    ]

    def row(
        stage: str,
        ours: Pick,
        alternative: str = "",
        theirs: dict[str, Any] | None = None,
        key: str = "seconds",
    ) -> None:
        cells = [
            _cell(ours(result.backends[b]), key) if b in result.backends else "not run"
            for b in backends
        ]
        compared = bool(alternative)
        rows.append(
            [
                size,
                stage,
                *cells,
                alternative,
                _cell(theirs) if compared else "",
                _ratio(theirs, ours(memory), key) if compared else "",
                _memory(ours(memory)),
                _memory(theirs) if compared else "",
            ]
        )

    rdflib = "rdflib"
    row(
        "load (parse + materialise)",
        _stage_of("load"),
        "rdflib parse",
        baseline.stages.get("parse"),
    )
    if result.server_load:
        cells = ["" if b != "remote" else _cell(result.server_load) for b in backends]
        rows.append([size, "server's bulk load of the export", *cells, "", "", "", "", ""])
    for name in memory.stages.get("queries", {}).get("each", {}):
        row(f"query {name}", _query_of(name), rdflib, _query_of(name)(baseline))
    row("network views", _stage_of("views"))
    row(
        "one norm's lineage (views built)",
        _stage_of("lineage"),
        "rdflib property path",
        baseline.stages.get("lineage"),
        key="median",
    )
    row(
        "all-pairs overlap (views built)",
        _stage_of("overlap"),
        "rdflib GROUP BY",
        baseline.stages.get("overlap"),
    )
    row(
        "all-pairs overlap (views built)",
        _stage_of("overlap"),
        "networkx bipartite projection",
        memory.stages.get("overlap: networkx projection"),
    )
    pipeline = ("load", "views", "lineage", "overlap")
    row(
        "load + views + lineage + overlap",
        lambda o: _total(o, pipeline),
        "rdflib parse + SPARQL",
        _total(baseline, BASELINE_STAGES),
    )
    row(
        "site: index page",
        _stage_of("site: index page"),
        "pyvis from_nx",
        memory.stages.get("page: pyvis from_nx"),
    )
    row("validate", _stage_of("validate"), "pyshacl", memory.stages.get("validate: pyshacl"))
    row("site: all pages", _stage_of("site: all pages"))
    rows.append(
        [
            size,
            "`normgraph build` (whole process)",
            _cell(result.build),
            *blank,
            *["", "", "", _memory(result.build), ""],
        ]
    )
    return rows


def answers(results: list[SizeResult]) -> str:
    """Whether normgraph and each alternative gave the same answers."""
    lines = []
    for result in results:
        for backend, outcome in result.backends.items():
            pairs = [
                ("overlap", "overlap: networkx projection", "answer"),
                ("validate", "validate: pyshacl", "violations"),
            ]
            for ours_stage, theirs_stage, key in pairs:
                ours, theirs = (
                    outcome.stages.get(s, {}).get(key) for s in (ours_stage, theirs_stage)
                )
                if ours is not None and theirs is not None:
                    verdict = "same" if ours == theirs else "DIFFERENT"
                    lines.append(
                        f"- {result.triples:,} triples, {ours_stage} against {theirs_stage}, "
                        f"{backend}: {verdict} answer"
                    )
        for stage in ("lineage", "overlap"):
            theirs = result.baseline.stages.get(stage, {}).get("answer")
            for backend, outcome in result.backends.items():
                ours = outcome.stages.get(stage, {}).get("answer")
                if ours and theirs:
                    verdict = "same" if ours == theirs else "DIFFERENT"
                    lines.append(
                        f"- {result.triples:,} triples, {stage}, {backend}: {verdict} answer "
                        f"({ours['rows']:,} rows)"
                    )
    return "\n".join(lines) + "\n"


def notes(results: list[SizeResult]) -> str:
    lines = []
    for result in results:
        memory = result.backends.get("memory", Outcome())
        load, reference = memory.stages.get("load"), result.reference
        if load and "seconds" in load and "seconds" in reference:
            cpu = (
                f" ({load['cpu'] / reference['cpu']:.2f}x in CPU time)"
                if load.get("cpu") and reference.get("cpu")
                else ""
            )
            lines.append(
                f"- {result.triples:,} triples: normgraph's load is "
                f"{load['seconds'] / reference['seconds']:.2f}x Oxigraph's bulk load{cpu}"
            )
        overlap = memory.stages.get("overlap", {})
        if "pairs" in overlap:
            lines.append(
                f"- {result.triples:,} triples: overlap over {overlap['processes']:,} processes "
                f"and {overlap['memberships']:,} memberships, {overlap['pairs']:,} pairs"
            )
    return "\n".join(lines) + "\n"


def bundled(cap: float, workdir: Path) -> str:
    """`normgraph --help`, `build` and `validate` on the bundled data, alone and with the
    Paris Call import, each the median of several whole-process runs."""
    command = [sys.executable, "-m", "normgraph.cli"]
    supporters = SHARED / "data" / "paris-call-supporters.csv"
    helped = timed_process([*command, "--help"], cap, runs=5)
    with tempfile.TemporaryDirectory(dir=workdir) as out:
        site, paris = str(Path(out) / "site"), str(Path(out) / "paris.ttl")
        built = timed_process([*command, "build", "--out", site], cap, runs=5)
        imports = ["--import", f"paris-call={supporters}"]
        imported = timed_process([*command, "build", *imports, "--out", site], cap, runs=3)
        subprocess.run(
            [*command, "import", "paris-call", str(supporters), "-o", paris],
            check=True,
            capture_output=True,
        )
        validated = timed_process([*command, "validate", "--data", paris], cap, runs=5)

    def line(what: str, record: dict[str, Any]) -> str:
        if "seconds" not in record:
            return f"- {what}: {_cell(record)}\n"
        return (
            f"- {what}: {_cell(record)} median wall of {record['runs']} "
            f"(best {_seconds(record['best'])}), {_seconds(record['cpu'])} CPU, "
            f"{_memory(record)} process tree\n"
        )

    return (
        line("bundled data, `normgraph build`", built)
        + line("bundled data + Paris Call import, `normgraph build --import`", imported)
        + line("bundled data + Paris Call import, `normgraph validate --data paris.ttl`", validated)
        + line("`normgraph --help`", helped)
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["worker"]:
        worker_main(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated, e.g. 10k,100k,1m")
    parser.add_argument(
        "--backends", default="memory,disk,remote", help="comma-separated: memory, disk, remote"
    )
    parser.add_argument("--endpoint", help="a SPARQL endpoint already serving the data's export")
    parser.add_argument(
        "--cap", type=float, default=120.0, help="seconds per normgraph stage (default 120)"
    )
    parser.add_argument(
        "--baseline-cap", type=float, default=300.0, help="seconds per rdflib stage (default 300)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "normgraph-bench"))
    parser.add_argument("--no-build", action="store_true", help="skip `normgraph build`")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain rdflib")
    parser.add_argument(
        "--skip", default="", help="normgraph stages to skip, e.g. validate,site (comma-separated)"
    )
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    Path(args.workdir).mkdir(parents=True, exist_ok=True)

    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = [run_size(parse_size(s), args, say) for s in args.sizes.split(",")]
    load = os.getloadavg()
    print(table(results, args.backends))
    print(answers(results))
    print(notes(results) + ("" if args.no_build else bundled(args.cap, Path(args.workdir))))
    print(f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} at the end of the run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
