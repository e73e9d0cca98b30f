"""Reading many files: each one independent, so spread over the cores.

Files are taken in chunks from a ``parallel.ChunkQueue`` by the parent and by
forked children alike; a child sends back what its files gave as msgpack.
Below ``PARALLEL_FROM`` files, or with one worker, everything is read here.
"""
from __future__ import annotations

import os
from typing import Any, Callable

from .entries import FileResult, read_entry, read_prose
from .model import Entry, SourceFile
from .parallel import CAN_FORK, ChildFailed, ChunkQueue, Forked

Job = tuple[SourceFile, str]  # a file and the SOURCE it came from, as given
PARALLEL_FROM = 200  # below this many files a second process costs more than it saves
CHUNK = 16  # files per chunk: small enough to balance, large enough to cost nothing


def read_files(jobs: list[Job], *, reach=None, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               meanwhile: Callable[[], None] | None = None, texts: bool = True) -> list[FileResult]:
    """One FileResult per job, in order. ``meanwhile`` runs in this process
    before it joins the reading (an import the next stage needs, say): with
    children reading, it costs no time."""
    return _spread(len(jobs), lambda i: read_entry(*jobs[i], reach, texts), list[tuple[int, FileResult]],
                   workers, progress, meanwhile)


def read_pages_prose(jobs: list[Job], workers: int | None = None) -> list[Entry]:
    """The running text of every site page in ``jobs``, read on every core
    (``build(..., page_mentions=True)``: reading all of MDN's pages whole is
    most of such a build)."""
    found = _spread(len(jobs), lambda i: read_prose(*jobs[i]), list[tuple[int, Entry | None]], workers)
    return [entry for entry in found if entry is not None]


def _spread(count: int, one: Callable[[int], Any], result_type, workers: int | None = None,
            progress: Callable[[int, int], None] | None = None,
            meanwhile: Callable[[], None] | None = None) -> list:
    """``[one(0), ..., one(count - 1)]``, computed by this process and forked
    children taking chunks from one queue; what a failed child had taken is
    done here afterwards."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if count < PARALLEL_FROM or workers <= 1 or not CAN_FORK:
        if meanwhile:
            meanwhile()
        return _here(one, range(count), progress)
    chunks = [range(i, min(i + CHUNK, count)) for i in range(0, count, CHUNK)]
    queue = ChunkQueue(len(chunks))
    children: list[Forked] = []
    results: dict[int, Any] = {}
    try:
        children = [Forked(lambda: [_encoded([(i, one(i)) for i in chunks[n]]) for n in queue])
                    for _ in range(workers - 1)]
        if meanwhile:
            meanwhile()
        for number in queue:
            for index in chunks[number]:
                results[index] = one(index)
            if progress:
                progress(min(len(results) * workers, count), count)
        for child in children:
            try:
                for chunk in child.result(list[result_type]):
                    results.update(chunk)
            except ChildFailed:
                pass  # its part is done below
    except BaseException:
        for child in children:
            child.cancel()
        raise
    finally:
        queue.close()
    missing = [i for i in range(count) if i not in results]
    results.update(zip(missing, _here(one, missing, None)))
    if progress:
        progress(count, count)
    return [results[i] for i in range(count)]


def _encoded(chunk: list):
    """A chunk's results encoded as soon as they are made, not all at the end,
    when encoding them kept the other process waiting."""
    import msgspec

    return msgspec.Raw(msgspec.msgpack.encode(chunk))


def _here(one: Callable[[int], Any], indices, progress) -> list:
    out = []
    for done, index in enumerate(indices, 1):
        out.append(one(index))
        if progress and (done % 200 == 0 or done == len(indices)):
            progress(done, len(indices))
    return out
