"""How long writing glossary.ttl takes for the whole en-US site, beside
rdflib's own Turtle serializer.

    .venv/bin/python benchmarks/turtle_speed.py                 # whole site, 5 runs
    .venv/bin/python benchmarks/turtle_speed.py --runs 9
    .venv/bin/python benchmarks/turtle_speed.py --source ../shared/mdn/2026/files

The site (14,073 pages) is unpacked once from ``../shared/mdn`` by cache.py,
read and turned into the concept graph (not timed), then:

  model         turtle.to_rdf: the concept graph as an rdflib.Graph
  write         sorting the triples and writing them with pyoxigraph
                (turtle.serialize): what gloss-graph does
  gloss-graph   model + write, i.e. turtle.turtle_bytes
  rdflib        rdflib's default Turtle serializer on the same model
  oxrdflib      the alternative considered: the same triples added to an
                rdflib.Graph on the oxrdflib store, written as "ox-turtle"
                (add + write; its output is not sorted)

Medians of --runs runs (rdflib: --rdflib-runs, it is slow) with min and max.
Both outputs are parsed back by pyoxigraph to check they hold the same
triples. The exit status is 0 whatever the speed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cache  # noqa: E402  (a sibling module; benchmarks/ is not a package)


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def row(name: str, times: list[float], note: str = "") -> str:
    med = statistics.median(times)
    return f"{name:<12} {med:8.3f} s   (min {min(times):.3f}, max {max(times):.3f}, {len(times)} runs)  {note}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="a SOURCE to read instead of the whole site")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs", type=int, default=1)
    args = parser.parse_args(argv)

    import pyoxigraph
    import rdflib

    import gloss_graph
    from gloss_graph import turtle

    source = args.source or str(cache.site_pages())
    start = time.perf_counter()
    graph = gloss_graph.build_graph(gloss_graph.load([source]))
    print(f"input        {source}")
    print(f"graph        {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"(read and built in {time.perf_counter() - start:.1f} s, not timed below)")
    print(f"machine      {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")

    model_times, model = timed(lambda: turtle.to_rdf(graph), args.runs)
    write_times, data = timed(lambda: turtle.serialize(model, pyoxigraph.RdfFormat.TURTLE), args.runs)
    total_times, _ = timed(lambda: turtle.turtle_bytes(graph), args.runs)
    rdflib_times, rdflib_data = timed(lambda: model.serialize(format="turtle", encoding="utf-8"), args.rdflib_runs)

    def oxrdflib_write():
        store = rdflib.Graph(store="Oxigraph")
        store.addN((s, p, o, store) for s, p, o in model)
        return store.serialize(format="ox-turtle", encoding="utf-8")

    try:
        ox_times, _ = timed(oxrdflib_write, args.runs)
    except rdflib.plugin.PluginException:  # oxrdflib is not a dependency, only a comparison
        ox_times = None

    ours = {str(t) for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)}
    theirs = {str(t) for t in pyoxigraph.parse(rdflib_data, format=pyoxigraph.RdfFormat.TURTLE)}
    print(f"triples      {len(model)}; Turtle {len(data) / 1e6:.1f} MB; "
          f"rdflib's output holds the same triples: {'yes' if ours == theirs else 'NO'}")
    print()
    print(row("model", model_times, "turtle.to_rdf"))
    print(row("write", write_times, "sort + pyoxigraph.serialize"))
    print(row("gloss-graph", total_times, "turtle.turtle_bytes = model + write"))
    print(row("rdflib", rdflib_times, "Graph.serialize(format='turtle') of the same model"))
    if ox_times:
        print(row("oxrdflib", ox_times, "add to the Oxigraph store + 'ox-turtle' (unsorted)"))
    else:
        print("oxrdflib     not installed (pip install oxrdflib to compare)")
    model, write, slow = (statistics.median(t) for t in (model_times, write_times, rdflib_times))
    print(f"\nwriting alone: pyoxigraph {slow / write:.1f}x faster than rdflib's serializer")
    print(f"model + writing: {model + write:.2f} s with pyoxigraph, {model + slow:.2f} s with rdflib's serializer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
