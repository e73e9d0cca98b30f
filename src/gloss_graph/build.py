"""``build(sources, output)``: the whole job, as ``gloss-graph build`` runs it.

files -> entries -> references -> concept graph -> Turtle, HTML, report.

Like ``make``, a build into a folder that holds a previous build's cache
redoes only what changed: when no input file, option or gloss-graph itself
changed and the outputs are still the ones the last build wrote, it says so
and writes nothing; otherwise unchanged files are taken from the cache, and
an output whose bytes come out the same is not rewritten. On two cores the
Turtle (and any extra formats) are written by a forked child while this
process writes the page and the report.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import outputs as output_files
from .corpus import discover_all, load_found, timed
from .errors import UsageError
from .cache import Stamp

if TYPE_CHECKING:
    from .graph import GraphData
from .model import Corpus
from .stages import OUTPUTS, PAGE, READING, REPORT, RESOLVING, TURTLE, Stages
from .terminal import safe

EXIT_OK = 0
EXIT_SKIPPED = 3  # outputs written, but some inputs could not be read
DEFAULT_LOCK_TIMEOUT = 600.0
EXTRA_FORMATS = ("nt", "jsonld", "graphml", "gexf")


@dataclass
class BuildResult:
    """What a build did. ``corpus`` and ``data`` are None when the build
    found nothing to do (``up_to_date``); ``report`` then is the one the
    last build wrote. ``graph`` is the concept graph as networkx makes it,
    on first use (the build itself works on ``data``). ``report`` is read
    from report.json on first use: the process that wrote it sends only the
    ``summary``, which is all the command line needs."""

    corpus: Corpus | None
    data: GraphData | None  # the concept graph's nodes and edges
    _report: dict | None
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    published: object | None = None  # a publish.PublishResult after publishing
    up_to_date: bool = False
    written: list[str] = field(default_factory=list)  # outputs whose bytes changed (the others were kept)
    problems: list = field(default_factory=list)  # model.Problem: what was wrong with input files
    notes: list[str] = field(default_factory=list)  # how options were applied (corpus.notes)
    warnings: list[str] = field(default_factory=list)  # about the build itself (the cache), for stderr
    summary: dict = field(default_factory=dict)  # report["summary"]: the counts the CLI prints
    exit_status: int = EXIT_OK
    layout: object | None = None  # html.CachedLayout.Stored, kept in the cache for the next build
    mentions: list = field(default_factory=list)  # mentions.Mention: where a link could be added
    stale: dict | None = None  # report.stale_sections: computed once, for the report and the page

    report_file: Path | None = None  # report.json as this build wrote or kept it: ``report`` is read from it

    @property
    def report(self) -> dict:
        """The health report (report.json) as data, read on first use."""
        if self._report is None:
            self._report = _decoded(_report_bytes(self.report_file) if self.report_file else b"")
        return self._report

    @report.setter
    def report(self, value: dict) -> None:
        self._report = value

    @cached_property
    def graph(self):
        """The concept graph as a networkx.MultiDiGraph (None when up to date)."""
        from .graph import to_networkx

        return to_networkx(self.data) if self.data is not None else None


def build(
    sources: list[str] | str = ("content",),
    output: str | Path = "output",
    *,
    locale: str | None = None,
    base_iri: str | None = None,
    english_tag: str = "en",
    license: str | None = "auto",
    workers: int | None = None,
    progress=None,
    use_cache: bool = True,
    rdf_formats: tuple[str, ...] = (),
    publish: dict | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_wait=None,
    page_mentions: bool = False,
    stage=None,
) -> BuildResult:
    """Read ``sources`` and write glossary.ttl, graph.html, report.json and
    report.md into ``output``. Returns everything it made.

    ``use_cache``: take unchanged files from the last build into the same
    ``output`` (``False`` reads everything again, and still leaves a cache
    that matches what it wrote). ``rdf_formats``: extra files, any of
    ``nt``, ``jsonld`` (glossary.nt, glossary.jsonld), ``graphml``, ``gexf``
    (graph.graphml, graph.gexf, for Gephi). ``publish``: keyword arguments
    of ``publish.publish`` (with ``endpoint``) to upload glossary.ttl
    afterwards. ``english_tag``: ``"en"`` (default) or ``"en-US"``, the
    language tag of en-US text in the RDF. ``license``: the IRI of the
    scheme's ``dcterms:license``, ``None`` for none, or ``"auto"`` (CC BY-SA
    2.5 when the input is MDN's; docs/vocabulary.md). ``lock_timeout``:
    seconds to wait for another build into the same folder; ``on_wait(message)``
    is told once when waiting starts.
    ``page_mentions``: in site mode, also look for unlinked mentions in every
    site page (each read whole: slow on a big site).
    ``progress(done, total)`` as files are read; ``stage(name, total)`` as
    each stage starts (stages.py: reading, resolving, page, then turtle and
    report, or outputs when a second process writes those)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    base_iri = check_base_iri(base_iri)
    rdf = check_rdf_options(english_tag, license)
    formats = check_formats(rdf_formats)
    output = check_output(output)
    with timed(timings, "discover"):
        found = discover_all(list(sources) if not isinstance(sources, str) else [sources], locale)
    make_output(output)
    from .lock import OutputLock

    with OutputLock(output, lock_timeout, on_wait):
        result = _locked_build(found, output, locale, base_iri, rdf, formats, workers, progress, use_cache, timings,
                               page_mentions, Stages(stage))
    if publish:
        from .publish import publish as upload

        result.published = upload(result.outputs["glossary.ttl"], **publish)
    timings["total"] = time.perf_counter() - started
    result.timings = timings
    return result


def _locked_build(found, output: Path, locale, base_iri, rdf, formats, workers, progress, use_cache, timings,
                  page_mentions: bool, stages: Stages) -> BuildResult:
    from .cache import BuildCache

    cache = BuildCache(output, use=use_cache)
    warnings = [cache.warning] if cache.warning else []
    # A commit or checkout changes which translations are stale without
    # changing a file: it is an input too (gitdir.py; "" outside git).
    options = {"base_iri": base_iri, "formats": list(formats), "locale": locale, "page_mentions": page_mentions,
               "git": _git_state(found), **rdf}
    checked = None  # (stamps, key) of the up-to-date check
    if use_cache and cache.previous.inputs:  # only a build with a last build to compare with stats every input first
        cache.stamps.update(_stamps_now(found))  # taken once, for this check and the cache's lookups
        inputs, newest = inputs_key(found, cache.code, options, cache.stamps)
        if cache.up_to_date(inputs, newest, output):
            return _replayed(cache, output, warnings)
        checked = (dict(cache.stamps), inputs)
    stages.start(READING, sum(len(s.files) for s in found))
    prose_later: list = []  # the entries' running text, made by the reading child meanwhile
    try:
        corpus = load_found(found, locale=locale, workers=workers, progress=stages.reading(progress),
                            timings=timings, cache=cache, meanwhile=_import_graph, prose_later=prose_later)
        stages.start(RESOLVING)
        with timed(timings, "graph"):
            from .graph import graph_data

            data = graph_data(corpus)
        with timed(timings, "staleness"):  # here, before the exporting child is forked: it writes the report
            from .report import stale_sections

            stale = stale_sections(corpus)
        with timed(timings, "prose"):  # before the fork: the mentions and the cache need it
            for later in prose_later:
                later.prose()
    except BaseException:
        for later in prose_later:
            later.cancel()
        raise
    result = BuildResult(corpus, data, None, warnings=warnings, problems=corpus.problems, notes=corpus.notes,
                         exit_status=EXIT_SKIPPED if corpus.files_skipped else EXIT_OK, stale=stale)

    def find_mentions() -> list:
        from .mentions import mentions_of

        return mentions_of(found, corpus, workers, page_mentions)

    # The key of what was read, from the files as they were read.
    if checked is not None and checked[0] == cache.stamps:  # every file read as it was stat'ed
        inputs = checked[1]
    else:
        inputs, _ = inputs_key(found, cache.code, options, cache.stamps)
    _write_outputs(result, output, base_iri, rdf, formats, cache, inputs, workers, timings, stages, find_mentions)
    return result


def _git_state(found) -> str:
    """Which commit the repositories of the en-US SOURCEs have checked out
    (gitdir.head_state): a few stat calls, and "" outside git."""
    from .gitdir import head_state

    return head_state(source.root for source in found if any(tree.locale == "en-US" for tree in source.trees))


def _import_graph() -> None:
    """What the stages after reading import, done while the other cores
    read files."""
    from .igraph_core import core

    core()
    import pyoxigraph  # noqa: F401

    import ahocorasick_rs  # noqa: F401
    import rapidfuzz.distance  # noqa: F401 - did you mean, for the report's broken references
    import rapidfuzz.process  # noqa: F401

    from . import clusters, graph, html, layout, mentions, report, report_markdown, resolve, suggest, turtle  # noqa: F401


# --- arguments, checked before anything is read --------------------------------


def check_base_iri(base_iri: str | None) -> str:
    from .iri import DEFAULT_BASE_IRI, check_base

    if base_iri is None:
        return DEFAULT_BASE_IRI
    try:
        return check_base(base_iri)
    except ValueError as err:
        raise UsageError(f"--base-iri: {err}") from None


def check_rdf_options(english_tag: str, license: str | None) -> dict:
    """The RDF options, checked: keyword arguments of ``turtle.triples``."""
    from .rdf_options import check_english_tag, check_license

    return {"english_tag": check_english_tag(english_tag), "license": check_license(license)}


def check_formats(formats) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in EXTRA_FORMATS]
    if unknown:
        raise UsageError(f"unknown output format {unknown[0]!r} (choose from {', '.join(EXTRA_FORMATS)})")
    return chosen


def check_output(output: str | Path) -> Path:
    """The output folder: an existing folder, or one that can be made."""
    path = Path(output)
    shown = safe(output)  # a name from the user, quoted in the messages below
    if not str(output).strip():
        raise UsageError("-o: the output folder name is empty")
    if "\0" in str(output):
        raise UsageError(f"-o {shown}: no file name can hold a NUL character")
    try:
        return _usable_folder(path, shown)
    except OSError as err:  # a name too long, a loop of links, ...
        raise UsageError(f"-o {shown}: {err.strerror or err}") from None


def _usable_folder(path: Path, shown: str) -> Path:
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise UsageError(f"-o {shown}: exists and is not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise UsageError(f"-o {shown}: the folder is not writable")
        return path
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"-o {shown}: cannot make the folder: {safe(parent)} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"-o {shown}: cannot make the folder: {safe(parent)} is not writable")
    return path


def make_output(path: Path) -> None:
    """Make the output folder: what check_output could not foresee (a name
    too long, a place where no folder can be made, /proc) is a usage error."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"-o {safe(path)}: cannot make the folder: {err.strerror or err}") from None


# --- "nothing changed" ------------------------------------------------------------


def inputs_key(found, code: str, options: dict, stamps: dict[str, tuple[int, int]]) -> tuple[str, int]:
    """A digest of everything a build reads (gloss-graph's code, the options,
    the size and time of every input file, from ``stamps``: path -> (size,
    mtime_ns)), and the newest file time."""
    from .cache import stamp_of

    parts = [code, json.dumps(options, sort_keys=True)]
    newest = 0
    for source in found:
        parts.append(f"source\0{source.given}")
        parts += [f"tree\0{tree.locale}\0{tree.walk_root}" for tree in source.trees]
        tables = {path: stamp_of(path) for path in sorted(source.redirect_files.values())}
        files = [(f.path, stamps.get(f.path, (-1, -1))) for f in source.files]
        files += [(path, (t.size, t.mtime_ns) if t else (-1, -1)) for path, t in tables.items()]
        parts += [f"{path}\0{size}\0{mtime}" for path, (size, mtime) in files]
        newest = max([newest] + [mtime for _, (_, mtime) in files])
    # One string hashed once: an update per file cost 30 ms on the site.
    digest = hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16)
    return digest.hexdigest(), newest


def _stamps_now(found) -> dict[str, tuple[int, int]]:
    from .cache import stamp_of

    now = {}
    for source in found:
        for sf in source.files:
            stamp = stamp_of(sf.path)
            now[sf.path] = (stamp.size, stamp.mtime_ns) if stamp else (-1, -1)
    return now


@dataclass
class Replay:
    """What an up-to-date build tells the user again: the summary's figures,
    the problems and the exit status of the build it stands for."""

    summary: dict = field(default_factory=dict)
    problems: list[tuple[str, str, "int | None", str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exit_status: int = EXIT_OK


def _replay_data(result: BuildResult) -> Replay:
    return Replay(result.summary, [(p.severity, p.file, p.line, p.reason, p.source) for p in result.problems],
                  list(result.notes), result.exit_status)


def _replayed(cache, output: Path, warnings: list[str]) -> BuildResult:
    from .model import Problem

    replay = cache.extra("replay", Replay) or Replay()
    return BuildResult(
        None, None, None, report_file=output / "report.json", up_to_date=True, warnings=warnings,
        outputs={name: output / name for name in sorted(cache.previous.outputs)},
        problems=[Problem(*p) for p in replay.problems], notes=replay.notes, summary=replay.summary,
        exit_status=replay.exit_status)


REPORT_MAX_BYTES = 512 * 1024 * 1024  # the whole MDN site's report is a few MB


def _report_bytes(path: Path) -> bytes:
    """report.json's bytes, or none when it is no longer a readable file of
    sane size (replaced by a pipe, a folder, or a huge file since)."""
    from .jsonfile import read_bytes

    try:
        return read_bytes(path, "report", REPORT_MAX_BYTES)
    except UsageError:
        return b""


def _decoded(text: bytes) -> dict:
    import msgspec

    try:
        found = msgspec.json.decode(text) if text else {}
    except (msgspec.DecodeError, RecursionError, ValueError):  # report.json replaced by something else
        return {}
    return found if isinstance(found, dict) else {}


# --- writing the outputs -------------------------------------------------------------


def _write_outputs(result: BuildResult, output: Path, base_iri: str, rdf: dict, formats, cache, inputs: str, workers,
                   timings, stages: Stages, find_mentions) -> None:
    """Every output, each written only if its bytes changed, and the cache.
    With two cores a forked child writes the RDF files and the reports while
    this process finds the unlinked mentions (``find_mentions()``), sends
    them to the child for the report, lays out and writes the page, and
    encodes the cache; the child sends back the stamps of what it wrote and
    the report's summary, and this process writes the cache."""
    from .clusters import clusters
    from .mentions import Mention
    from .parallel import CAN_FORK, ChildFailed, Forked, Pipe

    previous = cache.previous.outputs
    clusters(result.data)  # before the fork: the page, the Turtle and the report share them
    forking = CAN_FORK and (workers or os.cpu_count() or 1) > 1
    pipe = Pipe() if forking else None

    def rest(here: Stages = Stages(), mentions=None) -> _Rest:
        # In the child (no stages: only this process may tell the caller),
        # the mentions come through the pipe when the report needs them.
        get = (lambda: mentions) if mentions is not None else (lambda: pipe.receive(list[Mention]))
        return _rdf_and_reports(result, output, base_iri, rdf, formats, previous, here, get)

    child = Forked(rest) if forking else None
    try:
        with timed(timings, "mentions"):
            result.mentions = find_mentions()
        if child:
            pipe.send(result.mentions)
        with timed(timings, "html"):
            stages.start(PAGE)
            stamps = _write_page(result, output, cache, previous)
        with timed(timings, "cache"):
            # The bulk of the cache (what every file gave), encoded while
            # the child finishes its part.
            files = cache.encoded_files()
        with timed(timings, "wait"):
            try:
                if child:
                    stages.start(OUTPUTS)
                done = child.result(_Rest) if child else rest(stages, result.mentions)
            except ChildFailed:
                done = rest(stages, result.mentions)  # the child died: do its part here
    except BaseException:
        if child is not None:
            child.cancel()
        raise
    finally:
        if pipe is not None:
            pipe.close()
    result.summary, result.report_file = done.summary, output / "report.json"
    timings.update(done.timings)
    stamps.update(done.stamps)
    with timed(timings, "cache"):
        cache.save(inputs, stamps, {"layout": result.layout, "replay": _replay_data(result)}, files)
    result.outputs = {name: output / name for name in sorted(stamps)}
    result.written = sorted(name for name, stamp in stamps.items() if previous.get(name) != stamp)


@dataclass
class _Rest:
    """What the child's half of the outputs gives back."""

    stamps: dict[str, Stamp]
    summary: dict  # the report's summary (the report itself is in report.json)
    timings: dict[str, float]


def _rdf_and_reports(result: BuildResult, output: Path, base_iri: str, rdf: dict, formats, previous,
                     stages: Stages, mentions) -> _Rest:
    timings: dict[str, float] = {}
    with timed(timings, "turtle"):
        stages.start(TURTLE)
        stamps = _write_rdf(result.data, output, base_iri, rdf, formats, previous)
    with timed(timings, "report"):
        stages.start(REPORT)
        result.mentions = mentions()
        report, written = _write_reports(result, output, previous)
    stamps.update(written)
    return _Rest(stamps, report["summary"], timings)


def _write_rdf(graph, output: Path, base_iri: str, rdf: dict, formats, previous) -> dict:
    from . import turtle

    # Found once for every RDF format (it may ask git).
    rdf = {**rdf, "provenance": turtle.describe(graph.attrs.get("sources") or [])}
    written = {"glossary.ttl": output_files.write_if_changed(
        output / "glossary.ttl", turtle.turtle_bytes(graph, base_iri, **rdf), previous.get("glossary.ttl"))}
    for fmt in formats:
        from . import serializations

        name = ("graph" if fmt in ("graphml", "gexf") else "glossary") + serializations.FORMATS[fmt]
        written[name] = output_files.write_if_changed(
            output / name, serializations.to_bytes(graph, fmt, base_iri, **rdf), previous.get(name))
    return written


def _write_page(result: BuildResult, output: Path, cache, previous) -> dict:
    from . import html

    layout = html.CachedLayout(cache.extra("layout", html.CachedLayout.Stored))
    page = html.render_html(result.data, layout=layout, stale=result.stale["stale_translations"],
                            mentions=result.mentions)
    result.layout = layout.stored()
    return {"graph.html": output_files.write_if_changed(output / "graph.html", page, previous.get("graph.html"))}


def _write_reports(result: BuildResult, output: Path, previous) -> tuple[dict, dict]:
    from . import report
    from .report_markdown import to_markdown

    data = report.health_report(result.corpus, result.data, result.stale, mentions=result.mentions)
    text = report.to_json(data).encode("utf-8")
    return data, {
        "report.json": output_files.write_if_changed(output / "report.json", text, previous.get("report.json")),
        "report.md": output_files.write_if_changed(output / "report.md", to_markdown(data),
                                                   previous.get("report.md")),
    }
