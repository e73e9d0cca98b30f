"""Reference-style links: ``[text][label]``, ``[label][]`` and ``[label]``,
with their definitions ``[label]: url`` anywhere in the document. Usages are
kept aside during the pass and settled at its end, when every definition is
known.

Simpler than CommonMark: a definition is recognised at any line start, even
where it would continue a paragraph (CommonMark needs a blank line or
another block before it). The real glossaries always set definitions apart.
"""
from __future__ import annotations

import re

from ..model import LINK
from .links import TEXT
from .rule import Rule
from .text import destination, plain

# A label: no unescaped brackets; it may go on over a line break, not a blank line.
_LABEL = r"(?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n))"
_DEFINITION = rf"^[ ]{{0,3}}\[(?P<def_label>{_LABEL}{{1,999}})\]:[ \t]*\n?[ \t]*(?P<def_dest><[^<>\n]*>|\S+)"
_USAGE = rf"(?P<ref_bang>!?)\[(?P<ref_text>{TEXT})\](?:\[(?P<ref_label>{_LABEL}*)\])?"
_SPACE = re.compile(r"\s+")


def normalize(label: str) -> str:
    """CommonMark matches labels case-insensitively, whitespace collapsed."""
    return _SPACE.sub(" ", label).strip().casefold()


def handle_definition(match, scan) -> None:
    scan.definitions.setdefault(normalize(match.group("def_label")), destination(match.group("def_dest")))


def handle_usage(match, scan) -> None:
    text = match.group("ref_text")
    label = match.group("ref_label")
    if not match.group("ref_bang"):
        scan.pending.append((match.start(), text, label if label else text))
    start, end = match.span("ref_text")
    scan.walk(start, end)


def settle(scan) -> None:
    """Turn usages whose label has a definition into links."""
    if not scan.definitions:
        return
    for pos, text, label in scan.pending:
        url = scan.definitions.get(normalize(label))
        if url is not None:
            scan.add(LINK, url, plain(text), pos)


DEFINITION = Rule("definition", _DEFINITION, handle_definition)
USAGE = Rule("usage", _USAGE, handle_usage)
