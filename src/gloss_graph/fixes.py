"""``fix(sources)``: turn findings into edits of the markdown files.

Two kinds of edit, both planned from a normal reading of the SOURCEs:

- an unlinked mention (mentions.py) becomes a glossary macro:
  ``call stack`` -> ``{{Glossary("call stack")}}`` when the words are the
  term (slugs compare case-insensitively, and the macro shows its first
  argument), else ``{{Glossary("Call_stack", "calls")}}``; spelled as the
  file's own glossary macros are (name case, quotes, spaces);
- a broken reference whose suggestion is certain (suggest.py: a redirect or
  an exact title) is pointed at the entry meant: the macro's term or the
  link's path after ``/docs/`` is replaced, the reader's text kept.

Every other byte of a file stays as it was: a byte-order mark, CRLF or CR
line ends, trailing white space, a missing final newline, bytes that are not
UTF-8. Positions come from the reading (which drops the mark and reads CR as
a line end), so they are mapped back onto the raw text, and each edit checks
that the text it replaces is there before it is made.

Without ``write`` nothing changes on disk: the result holds a unified diff
(``patch -p1`` or ``git apply`` from the folder the paths are relative to
gives the same bytes as ``write``). With ``write`` each file is replaced
atomically (a temporary file in its folder, then a rename), keeping its
permission bits; a read-only file or a symbolic link is reported and left
alone, and the rest are fixed.
"""
from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .entries import Unreadable, read_bytes
from .errors import UsageError
from .extract import macros
from .model import GLOSSARY, LINK, TO_MISSING, Corpus

EXIT_CLEAN, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2
CONFIDENCES = ("high", "low")
_BREAK = re.compile(r"\r\n|\r|\n")
_DIFF_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_SPELLING = re.compile(r"\{\{(?P<open>\s*)(?P<name>glossary)(?P<paren>\s*\(\s*)(?P<quote>[\"'])", re.IGNORECASE)
_SEPARATOR = re.compile(r"\{\{\s*glossary\s*\(\s*([\"'])(?:[^\"'\\\n]|\\.)*\1(\s*,\s*)[\"']", re.IGNORECASE)
_DOCS_PATH = re.compile(r"(?i)(/docs/)(glossary/[^#?\s)\"'>]*)")
_PREFIX = "glossary/"
_FIRST_STRING = re.compile(macros.STRING)  # a macro's first argument, as the scanner reads strings


@dataclass
class Edit:
    """One change at (line, column) of a file: a mention's ``text`` made a
    glossary macro with ``args``, or the reference starting there pointed
    at ``slug``."""

    path: str  # on disk
    line: int  # 1-based, as the reading counted
    column: int  # 1-based, in characters
    why: str  # for the person reading the plan
    text: str = ""  # a mention: the words, as read
    args: tuple[str, ...] = ()  # a mention: the macro's arguments
    slug: str = ""  # a broken reference: the slug meant


@dataclass
class FileChange:
    path: str  # on disk
    shown: str  # in the diff, relative to the working folder where it can be
    before: bytes
    after: bytes
    edits: list[Edit]


@dataclass
class FixResult:
    changes: list[FileChange]  # files whose bytes the edits change
    diff: bytes  # unified diff of all of them
    skipped: list[tuple[Edit, str]] = field(default_factory=list)  # edits not made, and why
    written: list[str] = field(default_factory=list)  # paths rewritten (with write)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why) not rewritten (with write)
    problems: list = field(default_factory=list)  # model.Problem: what the reading found wrong
    write: bool = False

    @property
    def exit_status(self) -> int:
        """0 when nothing is left to fix, 1 otherwise: a diff to apply, a
        place that could not be edited (skipped), a file not written."""
        if self.skipped or self.failed:
            return EXIT_CHANGES
        return EXIT_CLEAN if self.write or not self.changes else EXIT_CHANGES


def fix(sources, *, unlinked_mentions: bool = True, broken: bool = False, terms=(), min_confidence: str = "high",
        write: bool = False, locale: str | None = None, relative_to: str | os.PathLike | None = None,
        page_mentions: bool = False) -> FixResult:
    """Plan (and with ``write`` make) the edits for ``sources``.

    ``terms``: only edits that link to these concepts (slugs, with or without
    ``Glossary/``, any case). ``min_confidence``: ``high`` takes only the
    mentions sure enough to link without looking, ``low`` all of them.
    ``relative_to``: the folder the diff's paths are relative to (the
    working folder by default). ``page_mentions``: in site mode, link
    mentions in the site's pages too (build's option of that name)."""
    if min_confidence not in CONFIDENCES:
        raise UsageError(f"--min-confidence: choose from {', '.join(CONFIDENCES)}, not {min_confidence!r}")
    from .corpus import discover_all, load_found

    found = discover_all(list(sources) if not isinstance(sources, str) else [sources], locale)
    corpus = load_found(found, locale=locale)
    wanted = _wanted(corpus, terms)
    edits = []
    if unlinked_mentions:
        edits += mention_edits(corpus, wanted, min_confidence, found if page_mentions else ())
    if broken:
        edits += broken_edits(corpus, wanted)
    result = apply_plan(edits, Path(relative_to or os.getcwd()))
    result.problems = corpus.problems
    if write:
        result.write = True
        for change in result.changes:
            why = write_file(change)
            (result.failed.append((change.path, why)) if why else result.written.append(change.path))
    return result


def _wanted(corpus: Corpus, terms) -> set[str] | None:
    """The concept keys ``terms`` name, or None for all; an unknown term is
    a usage error."""
    if not terms:
        return None
    keys = set()
    for term in terms:
        key = term.strip().lower().replace(" ", "_")
        key = key if key.startswith(_PREFIX) else _PREFIX + key
        if key not in corpus.concepts:
            raise UsageError(f"--term {term!r}: no concept has this slug")
        keys.add(key)
    return keys


# --- planning ---------------------------------------------------------------


def mention_edits(corpus: Corpus, wanted: set[str] | None, min_confidence: str = "high",
                  page_sources=()) -> list[Edit]:
    """``page_sources``: discovered SOURCEs whose site pages are searched too."""
    from .findings import UNLINKED
    from .mentions import HIGH, mentions_of
    from .suppression import ignored

    quiet = {where for where, kinds in ignored(corpus).items() if UNLINKED in kinds}
    edits = []
    for m in mentions_of(page_sources, corpus, page_mentions=bool(page_sources)):
        if (m.root, m.file) in quiet:  # the file's front matter asks for no mention suggestions
            continue
        if (wanted is None or m.target in wanted) and (min_confidence == "low" or m.confidence == HIGH):
            slug = corpus.concepts[m.target].slug
            edits.append(Edit(os.path.join(m.root, m.file), m.line, m.column,
                              f"link the mention of {slug} ({m.confidence} confidence)",
                              text=m.text, args=macro_arguments(slug, m.text)))
    return edits


def broken_edits(corpus: Corpus, wanted: set[str] | None) -> list[Edit]:
    from .suggest import Suggester

    suggest = Suggester(corpus)
    roots = {(e.locale, e.file): e.source for c in corpus.concepts.values() for e in c.entries.values()}
    roots.update({(p.locale, p.file): p.source for p in corpus.pages.values()})
    roots.update({(s.locale, s.file): s.source for s in corpus.schemes.values()})
    edits = []
    for link in corpus.links:
        if link.target_kind != TO_MISSING or link.via not in (GLOSSARY, LINK):
            continue
        found = suggest(link.looked_for, link.locale)
        if found is None or not found.certain or (wanted is not None and found.key not in wanted):
            continue
        root = roots.get((link.locale, link.file))
        if root is not None:
            edits.append(Edit(os.path.join(root, link.file), link.line, link.column,
                              f"point {link.looked_for} at {found.slug} ({found.reason})", slug=found.slug))
    return edits


def macro_arguments(slug: str, text: str) -> tuple[str, ...]:
    """The glossary macro's arguments for linking ``text`` to ``slug``: the
    bare form when the words are the term (the macro shows its first
    argument; slugs compare case-insensitively, spaces as underscores), the
    term and the words otherwise."""
    term = slug[len(_PREFIX):] if slug.lower().startswith(_PREFIX) else slug
    return (text,) if text.replace(" ", "_").lower() == term.lower() else (term, text)


# --- applying ---------------------------------------------------------------


def apply_plan(edits: list[Edit], relative_to: Path) -> FixResult:
    by_file: dict[str, list[Edit]] = {}
    for edit in edits:
        by_file.setdefault(edit.path, []).append(edit)
    changes, skipped = [], []
    for path in sorted(by_file):
        try:
            # As the reading opened it: no waiting on a pipe, a regular file
            # of bounded size (a link was checked to stay inside its SOURCE).
            before = read_bytes(path, follow=True)
        except Unreadable as err:
            skipped += [(edit, f"cannot read the file: {err}") for edit in by_file[path]]
            continue
        after, done, not_done = apply_edits(before, by_file[path])
        skipped += not_done
        if after != before:
            changes.append(FileChange(path, _shown(path, relative_to), before, after, done))
    return FixResult(changes, b"".join(unified_diff(c) for c in changes), skipped)


def apply_edits(data: bytes, edits: list[Edit]) -> tuple[bytes, list[Edit], list[tuple[Edit, str]]]:
    """``data`` with ``edits`` made (the last first, so earlier positions
    hold), the edits made, and those skipped with why."""
    text = data.decode("utf-8", "surrogateescape")
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    bom = 1 if text.startswith("\ufeff") else 0
    macro = _Macro.of(text)
    placed, skipped = [], []
    for edit in edits:
        if not 1 <= edit.line <= len(starts):
            skipped.append((edit, "the line is not in the file any more"))
            continue
        at = starts[edit.line - 1] + edit.column - 1 + (bom if edit.line == 1 else 0)
        span = _span(text, at, edit, macro)
        if isinstance(span, str):
            skipped.append((edit, span))
        else:
            placed.append((span, edit))
    placed.sort(key=lambda item: item[0][0])
    done, last_end = [], -1
    for (start, end, new), edit in placed:  # two edits of one place: the first wins
        if start < last_end:
            skipped.append((edit, "overlaps another edit"))
            continue
        done.append(((start, end, new), edit))
        last_end = end
    for (start, end, new), _ in reversed(done):
        text = text[:start] + new + text[end:]
    return text.encode("utf-8", "surrogateescape"), [edit for _, edit in done], skipped


def _span(text: str, at: int, edit: Edit, macro: "_Macro"):
    """(start, end, replacement) for an edit, or why it cannot be made."""
    if edit.text:  # a mention: the words must be there as they were read
        if text[at:at + len(edit.text)] != edit.text:
            return "the text is not where it was read (has the file changed?)"
        replacement = macro.spell(edit.args)
        return (at, at + len(edit.text), replacement) if replacement else "the words hold both kinds of quote"
    return _repoint(text, at, edit.slug)


def _repoint(text: str, at: int, slug: str):
    """The reference starting at ``at`` pointed at ``slug``, its text kept."""
    from .extract.scanner import PATTERN

    match = PATTERN.match(text, at)
    if match is None:
        return "no reference starts here (has the file changed?)"
    kind = match.lastgroup
    if kind == "macro" and match.group("macro_name").lower() == "glossary":
        new = _Macro.repoint(match.group(), slug)
        return (match.start(), match.end(), new) if new else "the macro's arguments could not be read"
    url_group = {"link": "link_dest", "anchor": None, "autolink": "auto_url"}.get(kind, "")
    if url_group == "":
        return f"a reference written as {kind} is not changed automatically"
    if url_group is None:
        url_group = next(g for g in ("href_dq", "href_sq", "href_uq") if match.group(g) is not None)
    start, end = match.span(url_group)
    path = _DOCS_PATH.search(text, start, end)
    if path is None:
        return "the link's address has no /docs/Glossary/ path"
    return (path.start(2), path.end(2), slug)


@dataclass
class _Macro:
    """How a file spells its glossary macros: ``{{Glossary("A", "b")}}``,
    ``{{ glossary('a') }}``..."""

    open: str = ""
    name: str = "Glossary"
    paren: str = "("
    quote: str = '"'
    separator: str = ", "

    @classmethod
    def of(cls, text: str) -> "_Macro":
        found = _SPELLING.search(text)
        if found is None:
            return cls()
        separator = _SEPARATOR.search(text)
        return cls(found.group("open"), found.group("name"), found.group("paren"), found.group("quote"),
                   separator.group(2) if separator else ", ")

    def spell(self, args: tuple[str, ...]) -> str | None:
        """The macro with ``args``, or None when they hold both quotes."""
        quote = self.quote
        if any(quote in arg for arg in args):
            quote = "'" if quote == '"' else '"'
            if any(quote in arg for arg in args):
                return None
        inner = self.separator.join(f"{quote}{arg}{quote}" for arg in args)
        close = self.paren[::-1].replace("(", ")")  # "( " -> " )"
        return f"{{{{{self.open}{self.name}{self.paren}{inner}{close}{self.open[::-1]}}}}}"

    @staticmethod
    def repoint(macro: str, slug: str) -> str | None:
        """A glossary macro's term replaced, its text kept (made explicit
        when the term was also the text)."""
        first = _FIRST_STRING.search(macro)
        if first is None:
            return None
        quote, term = first.group()[0], first.group()[1:-1]
        new_term = slug[len("Glossary/"):]
        fragment = "#" + term.split("#", 1)[1] if "#" in term else ""
        rest = macro[first.end():]
        if re.match(r"\s*,", rest):  # a text argument follows: keep it
            return macro[:first.start()] + f"{quote}{new_term}{fragment}{quote}" + rest
        if quote in term:
            return None
        return macro[:first.start()] + f"{quote}{new_term}{fragment}{quote}, {quote}{term.split('#', 1)[0]}{quote}" + rest


# --- output -----------------------------------------------------------------


def _shown(path: str, relative_to: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(relative_to.absolute()).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix().lstrip("/")


def unified_diff(change: FileChange) -> bytes:
    """The change as a unified diff, with ``a/`` and ``b/`` prefixes; a last
    line without a newline is marked as diff and patch expect."""
    before = _DIFF_LINE.findall(change.before.decode("utf-8", "surrogateescape"))
    after = _DIFF_LINE.findall(change.after.decode("utf-8", "surrogateescape"))
    out = []
    for line in difflib.unified_diff(before, after, f"a/{change.shown}", f"b/{change.shown}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out).encode("utf-8", "surrogateescape")


def write_file(change: FileChange) -> str | None:
    """Replace the file with its fixed bytes, atomically; or say why not."""
    path = change.path
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return "is a symbolic link; not changed"
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
            return "is read-only; not changed"
        if read_bytes(path) != change.before:
            return "changed while fixing; not changed"
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".fix", dir=os.path.dirname(path))
    except Unreadable as err:
        return f"cannot be read again: {err}"
    except OSError as err:
        return f"cannot be written: {err.strerror or err}"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(change.after)
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        os.replace(tmp, path)
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return f"cannot be written: {err.strerror or err}"
    return None
