"""Where a folder's git repository is, and which commit it has checked out,
found by reading a few files: no git process, nothing imported.

The build asks this before anything else about git, so that a glossary
outside any repository (the shared MDN snapshots, most uses) pays a few
``stat`` calls for stale translations and nothing more: ``staleness.py``,
which runs git and imports ``subprocess``, is not even imported then.

``head_state`` is part of the key of a build's inputs (build.py): a commit,
a checkout, a fetch or an unshallow changes which translations are stale
without changing any file the build reads, so it must make the next build
run again rather than say "nothing changed".
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

NOT_IN_WORK_TREE = "the en-US source is not inside a git work tree"

# The files whose change means another answer from git: the refs (loose
# ones are read through HEAD; packed ones live here), the shallow boundary,
# and the last fetch (which may bring a source commit the clone lacked).
_WATCHED = ("packed-refs", "shallow", "FETCH_HEAD")
_MAX_READ = 4096


def find_dot_git(folder: str) -> Path | None:
    """The ``.git`` folder or ``gitdir:`` file in ``folder`` or the nearest
    parent holding one; None when there is none. Starts no process."""
    path = Path(os.path.abspath(folder))
    for candidate in (path, *path.parents):
        dot_git = candidate / ".git"
        try:
            if dot_git.is_dir():
                return dot_git
            if dot_git.is_file():
                with open(dot_git, "rb") as handle:
                    if handle.read(_MAX_READ).startswith(b"gitdir:"):
                        return dot_git
        except OSError:
            continue
    return None


def in_work_tree(folders: Iterable[str]) -> bool:
    """Whether any of ``folders`` lies inside a git work tree (as far as a
    ``.git`` above it tells)."""
    return any(find_dot_git(folder) is not None for folder in folders)


def head_state(folders: Iterable[str]) -> str:
    """A string that changes when the commit checked out in the repository
    holding each of ``folders`` changes, or the refs, the shallow boundary
    or the last fetch do; "" when none is in a repository. Only reads files."""
    parts = []
    for folder in sorted(set(folders)):
        dot_git = find_dot_git(folder)
        if dot_git is not None:
            parts.append(_state(dot_git))
    return "\n".join(parts)


def _state(dot_git: Path) -> str:
    git_dir = _git_dir(dot_git)
    common = git_dir
    pointer = _read(git_dir / "commondir").strip()  # a linked worktree shares its refs with the main one
    if pointer:
        common = (git_dir / pointer).resolve()
    head = _read(git_dir / "HEAD").strip()
    parts = [str(git_dir), head]
    if head.startswith("ref: "):
        ref = head[len("ref: "):].strip()
        if ref.startswith("refs/") and ".." not in ref.split("/"):
            parts.append(_read(common / ref).strip() or _read(git_dir / ref).strip())
    for name in _WATCHED:
        parts.append(f"{name}:{_stamp(common / name)}")
    return "\0".join(parts)


def _git_dir(dot_git: Path) -> Path:
    """The repository folder: ``.git`` itself, or where a ``gitdir:`` file
    (a linked worktree, a submodule) points."""
    if dot_git.is_dir():
        return dot_git
    target = _read(dot_git)[len("gitdir:"):].strip()
    return (dot_git.parent / target).resolve() if target else dot_git


def _read(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(_MAX_READ).decode("utf-8", "replace")
    except OSError:
        return ""


def _stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}"
