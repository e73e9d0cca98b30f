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
  break lines at, as ``\\u2028``;
- lone surrogates (the bytes of a file name that is not UTF-8, as Python
  hands them over), which no terminal can show, as ``\\udce9``.

A workflow command needs no newline to be forged, so two more are escaped:
GitHub's runner reads the old form ``##[command]data`` anywhere in a line,
and ``::command::data`` at the start of one (after spaces). ``safe`` shows
the ``[`` of every ``##[`` as ``\\x5b``, and the first ``:`` of a leading
``::`` as ``\\x3a``: the text may be the start of the line it is printed on.

A backslash is left as it is: the escapes are for a reader, not a parser.
For a JSON, Turtle or N-Triples document, ``safe_document`` escapes the same
characters the way the format does, so that the data read back is unchanged.
"""
from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = f"{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_INVISIBLE}]|##\\[|^\\s*::")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What json.dumps(ensure_ascii=False) leaves raw of the above: it escapes
# only the C0 controls.
_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{_INVISIBLE}]|##\\[")


def _escape(match: re.Match) -> str:
    found = match.group()
    if found == "##[":
        return "##\\x5b"
    if found.endswith("::"):
        return _UNSAFE.sub(_escape, found[:-2]) + "\\x3a:"  # spaces before it may hold a tab
    if found in _NAMED:
        return _NAMED[found]
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` on one line, every control and bidi character escaped, no
    workflow command in it."""
    text = str(text)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def is_safe(text: str) -> bool:
    """True when ``text`` holds nothing ``safe`` would escape."""
    return _UNSAFE.search(text) is None


def safe_document(document: str) -> str:
    """A document whose strings take ``\\uXXXX`` escapes (JSON as
    ``json.dumps(..., ensure_ascii=False)`` writes it, Turtle, N-Triples),
    with what ``safe`` escapes and such a writer leaves raw (C1 controls,
    DEL, bidi controls, line separators, lone surrogates) written as
    ``\\uXXXX``, and the ``[`` of ``##[`` as ``\\u005b``: the same data for
    a reader of the format, nothing raw for a terminal, no workflow
    command. (None can start a line either: these writers put every string
    in quotes and escape C0 controls themselves.)"""
    if _JSON_UNSAFE.search(document) is None:
        return document
    return _JSON_UNSAFE.sub(_json_escape, document)


def _json_escape(match: re.Match) -> str:
    found = match.group()
    return "##\\u005b" if found == "##[" else f"\\u{ord(found):04x}"
