"""Read one markdown file: bytes -> text -> front matter -> Entry.

Front matter of MDN's simple shape is read by ``front_matter.parse_simple``;
anything else goes to PyYAML's safe loader through python-frontmatter's
handler (C-accelerated where libyaml is present). Neither can construct
Python objects from a YAML tag, so ``!!python/object`` never runs code.
Both front-matter generations are read: the old one (``tags``,
``translation_of``, ``original_slug``) and the current one (``page-type``,
``sidebar``, ``short-title``, ``status``, ``l10n.sourceCommit``).

A site page that cannot reference the glossary (``reach.Reach``, judged on
its raw bytes) is only counted: it is not decoded, its front matter is not
read, and so a flaw in it is not reported.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from typing import Callable

from . import summary
from .extract import find_references, find_references_and_prose, find_references_and_prose_later
from .front_matter import BOUNDARY, parse_simple
from .model import ENTRY, PAGE, Entry, Problem, SourceFile

MAX_BYTES = 64 * 1024 * 1024  # beyond this a file is surely not a glossary page
# Opened without following a link: discovery checked the links it found, and
# a file swapped for a link since then is refused, not followed.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass
class FileResult:
    """What reading one file gave. ``entry`` is None for a file that could
    not be read (its problems say why) and for a skimmed page."""

    entry: Entry | None
    problems: tuple[Problem, ...] = ()
    skimmed: bool = False  # a site page that cannot reference the glossary: counted only
    digest: str = ""  # hash of the file's bytes, for the incremental cache
    size: int = -1  # the file as it was read (fstat of the open file), for the cache
    mtime_ns: int = -1


class Unreadable(Exception):
    """The file cannot become an Entry; ``line`` is 1-based where known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def read_entry(sf: SourceFile, source: str, reach=None, texts: bool = True) -> FileResult:
    """Read one file. Never raises for bad input: problems come back instead.
    ``reach`` (a ``reach.Reach``) decides which site pages are read whole.
    ``texts``: also keep what a reader sees of an entry, its summary and its
    running text (``check`` needs neither, unless it looks for mentions)."""
    result, later = read_entry_but_texts(sf, source, reach, texts)
    if later is not None:
        result.entry.summary, result.entry.prose = later.summary(), later.prose()
    return result


@dataclass
class EntryTexts:
    """What makes an entry's summary and its running text, when asked."""

    body: str
    make_prose: Callable[[], str] | None  # None for a scheme page: it has no running text

    def summary(self) -> str:
        return summary.definition(self.body)

    def prose(self) -> str:
        return self.make_prose() if self.make_prose is not None else ""


def read_entry_but_texts(sf: SourceFile, source: str, reach=None,
                         texts: bool = True) -> tuple[FileResult, "EntryTexts | None"]:
    """``read_entry`` but for the entry's summary and running text, and what
    makes them (None when there are none to make): a process that reads can
    send the entries on first and make their texts while the entries are
    resolved (reading.read_files)."""
    try:
        data, info = read_bytes(sf.path, follow=sf.link, with_stat=True)
    except Unreadable as err:
        return FileResult(None, (Problem("error", sf.rel, err.line, err.reason, source),)), None
    # Hashed and stamped here, while the bytes are in hand: the cache records
    # the file as it was read, not as a later stat finds it.
    read = {"digest": content_digest(data), "size": info.st_size, "mtime_ns": info.st_mtime_ns}
    if sf.kind == PAGE and reach is not None and not reach.may_reference(data):
        return FileResult(None, skimmed=True, **read), None
    problems: list[Problem] = []

    def warn(reason: str, line: int | None = None) -> None:
        problems.append(Problem("warning", sf.rel, line, reason, source))

    try:
        text = decode(data, warn)
        meta, body, body_line = split_front_matter(text)
        entry = make_entry(sf, source, meta, warn)
    except Unreadable as err:
        return FileResult(None, (*problems, Problem("error", sf.rel, err.line, err.reason, source)), **read), None
    make_prose = None
    if sf.kind == ENTRY and texts:
        refs, ref_problems, make_prose = find_references_and_prose_later(body, body_line, locale=sf.locale)
        entry.body_line = body_line
    elif sf.kind == ENTRY:
        refs, ref_problems = find_references(body, body_line, locale=sf.locale)
    else:
        refs, ref_problems = find_references(body, body_line, keep=reach if sf.kind == PAGE else None,
                                             locale=sf.locale)
    problems.extend(Problem("warning", sf.rel, line, reason, source) for line, reason in ref_problems)
    entry.references = tuple(refs)
    later = None
    if sf.kind != PAGE:
        if texts:
            later = EntryTexts(body, make_prose)
        entry.suspect_lines = summary.suspect_lines(text)
    return FileResult(entry, tuple(problems), **read), later


def read_prose(sf: SourceFile, source: str) -> Entry | None:
    """A site page read only for its running text (``Entry.prose``), where
    mentions.py looks for terms named without a link; None when it cannot
    be read (the build reports why)."""
    try:
        text = decode(read_bytes(sf.path, follow=sf.link), lambda *_: None)
        meta, body, body_line = split_front_matter(text)
        entry = make_entry(sf, source, meta, lambda *_: None)
    except Unreadable:
        return None
    _, _, entry.prose = find_references_and_prose(body, body_line, locale=sf.locale)
    entry.body_line = body_line
    return entry


def content_digest(data: bytes) -> str:
    """A file's identity for the cache: 128 bits of SHA-256, which processors
    compute in hardware (twice as fast as BLAKE2b here, and every input and
    output of a build is hashed)."""
    return hashlib.sha256(data).hexdigest()[:32]


def read_bytes(path: str, follow: bool = False, with_stat: bool = False):
    """The file's bytes (and, ``with_stat``, the open file's stat). Opened
    without blocking (a named pipe would wait forever for a writer) and,
    unless it is a link discovery checked, without following a link; what
    was opened is checked to be a regular file before it is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise Unreadable("became a link after the folder was listed; not followed") from None
        if err.errno == errno.EISDIR:
            raise Unreadable("is a folder, not a file") from None
        raise Unreadable(f"cannot be read: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("is not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_BYTES:
            raise Unreadable(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        data = _read_all(fd, info.st_size)
    except OSError as err:
        raise Unreadable(f"cannot be read: {err.strerror or err}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise Unreadable(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if b"\0" in data:
        raise Unreadable("is binary (holds NUL bytes), not markdown")
    return (data, info) if with_stat else data


def _read_all(fd: int, size: int) -> bytes:
    """Everything, in one read when the size is right (the usual case)."""
    data = os.read(fd, size + 1)
    if len(data) <= size:
        return data
    parts = [data]
    while len(data) and sum(map(len, parts)) <= MAX_BYTES:
        data = os.read(fd, 1 << 20)
        parts.append(data)
    return b"".join(parts)


def decode(data: bytes, warn) -> str:
    """UTF-8 with or without a byte-order mark; CRLF and CR become LF so that
    line numbers mean the same everywhere. Bytes that are not UTF-8 are
    replaced (and reported) rather than losing the entry."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        warn(f"is not valid UTF-8 (byte 0x{data[err.start]:02x}); undecodable bytes replaced", line)
        text = data.decode("utf-8-sig", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """Returns (metadata, body, line number of the body's first line)."""
    if not BOUNDARY.match(text):
        raise Unreadable("has no front matter (expected a '---' line first)", 1)
    parts = BOUNDARY.split(text, 2)
    if len(parts) < 3:
        raise Unreadable("front matter is not closed (no second '---' line)", 1)
    _, fm, body = parts
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    meta = parse_simple(fm)
    if meta is None:
        meta = _yaml(text, fm)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable(f"front matter is a {type(meta).__name__}, not a mapping of keys", 2)
    return meta, body, body_line


def _yaml(text: str, fm: str):
    """The front matter through PyYAML's safe loader (python-frontmatter's
    handler), for whatever the fast path does not read."""
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
        return YAMLHandler().load(fm)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        # The YAML text starts right after the opening '---' (on that line),
        # so its line 0 is the file's line of that '---'.
        opening = BOUNDARY.search(text)
        line = text.count("\n", 0, opening.end()) + mark.line + 1 if mark is not None else None
        raise Unreadable(f"front matter is not valid YAML: {err.problem or err.context}", line) from None
    except yaml.YAMLError as err:
        raise Unreadable(f"front matter is not valid YAML: {err}", 2) from None
    except RecursionError:
        raise Unreadable("front matter nests too deeply", 2) from None


def make_entry(sf: SourceFile, source: str, meta: dict, warn) -> Entry:
    slug = _slug(sf, meta.get("slug"), warn)
    l10n = meta.get("l10n") if isinstance(meta.get("l10n"), dict) else {}
    return Entry(
        folder_slug=sf.folder_slug,
        file=sf.rel,
        source=source,
        locale=sf.locale,
        kind=sf.kind,
        slug=slug,
        title=_title(meta.get("title"), slug, warn),
        tags=_strings(meta.get("tags"), "tags", warn),
        translation_of=_optional(meta.get("translation_of")),
        original_slug=_optional(meta.get("original_slug")),
        page_type=_optional(meta.get("page-type")),
        short_title=_optional(meta.get("short-title")),
        status=_strings(meta.get("status"), "status", warn),
        sidebar=_optional(meta.get("sidebar")),
        source_commit=_optional(l10n.get("sourceCommit")),
        ignore=_suppressed(meta["gloss-graph"], warn) if "gloss-graph" in meta else (),
    )


def _slug(sf: SourceFile, value, warn) -> str:
    from_folder = _slug_from_folder(sf.folder_slug)
    if value is None or not isinstance(value, (str, int, float)) or not str(value).strip():
        warn(f"has no usable 'slug' in its front matter; using {from_folder!r} from its folder", 2)
        return from_folder
    slug = str(value).strip().strip("/")
    if sf.kind == ENTRY and slug.lower() != sf.folder_slug:
        warn(f"slug {slug!r} does not match its folder ({from_folder!r}); the slug is used", 2)
    return slug


def _slug_from_folder(folder_slug: str) -> str:
    head, _, rest = folder_slug.partition("/")
    return "Glossary" + ("/" + rest if rest else "") if head == "glossary" else folder_slug


def _title(value, slug: str, warn) -> str:
    fallback = slug.rsplit("/", 1)[-1].replace("_", " ")
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        warn(f"title is a number ({value}); read as text", 2)
        return str(value)
    what = "missing" if value is None else "empty" if value == "" else f"a {type(value).__name__}, not text"
    warn(f"title is {what}; using {fallback!r} from the slug", 2)
    return fallback


def _strings(value, key: str, warn) -> tuple[str, ...]:
    """``tags:`` may be empty, one string, or a list of strings."""
    if value is None or value == "":
        return ()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return (str(value).strip(),)
    if isinstance(value, list):
        kept = tuple(str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip())
        if len(kept) != len(value):
            warn(f"'{key}' holds items that are not text; they are ignored", 2)
        return kept
    warn(f"'{key}' is a {type(value).__name__}, not a list; ignored", 2)
    return ()


def _suppressed(value, warn) -> tuple[str, ...]:
    """``gloss-graph: {ignore: [kind, ...]}``: the kinds of finding this file
    suppresses (suppression.py), sorted; anything else is a warning."""
    from .findings import ALIASES, KINDS

    if value is None:
        return ()
    if not isinstance(value, dict):
        warn(f"'gloss-graph' is a {type(value).__name__}, not a mapping such as {{ignore: [orphans]}}; ignored", 2)
        return ()
    for key in sorted(str(k) for k in value if k != "ignore"):
        warn(f"'gloss-graph' has an unknown key {key!r} (only 'ignore'); ignored", 2)
    names = value.get("ignore")
    if isinstance(names, str):
        names = names.split(",")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        warn("'gloss-graph: ignore' is not a list of kinds; ignored", 2)
        return ()
    kinds = {ALIASES.get(n.strip(), n.strip()) for n in names if n.strip()}
    for unknown in sorted(kinds - set(KINDS)):
        warn(f"'gloss-graph: ignore' names an unknown kind {unknown!r} (known: {', '.join(KINDS)}); ignored", 2)
    return tuple(sorted(kinds & set(KINDS)))


def _optional(value) -> str | None:
    return str(value).strip() if isinstance(value, (str, int, float)) and str(value).strip() else None


