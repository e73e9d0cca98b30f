"""Reading many files: each one independent, so spread over the cores.

Files are taken in chunks from a ``parallel.ChunkQueue`` by the parent and by
forked children alike; a child sends back what its files gave as msgpack,
and, when asked (``texts_later``), its entries' summaries and running text
after that, made while the parent resolves what it was sent. Below
``PARALLEL_FROM`` files, or with one worker, everything is read here.
"""
from __future__ import annotations

import os
from typing import Any, Callable

from .entries import EntryTexts, FileResult, read_entry, read_entry_but_texts, read_prose
from .model import Entry, SourceFile
from .parallel import CAN_FORK, ChildFailed, ChunkQueue, Forked

Job = tuple[SourceFile, str]  # a file and the SOURCE it came from, as given
PARALLEL_FROM = 200  # below this many files a second process costs more than it saves
CHUNK = 16  # files per chunk: small enough to balance, large enough to cost nothing


def read_files(jobs: list[Job], *, reach=None, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               meanwhile: Callable[[], None] | None = None, texts: bool = True,
               texts_later: list | None = None) -> list[FileResult]:
    """One FileResult per job, in order. ``meanwhile`` runs in this process
    before it joins the reading (an import the next stage needs, say): with
    children reading, it costs no time.

    ``texts_later``: a list to which an object is added whose
    ``summaries()`` and then ``prose()`` complete the entries' summaries and
    running text, each to be called before they are needed (or its
    ``cancel()``, when they never will be). The children
    then send their entries first and make those texts while this process
    goes on (resolving the entries, say): they are a fifth of reading an
    entry, and nothing needs them until the graph is made. Without the list
    every entry comes back complete."""
    if texts_later is None or not texts:
        return _spread(len(jobs), lambda i: read_entry(*jobs[i], reach, texts), list[tuple[int, FileResult]],
                       workers, progress, meanwhile)
    later = _Texts(jobs, reach)
    later.results = _spread(len(jobs), lambda i: read_entry(*jobs[i], reach, texts),
                            list[tuple[int, FileResult]], workers, progress, meanwhile,
                            (later.read, (later.made_summaries, later.made_prose)), later.delivered)
    texts_later.append(later)
    return later.results


def read_pages_prose(jobs: list[Job], workers: int | None = None) -> list[Entry]:
    """The running text of every site page in ``jobs``, read on every core
    (``build(..., page_mentions=True)``: reading all of MDN's pages whole is
    most of such a build)."""
    found = _spread(len(jobs), lambda i: read_prose(*jobs[i]), list[tuple[int, Entry | None]], workers)
    return [entry for entry in found if entry is not None]


class _Texts:
    """Summaries and running text made by the reading children after they
    sent their entries: ``summaries()`` and then ``prose()`` put them in
    place, each when it is first needed."""

    def __init__(self, jobs: list[Job], reach):
        self.jobs, self.reach = jobs, reach
        self.pending: dict[int, EntryTexts] = {}  # in a child: job index -> what makes its texts
        self.results: list[FileResult] = []
        self.delivered: list[tuple[Forked, list[int]]] = []  # each child that sent entries, and their indices

    # --- in a child ---------------------------------------------------------
    def read(self, index: int) -> FileResult:
        """The file read but for its texts."""
        result, later = read_entry_but_texts(*self.jobs[index], self.reach)
        if later is not None:
            self.pending[index] = later
        return result

    def made_summaries(self) -> list[tuple[int, str]]:
        return [(index, later.summary()) for index, later in self.pending.items()]

    def made_prose(self) -> list[tuple[int, str]]:
        return [(index, later.prose()) for index, later in self.pending.items()]

    # --- here ---------------------------------------------------------------
    def summaries(self) -> None:
        """Each child's summaries into its entries."""
        self._fill("summary")

    def prose(self) -> None:
        """Each child's running text into its entries (after ``summaries``)."""
        self._fill("prose")
        self.delivered = []

    def _fill(self, field: str) -> None:
        """A child that failed meanwhile has its files read again here, for
        both texts at once."""
        results = self.results
        for child, indices in list(self.delivered):
            try:
                for index, text in child.then_result(list[tuple[int, str]]):
                    setattr(results[index].entry, field, text)
            except ChildFailed:
                self.delivered.remove((child, indices))
                for index in indices:
                    entry = results[index].entry
                    if entry is not None:
                        redone = read_entry(*self.jobs[index], self.reach).entry or entry
                        entry.summary, entry.prose = redone.summary, redone.prose

    def cancel(self) -> None:
        """The texts will not be wanted (the caller failed): stop the children."""
        for child, _ in self.delivered:
            child.cancel()
        self.delivered = []


def _spread(count: int, one: Callable[[int], Any], result_type, workers: int | None = None,
            progress: Callable[[int, int], None] | None = None,
            meanwhile: Callable[[], None] | None = None,
            then: tuple[Callable[[int], Any], tuple[Callable[[], Any], ...]] | None = None,
            delivered: list | None = None) -> list:
    """``[one(0), ..., one(count - 1)]``, computed by this process and forked
    children taking chunks from one queue; what a failed child had taken is
    done here afterwards. ``then``: (what children compute instead of
    ``one``, what each runs once its results are sent, in turn); each child that sent
    its results is added to ``delivered`` with the indices it computed, for
    its ``then_result``."""
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
        in_child, after = then if then is not None else (one, ())
        children = [Forked(lambda: [_encoded([(i, in_child(i)) for i in chunks[n]]) for n in queue], after)
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
                chunks_done = child.result(list[result_type])
            except ChildFailed:
                continue  # its part is done below
            for chunk in chunks_done:
                results.update(chunk)
            if delivered is not None:
                delivered.append((child, [i for chunk in chunks_done for i, _ in chunk]))
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
