"""Text from input, made safe to print on a terminal or into a CI log.

Every message that quotes something read from input (a folder name, a title,
a server's answer, a SPARQL error) goes through ``safe`` before it is
printed, on every command. A folder may be named
``x\\n::error file=ci.yml::...`` or hold ``\\x1b]0;TITLE\\x07``: printed raw,
the newline would let GitHub Actions read a forged workflow command, and the
escape sequence would drive the terminal. ``safe`` keeps the text on one
line and shows each control character as an escape instead:

- C0 and C1 control characters and DEL as ``\\xNN`` (newline ``\\n``,
  carriage return ``\\r``, tab ``\\t``);
- the Unicode bidirectional controls (U+202A..U+202E, U+2066..U+2069,
  U+200E, U+200F, U+061C), which can make a line read in another order than
  it is written ("Trojan Source"), as ``\\u202e``;
- the line and paragraph separators U+2028 and U+2029, which some viewers
  break lines at, as ``\\u2028``.

A backslash is left as it is: the escapes are for a reader, not a parser.
"""
from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` on one line, every control and bidi character escaped."""
    text = str(text)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def is_safe(text: str) -> bool:
    """True when ``text`` holds nothing ``safe`` would escape."""
    return _UNSAFE.search(text) is None
