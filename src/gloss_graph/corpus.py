"""``load(sources) -> Corpus``: find, read and resolve everything.

    discover (sources.py) -> redirect tables (redirects.py) -> what can reach
    the glossary (reach.py) -> read each file (entries.py, on every core:
    reading.py; unchanged ones from the cache: cache.py) -> resolve
    (resolve.py)
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Callable

from .entries import FileResult
from .errors import UsageError
from .model import PAGE, Corpus, Entry, Problem
from .reach import Reach, reach
from .reading import Job, read_files
from .redirects import read_redirects
from .sources import Source, discover


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
    cache=None,
    meanwhile: Callable[[], None] | None = None,
) -> Corpus:
    """Read every SOURCE and resolve its references.

    ``sources``: checkout roots, ``files/`` folders, locale folders or
    glossary folders, each optionally written ``PATH=LOCALE``. ``locale``
    names the locale of a bare folder (one whose folder names cannot tell).
    ``progress(done, total)`` is called as files are read. ``cache``: a
    ``cache.BuildCache``; unchanged files are taken from it. ``meanwhile``
    runs while other processes read (see reading.read_files).
    Raises ``UsageError`` for a SOURCE that holds no glossary."""
    with timed(timings, "discover"):
        found = discover_all(sources, locale)
    return load_found(found, locale=locale, workers=workers, progress=progress, timings=timings, cache=cache,
                      meanwhile=meanwhile)


def load_found(found: list[Source], *, locale: str | None = None, workers: int | None = None, progress=None,
               timings: dict | None = None, cache=None, meanwhile=None, texts: bool = True,
               prose_later: list | None = None) -> Corpus:
    """``load`` for SOURCEs already discovered (``discover_all``). ``texts``:
    keep entries' summaries and running text (``entries.read_entry``).
    ``prose_later``: a list that receives objects whose ``prose()`` (or
    ``cancel()``) must be called before the entries' running text is read:
    the reading children make it while the caller goes on."""
    problems = [p for s in found for p in s.problems]
    jobs = [(f, s.given) for s in found for f in s.files]
    redirects: dict[str, dict[str, str]] = {}

    def read_redirects_then(after=None):
        redirects.update(redirect_tables(found, problems))
        if after is not None:
            after()

    pages_reach = None
    if any(f.kind == PAGE for f, _ in jobs):
        # Which pages to read whole depends on the redirects: read them first.
        with timed(timings, "discover"):
            read_redirects_then()
        pages_reach = reach(redirects)
    else:
        # Nothing to decide before reading: the tables are read while the
        # other processes read files.
        meanwhile = lambda after=meanwhile: read_redirects_then(after)  # noqa: E731
    texts_later: list = []  # the reading children make the entries' texts while this process resolves
    try:
        with timed(timings, "read"):
            results = read_cached(jobs, cache, pages_reach, workers=workers, progress=progress,
                                  meanwhile=meanwhile, texts=texts, texts_later=texts_later)
        with timed(timings, "resolve"):
            corpus = resolved(found, jobs, results, redirects, problems)
        with timed(timings, "summaries"):
            for later in texts_later:
                later.summaries()
    except BaseException:
        for later in texts_later:
            later.cancel()
        raise
    if prose_later is not None:
        prose_later += texts_later
    else:
        for later in texts_later:
            later.prose()
    corpus.notes = locale_notes(found, locale)
    return corpus


def discover_all(sources: list[str] | str, locale: str | None = None) -> list[Source]:
    if isinstance(sources, (str, os.PathLike)):
        sources = [str(sources)]
    if not sources:
        raise UsageError("no SOURCE given")
    return [discover(str(s), locale) for s in sources]


def locale_notes(found: list[Source], locale: str | None) -> list[str]:
    """Say where ``--locale`` went: it names only what folder names cannot."""
    if locale is None:
        return []
    used = [s.given for s in found if s.locale_from_option]
    if not used:
        return [f"--locale {locale} is not used: every SOURCE's locale is told by its folder names "
                "(write PATH=LOCALE to override one)"]
    return [f"--locale {locale} names the locale of {', '.join(used)}"]


def redirect_tables(found: list[Source], problems: list[Problem]) -> dict[str, dict[str, str]]:
    """locale -> lower-case FROM slug -> TO. The first SOURCE to hold a
    locale's table wins for each line."""
    tables: dict[str, dict[str, str]] = {}
    for source in found:
        for loc, path in sorted(source.redirect_files.items()):
            bad: list[tuple[int, str]] = []
            try:
                table = read_redirects(path, bad)
            except OSError as err:
                rel = os.path.relpath(path, source.root).replace(os.sep, "/")
                problems.append(Problem("warning", rel, None, f"cannot be read: {err.strerror or err}", source.given))
                continue
            merged = tables.setdefault(loc, {})
            for key, value in table.items():
                merged.setdefault(key, value)
            rel = os.path.relpath(path, source.root).replace(os.sep, "/")
            problems.extend(Problem("warning", rel, line, reason, source.given) for line, reason in bad)
    return tables


def read_cached(jobs: list[Job], cache, pages_reach: Reach | None, *, workers=None, progress=None,
                meanwhile=None, texts: bool = True, texts_later: list | None = None) -> list[FileResult]:
    """Like reading.read_files, taking unchanged files from the cache (which
    holds files read with their texts)."""
    if cache is None:
        return read_files(jobs, reach=pages_reach, workers=workers, progress=progress, meanwhile=meanwhile,
                          texts=texts, texts_later=texts_later)
    from .cache import read_key

    digest = pages_reach.digest if pages_reach is not None else ""
    keys = [read_key(sf, source, digest) for sf, source in jobs]
    results: list[FileResult | None] = [cache.lookup(sf, key) for (sf, _), key in zip(jobs, keys)]
    missing = [i for i, r in enumerate(results) if r is None]
    fresh = read_files([jobs[i] for i in missing], reach=pages_reach, workers=workers, progress=progress,
                       meanwhile=meanwhile, texts_later=texts_later)
    for i, result in zip(missing, fresh):
        results[i] = result
        cache.store(jobs[i][0], keys[i], result)
    return results  # type: ignore[return-value]


def resolved(found: list[Source], jobs: list[Job], results: list[FileResult],
             redirects: dict[str, dict[str, str]], problems: list[Problem]) -> Corpus:
    documents: list[Entry] = []
    skipped = 0
    other_pages = set()
    for (sf, _), result in zip(jobs, results):
        problems.extend(result.problems)
        if result.skimmed:
            other_pages.add(sf.folder_slug)
        elif result.entry is None:
            skipped += 1
        else:
            documents.append(result.entry)
    from .resolve import index_documents, resolve_all  # imported while files are read (build._import_graph)

    docs = index_documents(documents)
    concepts, links = resolve_all(docs, redirects)
    problems.extend(docs.problems)
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
        other_pages=frozenset(other_pages - docs.pages.keys()),
    )
