"""Plain text from markdown: an entry's summary (its first paragraph) and the
lines whose text looks like mojibake.

The summary is one short paragraph, so markdown-it-py can parse it properly
at no real cost: macros are rendered as their shown text first, then the
inline tokens give the plain text with every markdown mark gone.
"""
from __future__ import annotations

import re

from ftfy.badness import is_bad
from markdown_it import MarkdownIt

from .extract import macros

_MD = MarkdownIt("commonmark")
_MACRO = re.compile(macros._MACRO)
_SKIP_LINE = re.compile(r"^\s*(?:\{\{[^}]*\}\}\s*|#.*|<!--.*-->|\[[^\]]+\]:.*|[-*_]{3,}|\|.*)$")
_COMMENT = re.compile(r"<!--[\s\S]*?-->")
# Mojibake of UTF-8 read as Windows-1252 or Latin-1 starts with one of these
# characters; ftfy judges only the lines that hold one (ftfy is slow on long
# texts, and most lines cannot be mojibake at all).
_SUSPECT = re.compile(r"[\u00c2-\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00ef]")


def first_paragraph(body: str) -> str:
    """The first paragraph of prose, as plain text."""
    lines: list[str] = []
    for line in _COMMENT.sub("", body).split("\n"):
        if not line.strip():
            if lines:
                break
            continue
        if not lines and (_SKIP_LINE.match(line) or line.lstrip().startswith(("```", "~~~", ">", "<"))):
            continue
        lines.append(line.strip())
    return to_plain(" ".join(lines))


def to_plain(markdown: str) -> str:
    text = _MACRO.sub(lambda m: macros.shown_text(m.group("macro_name"), macros.parse_args(m.group("macro_args"))), markdown)
    parts: list[str] = []
    for token in _MD.parseInline(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def mojibake_lines(text: str) -> tuple[tuple[int, str], ...]:
    """(line, snippet) for each line whose text looks like mojibake."""
    if not _SUSPECT.search(text):
        return ()
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _SUSPECT.search(line) and is_bad(line):
            match = _SUSPECT.search(line)
            start = max(match.start() - 20, 0)
            found.append((number, line[start : match.start() + 20].strip()))
    return tuple(found)
