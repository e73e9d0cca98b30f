"""MDN's per-locale ``_redirects.txt``: ``FROM<TAB>TO`` lines, ``#`` comments.

Keys are lower-case slugs without the locale (``glossary/empty_element``),
because MDN compares slugs case-insensitively. Values are either a slug
(``Web/HTML/...``, display case kept) or, for redirects that leave MDN, the
absolute URL.

Every build reads en-US's 17,000 lines, and a loop over lines doing the
general work (split, strip, unquote) cost 30 ms a table. Almost every line
is plain: ``/<locale>/docs/<slug>`` to ``/<locale>/docs/<slug>`` with nothing
to decode or trim. One regular expression over the whole file finds every
line and tells the plain slugs apart (``_LINE``), so that the general work
(``_slug``) is done only for the others. ``_line_by_line`` is the reference
the fast reading must agree with (tests/test_redirects.py checks that on
every real file and on generated ones); it also reads a file holding a line
of another shape, and gives the line numbers of the bad ones.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

_DOCS_PATH = re.compile(r"^/([^/]+)/docs/(.*)$")
# A slug that needs no work: no fragment, query or escape, and no slash or
# space at either end.
_PLAIN = r"[^\s#?%/](?:[^\t\n#?%]*[^\s#?%/])?"
_LINE = re.compile(
    rf"^/[^/\t\n]+/docs/(?:({_PLAIN})|([^\t\n]*))\t"  # FROM: plain, or anything
    rf"(?:/[^/\t\n]+/docs/({_PLAIN})(?=\t|$)|([^\t\n]*))"  # TO: a plain docs slug, or anything as written
    r"(?:\t[^\n]*)?$",
    re.MULTILINE,
)
_EMPTY_LINE_AFTER = re.compile(r"\n(?=\n)")  # a line break followed by an empty line


def read_redirects(path, problems: list | None = None) -> dict[str, str]:
    """One locale's redirect table: lower-case FROM slug -> TO slug or URL.
    Lines that cannot be read are skipped; ``problems`` receives a
    ``(line, reason)`` pair for each."""
    with open(path, "rb") as handle:
        return parse_redirects(handle.read().decode("utf-8", errors="replace"), problems)


def parse_redirects(text: str, problems: list | None = None) -> dict[str, str]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = _LINE.findall(text)
    # Every line must be a redirect _LINE read, a comment or empty; else
    # (a line of another shape, or of spaces) the general reading decides.
    # Counted with string searches: a pattern tried at every line start
    # cost a third of the time.
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    comments = text.count("\n#") + text.startswith("#")
    empty = len(_EMPTY_LINE_AFTER.findall(text)) + text.startswith("\n")
    if len(found) + comments + empty != lines:
        return _line_by_line(text, problems)
    return {
        (plain_from.lower() if plain_from else _slug(other_from.strip()).lower()):
        (plain_to if plain_to else (docs_slug(written.strip()) or written.strip()))
        for plain_from, other_from, plain_to, written in found
    }


def _line_by_line(text: str, problems: list | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            if problems is not None:
                problems.append((number, "redirect line has no tab between FROM and TO; ignored"))
            continue
        source = docs_slug(parts[0].strip())
        if source is None:
            if problems is not None:
                problems.append((number, "redirect FROM is not a /<locale>/docs/ path; ignored"))
            continue
        target = parts[1].strip()
        table[source.lower()] = docs_slug(target) or target
    return table


def docs_slug(path: str) -> str | None:
    """``/fr/docs/Glossary/API#x`` -> ``Glossary/API``; None if not a docs path."""
    match = _DOCS_PATH.match(path)
    return _slug(match.group(2)) if match else None


def _slug(rest: str) -> str:
    slug = rest.split("#", 1)[0].split("?", 1)[0]
    return unquote(slug).strip("/")


def follow(tables: list[dict[str, str]], key: str, limit: int = 20) -> str | None:
    """Follow a redirect chain from ``key`` through the first table that knows
    each step. Returns the final slug or URL, or None when nothing redirects.
    Cycles and overlong chains stop where they are."""
    seen = {key}
    result = None
    for _ in range(limit):
        step = next((t[key] for t in tables if key in t), None)
        if step is None:
            break
        result = step
        key = step.lower()
        if key in seen:
            break
        seen.add(key)
    return result
