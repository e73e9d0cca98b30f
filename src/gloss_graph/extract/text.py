"""Link text as a reader sees it: macros rendered, markdown marks and HTML
tags dropped, whitespace collapsed."""
from __future__ import annotations

import re

from . import macros
from .entities import unescape

_MACRO = re.compile(macros._MACRO)
_TAG = re.compile(r"<[^>\n]*>")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+[^()]*)?\)")  # shown as its alt text
# Emphasis marks; "_" only at a word's edge (snake_case stays whole).
_MARKS = re.compile(r"(?<!\\)\*+|(?<![\w\\])_+|(?<!\\)_+(?!\w)")
# Code spans are shown as written: no macros, tags, marks or escapes inside.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)")
_SPACE = re.compile(r"\s+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

def plain(text: str) -> str:
    if "`" not in text:
        return _SPACE.sub(" ", _prose(text)).strip()
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts += [_prose(text[last : span.start()]), _code(span.group(2))]
        last = span.end()
    parts.append(_prose(text[last:]))
    return _SPACE.sub(" ", "".join(parts)).strip()


def _code(content: str) -> str:
    """CommonMark strips one space on each side, when there is one on both."""
    both = content.startswith(" ") and content.endswith(" ") and content.strip()
    return content[1:-1] if both else content


def _prose(text: str) -> str:
    if "{{" in text:
        text = _MACRO.sub(lambda m: macros.shown_text(m.group("macro_name"), macros.parse_args(m.group("macro_args"))), text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "![" in text:
        text = _IMAGE.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _MARKS.sub("", text)
    return unescape(_ESCAPE.sub(r"\1", text) if "\\" in text else text)


def destination(raw: str) -> str:
    """A link destination as written -> the URL: angle brackets and
    backslash escapes removed, entities decoded."""
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return unescape(_ESCAPE.sub(r"\1", raw) if "\\" in raw else raw).strip()
