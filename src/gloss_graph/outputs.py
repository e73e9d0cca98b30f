"""Writing outputs atomically: a temporary file in the same folder, then
``os.replace``, so an interrupted run leaves the previous file intact and a
reader never sees half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def write_if_changed(path: str | os.PathLike, data: bytes | str, previous=None):
    """Write ``path`` unless it already holds exactly ``data``, as the last
    build left it (``previous``, a cache.Stamp); returns the file's Stamp."""
    from .cache import stamp_of
    from .entries import content_digest

    if isinstance(data, str):
        data = data.encode("utf-8")
    digest = content_digest(data)
    now = stamp_of(path) if previous is not None and previous.digest == digest else None
    if now is not None and (now.size, now.mtime_ns) == (previous.size, previous.mtime_ns):
        return previous
    write_atomic(path, data)
    return stamp_of(path, digest)
