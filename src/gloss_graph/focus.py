"""Checking some files against their whole tree: what pre-commit and
``check --changed-since REV`` need.

A glossary file cannot be checked alone: whether its references resolve,
whether anyone references it, whether it is translated, all depend on the
rest of the tree. So ``targets(paths)`` turns the files given into the
trees they belong to (found by walking up from each file to the nearest
folder named ``files``) and keeps the files apart, for the findings to be
reported only for them (``findings.check(..., only=files)``).

``changed_files(rev, folders)`` lists the ``index.md`` files under
``folders`` that git sees as changed since ``rev``. The folders may be an
untrusted checkout (a pull request's), whose ``.git/config`` can name
programs for git to run; git is run as ``staleness`` runs it (an
environment built from scratch, ``-c`` settings that outrank the
repository's, read-only commands only) and only commands that read no file
of the work tree, so that no filter or fsmonitor a checkout names can run:

1. ``git rev-parse --show-toplevel --show-object-format``: the work tree;
2. ``git rev-parse --verify --end-of-options REV^{commit}``: REV as a commit
   hash (a REV starting with ``-`` is refused before);
3. ``git diff --cached --name-only --no-renames REV``: files committed or
   staged since REV (the commit's tree against the index);
4. ``git ls-files --stage``: the index's blob of every tracked file, which
   this module compares with the file's bytes hashed in Python (``git
   hash-object``'s own sum, without its filters): files edited and not
   staged yet. A file whose checkout applies a filter or line-ending
   conversion may be listed though unchanged: it is only checked;
5. ``git ls-files --others --exclude-standard``: files git does not track yet.

Deleted files are not listed: they have no findings of their own (the
broken references a deletion makes in other files are, and a full
``check`` finds them).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from .errors import UsageError
from .terminal import safe

FILES = "files"  # MDN's top folder of locale folders
INDEX = "index.md"


@dataclass
class Targets:
    """What ``check PATH ...`` reads and what it reports on."""

    sources: list[str] = field(default_factory=list)  # trees to read: folders given, and the trees of files given
    files: list[str] = field(default_factory=list)  # files given: report only these (none: report everything)
    skipped: list[str] = field(default_factory=list)  # files given that are not glossary files (not index.md)


def targets(paths: list[str]) -> Targets:
    """Folders are SOURCEs; a file is checked against the tree it lies in,
    the nearest folder above it named ``files``. When files are given,
    findings are reported for them alone, and folders given with them are
    read for context (an English tree beside a translated one)."""
    found = Targets()
    seen: set[str] = set()

    def add_source(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.sources.append(path)

    for path in paths:
        bare, _, _ = path.rpartition("=") if "=" in path and not os.path.exists(path) else (path, "", "")
        if os.path.isdir(bare) or not os.path.exists(bare):
            add_source(path)  # a folder, or PATH=LOCALE, or an error for discover() to word
        elif os.path.basename(bare) != INDEX:
            found.skipped.append(path)
        else:
            add_source(tree_of(path))
            found.files.append(path)
    return found


def tree_of(file: str) -> str:
    """The nearest folder above ``file`` named ``files``, written as the
    file was (relative stays relative)."""
    folder = os.path.dirname(os.path.abspath(file))
    while True:
        if os.path.basename(folder) == FILES:
            return folder if os.path.isabs(file) else os.path.relpath(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            raise UsageError(f"{safe(file)}: not inside a folder named files/ "
                             "(files/<locale>/glossary/<slug>/index.md); give its tree as a SOURCE")
        folder = parent


# --- git ----------------------------------------------------------------------


def changed_files(rev: str, folders: list[str]) -> list[str]:
    """The ``index.md`` files under ``folders`` that are new or changed
    since the commit ``rev`` (committed, staged, edited or untracked), as
    paths from the current folder, sorted."""
    import shutil

    from .staleness import GitError

    if not rev or rev.startswith("-"):
        raise UsageError(f"--changed-since: {safe(rev)!r} is not a revision")
    git = shutil.which("git", path=os.environ.get("PATH", os.defpath))
    if git is None:
        raise UsageError("--changed-since: git is not installed")
    changed: set[str] = set()
    try:
        for top, pathspecs in _work_trees(git, folders).items():
            changed |= {os.path.join(top, p) for p in _changed_in(git, top, rev, pathspecs)}
    except GitError as err:
        raise UsageError(f"--changed-since: {err}") from None
    shown = (os.path.relpath(p) for p in changed if os.path.basename(p) == INDEX)
    return sorted(shown)


def _work_trees(git: str, folders: list[str]) -> dict[str, list[str]]:
    """The work tree of each folder (its top folder, real path) and the
    folders inside it, as paths from its top."""
    from .staleness import GitError, _git

    trees: dict[str, list[str]] = {}
    for folder in folders:
        real = os.path.realpath(folder)
        if not os.path.isdir(real):
            raise UsageError(f"--changed-since: {safe(folder)}: not a folder")
        try:
            out = _git(git, real, ["rev-parse", "--show-toplevel"])
        except GitError as err:
            raise GitError(f"{safe(folder)} is not in a git work tree ({err})") from None
        top = os.path.realpath(out.decode("utf-8", "surrogateescape").strip())
        inside = os.path.relpath(real, top)
        trees.setdefault(top, []).append("." if inside == os.curdir else inside)
    return trees


def _changed_in(git: str, top: str, rev: str, pathspecs: list[str]) -> set[str]:
    from .staleness import GitError, _git

    try:
        out = _git(git, top, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"])
    except GitError:
        out = b""
    commit = out.decode("ascii", "replace").strip()
    if not commit or not all(c in "0123456789abcdef" for c in commit):
        raise GitError(f"{safe(rev)!r} names no commit in {safe(top)}")
    form = _git(git, top, ["rev-parse", "--show-object-format"]).decode("ascii", "replace").strip()
    if "." in pathspecs:
        pathspecs = []  # the whole work tree
    staged = _git(git, top, ["diff", "--cached", "--name-only", "-z", "--no-renames", "--no-ext-diff",
                             "--no-textconv", "--diff-filter=d", commit, "--", *pathspecs])
    index = _git(git, top, ["ls-files", "--stage", "-z", "--", *pathspecs])
    others = _git(git, top, ["ls-files", "--others", "--exclude-standard", "-z", "--", *pathspecs])
    changed = set(_paths(staged)) | set(_paths(others))
    changed |= _edited(top, _paths(index), form)
    return {p for p in changed if _inside(top, p)}


def _edited(top: str, staged: list[str], form: str) -> set[str]:
    """Tracked index.md files whose bytes differ from their index blob."""
    edited = set()
    for line in staged:
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) != 3 or os.path.basename(path) != INDEX or not _inside(top, path):
            continue
        full = os.path.join(top, path)
        if os.path.lexists(full) and _blob_id(full, form) != parts[1]:
            edited.add(path)
    return edited


def _blob_id(path: str, form: str) -> str | None:
    """The id git gives a file's bytes as a blob (``git hash-object
    --no-filters``); None when it cannot be read as a regular file (a link
    is not followed, a pipe not waited on: it is listed, and the check says
    what is wrong with it)."""
    import hashlib

    from .entries import Unreadable, read_bytes

    try:
        data = read_bytes(path)
    except Unreadable:
        return None
    digest = hashlib.sha256() if form == "sha256" else hashlib.sha1()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _paths(out: bytes) -> list[str]:
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _inside(top: str, path: str) -> bool:
    """A path git gave is relative and stays inside the work tree."""
    return not os.path.isabs(path) and ".." not in path.split("/")
