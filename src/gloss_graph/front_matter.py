"""Front matter: split it from the body, and read the simple YAML MDN writes.

Almost every MDN front matter is a handful of ``key: value`` lines, a list
or two (``tags:``, ``status:`` with ``  - item`` lines) and one small mapping
(``l10n:`` / ``  sourceCommit: ...``). ``parse_simple`` reads exactly that
shape in a few microseconds and returns ``None`` for anything else; the
caller then hands the text to PyYAML's safe loader (through
python-frontmatter's handler), which is about ten times slower per file.

The fast path must give what the YAML loader gives, value for value: a plain
scalar is taken as text only when PyYAML's own implicit resolvers would not
make it a number, a boolean, a date or null (``title: 404``, ``title: yes``
and ``title: 2001-12-14`` all fall back), quoted scalars only without
escapes, and any character the YAML reader treats specially (tabs, control
characters, line separators, a byte-order mark) sends the whole text to the
loader. tests/test_front_matter.py checks the equality on every file of
../shared/mdn, more than 16,000 of them.
"""
from __future__ import annotations

import re


# python-frontmatter's boundary: a line of three or more dashes.
BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)

# Characters the YAML reader treats specially. (Comments, directives and
# document markers need no pattern: no line of the simple shape starts so.)
_NOT_SIMPLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\t\ufeff\ufffe\uffff\u2028\u2029\ud800-\udfff]")
_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):(?: +(.*))?$")
_CHILD_KEY = re.compile(r"( +)([A-Za-z][A-Za-z0-9_-]*):(?: +(.*))?$")
_ITEM = re.compile(r"( *)- +(.*)$")
_INDICATORS = frozenset("[]{}#&*!|>'\"%@`,")
# PyYAML's implicit resolvers, by a plain scalar's first character: for a
# letter, only booleans and null, which are these words (YAML 1.1); for a
# digit, sign, dot and a few symbols, numbers, dates and more: PyYAML's own
# patterns for those characters (float, int, timestamp, merge, value, yaml
# and null's "~"), written out here because importing yaml for them cost
# each reading process 10 ms (most l10n.sourceCommit values start with a
# digit). tests/test_front_matter.py checks both against PyYAML's table.
BOOL_AND_NULL_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split())
PATTERN_FIRSTS = frozenset("-+.0123456789<=~!&*")
RESOLVED = re.compile(r"""(?:
      [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    | [-+]?\.(?:inf|Inf|INF)
    | \.(?:nan|NaN|NAN)
    | [-+]?0b[0-1_]+
    | [-+]?0[0-7_]+
    | [-+]?(?:0|[1-9][0-9_]*)
    | [-+]?0x[0-9a-fA-F_]+
    | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    | [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    | [0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
      (?:[Tt]|[\ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
      (?:[\ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    | <<
    | =
    | [!&*]
    | ~
)$""", re.VERBOSE)


class _NotSimple(Exception):
    """The text needs the real YAML loader."""


def parse_simple(text: str) -> dict | None:
    """The mapping ``text`` holds, if it is MDN's simple shape; else None."""
    if not text.strip() or _NOT_SIMPLE.search(text):
        return None  # (an empty text is YAML's null, not a mapping)
    lines = [line.rstrip(" ") for line in text.split("\n")]
    try:
        return _mapping(lines)
    except _NotSimple:
        return None


def _mapping(lines: list[str]) -> dict:
    result: dict = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        match = _KEY.match(line)
        if match is None:
            raise _NotSimple
        key, rest = _text(match.group(1)), match.group(2)
        block = []
        while i < len(lines) and (not lines[i] or lines[i][0] == " " or lines[i].startswith("- ")):
            block.append(lines[i])
            i += 1
        while block and not block[-1]:
            block.pop()
        if rest:
            if block:
                raise _NotSimple  # a value that goes on over several lines
            result[key] = _scalar(rest)
        else:
            result[key] = _block(block)
    return result


def _block(lines: list[str]):
    """What follows ``key:`` on its own line: nothing, a list or a mapping."""
    if not lines:
        return None
    if any(not line for line in lines):
        raise _NotSimple
    first = _ITEM.match(lines[0])
    if first is not None:
        return _list(lines, first.group(1))
    return _child_mapping(lines)


def _list(lines: list[str], indent: str) -> list:
    items = []
    for line in lines:
        match = _ITEM.match(line)
        if match is None or match.group(1) != indent:
            raise _NotSimple
        items.append(_scalar(match.group(2)))
    return items


def _child_mapping(lines: list[str]) -> dict:
    result: dict = {}
    indent = None
    for line in lines:
        match = _CHILD_KEY.match(line)
        if match is None or not match.group(3) or (indent is not None and match.group(1) != indent):
            raise _NotSimple
        indent = match.group(1)
        result[_text(match.group(2))] = _scalar(match.group(3))
    return result


def _scalar(value: str) -> str:
    """A one-line scalar that YAML reads as a string, or _NotSimple."""
    first = value[0]
    if first == '"':
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != '"' or '"' in inner or "\\" in inner:
            raise _NotSimple
        return inner
    if first == "'":
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != "'" or "'" in inner.replace("''", ""):
            raise _NotSimple
        return inner.replace("''", "'")
    return _text(value)


def _text(value: str) -> str:
    """A plain scalar that the YAML resolvers leave a string."""
    first = value[0]
    if first in _INDICATORS or (first in "-?:" and (len(value) == 1 or value[1] == " ")):
        raise _NotSimple
    if ": " in value or " #" in value or value.endswith(":"):
        raise _NotSimple
    if value in BOOL_AND_NULL_WORDS:
        raise _NotSimple  # the loader decides
    if first in PATTERN_FIRSTS and RESOLVED.match(value):
        raise _NotSimple  # a number, a date, ...: the loader decides
    return value
