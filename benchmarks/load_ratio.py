"""normgraph's load against Oxigraph's bulk load of the same Turtle file, in CPU time.

Each round runs, each in its own fresh process and in turn (the order rotating from round
to round, so that a drift in the machine's speed falls on both), ``normgraph.load`` of the
file (parse, then materialise) and pyoxigraph's ``Store.bulk_load`` of it into memory,
and prints each one's CPU seconds (all threads), peak RSS (``ru_maxrss``) and the ratio
of the two. CPU time, because on a shared machine the wall clock varies far more. The
medians close the run. ``--split`` adds a third process per round that times the parse
and the materialisation of normgraph's load apart. Example::

    python benchmarks/load_ratio.py --triples 1m --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, parse_size  # noqa: E402

__all__ = ["main"]

#: What one fresh process runs: argv is (what, path); it prints one JSON line.
_WORKER = """
import json, resource, sys, time
import pyoxigraph as ox
what, path = sys.argv[1], sys.argv[2]
started = time.process_time()
figures = {}
if what == "oxigraph":
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
    figures["triples"] = len(store)
else:
    import normgraph
    from normgraph.store.materialise import update_text
    kb = normgraph.load([path], bundled=False, materialise=what == "normgraph")
    if what == "split":
        figures["parse"] = time.process_time() - started
        kb.backend.store.update(update_text([kb.backend.store]))
        figures["materialise"] = time.process_time() - started - figures["parse"]
    figures["triples"] = len(kb)
figures["cpu"] = time.process_time() - started
figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(figures))
"""


def _run(what: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, what, str(path)], capture_output=True, text=True, check=True
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1m", help="about how many (100k, 1m)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, help="a Turtle file instead of generated data")
    parser.add_argument("--split", action="store_true", help="also time parse and materialise")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = args.data
        if path is None:
            path = Path(folder) / "data.ttl"
            with path.open("w", encoding="utf-8") as out:
                generate(out, parse_size(args.triples), args.seed, turtle=True)
        kinds = ["normgraph", "oxigraph", *(["split"] if args.split else [])]
        runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
        for round_ in range(args.rounds):
            turn = round_ % len(kinds)
            for kind in kinds[turn:] + kinds[:turn]:
                runs[kind].append(_run(kind, path))
            ours, theirs = runs["normgraph"][-1], runs["oxigraph"][-1]
            line = (
                f"round {round_ + 1}: normgraph {ours['cpu']:.2f} s ({ours['rss_mb']:.0f} MB), "
                f"bulk_load {theirs['cpu']:.2f} s ({theirs['rss_mb']:.0f} MB), "
                f"ratio {ours['cpu'] / theirs['cpu']:.2f}"
            )
            if args.split:
                split = runs["split"][-1]
                line += f"; parse {split['parse']:.2f} s, materialise {split['materialise']:.2f} s"
            print(line, flush=True)
    ratios = [a["cpu"] / b["cpu"] for a, b in zip(runs["normgraph"], runs["oxigraph"], strict=True)]

    def median(kind: str, figure: str) -> float:
        return statistics.median(run[figure] for run in runs[kind])

    print(
        f"{runs['normgraph'][0]['triples']:,} triples after materialising "
        f"({runs['oxigraph'][0]['triples']:,} loaded by bulk_load); medians of {args.rounds}: "
        f"normgraph {median('normgraph', 'cpu'):.2f} s CPU, "
        f"{median('normgraph', 'rss_mb'):.0f} MB; "
        f"bulk_load {median('oxigraph', 'cpu'):.2f} s CPU, {median('oxigraph', 'rss_mb'):.0f} MB; "
        f"ratio {statistics.median(ratios):.2f}"
    )
    if args.split:
        print(
            f"normgraph's load apart: parse {median('split', 'parse'):.2f} s, "
            f"materialise {median('split', 'materialise'):.2f} s CPU"
        )


if __name__ == "__main__":
    main()
