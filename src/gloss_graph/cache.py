"""Incremental rebuilds: what each file gave last time, reused while the file
is unchanged.

A file counts as unchanged when its size and modification time match what
was stored, or, when they do not, its content hash does (a checkout or a
copy touches times without changing bytes). The cache is dropped whole when
it was written by other code: its fingerprint is a hash of this package's
own source files, so any change to how files are read invalidates it.

The cache lives in the output folder and is a pickle: it is written and read
only by gloss-graph itself, in a folder the user owns, like any build cache.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from stat import S_ISREG
from pathlib import Path

from .entries import content_digest
from .outputs import write_atomic

CACHE_NAME = ".gloss-graph-cache.pickle"
_PACKAGE = Path(__file__).resolve().parent


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(path: str) -> str | None:
    """Only for a file whose time changed: was its content changed too?"""
    try:
        with open(path, "rb") as handle:
            return content_digest(handle.read())
    except OSError:
        return None


class EntryCache:
    """``path -> (size, mtime_ns, content hash, result)`` for one output folder."""

    def __init__(self, folder: str | os.PathLike):
        self.path = Path(folder) / CACHE_NAME
        self.fingerprint = code_fingerprint()
        self.items: dict[str, tuple] = {}
        self.hits = 0
        self.changed = False
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("fingerprint") == self.fingerprint:
                self.items = stored["items"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
            self.items = {}  # no cache, or an unreadable one: start afresh

    def lookup(self, path: str):
        """The stored result for an unchanged file, else None."""
        stored = self.items.get(path)
        if stored is None:
            return None
        size, mtime, digest, result = stored
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if not S_ISREG(stat.st_mode):
            return None
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            if stat.st_size != size or content_hash(path) != digest:
                return None
            self.items[path] = (size, stat.st_mtime_ns, digest, result)
            self.changed = True
        self.hits += 1
        return result

    def store(self, path: str, result) -> None:
        """Keep what a file gave. Files that could not be read are not kept
        (they are read again next time, and say why again)."""
        entry = result[0]
        if entry is None or not entry.digest:
            return
        try:
            stat = os.stat(path)
        except OSError:
            return
        if not S_ISREG(stat.st_mode):
            return  # a pipe or device: never opened, never cached
        self.items[path] = (stat.st_size, stat.st_mtime_ns, entry.digest, result)
        self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, forgetting files that are no longer read."""
        if set(self.items) - keep:
            self.items = {p: v for p, v in self.items.items() if p in keep}
            self.changed = True
        if self.changed:
            data = pickle.dumps({"fingerprint": self.fingerprint, "items": self.items}, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(self.path, data)
