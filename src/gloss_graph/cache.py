"""The build cache: what each file gave last time, and what the last build wrote.

It lives in the output folder as ``.gloss-graph-cache.json`` and it is data,
never code: JSON decoded by msgspec straight into the typed records below,
which checks every field's type on the way in. Output folders are shared,
restored from CI caches and unpacked from artifacts, so whatever is found
under that name is distrusted:

- not a regular file (a link, a folder, a device), larger than
  ``MAX_BYTES``, not JSON, JSON of another shape, nested too deeply, or
  written by another format or version of gloss-graph: ignored with one
  warning, and the build runs as a first build. It then replaces the file
  (a link is replaced, not followed; a folder is left alone and the cache is
  not written, since removing a folder the user made is not ours to do);
- a planted pickle or anything else is just bytes that fail to decode.

What a file gave is reused while the file is unchanged: same size and
modification time, or, when those differ or the time is too close to the
cache's own to be trusted, same content hash. And only under the same *read
key*: the file's locale, kind, place and SOURCE, and for site pages the set
of redirects into the glossary (``reach.Reach.digest``). A file read for
another locale or under other options is read again.

The whole cache is dropped when the package's code changes (``code_version``
hashes the package's own source files), so no result of older code survives
an upgrade or an edit.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

import msgspec

from . import __version__
from .entries import FileResult, content_digest
from .model import PAGE, SourceFile
from .outputs import write_atomic

CACHE_NAME = ".gloss-graph-cache.json"
OLD_PICKLE_NAME = ".gloss-graph-cache.pickle"  # gloss-graph 0.1's cache: never read, removed
FORMAT = 2
MAX_BYTES = 512 * 1024 * 1024  # the whole MDN site's cache is a few MB
RACY_NS = 2_000_000_000  # a file changed this close to the cache's writing is hashed, not trusted
_PACKAGE = Path(__file__).resolve().parent


class Stamp(msgspec.Struct, frozen=True):
    """Size and modification time of a file, and a hash of its bytes."""

    size: int
    mtime_ns: int
    digest: str


class CachedFile(msgspec.Struct):
    stamp: Stamp
    key: str  # the read key: what else the result depends on
    result: FileResult


class CacheFile(msgspec.Struct):
    format: int
    code: str  # code_version() of the gloss-graph that wrote it
    written_ns: int
    files: dict[str, CachedFile] = {}
    inputs: str = ""  # digest of every input stamp and option, for "nothing changed"
    outputs: dict[str, Stamp] = {}  # name -> what the last build wrote
    extra: dict[str, msgspec.Raw] = {}  # stage caches (the layout), each decoded by its stage


def code_version(package: Path = _PACKAGE) -> str:
    """The package's version and a hash of its source: a cache written by any
    other code is not used."""
    digest = hashlib.blake2b(digest_size=12)
    for rel, path in sorted(_source_files(str(package))):
        digest.update(rel.encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return f"{__version__}+{digest.hexdigest()}"


def _source_files(root: str) -> list[tuple[str, str]]:
    """(path relative to ``root`` with "/", path) of the package's code,
    bytecode folders left unwalked (every build asks, before reading)."""
    found = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            if name.endswith((".py", ".rq", ".html", ".js", ".css")):
                found.append((name if rel == "." else f"{rel}/{name}", os.path.join(folder, name)))
    return found


def read_key(sf: SourceFile, source: str, reach_digest: str = "") -> str:
    parts = [sf.locale, sf.kind, sf.folder_slug, sf.rel, source, "link" if sf.link else ""]
    if sf.kind == PAGE:
        parts.append(reach_digest)
    return "\x1f".join(parts)


def stamp_of(path: str | os.PathLike, digest: str = "") -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return Stamp(st.st_size, st.st_mtime_ns, digest) if stat.S_ISREG(st.st_mode) else None


class BuildCache:
    """The cache of one output folder. ``warning`` says why a cache that was
    there could not be used (None when there was none, or it was used)."""

    def __init__(self, folder: str | os.PathLike, *, use: bool = True):
        self.path = Path(folder) / CACHE_NAME
        self.code = code_version()
        self.warning: str | None = None
        self.writable = True
        self.hits = 0
        stored = self._load() if use else None
        self.previous = stored or CacheFile(FORMAT, self.code, 0)
        self.files: dict[str, CachedFile] = {}
        self.stamps: dict[str, tuple[int, int]] = {}  # path -> (size, mtime_ns) of every input as read

    # --- loading, distrustfully ---------------------------------------------

    def _load(self) -> CacheFile | None:
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            return None
        except OSError as err:
            return self._ignore(f"cannot be read ({err.strerror})")
        if stat.S_ISDIR(info.st_mode):
            self.writable = False
            return self._ignore("is a folder, not a cache file; it is left alone and no cache is written")
        if not stat.S_ISREG(info.st_mode):
            return self._ignore("is not a regular file (a link, pipe or device); it will be replaced")
        if info.st_size > MAX_BYTES:
            return self._ignore(f"is larger than {MAX_BYTES // 2**20} MiB; it will be replaced")
        data = self._read()
        if data is None:
            return None
        try:
            stored = msgspec.json.decode(data, type=CacheFile)
        except (msgspec.DecodeError, RecursionError, ValueError, MemoryError):
            return self._ignore("is not a gloss-graph cache (not JSON of the expected shape); it will be replaced")
        if stored.format != FORMAT or stored.code != self.code:
            return self._ignore("was written by another version of gloss-graph; it will be replaced", quiet=True)
        return stored

    def _read(self) -> bytes | None:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return self._ignore("is not a regular file; it will be replaced")
                return handle.read(MAX_BYTES + 1)
        except OSError as err:
            return self._ignore(f"cannot be read ({err.strerror or err}); it will be replaced")

    def _ignore(self, why: str, quiet: bool = False) -> None:
        # A cache of an older gloss-graph is the expected case after an
        # upgrade: said once, without alarm. Anything else is a warning.
        self.warning = f"{self.path}: {why}" if not quiet else None
        return None

    # --- per file -----------------------------------------------------------

    def lookup(self, sf: SourceFile, key: str) -> FileResult | None:
        """What ``sf`` gave last time, if it is unchanged and read the same way.
        The file's size and time come from ``stamps`` when the build took
        them already (``known_stamps``), else from a stat now."""
        cached = self.previous.files.get(sf.path)
        if cached is None or cached.key != key:
            return None
        size, mtime = self.stamps.get(sf.path) or _stat(sf.path)
        if size < 0:
            return None
        self.stamps[sf.path] = (size, mtime)
        old = cached.stamp
        racy = old.mtime_ns >= self.previous.written_ns - RACY_NS
        if (size, mtime) != (old.size, old.mtime_ns) or racy:
            if size != old.size or _hash(sf.path) != old.digest:
                return None
        self.files[sf.path] = CachedFile(Stamp(size, mtime, old.digest), key, cached.result)
        self.hits += 1
        return cached.result

    def store(self, sf: SourceFile, key: str, result: FileResult) -> None:
        """Keep what a file gave. Files that could not be read are not kept
        (they are read again next time, and say why again)."""
        if result.size >= 0:
            self.stamps[sf.path] = (result.size, result.mtime_ns)
        if not result.digest or (result.entry is None and not result.skimmed):
            return
        if not sf.path.isascii() and not _is_utf8(sf.path):
            return  # a name that is not UTF-8 cannot be a JSON key: read again next time
        self.files[sf.path] = CachedFile(Stamp(result.size, result.mtime_ns, result.digest), key, result)

    # --- the build as a whole -----------------------------------------------

    def up_to_date(self, inputs: str, newest_ns: int, folder: Path) -> bool:
        """Whether the last build had exactly these inputs and its outputs
        are still there as it wrote them. An input changed too close to the
        last build for its time to be trusted (``newest_ns``) says no."""
        previous = self.previous
        if not previous.inputs or previous.inputs != inputs or not previous.outputs:
            return False
        if newest_ns >= previous.written_ns - RACY_NS:
            return False
        return all(stamp_of(folder / name) is not None and _same_file(stamp_of(folder / name), stamp)
                   for name, stamp in previous.outputs.items())

    def extra(self, name: str, type):
        """A stage's own cached data (validated as ``type``), or None."""
        raw = self.previous.extra.get(name)
        if raw is None:
            return None
        try:
            return msgspec.json.decode(raw, type=type)
        except (msgspec.DecodeError, RecursionError, ValueError):
            return None

    def encoded_files(self) -> msgspec.Raw:
        """The per-file part of the cache, encoded: the bulk of it, which a
        build encodes while its other process finishes."""
        return msgspec.Raw(msgspec.json.encode(dict(sorted(self.files.items()))))

    def save(self, inputs: str, outputs: dict[str, Stamp], extra: dict[str, object],
             files: msgspec.Raw | None = None) -> None:
        """Write the cache for this build (a cache that could not be used is
        replaced). ``files``: ``encoded_files()``, if made already."""
        if not self.writable:
            return
        data = CacheFile(FORMAT, self.code, time.time_ns(), files or self.encoded_files(), inputs, outputs,
                         {k: msgspec.Raw(msgspec.json.encode(v)) for k, v in sorted(extra.items())})
        write_atomic(self.path, msgspec.json.encode(data))
        old = self.path.with_name(OLD_PICKLE_NAME)
        if old.is_file() and not old.is_symlink():
            old.unlink()


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stat(path: str) -> tuple[int, int]:
    stamp = stamp_of(path)
    return (stamp.size, stamp.mtime_ns) if stamp is not None else (-1, -1)


def _same_file(now: Stamp | None, then: Stamp) -> bool:
    return now is not None and (now.size, now.mtime_ns) == (then.size, then.mtime_ns)


def _hash(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return content_digest(handle.read())
    except OSError:
        return None

