"""The prose of a text: what a reader reads as running text, where a term
can be mentioned without a link (mentions.py looks there).

It is the text itself with everything else blanked out (each character a
space, line breaks kept, so an offset in the prose is an offset in the
text): whatever the scanner matched (code spans, fences, comments, macros,
links with their text, reference definitions and usages, autolinks, HTML
anchors, escapes), indented code (blanked before the scan), headings, HTML
tags, and the content of the HTML elements that hold code or keys
(``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<var>``).
"""
from __future__ import annotations

import re

_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t][^\n]*)?$", re.MULTILINE)
_CODE_ELEMENT = re.compile(r"<(code|pre|kbd|samp|var)\b[^>]*>[\s\S]*?</\1\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_NOT_NEWLINE = re.compile(r"[^\n]")


def of(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` and the blocks above blanked out."""
    parts, last = [], 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        start = max(start, last)
        parts += [text[last:start], _blank(text[start:end])]
        last = end
    parts.append(text[last:])
    prose = "".join(parts)
    if "#" in prose:
        prose = _HEADING.sub(lambda m: " " * len(m.group()), prose)
    if "<" in prose:
        prose = _CODE_ELEMENT.sub(lambda m: _blank(m.group()), prose)
        prose = _TAG.sub(lambda m: _blank(m.group()), prose)
    return prose


def _blank(text: str) -> str:
    """Spaces, line breaks kept."""
    return " " * len(text) if "\n" not in text else _NOT_NEWLINE.sub(" ", text)
