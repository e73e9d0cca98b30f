"""``watch(sources, output)``: build, then build again on every save, and say
what each rebuild changed in the findings.

Each rebuild is an ordinary ``build.build`` into the same output folder, so
it is incremental: unchanged files come from the cache, and an output whose
bytes did not change is not written again. Outputs are replaced atomically
and the build holds the folder's lock, so an interrupted rebuild (Ctrl-C)
leaves every output whole, the previous one or the new one.

What changed is told one line per finding that appeared or went away
(``finding_changes``), findings matched as a baseline matches them
(``baseline.fingerprint``: kind, file, target, text, not the line), so a
finding that only moved is not news::

    new orphan: Glossary/Jitter
    new broken reference: content/files/en-us/glossary/latency/index.md:10:249: reference to ...
    fixed: broken reference in content/files/en-us/glossary/browser/index.md:12

Files are watched with ``watchfiles`` (inotify, FSEvents, ...): the
markdown files and ``_redirects.txt`` under each SOURCE, never the output
folder (which may lie inside a SOURCE). With ``port``, the output folder is
served on 127.0.0.1 and open pages reload after each rebuild that wrote
something (serve.py).
"""
from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import findings as kinds
from .baseline import fingerprint, split_by_count
from .errors import GlossGraphError, UsageError
from .findings import Finding
from .sources import split_source
from .terminal import safe

# How each kind of finding is named in a line.
LABELS = {
    kinds.BROKEN: "broken reference",
    kinds.UNREADABLE: "unreadable file",
    kinds.WARNINGS: "warning",
    kinds.ORPHANS: "orphan",
    kinds.DEAD_ENDS: "dead end",
    kinds.UNTRANSLATED: "missing translation",
    kinds.ORPHANED_TRANSLATIONS: "orphaned translation",
    kinds.STALE_TRANSLATION: "stale translation",
    kinds.ENCODING: "encoding flaw",
    kinds.UNLINKED: "unlinked mention",
}
# Kinds that are about a term rather than a place: named by its slug.
BY_TERM = (kinds.ORPHANS, kinds.DEAD_ENDS)
INPUT_NAMES = ("_redirects.txt",)
READY_MS = 250


@dataclass
class Rebuild:
    """One build of a watch: what it wrote and what changed in the findings
    (``lines``), or the one-line ``error`` that stopped it."""

    seconds: float
    findings: list[Finding] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    error: str = ""


def finding_changes(before: list[Finding], after: list[Finding]) -> list[str]:
    """One line per finding in ``after`` and not in ``before`` ("new ..."),
    then one per finding gone ("fixed: ..."), each group in file order.
    Identical findings are counted, as a baseline counts them."""
    _, new, _ = split_by_count(sorted(after, key=Finding.sort_key), fingerprint,
                               Counter(fingerprint(f) for f in before))
    _, fixed, _ = split_by_count(sorted(before, key=Finding.sort_key), fingerprint,
                                 Counter(fingerprint(f) for f in after))
    return [_new(f) for f in new] + [_fixed(f) for f in fixed]


def _new(f: Finding) -> str:
    if f.kind in BY_TERM:
        return f"new {LABELS[f.kind]}: {f.target}"
    return f"new {LABELS[f.kind]}: {_place(f, column=True)}: {f.message}"


def _fixed(f: Finding) -> str:
    if f.kind in BY_TERM:
        return f"fixed: {LABELS[f.kind]} {f.target}"
    return f"fixed: {LABELS[f.kind]} in {_place(f, column=False)}"


def _place(f: Finding, column: bool) -> str:
    where = f.file + (f":{f.line}" if f.line else "")
    return where + (f":{f.column}" if column and f.line and f.column else "")


def watched_folders(sources: list[str]) -> list[str]:
    """The folders to watch: each SOURCE without its ``=LOCALE`` suffix."""
    folders = []
    for source in sources:
        path, _ = split_source(source)
        if not os.path.isdir(path):
            raise UsageError(f"{path}: no such folder")
        folders.append(path)
    return folders


def rebuild(sources: list[str], output: str | Path, before: list[Finding], **options) -> Rebuild:
    """Build once (``build.build`` with ``options``) and compare its findings
    with ``before``. A failure is returned as ``error``, never raised: the
    watch goes on, and the next save may fix it."""
    started = time.perf_counter()
    try:
        return built(sources, output, before, **options)
    except (GlossGraphError, OSError) as err:
        return Rebuild(time.perf_counter() - started, before, error=safe(str(err)))


def built(sources: list[str], output: str | Path, before: list[Finding], **options) -> Rebuild:
    """``rebuild``, with a failure raised (the first build of a watch)."""
    from .build import build

    started = time.perf_counter()
    result = build(sources, output, **options)
    # Unlinked mentions are suggestions, by the hundred: the report and the
    # page list them; the lines here are about what broke or was fixed.
    found = [f for f in kinds.findings(result.report) if f.kind != kinds.UNLINKED] if result.report else before
    return Rebuild(time.perf_counter() - started, found, finding_changes(before, found), list(result.written))


def watch(sources: list[str], output: str | Path, *, port: int | None = None, echo: Callable[[str], None] = print,
          stop_event=None, on_serving: Callable[[str], None] | None = None, **options) -> None:
    """Build ``sources`` into ``output``, then rebuild after every change
    under them until ``stop_event`` (a ``threading.Event``) is set or
    KeyboardInterrupt (Ctrl-C), telling ``echo`` one line per change in the
    findings and one line per rebuild. With ``port``, serve ``output`` on
    127.0.0.1 (``on_serving(url)`` is told where) and reload open pages after
    each rebuild. ``options`` go to ``build.build`` (``locale``, ``workers``,
    ``base_iri``, ...). A usage error in the first build is raised; later
    ones are told and watched past."""
    import watchfiles

    sources = list(sources)
    folders = watched_folders(sources)
    server = None
    if port is not None:  # the port is taken before building, so that a busy one fails at once
        from .serve import LiveServer

        server = LiveServer(output, port)
    try:
        first = built(sources, output, [], **options)
        echo(f"built {safe(str(output))} in {first.seconds:.2f} s: {_count(len(first.findings), 'finding')}")
        if server is not None:
            server.start()
            (on_serving or echo)(server.url)
        last, ready = first, False
        # An empty set of changes comes every READY_MS: the first one says
        # the watcher is in place, so "watching" is never said too early.
        for changes in watchfiles.watch(*folders, watch_filter=InputFilter(output), stop_event=stop_event,
                                        raise_interrupt=True, yield_on_timeout=True, rust_timeout=READY_MS):
            if not ready:
                echo(f"watching {', '.join(safe(f) for f in folders)} (Ctrl-C to stop)")
                ready = True
            if not changes:
                continue
            last = rebuild(sources, output, last.findings, **options)
            for line in last.lines:
                echo(safe(line))
            echo(_summary(last))
            if server is not None and last.written:
                server.reloaded()
    finally:
        if server is not None:
            server.close()


def _summary(result: Rebuild) -> str:
    if result.error:
        return f"rebuild failed: {result.error}"
    changed = f"wrote {', '.join(result.written)}" if result.written else "no output changed"
    news = "no change in findings" if not result.lines else _count(len(result.lines), "change") + " in findings"
    return f"rebuilt in {result.seconds:.2f} s: {changed}; {news}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class InputFilter:
    """The changes that can change a build: markdown files, redirect tables,
    and folders (a moved or deleted entry); nothing in the output folder,
    nothing watchfiles' default filter drops (``.git``, editors' swap and
    backup files, ``__pycache__``)."""

    def __init__(self, output: str | Path):
        import watchfiles

        self.default = watchfiles.DefaultFilter()
        self.deleted = watchfiles.Change.deleted
        self.output = os.path.realpath(output)

    def __call__(self, change, path: str) -> bool:
        if not self.default(change, path):
            return False
        real = os.path.realpath(path)
        if real == self.output or real.startswith(self.output + os.sep):
            return False
        name = os.path.basename(path)
        return name.endswith(".md") or name in INPUT_NAMES or change == self.deleted or os.path.isdir(path)
