"""Problems with input files, printed as compilers do: ``file:line: severity: reason``.

File names and reasons come from input: each line goes through
``terminal.safe``. A flood is cut (``flood.py``): at most ``flood.SHOWN``
problems of one kind per file, then one line saying how many more there
are (report.json lists more of them, and counts them all).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .. import flood
from ..terminal import safe


def location(source: str, file: str, line: int | None) -> str:
    path = Path(source, file).as_posix() if source else file
    return f"{path}:{line}" if line else path


def print_problems(problems, stream=None) -> None:
    stream = stream or sys.stderr
    shown, more = flood.limit(problems, _key, flood.SHOWN)
    left = dict.fromkeys(more, flood.SHOWN)  # lines still to print of each kind that was cut
    for p in shown:
        print(safe(f"{location(p.source, p.file, p.line)}: {p.severity}: {p.reason}"), file=stream)
        key = _key(p)
        if key in left:
            left[key] -= 1
            if not left[key]:  # its last line: say how many more there are
                print(safe(f"{location(p.source, p.file, None)}: {p.severity}: and {more[key] - flood.SHOWN} "
                           f"more like this: {key[-1]}"), file=stream)


def _key(problem) -> tuple[str, str, str, str]:
    return (problem.source, problem.file, problem.severity, flood.kind(problem.reason))
