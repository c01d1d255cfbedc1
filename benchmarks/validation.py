"""Validation against the reference: normgraph's engine (shacl) and pyshacl, on the same data.

For a dataset (the bundled data, plus files), in one run:

- ``normgraph validate`` as a whole process (load, materialise, validate), best of N:
  wall time, CPU time and peak memory;
- each engine alone on the same loaded knowledge base, each in its own process: the
  wall and CPU seconds of the validation step and the process's peak memory (``ru_maxrss``, which is
  the whole process here: nothing is forked). Both must find the same violations
  (focus, label, property, message), or the run fails.

pyshacl is given an rdflib copy of the whole graph, as a user of pyshacl would (its
time includes the copy); normgraph's includes the derivation-cycle check. Examples::

    python benchmarks/validation.py                                   # bundled data
    python benchmarks/validation.py --data /tmp/paris.ttl             # bundled + import
    python benchmarks/generate.py --triples 100k -o /tmp/ng-100k.ttl
    python benchmarks/validation.py --no-bundled --data /tmp/ng-100k.ttl

:func:`pyshacl_violations` is also the reference that tests/test_validation.py checks
normgraph's violations against.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase
    from normgraph.store.validation import Violation

__all__ = ["pyshacl_violations"]


def pyshacl_violations(kb: KnowledgeBase) -> set[Violation]:
    """pyshacl's violations on an rdflib copy of ``kb``, named as normgraph names them.

    Focus: an IRI as a CURIE, a blank node by its first (subject, predicate) referrer,
    a literal by its value; label: the first ``rdfs:label`` in code-point order. Derivation
    cycles are not SHACL and are left out.
    """
    import logging

    import rdflib
    from pyshacl import validate as pyshacl_validate

    from normgraph.namespaces import compact
    from normgraph.resources import shapes_file
    from normgraph.store.validation import Violation

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    data = kb.to_rdflib()
    # rdflib logs a traceback for each ill-typed literal ("2019-02-30"^^xsd:date).
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    _conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=rdflib.Graph().parse(shapes_file(), format="turtle"),
        inference="none",
        advanced=False,
        allow_warnings=False,
    )
    assert isinstance(report, rdflib.Graph)

    def name(node: object) -> str:
        if isinstance(node, rdflib.URIRef):
            return compact(str(node))
        if isinstance(node, rdflib.BNode):
            referrers = sorted((s.n3(), str(p)) for s, p in data.subject_predicates(node))
            if not referrers:
                return "(blank node)"
            subject, predicate = referrers[0]
            subject = compact(subject[1:-1]) if subject.startswith("<") else subject
            return f"{subject} / {compact(predicate)}"
        return str(node)

    def label(node: Any) -> str:
        return min((str(o) for o in data.objects(node, rdflib.RDFS.label)), default="")

    found = set()
    for result in report.objects(None, sh.result):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        found.add(
            Violation(
                name(focus),
                label(focus),
                compact(str(path)) if isinstance(path, rdflib.URIRef) else "",
                str(report.value(result, sh.resultMessage)),
            )
        )
    return found


def _engine(name: str, files: list[str], bundled: bool) -> dict[str, Any]:
    """Load, then validate with one engine; its seconds, violations and peak memory."""
    import normgraph
    from normgraph.store.validation import validate

    kb = normgraph.load(files, bundled=bundled)
    started, cpu = time.perf_counter(), time.process_time()
    if name == "shacl":
        found = {v for v in validate(kb) if not v.message.startswith("derivation cycle")}
    else:
        found = pyshacl_violations(kb)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    lines = sorted(str(v) for v in found)
    return {
        "engine": name,
        "triples": len(kb),
        "seconds": round(seconds, 3),
        "cpu": round(cpu, 3),
        "violations": len(lines),
        "digest": hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16],
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _whole_process(files: list[str], bundled: bool) -> dict[str, float]:
    """``normgraph validate`` as a user runs it: wall and CPU seconds, peak memory."""
    argv = [sys.executable, "-m", "normgraph.cli", "validate"]
    argv += [*(["--no-bundled"] if not bundled else []), *(a for f in files for a in ("--data", f))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"normgraph validate failed: {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", default=[], metavar="FILE")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="whole-process runs (best of)")
    parser.add_argument("--engine", choices=("shacl", "pyshacl"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    bundled = not args.no_bundled
    if args.engine:  # a child: one engine, one line of JSON
        print(json.dumps(_engine(args.engine, args.data, bundled)))
        return 0
    runs = [_whole_process(args.data, bundled) for _ in range(args.runs)]
    best = min(runs, key=lambda r: r["wall"])
    print(
        f"normgraph validate, whole process: best {best['wall']:.2f} s wall "
        f"(median {statistics.median(r['wall'] for r in runs):.2f} s of {len(runs)}), "
        f"{best['cpu']:.2f} s CPU, {best['peak_mb']:.0f} MB peak"
    )
    engines = []
    for engine in ("shacl", "pyshacl"):
        child = [sys.executable, __file__, "--engine", engine, *sys.argv[1:]]
        out = subprocess.run(child, capture_output=True, text=True, check=True).stdout
        engines.append(json.loads(out.strip().splitlines()[-1]))
    for record in engines:
        print(
            f"{record['engine']:8} {record['triples']:>9,} triples: {record['seconds']:.2f} s "
            f"({record['cpu']:.2f} s CPU), "
            f"{record['violations']} violations ({record['digest']}), {record['peak_mb']} MB peak"
        )
    shacl, reference = engines
    if shacl["digest"] != reference["digest"]:
        print("error: the engines disagree", file=sys.stderr)
        return 1
    print(
        f"same violations; shacl {reference['seconds'] / shacl['seconds']:.1f}x faster "
        f"({reference['cpu'] / shacl['cpu']:.1f}x less CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
