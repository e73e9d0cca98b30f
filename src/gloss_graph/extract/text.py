"""Link text as a reader sees it: macros rendered, markdown marks and HTML
tags dropped, whitespace collapsed."""
from __future__ import annotations

import html
import re

from . import macros

_MACRO = re.compile(macros._MACRO)
_TAG = re.compile(r"<[^>\n]*>")
_MARKS = re.compile(r"(?<!\\)(?:\*\*|__|[*_`])")
_SPACE = re.compile(r"\s+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    if "{{" in text:
        text = _MACRO.sub(lambda m: macros.shown_text(m.group("macro_name"), macros.parse_args(m.group("macro_args"))), text)
    if "<" in text:
        text = _TAG.sub("", text)
    text = _MARKS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()


def destination(raw: str) -> str:
    """A link destination as written -> the URL: angle brackets and
    backslash escapes removed, entities decoded."""
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return html.unescape(_ESCAPE.sub(r"\1", raw)).strip()
