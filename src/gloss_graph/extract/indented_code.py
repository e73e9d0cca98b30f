"""Indented code blocks: lines indented four or more spaces after a blank
line, outside lists. They need line context a regex cannot see, so they are
blanked out (spaces, newlines kept) before the single pass, and only in the
rare texts that could hold one."""
from __future__ import annotations

import re

_MAYBE = re.compile(r"\n[ \t]*\n(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,})")


def blank_out(text: str) -> str:
    if not _MAYBE.search(text):
        return text
    lines = text.split("\n")
    code = _code_lines(lines)
    if not code:
        return text
    return "\n".join(" " * len(line) if i in code else line for i, line in enumerate(lines))


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _code_lines(lines: list[str]) -> set[int]:
    """Indices of lines inside indented code blocks. A block starts after a
    blank line with indent >= 4 beyond the enclosing list item's content,
    and goes on through indented and blank lines."""
    code: set[int] = set()
    in_fence = False
    list_indent = -1  # content indent of the open list item, -1 outside lists
    previous_blank = True
    in_block = False
    for i, line in enumerate(lines):
        if _FENCE.match(line) and not in_block:
            in_fence = not in_fence
        if in_fence:
            previous_blank = False
            continue
        if not line.strip():
            previous_blank = True
            continue
        indent = _indent(line)
        base = max(list_indent, 0)
        if (in_block or previous_blank) and indent >= base + 4:
            code.add(i)
            in_block = True
            previous_blank = False
            continue
        in_block = False
        item = _LIST_ITEM.match(line)
        if item:
            list_indent = len(item.group(0).expandtabs(4))
        elif previous_blank and indent < max(list_indent, 0):
            list_indent = -1  # a paragraph back at the margin closes the list
        previous_blank = False
    return code
