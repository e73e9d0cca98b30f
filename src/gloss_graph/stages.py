"""Telling a caller which stage a build or a check is in.

``build`` and ``findings.check`` take ``stage(name, total)``, called once
as each stage starts, with the number of items where it is known (the
files to read). The stages, in order:

- ``reading``: the files are read (``progress(done, total)`` meanwhile);
- ``resolving``: references resolved, the graph made;
- ``page``: graph.html laid out and written;
- ``turtle``: glossary.ttl (and any extra format) written;
- ``report``: the report made (and, by ``build``, written);
- ``outputs``: ``turtle`` and ``report`` together, when a second process
  writes them while this one writes the page (a two-core build).

The command line shows them as a progress bar on a terminal, or one line
each with ``--verbose`` (cli/progress.py). A stage's notice costs a
function call: nothing a build would notice.
"""
from __future__ import annotations

from typing import Callable

READING = "reading"
RESOLVING = "resolving"
PAGE = "page"
TURTLE = "turtle"
REPORT = "report"
OUTPUTS = "outputs"


class Stages:
    """Calls ``stage(name, total)`` once per stage, in order, never twice
    for the same stage in a row; does nothing without ``stage``."""

    def __init__(self, stage: Callable[[str, "int | None"], None] | None = None):
        self.stage = stage
        self.current: str | None = None

    def start(self, name: str, total: int | None = None) -> None:
        if self.stage is not None and name != self.current:
            self.current = name
            self.stage(name, total)

    def reading(self, progress: Callable[[int, int], None] | None):
        """``progress`` as given, and the ``resolving`` stage started as
        soon as the last file is read (resolving follows at once, inside
        ``corpus.load``)."""
        if self.stage is None:
            return progress

        def update(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if done >= total:
                self.start(RESOLVING)

        return update
