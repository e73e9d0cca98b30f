"""Work on two cores without a process pool.

A ``ProcessPoolExecutor`` costs tens of milliseconds to start and pickles
every task and result; a glossary build has half a second in all. Here a
child is started with ``os.fork`` (it begins with the parent's imports and
data already in place, in a few milliseconds), runs one function, and sends
its result back over a pipe as msgpack (msgspec): data, never code.

- ``Forked(fn)`` runs ``fn()`` in a child; ``.result()`` waits for it.
  ``Forked(fn, then=(g, h))`` goes on with ``g()`` and ``h()`` in turn,
  each value sent as soon as it is made (``.then_result()``).
- ``ChunkQueue`` hands out chunk numbers to every process that asks, so the
  process that finishes early takes more (the parent has other work too).
- ``Pipe`` carries one value from the parent to a forked child while both
  work: the child waits for it only when it needs it.

Where ``os.fork`` does not exist (Windows) or a child fails, the work is done
in the parent instead: slower, never wrong.
"""
from __future__ import annotations

import os
import struct
import sys
import threading
from typing import Any, Callable

import msgspec

CAN_FORK = hasattr(os, "fork") and sys.platform != "darwin"  # macOS: fork is unsafe with system libraries
_ID = struct.Struct("<I")


class ChildFailed(Exception):
    """A forked child raised or died; the message says how."""


class Forked:
    """``fn()`` run in a forked child. The result must be msgspec-encodable;
    ``result(type)`` decodes it as ``type``. With ``then`` (functions), the
    child goes on to run each once the value before it is sent, and each
    ``then_result(type)`` waits for the next value: the parent takes up the
    first while the child works on."""

    def __init__(self, fn: Callable[[], Any], then: tuple[Callable[[], Any], ...] = ()):
        self.fn = fn
        self._left = 1 + len(then)  # values still to come
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read)
            _child([fn, *then], write)
        os.close(write)
        self._read = read
        self._done = False

    def result(self, type: Any = Any) -> Any:
        """The value of ``fn()``."""
        return self._next(type)

    def then_result(self, type: Any = Any) -> Any:
        """The value of the next of ``then``, after ``result()``."""
        return self._next(type)

    def _next(self, type: Any) -> Any:
        if self._done:
            raise ChildFailed("no value is left to come")
        self._left -= 1
        head = _read_exactly(self._read, _FRAME.size)
        ok, size = _FRAME.unpack(head) if len(head) == _FRAME.size else (None, 0)
        data = _read_exactly(self._read, size)
        if ok is None or len(data) < size:
            status = self._finish()
            raise ChildFailed(f"exit status {status}")
        if not ok:
            self._finish()
            raise ChildFailed(data.decode("utf-8", "replace"))
        if not self._left:
            self._finish()
        return msgspec.msgpack.decode(data, type=type)

    def _finish(self) -> int | None:
        """Close the pipe and reap the child (once); its exit status."""
        if self._done:
            return None
        self._done = True
        os.close(self._read)
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def cancel(self) -> None:
        """Stop the child (on an interrupt): no result is wanted any more."""
        if self._done:
            return
        self._done = True
        try:
            os.kill(self.pid, 15)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
        try:
            os.close(self._read)
        except OSError:
            pass


# A message from a child: whether it is a value (or a failure's reason), and its length.
_FRAME = struct.Struct("<?Q")


def _child(steps: list[Callable[[], Any]], write: int) -> None:
    status = 1
    try:
        for step in steps:
            try:
                payload, ok = msgspec.msgpack.encode(step()), True
            except BaseException as err:  # noqa: BLE001 - reported to the parent, which decides
                payload, ok = f"{type(err).__name__}: {err}".encode("utf-8", "replace"), False
            _write_all(write, _FRAME.pack(ok, len(payload)))
            _write_all(write, payload)
            if not ok:
                break
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers twice


class ChunkQueue:
    """Chunk numbers 0..n-1 in a pipe, taken one at a time by any process
    that holds it (a read of four bytes from a pipe is atomic)."""

    def __init__(self, chunks: int):
        if chunks * _ID.size > 65536:
            raise ValueError("too many chunks for one pipe buffer")
        self._read, write = os.pipe()
        os.write(write, b"".join(_ID.pack(i) for i in range(chunks)))
        os.close(write)

    def __iter__(self):
        while True:
            data = os.read(self._read, _ID.size)
            if len(data) < _ID.size:
                return
            yield _ID.unpack(data)[0]

    def close(self) -> None:
        os.close(self._read)


class Pipe:
    """One value from the parent to a child forked after it was made. The
    parent's ``send`` writes from a thread (a pipe holds 64 KiB, and the
    child may read only later): the parent goes on at once. The child's
    ``receive`` waits for the value; if the parent never sends it (it
    failed), ``receive`` raises ChildFailed and the parent does the work."""

    def __init__(self):
        self._read, self._write = os.pipe()
        self._thread: threading.Thread | None = None

    def send(self, value: Any) -> None:
        """In the parent, once: the value is msgpack-encoded here."""
        os.close(self._read)
        data = msgspec.msgpack.encode(value)

        def write() -> None:
            try:
                _write_all(self._write, data)
            except OSError:
                pass  # the child is gone: the parent does its part without it
            finally:
                os.close(self._write)

        self._thread = threading.Thread(target=write, daemon=True)
        self._thread.start()

    def receive(self, type: Any = Any) -> Any:
        """In the child, once."""
        os.close(self._write)
        data = _read_all(self._read)
        os.close(self._read)
        if not data:
            raise ChildFailed("the parent sent nothing")
        return msgspec.msgpack.decode(data, type=type)

    def close(self) -> None:
        """In the parent, when nothing will be sent (or after sending)."""
        if self._thread is not None:
            self._thread.join()
            return
        for fd in (self._read, self._write):
            try:
                os.close(fd)
            except OSError:
                pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytes:
    """``size`` bytes, or fewer if the pipe ends first."""
    parts, got = [], 0
    while got < size:
        part = os.read(fd, min(size - got, 1 << 20))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _read_all(fd: int) -> bytes:
    parts = []
    while True:
        part = os.read(fd, 1 << 20)
        if not part:
            return b"".join(parts)
        parts.append(part)
