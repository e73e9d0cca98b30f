"""What a command is doing, while it does it.

On a terminal, a progress bar on stderr, through every stage of
``stages.py`` (reading with a count of files, then resolving, the page,
the Turtle, the report), cleared when the command is done. rich draws it
(it knows terminals, widths and redraws, which is not worth writing by
hand) and is imported only then. With ``--verbose``, one line per stage on
stderr as it starts, on a terminal or not (a CI log). With neither, or with
``-q``, nothing.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

LABELS = {
    "reading": "reading",
    "resolving": "resolving references",
    "page": "writing graph.html",
    "turtle": "writing glossary.ttl",
    "report": "making the report",
    "outputs": "writing glossary.ttl and the reports",
}


@contextmanager
def stages(command: str, enabled: bool = True, verbose: bool = False):
    """Yields ``(progress, stage)``: the ``progress(done, total)`` and
    ``stage(name, total)`` callbacks to give ``build`` or ``findings.check``
    (None where nothing is to be shown)."""
    terminal = enabled and sys.stderr.isatty()
    if not terminal:
        yield None, (_lines(command) if enabled and verbose else None)
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(LABELS["reading"], total=None)
        say = _lines(command, bar.console.print) if verbose else None

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def stage(name: str, total: int | None = None) -> None:
            if say is not None:
                say(name, total)
            # A stage after reading has no count: the bar pulses.
            bar.update(task, description=LABELS.get(name, name), completed=0, total=total)
            bar.refresh()

        yield progress, stage


def _lines(command: str, write=None):
    """``stage(name, total)`` printing one line a stage."""
    def stage(name: str, total: int | None = None) -> None:
        count = f" {total} files" if name == "reading" and total is not None else ""
        line = f"gloss-graph {command}: {LABELS.get(name, name)}{count}"
        if write is not None:
            write(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr, flush=True)

    return stage
