"""Stale translations, from the English files' git history.

A translated entry records the mdn/content commit it was translated from
(``l10n.sourceCommit`` in its front matter). It is **stale** when the English
file it translates changed after that commit: some commit that changed the
English file (under its current path, or under an older path before a
rename) is not an ancestor of the source commit. ``commits_behind`` counts
those commits. It is **unknown** when that cannot be decided: no source
commit, a source commit the repository does not have (or that lies beyond a
shallow clone's boundary), an English file with no commits. Unknown is never
counted as fresh.

``judge_corpus(corpus)`` does this for every translation of a loaded
glossary (``translations_of``); report.py turns the result into the
report's ``staleness`` and ``stale_translations`` sections, and asks
``gitdir.py`` first, so that outside git this module is not even imported.

Cost: nothing at all when the en-US source is not in a git work tree (the
parents are searched for ``.git`` before any process starts), and otherwise
four git processes whatever the number of translations:

1. ``git rev-parse --show-toplevel --is-shallow-repository``: the work tree
   and whether it is a shallow clone;
2. ``git log -z --topo-order --name-status -M --format=...`` over the English
   glossary folder(s): every commit that touched an English entry, its
   commit time and the paths it added, modified or renamed;
3. ``git cat-file --batch-check``, fed every distinct source commit on
   stdin: which ones the repository has, and that they are commits;
4. ``git rev-list --stdin --topo-order --parents --timestamp``, fed the same
   commits: their ancestry, from which the ancestors of each source commit
   among the commits of step 2 are computed in Python (one bit set per
   commit, propagated from parents to children).

Steps 3 and 4 are skipped when no translation has a usable source commit.

Security. The en-US source is a folder the user gave us, possibly the
checkout of an untrusted pull request, and its ``.git/config`` can name
programs for git to run: ``core.fsmonitor``, ``core.pager``/``pager.*``,
``diff.external``, textconv and filter drivers, ``gpg.program`` with
``log.showSignature`` (which makes a plain ``git log`` run it), and, in a
partial clone, a promisor remote with an ``ext::`` URL that any read of a
missing object fetches from. So git runs:

- with an environment built from scratch, not inherited: ``PATH``, ``HOME``
  and ``XDG_CONFIG_HOME`` (so the user's own ``safe.directory`` still
  applies) and
  ``LC_ALL=C``, ``GIT_TERMINAL_PROMPT=0``, ``GIT_OPTIONAL_LOCKS=0``,
  ``GIT_PAGER=cat``, ``PAGER=cat``, ``GIT_CONFIG_NOSYSTEM=1``,
  ``GIT_ALLOW_PROTOCOL=`` (no transport at all, so no lazy fetch can reach
  a remote) and ``GIT_NO_LAZY_FETCH=1``; no ``GIT_DIR``, ``GIT_EXTERNAL_DIFF``
  or ``GIT_CONFIG_*`` of the caller's leaks in;
- with ``-c`` settings, which outrank the repository's config:
  ``core.fsmonitor=false``, ``core.hooksPath=/dev/null``, ``diff.external=``,
  ``core.pager=cat``, ``log.showSignature=false``, ``color.ui=false``;
- with ``--no-pager`` and ``--literal-pathspecs``, and only read-only
  commands that run no hooks, filters or textconv: ``rev-parse``, ``log``
  (with ``--no-textconv --no-ext-diff --no-show-signature --no-color`` and a
  format without signature placeholders), ``cat-file --batch-check`` and
  ``rev-list``. Aliases cannot shadow these built-in commands. Only
  hexadecimal hashes are passed on, never a revision expression.

Every call has a timeout; the process group is killed when it passes. A
failure (git missing, non-zero exit, output this module cannot read, a
timeout) makes the whole result "not determined" with a one-line reason,
never a traceback. Dates come from commit timestamps (committer time),
written as UTC dates, so the result depends on the repository only.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from .gitdir import NOT_IN_WORK_TREE, find_dot_git
from .terminal import safe

EN = "en-US"
STALE = "stale"
UNKNOWN = "unknown"

# Seconds each git process may take. The whole history of mdn/content is
# walked by step 4, which takes seconds; a minute means something is wrong.
TIMEOUT_SECONDS = 60.0

GIT_MISSING = "git is not installed"

_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "diff.external=",
    "core.pager=cat",
    "log.showSignature=false",
    "color.ui=false",
)
_FIXED_ENV = {
    "LC_ALL": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_ALLOW_PROTOCOL": "",
    "GIT_NO_LAZY_FETCH": "1",
}
# Kept from the caller's environment: where programs are, whose config is
# the user's own (not the repository's), and what Windows needs to start one.
_KEPT_ENV = ("PATH", "HOME", "XDG_CONFIG_HOME", "SYSTEMROOT")

_HASH = re.compile(r"[0-9a-f]{7,64}")
_FULL_HASH = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")


@dataclass(frozen=True)
class Translation:
    """One translated entry and the English entry it translates."""

    locale: str  # "de"
    slug: str  # "Glossary/API"
    file: str  # as reported to users, "files/de/glossary/api/index.md"
    english_file: str  # as reported, "files/en-us/glossary/api/index.md"
    english_path: str  # absolute path of the English index.md on disk
    source_commit: str | None  # l10n.sourceCommit; None when the translation has none


@dataclass(frozen=True)
class StaleTranslation:
    locale: str
    slug: str
    file: str
    english_file: str
    source_commit: str | None
    commits_behind: int | None  # English commits touching the file since source_commit
    last_english_change: str | None  # YYYY-MM-DD (UTC) of the last commit that changed the English file
    last_english_commit: str | None  # that commit's hash
    status: str  # STALE or UNKNOWN
    reason: str  # one short sentence


@dataclass(frozen=True)
class Staleness:
    determined: bool  # False when there is no git history for the English files
    reason: str  # why not determined, or ""
    records: tuple[StaleTranslation, ...]  # stale and unknown ones, sorted by (locale, slug)
    fresh: int  # how many translations are up to date


class GitError(Exception):
    """git could not answer; the message is the one-line reason."""


@dataclass(frozen=True)
class _Change:
    """One file a logged commit changed: its status letter, its path, and
    the path it had before when the commit renamed it."""

    status: str
    path: str
    old_path: str | None


@dataclass(frozen=True)
class _History:
    """The English glossary's history, newest first (``--topo-order``)."""

    hashes: tuple[str, ...]
    times: tuple[int, ...]
    # path -> [(position in hashes, change)], newest first
    changes: dict[str, list[tuple[int, _Change]]]


def stale_translations(translations: Iterable[Translation], english_root: str) -> Staleness:
    """Which ``translations`` lag behind their English file, judged from the
    git history of the work tree holding ``english_root`` (the en-US
    SOURCE folder). See the module docstring for how and at what cost."""
    translations = list(translations)
    if find_dot_git(english_root) is None:
        return _undetermined(NOT_IN_WORK_TREE)
    git = shutil.which("git", path=os.environ.get("PATH", os.defpath))
    if git is None:
        return _undetermined(GIT_MISSING)
    if not translations:
        return Staleness(True, "", (), 0)
    try:
        return _judge_all(git, english_root, translations)
    except GitError as error:
        return _undetermined(str(error))


def judge_corpus(corpus) -> Staleness:
    """``stale_translations`` for every translation in ``corpus`` (a
    ``model.Corpus``), one call per en-US SOURCE (one in practice: an
    mdn/content checkout). When the English entries come from several
    SOURCEs and one of them cannot be judged, nothing is: the result is not
    determined, with that reason. A corpus with no translation is judged at
    once, with no git and no search for one."""
    groups = translations_of(corpus)
    results = [stale_translations(group, root) for root, group in sorted(groups.items())]
    failed = next((r for r in results if not r.determined), None)
    if failed is not None:
        return failed
    records = sorted((r for result in results for r in result.records), key=lambda r: (r.locale, r.slug, r.file))
    return Staleness(True, "", tuple(records), sum(r.fresh for r in results))


def translations_of(corpus) -> dict[str, list[Translation]]:
    """Every translated entry joined to an en-US entry (by the resolver:
    slug, ``translation_of``, redirects), as a ``Translation`` of that
    concept's en-US file, grouped by the en-US entry's SOURCE. Files are
    relative to their SOURCE; ``english_path`` is absolute."""
    groups: dict[str, list[Translation]] = {}
    for concept in corpus.concepts.values():
        english = concept.entries.get(EN)
        if english is None or len(concept.entries) == 1:
            continue
        english_path = os.path.abspath(os.path.join(english.source, english.file))
        for locale, entry in concept.entries.items():
            if locale != EN:
                groups.setdefault(english.source, []).append(Translation(
                    locale=locale, slug=concept.slug, file=entry.file, english_file=english.file,
                    english_path=english_path, source_commit=entry.source_commit))
    return groups


def _undetermined(reason: str) -> Staleness:
    return Staleness(determined=False, reason=reason, records=(), fresh=0)


def _judge_all(git: str, english_root: str, translations: list[Translation]) -> Staleness:
    top, shallow = _work_tree(git, english_root)
    relative = {t.english_path: _inside(top, t.english_path) for t in translations}
    history = _history(git, top, _glossary_folders(english_root, top, relative.values()))
    wanted = sorted({_key(t.source_commit) for t in translations if _usable(t.source_commit)})
    found = _commits_present(git, top, wanted) if wanted else {}
    ancestors, source_times = _ancestors(git, top, sorted(set(found.values())), history) if found else ({}, {})
    records = []
    fresh = 0
    for translation in translations:
        record = _judge(translation, relative[translation.english_path], history, found, ancestors,
                        source_times, shallow)
        if record is None:
            fresh += 1
        else:
            records.append(record)
    records.sort(key=lambda r: (r.locale, r.slug, r.file))
    return Staleness(determined=True, reason="", records=tuple(records), fresh=fresh)


def _judge(translation: Translation, path: str | None, history: _History, found: dict[str, str],
           ancestors: dict[str, int], source_times: dict[str, int], shallow: bool) -> StaleTranslation | None:
    """The record for one translation, or None when it is fresh."""
    positions = _file_commits(history, path) if path is not None else []
    last = min(positions, key=lambda p: (-history.times[p], p)) if positions else None
    last_date = _date(history.times[last]) if last is not None else None
    last_hash = history.hashes[last] if last is not None else None

    def unknown(reason: str) -> StaleTranslation:
        return _record(translation, None, last_date, last_hash, UNKNOWN, reason)

    source = translation.source_commit
    if path is None:
        return unknown("the English file is outside the git work tree")
    if source is None or not source.strip():
        return unknown("no l10n.sourceCommit")
    if not _usable(source):
        return unknown("l10n.sourceCommit is not a commit hash")
    short = _key(source)[:7]
    full = found.get(_key(source))
    if full is None:
        if shallow:
            return unknown(f"source commit {short} is beyond the shallow clone's history")
        return unknown(f"source commit {short} is not in the repository")
    if not positions:
        return unknown("the English file has no commits")
    mask = 0
    for position in positions:
        mask |= 1 << position
    behind = (mask & ~ancestors.get(full, 0)).bit_count()
    if behind == 0:
        return None
    noun = "commit" if behind == 1 else "commits"
    reason = f"{behind} English {noun} since {short} ({_date(source_times[full])})"
    return _record(translation, behind, last_date, last_hash, STALE, reason)


def _record(t: Translation, behind: int | None, last_date: str | None, last_hash: str | None,
            status: str, reason: str) -> StaleTranslation:
    return StaleTranslation(
        locale=t.locale, slug=t.slug, file=t.file, english_file=t.english_file,
        source_commit=t.source_commit, commits_behind=behind, last_english_change=last_date,
        last_english_commit=last_hash, status=status, reason=reason,
    )


def _key(commit: str) -> str:
    return commit.strip().lower()


def _usable(commit: str | None) -> bool:
    """Only hexadecimal hashes go to git: anything else on cat-file's stdin
    would be read as a revision expression (``HEAD~3``, ``main:file``)."""
    return commit is not None and _HASH.fullmatch(_key(commit)) is not None


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d")


def _inside(top: str, file: str) -> str | None:
    """``file`` as git names it (relative to the work tree, ``/``-separated),
    or None when it lies outside the work tree."""
    relative = os.path.relpath(os.path.realpath(file), top)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")


def _glossary_folders(english_root: str, top: str, files: Iterable[str | None]) -> list[str]:
    """The folders to log: for each English file, its nearest ancestor
    named ``glossary`` (so a rename between two entries stays inside the
    logged folder), else the en-US source folder itself."""
    folders = set()
    for file in files:
        if file is None:
            continue
        parts = file.split("/")[:-1]
        lowered = [part.lower() for part in parts]
        if "glossary" in lowered:
            cut = len(lowered) - lowered[::-1].index("glossary")
            folders.add("/".join(parts[:cut]))
        else:
            root = _inside(top, english_root)
            folders.add("." if root in (None, ".") else root)
    return sorted(folders)


def _file_commits(history: _History, path: str) -> list[int]:
    """Positions of the commits that changed ``path``, following it back
    across renames, and stopping where it was added."""
    found: list[int] = []
    name, before, seen = path, -1, set()
    while name is not None and name not in seen:
        seen.add(name)
        following = None
        for position, change in history.changes.get(name, ()):
            if position <= before or change.status == "D":
                continue
            found.append(position)
            if change.status == "A":
                break
            if change.status == "R":
                following, before = change.old_path, position
                break
        name = following
    return found


# --- git --------------------------------------------------------------------


def _environment() -> dict[str, str]:
    env = {name: os.environ[name] for name in _KEPT_ENV if name in os.environ}
    env.update(_FIXED_ENV)
    return env


def _git(git: str, cwd: str, args: list[str], stdin: bytes | None = None) -> bytes:
    """Run one read-only git command; its stdout, or GitError."""
    command = [git, "--no-pager", "--literal-pathspecs"]
    for setting in _CONFIG:
        command += ["-c", setting]
    command += args
    name = f"git {args[0]}"
    try:
        process = subprocess.Popen(
            command, cwd=cwd, env=_environment(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,
        )
    except FileNotFoundError:
        raise GitError(GIT_MISSING) from None
    except OSError as error:
        raise GitError(f"{name} could not start: {safe(error.strerror or error)}") from None
    try:
        out, err = process.communicate(stdin, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise GitError(f"{name} took longer than {TIMEOUT_SECONDS:g} seconds") from None
    if process.returncode != 0:
        raise GitError(_failure(name, process.returncode, err.decode("utf-8", "replace")))
    return out


def _failure(name: str, status: int, stderr: str) -> str:
    """One line saying why git failed: its fatal or error line rather than
    a warning before it."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if any("promisor remote" in line for line in lines):
        # A blob-less partial clone: rename detection needs file contents
        # that only a fetch would bring, and fetching is disabled.
        return f"{name} needs file contents this partial clone lacks and may not fetch; use a full clone"
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    detail = (fatal or lines or [f"exit status {status}"])[0]
    return f"{name} failed: {safe(detail)}"


def _kill(process: subprocess.Popen) -> None:
    """Kill git and anything it started (a fetch, a helper): they share its
    process group, and would otherwise hold the pipes open."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass
    process.communicate()


def _unreadable(name: str) -> GitError:
    return GitError(f"git {name} gave output that cannot be read")


def _work_tree(git: str, folder: str) -> tuple[str, bool]:
    """The work tree's top folder (real path) and whether it is shallow."""
    if not os.path.isdir(folder):
        raise GitError("the en-US source is not a folder")
    out = _git(git, folder, ["rev-parse", "--show-toplevel", "--is-shallow-repository"])
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 2 or lines[1] not in ("true", "false") or not os.path.isabs(lines[0]):
        raise _unreadable("rev-parse")
    return os.path.realpath(lines[0]), lines[1] == "true"


def _history(git: str, top: str, folders: list[str]) -> _History:
    """Every commit reachable from HEAD that changed a file under
    ``folders``, newest first, with the files it changed."""
    if not folders:
        return _History((), (), {})
    out = _git(git, top, [
        "log", "-z", "--topo-order", "--name-status", "-M", "--no-textconv", "--no-ext-diff",
        "--no-show-signature", "--no-color", "--format=%x01%H %ct", "HEAD", "--", *folders,
    ])
    return _parse_history(out)


_HEADER = re.compile(rb"\n?\x01([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d+)")
_STATUS = re.compile(rb"\n?([ACDMRTUXB])\d*")


def _parse_history(out: bytes) -> _History:
    """Read ``log -z --name-status --format=%x01%H %ct``: a header token per
    commit, then a status token followed by one path (two for R and C).
    Paths are taken by count, never parsed, so any byte in a name is fine."""
    hashes: list[str] = []
    times: list[int] = []
    changes: dict[str, list[tuple[int, _Change]]] = {}
    tokens = out.split(b"\0")
    if tokens and tokens[-1] in (b"", b"\n"):
        tokens.pop()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        header = _HEADER.fullmatch(token)
        status = _STATUS.fullmatch(token)
        if header:
            hashes.append(header.group(1).decode())
            times.append(int(header.group(2)))
            index += 1
            continue
        if not status or not hashes:
            raise _unreadable("log")
        letter = status.group(1).decode()
        count = 2 if letter in "RC" else 1
        paths = [os.fsdecode(p) for p in tokens[index + 1:index + 1 + count]]
        if len(paths) != count:
            raise _unreadable("log")
        change = _Change(letter, paths[-1], paths[0] if count == 2 else None)
        changes.setdefault(change.path, []).append((len(hashes) - 1, change))
        index += 1 + count
    return _History(tuple(hashes), tuple(times), changes)


def _commits_present(git: str, top: str, hashes: list[str]) -> dict[str, str]:
    """Which of ``hashes`` (full or abbreviated) name commits here:
    given hash -> full hash. Missing, ambiguous and non-commit ones are left out."""
    stdin = "".join(f"{h}\n" for h in hashes).encode()
    out = _git(git, top, ["cat-file", "--batch-check=%(objectname) %(objecttype)"], stdin)
    lines = out.decode("ascii", "replace").splitlines()
    if len(lines) != len(hashes):
        raise _unreadable("cat-file")
    found = {}
    for given, line in zip(hashes, lines):
        name, _, kind = line.partition(" ")
        if kind == "commit" and _FULL_HASH.fullmatch(name.encode()):
            found[given] = name
    return found


def _ancestors(git: str, top: str, sources: list[str], history: _History) -> tuple[dict[str, int], dict[str, int]]:
    """For each source commit, a bit set of the logged commits (bit =
    position in ``history``) that are its ancestors or itself; and each
    source commit's timestamp. One rev-list over all their ancestry."""
    out = _git(git, top, ["rev-list", "--stdin", "--topo-order", "--parents", "--timestamp"],
               "".join(f"{s}\n" for s in sources).encode())
    bit = {h: 1 << position for position, h in enumerate(history.hashes)}
    rows = []
    for line in out.decode("ascii", "replace").splitlines():
        fields = line.split(" ")
        if len(fields) < 2 or not fields[0].isdigit() or not all(_FULL_HASH.fullmatch(f.encode()) for f in fields[1:]):
            raise _unreadable("rev-list")
        rows.append(fields)
    # --topo-order lists children before parents: walk it backwards so each
    # commit's parents are done before it. Parents beyond a shallow
    # boundary are absent and contribute nothing.
    reach: dict[str, int] = {}
    times: dict[str, int] = {}
    for fields in reversed(rows):
        commit = fields[1]
        mask = bit.get(commit, 0)
        for parent in fields[2:]:
            mask |= reach.get(parent, 0)
        reach[commit] = mask
        times[commit] = int(fields[0])
    if any(s not in reach for s in sources):
        raise _unreadable("rev-list")
    return {s: reach[s] for s in sources}, {s: times[s] for s in sources}
