"""Flood control: one broken file cannot bury every other message.

A line of a thousand malformed macros makes a thousand warnings, a file of
ten thousand broken links ten thousand broken references. So, per file and
per kind of problem:

- stderr shows the first ``SHOWN`` (10), then one line ``and N more``
  (``cli/problems.py``);
- report.json lists the first ``LISTED`` (100) in its section and, in its
  ``omitted`` section, how many there were in all (``report.py``); the
  summary's counts are always the full ones.

The kind of a problem (``kind``) is its reason with the specifics left
out: what is quoted ('...' or "...") becomes ``'…'``, each number (also
hexadecimal, ``0xe9``) ``N``. So "glossary macro is not closed or not well
formed; ignored" is one kind however often it comes, and "slug 'A' does
not match its folder ('a')" is the kind "slug '…' does not match its folder
('…')" for every slug. The key is stable: it depends on the reason's words
alone, never on the order problems were found.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

SHOWN = 10  # problems of one kind per file printed on stderr
LISTED = 100  # items of one kind per file listed in report.json

_SPECIFICS = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|(?:0x|#x)[0-9a-fA-F]+|[0-9]+")
_PLACEHOLDERS = {"'": "'…'", '"': '"…"'}

T = TypeVar("T")


def kind(reason: str) -> str:
    """``reason`` with its specifics (quoted text, numbers) replaced by
    placeholders: the kind of problem it reports."""
    return _SPECIFICS.sub(lambda m: _PLACEHOLDERS.get(m.group()[0], "N"), reason)


def limit(items: Iterable[T], key: Callable[[T], Hashable], most: int) -> tuple[list[T], dict[Hashable, int]]:
    """The items, in their order, but at most ``most`` of each ``key``; and
    for each key that had more, how many it had in all."""
    kept: list[T] = []
    seen: dict[Hashable, int] = {}
    for item in items:
        k = key(item)
        n = seen.get(k, 0) + 1
        seen[k] = n
        if n <= most:
            kept.append(item)
    return kept, {k: n for k, n in seen.items() if n > most}
