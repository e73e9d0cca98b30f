"""One build at a time per output folder.

Two builds writing into one folder at once (a watch and a manual run, two CI
jobs sharing a workspace) would each replace files atomically, but could
leave outputs and cache from different builds side by side. A build holds an
exclusive lock on ``OUTPUT/.gloss-graph.lock`` while it reads the cache and
writes; a second build waits for it (saying so once), up to a timeout.

POSIX ``flock`` does this directly and imports nothing; elsewhere the
``filelock`` package does the same job (it costs 30 ms to import, which is
why it is not used where flock is). The lock file itself is left in place
afterwards: deleting it while another process waits on it would let a third
take a different lock at once.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from .errors import GlossGraphError

LOCK_NAME = ".gloss-graph.lock"
POLL = 0.05  # seconds between tries while waiting

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


class LockTimeout(GlossGraphError):
    """Another build held the folder for longer than the timeout allows."""


class OutputLock:
    """``with OutputLock(folder, timeout, on_wait):`` holds the folder's lock."""

    def __init__(self, folder: str | os.PathLike, timeout: float, on_wait: Callable[[str], None] | None = None):
        self.path = Path(folder) / LOCK_NAME
        self.timeout = timeout
        self.on_wait = on_wait
        self._fd: int | None = None
        self._other = None

    def __enter__(self) -> OutputLock:
        if fcntl is None:
            return self._enter_filelock()
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as err:
            raise GlossGraphError(f"{self.path}: cannot open the build lock: {err.strerror or err}") from None
        deadline = time.monotonic() + self.timeout
        said = False
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                pass
            if time.monotonic() >= deadline:
                os.close(self._fd)
                self._fd = None
                raise LockTimeout(self._timeout_message())
            if not said and self.on_wait:
                self.on_wait(f"waiting for another gloss-graph build into {self.path.parent} to finish "
                             f"(at most {self.timeout:g} s; see --lock-timeout)")
                said = True
            time.sleep(POLL)

    def __exit__(self, *exc) -> None:
        if self._other is not None:
            self._other.release()
        elif self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None

    def _enter_filelock(self) -> OutputLock:
        import filelock

        self._other = filelock.FileLock(str(self.path), timeout=self.timeout)
        try:
            self._other.acquire()
        except filelock.Timeout:
            raise LockTimeout(self._timeout_message()) from None
        return self

    def _timeout_message(self) -> str:
        return (f"another gloss-graph build is writing into {self.path.parent}; gave up after "
                f"{self.timeout:g} s (--lock-timeout)")
