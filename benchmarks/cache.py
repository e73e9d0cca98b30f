"""Unpack the whole en-US MDN site once and reuse it.

The site comes as a tarball in ``../shared/mdn`` (14,073 pages). Unpacking it
takes a few seconds, so it is done once into ``.cache/site/`` (git-ignored)
and reused by every later benchmark run. A marker file is written last: a
folder without it (an unpack that was interrupted) is thrown away and
unpacked again, and so is one unpacked from a different tarball (the marker
records the tarball's name, size and modification time).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tarfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SITE_TARBALL_NAME = "mdn-en-us-2026-site.tar.gz"
DEFAULT_CACHE = REPO_ROOT / ".cache" / "site"
MARKER = ".unpacked"
SITE_FOLDER = ("files", "en-us")


def shared_dir() -> Path:
    """The read-only data folder next to the repository."""
    return REPO_ROOT.parent / "shared"


def default_tarball() -> Path:
    return shared_dir() / "mdn" / SITE_TARBALL_NAME


def site_pages(tarball: Path | None = None, cache_dir: Path | None = None) -> Path:
    """Return the unpacked ``files/en-us`` folder, unpacking the tarball first
    unless a finished unpack of the same tarball is already there."""
    tarball = Path(tarball or default_tarball())
    cache_dir = Path(cache_dir or DEFAULT_CACHE)
    if not tarball.is_file():
        raise FileNotFoundError(f"{tarball}: site tarball not found")
    stamp = _stamp(tarball)
    pages = cache_dir.joinpath(*SITE_FOLDER)
    if _is_unpacked(cache_dir, stamp):
        return pages
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    # A lock, so that a test and a benchmark started together do not unpack
    # into the same folder at once; the loser finds the winner's marker.
    with open(cache_dir.parent / f".{cache_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_unpacked(cache_dir, stamp):
            _unpack(tarball, cache_dir, stamp)
    if not pages.is_dir():
        raise FileNotFoundError(f"{tarball}: holds no {'/'.join(SITE_FOLDER)}/ folder")
    return pages


def _stamp(tarball: Path) -> str:
    st = tarball.stat()
    return f"{tarball.name} {st.st_size} {int(st.st_mtime)}\n"


def _is_unpacked(cache_dir: Path, stamp: str) -> bool:
    marker = cache_dir / MARKER
    return marker.is_file() and marker.read_text(encoding="utf-8") == stamp


def _unpack(tarball: Path, cache_dir: Path, stamp: str) -> None:
    if cache_dir.exists():
        shutil.rmtree(cache_dir)  # half-finished, or from another tarball
    cache_dir.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        _extract(tar, cache_dir)
    # Written last: its presence means every file above is complete.
    (cache_dir / MARKER).write_text(stamp, encoding="utf-8")


def _extract(tar: tarfile.TarFile, dest: Path) -> None:
    if hasattr(tarfile, "data_filter"):
        # Python >= 3.10.12 / 3.11.4: refuses absolute paths, '..', devices, links out.
        tar.extractall(dest, filter="data")
        return
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise ValueError(f"{member.name}: unsafe member in site tarball")
    tar.extractall(dest)  # older Python: members checked above
