"""Reading many files: each one independent, so spread over the cores.

Files are taken in chunks from a ``parallel.ChunkQueue`` by the parent and by
forked children alike; a child sends back what its files gave as msgpack.
Below ``PARALLEL_FROM`` files, or with one worker, everything is read here.
"""
from __future__ import annotations

import os
from typing import Callable

from .entries import FileResult, read_entry, read_prose
from .model import Entry, SourceFile
from .parallel import CAN_FORK, ChildFailed, ChunkQueue, Forked

Job = tuple[SourceFile, str]  # a file and the SOURCE it came from, as given
PARALLEL_FROM = 200  # below this many files a second process costs more than it saves
CHUNK = 16  # files per chunk: small enough to balance, large enough to cost nothing


def read_files(jobs: list[Job], *, reach=None, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               meanwhile: Callable[[], None] | None = None) -> list[FileResult]:
    """One FileResult per job, in order. ``meanwhile`` runs in this process
    before it joins the reading (an import the next stage needs, say): with
    children reading, it costs no time."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(jobs) < PARALLEL_FROM or workers <= 1 or not CAN_FORK:
        if meanwhile:
            meanwhile()
        return _read_here(jobs, range(len(jobs)), reach, progress)
    chunks = [range(i, min(i + CHUNK, len(jobs))) for i in range(0, len(jobs), CHUNK)]
    queue = ChunkQueue(len(chunks))
    children: list[Forked] = []
    results: dict[int, FileResult] = {}
    try:
        children = [Forked(lambda: _read_chunks(jobs, chunks, queue, reach)) for _ in range(workers - 1)]
        if meanwhile:
            meanwhile()
        for number in queue:
            for index in chunks[number]:
                results[index] = read_entry(*jobs[index], reach)
            if progress:
                progress(min(len(results) * workers, len(jobs)), len(jobs))
        for child in children:
            try:
                results.update(child.result(list[tuple[int, FileResult]]))
            except ChildFailed:
                pass  # its files are read below
    except BaseException:
        for child in children:
            child.cancel()
        raise
    finally:
        queue.close()
    missing = [i for i in range(len(jobs)) if i not in results]
    if missing:
        results.update(zip(missing, _read_here(jobs, missing, reach, None)))
    if progress:
        progress(len(jobs), len(jobs))
    return [results[i] for i in range(len(jobs))]


def _read_here(jobs: list[Job], indices, reach, progress) -> list[FileResult]:
    out = []
    for done, index in enumerate(indices, 1):
        out.append(read_entry(*jobs[index], reach))
        if progress and (done % 200 == 0 or done == len(indices)):
            progress(done, len(indices))
    return out


def _read_chunks(jobs: list[Job], chunks: list[range], queue: ChunkQueue, reach) -> list[tuple[int, FileResult]]:
    return [(index, read_entry(*jobs[index], reach)) for number in queue for index in chunks[number]]


def read_pages_prose(jobs: list[Job], workers: int | None = None) -> list[Entry]:
    """The running text of every site page in ``jobs``, read on every core
    (``build(..., page_mentions=True)``: reading all of MDN's pages whole is
    most of such a build)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    chunks = [range(i, min(i + CHUNK, len(jobs))) for i in range(0, len(jobs), CHUNK)]
    if len(jobs) < PARALLEL_FROM or workers <= 1 or not CAN_FORK:
        found = [read_prose(*job) for job in jobs]
        return [entry for entry in found if entry is not None]
    queue = ChunkQueue(len(chunks))
    take = lambda: [(i, read_prose(*jobs[i])) for n in queue for i in chunks[n]]  # noqa: E731
    children: list[Forked] = []
    results: dict[int, Entry | None] = {}
    try:
        children = [Forked(take) for _ in range(workers - 1)]
        results.update(take())
        for child in children:
            try:
                results.update(child.result(list[tuple[int, Entry | None]]))
            except ChildFailed:
                pass  # its pages are read below
    except BaseException:
        for child in children:
            child.cancel()
        raise
    finally:
        queue.close()
    results.update((i, read_prose(*jobs[i])) for i in range(len(jobs)) if i not in results)
    return [results[i] for i in range(len(jobs)) if results[i] is not None]
