"""Defaults for ``build`` and ``check`` from a configuration file, as ruff
reads its own.

The file is ``gloss-graph.toml`` (keys at the top level) or the
``[tool.gloss-graph]`` table of ``pyproject.toml``, in the current folder
or the nearest folder above it that holds one; in one folder
``gloss-graph.toml`` wins, and a ``pyproject.toml`` without the table is
passed over. Keys:

    sources = ["files"]           # SOURCEs when none is given
    output = "build/glossary"      # build's -o
    base-iri = "https://example.org/id/"
    fail-on = ["broken-references", "unreadable"]
    select = ["broken-references", "orphans"]
    ignore = ["untranslated"]

``sources`` and ``output`` are relative to the file's folder. A kind list
may also be one comma-separated string. Options on the command line win
over the file. Any other key, or a value of the wrong type, is a one-line
error naming the file and the key (exit status 2), so that a typo never
passes silently. TOML is read by ``tomllib`` (``tomli`` on Python 3.10):
data, never code.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

OWN_FILE = "gloss-graph.toml"
PYPROJECT = "pyproject.toml"
TABLE = "tool.gloss-graph"
KIND_KEYS = ("fail-on", "select", "ignore")
KEYS = ("sources", "output", "base-iri", *KIND_KEYS)
MAX_BYTES = 1024 * 1024  # a configuration file larger than this is surely not one
# How a pyproject.toml can hold the table, at the start of a line (not in a
# comment): [tool.gloss-graph], [tool."gloss-graph"], dotted keys
# (tool.gloss-graph.x = ...), or a [tool] table with a gloss-graph key. Only
# a file that may is parsed: most pyproject.toml files never are, nor is one
# whose project is merely named gloss-graph or has a gloss-graph script.
_TOOL_TABLE = re.compile(r"""^[ \t]*(?:\[[ \t]*)?tool[ \t]*\.[ \t]*["']?gloss-graph\b""", re.M)
_TOOL_HEADER = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\]", re.M)
_KEY = re.compile(r"""^[ \t]*["']?gloss-graph["']?[ \t]*[=.]""", re.M)


@dataclass(frozen=True)
class Config:
    """What a configuration file sets; None where it sets nothing.
    ``path`` is the file read (None when there is none)."""

    path: Path | None = None
    sources: tuple[str, ...] | None = None
    output: str | None = None
    base_iri: str | None = None
    fail_on: tuple[str, ...] | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None

    @property
    def where(self) -> str:
        """The file and table, for messages: ``pyproject.toml [tool.gloss-graph]``."""
        if self.path is None:
            return ""
        return f"{self.path} [{TABLE}]" if self.path.name == PYPROJECT else str(self.path)


def find(start: str | Path = ".") -> Path | None:
    """The configuration file that applies in ``start``: the nearest
    ``gloss-graph.toml``, or ``pyproject.toml`` with a ``[tool.gloss-graph]``
    table, in ``start`` or a folder above it."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        own = candidate / OWN_FILE
        if own.is_file():
            return _shown(own)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return _shown(pyproject)
    return None


def load(path: str | Path) -> Config:
    """Read and check one configuration file (``gloss-graph.toml``, or a
    ``pyproject.toml``'s table)."""
    path = Path(path)
    data = _read_toml(path)
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("gloss-graph", {}) if isinstance(data.get("tool"), dict) else {}
    else:
        table = data
    where = f"{path} [{TABLE}]" if path.name == PYPROJECT else str(path)
    if not isinstance(table, dict):
        raise UsageError(f"{where}: is not a table of keys")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    folder = path.parent
    return Config(
        path=path,
        sources=_paths(table, "sources", where, folder),
        output=_path(table, "output", where, folder),
        base_iri=_text(table, "base-iri", where),
        fail_on=_kinds(table, "fail-on", where),
        select=_kinds(table, "select", where),
        ignore=_kinds(table, "ignore", where),
    )


def discover(start: str | Path = ".") -> Config:
    """``load(find(start))``, or an empty Config when no file applies."""
    path = find(start)
    return load(path) if path is not None else Config()


# --- reading --------------------------------------------------------------------


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has the table; parsed only when its text
    names gloss-graph at all (most do not)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if not (_TOOL_TABLE.search(text) or (_TOOL_HEADER.search(text) and _KEY.search(text))):
        return False
    data = _read_toml(path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "gloss-graph" in tool


def _read_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UsageError(f"{path}: is larger than {MAX_BYTES // 1024} KiB; not a configuration file")
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{path}: not valid TOML: {_one_line(err)}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not valid TOML: not UTF-8") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None


def _shown(path: Path) -> Path:
    """The path as short as it can be written from the current folder."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive
        return path


# --- values -----------------------------------------------------------------------


def _text(table: dict, key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: {key} must be a non-empty string, not {_kind_of(value)}")
    return value


def _path(table: dict, key: str, where: str, folder: Path) -> str | None:
    value = _text(table, key, where)
    return _relative(folder, value) if value is not None else None


def _paths(table: dict, key: str, where: str, folder: Path) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise UsageError(f"{where}: {key} must be a list of paths (strings), not {_kind_of(value)}")
    return tuple(_relative(folder, v) for v in value)


def _kinds(table: dict, key: str, where: str) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {key} must be a list of kinds (strings), not {_kind_of(value)}")
    from .findings import parse_kinds

    try:
        parse_kinds(value, key, words=key == "fail-on")  # fail-on may be "all" or "none"
    except UsageError as err:
        raise UsageError(f"{where}: {err}") from None
    return tuple(v.strip() for v in value if v.strip())


def _relative(folder: Path, value: str) -> str:
    """A path written in the file (relative to its folder), as seen from
    the current folder."""
    return value if os.path.isabs(value) else os.path.normpath(os.path.join(folder, value))


def _kind_of(value) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a table",
             str: "a string"}
    return names.get(type(value), type(value).__name__)


def _one_line(err: Exception) -> str:
    from .terminal import safe

    return safe(str(err).splitlines()[0] if str(err) else type(err).__name__)
