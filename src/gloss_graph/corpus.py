"""``load(sources) -> Corpus``: find, read and resolve everything.

Reading is the only expensive stage, and each file is independent, so large
trees are read by a process pool over both cores: each worker reads, parses
and scans whole chunks of files in one pass and sends back only the Entry
(site pages carry just their glossary references), which keeps pickling
cheap.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Callable

from .cache import EntryCache
from .entries import read_entry
from .model import Corpus, Entry, Problem, SourceFile
from .redirects import read_redirects
from .resolve import index_documents, resolve_all
from .sources import discover

PARALLEL_FROM = 400  # below this many files a pool costs more than it saves


@contextmanager
def timed(timings: dict | None, phase: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[phase] = timings.get(phase, 0.0) + time.perf_counter() - start


def load(
    sources: list[str] | str,
    *,
    locale: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    timings: dict | None = None,
    cache: "EntryCache | None" = None,
) -> Corpus:
    """Read every SOURCE and resolve its references.

    ``sources``: checkout roots, ``files/`` folders, locale folders or
    glossary folders. ``locale`` names the locale of a bare folder.
    ``progress(done, total)`` is called as files are read.
    ``cache``: an ``EntryCache``; unchanged files are taken from it.
    Raises ``UsageError`` for a SOURCE that holds no glossary."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [str(sources)]
    with timed(timings, "discover"):
        found = [discover(str(s), locale) for s in sources]
        redirect_problems: list[Problem] = []
        redirects = _redirect_tables(found, redirect_problems)
    jobs = [(f, s.given) for s in found for f in s.files]
    with timed(timings, "read"):
        results = read_cached(jobs, cache, workers=workers, progress=progress)
    with timed(timings, "resolve"):
        documents: list[Entry] = []
        problems: list[Problem] = []
        skipped = 0
        for entry, file_problems in results:
            problems.extend(file_problems)
            if entry is None:
                skipped += 1
            else:
                documents.append(entry)
        docs = index_documents(documents)
        concepts, links = resolve_all(docs, redirects)
    problems.extend(docs.problems)
    problems.extend(redirect_problems)
    problems.sort(key=lambda p: (p.source, p.file, p.line or 0, p.severity, p.reason))
    return Corpus(
        sources=[s.given for s in found],
        concepts=concepts,
        pages=docs.pages,
        schemes=docs.schemes,
        links=links,
        problems=problems,
        files_read=len(jobs) - skipped,
        files_skipped=skipped + docs.skipped,
        redirects=redirects,
    )


def _redirect_tables(found, problems: list[Problem]) -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    for source in found:
        for loc, path in sorted(source.redirect_files.items()):
            table = tables.setdefault(loc, {})
            bad: list[tuple[int, str]] = []
            for key, value in read_redirects(path, bad).items():
                table.setdefault(key, value)
            rel = os.path.relpath(path, source.root).replace(os.sep, "/")
            problems.extend(Problem("warning", rel, line, reason, source.given) for line, reason in bad)
    return tables


def read_cached(jobs, cache, *, workers=None, progress=None):
    """Like read_all, taking unchanged files from the cache."""
    if cache is None:
        return read_all(jobs, workers=workers, progress=progress)
    results = [cache.lookup(f.path) for f, _ in jobs]
    missing = [i for i, r in enumerate(results) if r is None]
    fresh = read_all([jobs[i] for i in missing], workers=workers, progress=progress)
    for i, result in zip(missing, fresh):
        results[i] = result
        cache.store(jobs[i][0].path, result)
    cache.save({f.path for f, _ in jobs})
    return results


def read_all(jobs: list[tuple[SourceFile, str]], *, workers: int | None = None, progress=None):
    """Read files in order; in a process pool when there are many."""
    total = len(jobs)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if total < PARALLEL_FROM or workers <= 1:
        results = []
        for i, job in enumerate(jobs, 1):
            results.append(read_entry(*job))
            if progress and (i % 200 == 0 or i == total):
                progress(i, total)
        return results
    chunks = [jobs[i : i + 250] for i in range(0, total, 250)]
    results = []
    # fork: workers start with the parent's imports and compiled patterns.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        for chunk_results in pool.map(_read_chunk, chunks):
            results.extend(chunk_results)
            if progress:
                progress(len(results), total)
    return results


def _read_chunk(chunk):
    return [read_entry(*job) for job in chunk]
