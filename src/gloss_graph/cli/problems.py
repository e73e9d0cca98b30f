"""Problems with input files, printed as compilers do: ``file:line: severity: reason``.

File names and reasons come from input: each line goes through ``terminal.safe``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..terminal import safe


def location(source: str, file: str, line: int | None) -> str:
    path = Path(source, file).as_posix() if source else file
    return f"{path}:{line}" if line else path


def print_problems(problems, stream=None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        print(safe(f"{location(p.source, p.file, p.line)}: {p.severity}: {p.reason}"), file=stream)
