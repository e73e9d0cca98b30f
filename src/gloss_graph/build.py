"""``build(sources, output)``: the whole job, as ``gloss-graph build`` runs it.

files -> entries -> references -> concept graph -> Turtle, HTML, report.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import report
from .cache import EntryCache
from .corpus import load, timed
from .errors import UsageError
from .graph import build_graph
from .model import Corpus

EXIT_OK = 0
EXIT_SKIPPED = 3  # outputs written, but some inputs could not be read


@dataclass
class BuildResult:
    corpus: Corpus
    graph: nx.MultiDiGraph
    report: dict
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    published: object | None = None  # a publish.PublishResult after publish_to

    @property
    def exit_status(self) -> int:
        return EXIT_SKIPPED if self.corpus.files_skipped else EXIT_OK


def build(
    sources: list[str] | str = ("content",),
    output: str | Path = "output",
    *,
    locale: str | None = None,
    base_iri: str | None = None,
    workers: int | None = None,
    progress=None,
    use_cache: bool = True,
    rdf_formats: tuple[str, ...] = (),
    publish_to: str | None = None,
    publish_graph: str | None = None,
) -> BuildResult:
    """Read ``sources`` and write glossary.ttl, graph.html, report.json and
    report.md into ``output``. Returns everything it made.

    ``use_cache``: reuse what unchanged files gave in the last build into
    the same ``output`` (see cache.py). ``rdf_formats``: extra files, any
    of ``nt``, ``jsonld`` (glossary.nt, glossary.jsonld), ``graphml``,
    ``gexf`` (graph.graphml, graph.gexf, for Gephi). ``publish_to``: a
    Graph Store endpoint that receives glossary.ttl afterwards, replacing
    ``publish_graph`` (see publish.py)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    if base_iri is not None:
        from .iri import check_base

        try:  # before reading anything: a typo should not cost a whole read
            check_base(base_iri)
        except ValueError as err:
            raise UsageError(f"--base-iri: {err}") from None
    output = Path(output)
    cache = EntryCache(output) if use_cache else None
    corpus = load(list(sources) if not isinstance(sources, str) else [sources],
                  locale=locale, workers=workers, progress=progress, timings=timings, cache=cache)
    with timed(timings, "graph"):
        graph = build_graph(corpus)
    result = BuildResult(corpus, graph, {}, timings=timings)
    # The exporters import rdflib, pyoxigraph and pyvis: imported here, not
    # at the top, so that `check` and `import gloss_graph` stay quick.
    from . import html, turtle

    with timed(timings, "turtle"):
        kwargs = {"base_iri": base_iri} if base_iri else {}
        result.outputs["glossary.ttl"] = turtle.write_turtle(graph, output / "glossary.ttl", **kwargs)
    with timed(timings, "html"):
        result.outputs["graph.html"] = html.write_html(graph, output / "graph.html")
    with timed(timings, "report"):
        result.report = report.health_report(corpus, graph)
        result.outputs.update(report.write_reports(result.report, output))
    if rdf_formats:
        from . import serializations

        for fmt in rdf_formats:
            name = ("graph" if fmt in ("graphml", "gexf") else "glossary") + serializations.FORMATS[fmt]
            result.outputs[name] = serializations.write(graph, output / name, fmt, **kwargs)
    if publish_to:
        from .publish import publish

        result.published = publish(result.outputs["glossary.ttl"], publish_to, graph=publish_graph)
    timings["total"] = time.perf_counter() - started
    return result
