"""A progress bar on a terminal, nothing elsewhere. rich draws it: it knows
terminals, widths and redraws, which is not worth writing by hand."""
from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(enabled: bool = True, label: str = "reading"):
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
