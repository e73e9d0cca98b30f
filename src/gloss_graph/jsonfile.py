"""Reading a JSON file that someone else may have written, as data only.

``read_json(path, what=..., max_bytes=...)`` returns the parsed value or
raises ``UsageError`` with one line naming the file: missing, a folder, too
large, not UTF-8, not JSON, nested too deeply, a duplicate key, or NaN and
Infinity (which are not JSON). The size is checked before anything is read,
so a huge file costs nothing. Checking the value's shape is the caller's
job; ``problem`` words a shape error the same way.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .errors import UsageError
from .terminal import safe


def read_json(path: str | os.PathLike, *, what: str, max_bytes: int) -> object:
    """The JSON value in ``path``; ``what`` names the file's role in errors
    ("baseline", "report")."""
    path = Path(path)
    data = read_bytes(path, what, max_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise problem(path, f"is not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise problem(path, f"is not JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None
    except RecursionError:
        raise problem(path, "nests JSON too deeply to be a " + what) from None
    except ValueError as err:  # a duplicate key, NaN, or an integer with thousands of digits
        raise problem(path, f"is not a {what}: {err}") from None


def problem(path: str | os.PathLike, reason: str) -> UsageError:
    """``path: reason`` as a usage error, the path made safe to print."""
    return UsageError(f"{safe(os.fspath(path))}: {reason}")


def shown(value) -> str:
    """A value read from a file, short and safe to print in an error."""
    text = safe(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 40 else text[:37] + "..."


def read_bytes(path: Path, what: str, max_bytes: int) -> bytes:
    """The file's bytes, or ``UsageError``: a folder, a pipe or a device, or
    a file larger than ``max_bytes`` is not read."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise problem(path, f"is a folder, not a {what} file")
        if not stat.S_ISREG(status.st_mode):  # a pipe would block the read
            raise problem(path, f"is not a regular file; not a {what}")
        if status.st_size > max_bytes:
            raise problem(path, f"is larger than {max_bytes // (1024 * 1024)} MiB; not a {what}")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise problem(path, "no such file") from None
    except OSError as err:
        raise problem(path, f"cannot be read: {err.strerror or err}") from None
    if len(data) > max_bytes:  # it grew after stat, or is a pipe
        raise problem(path, f"is larger than {max_bytes // (1024 * 1024)} MiB; not a {what}")
    return data


def _no_duplicates(pairs: list) -> dict:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"the key {safe(json.dumps(repeated, ensure_ascii=False))} appears twice in one object")
    return found


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")
