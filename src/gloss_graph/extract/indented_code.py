"""Indented code blocks: lines indented four or more spaces beyond the
enclosing list item's content, after a blank line. They need line context a
regex cannot see, so they are blanked out (spaces, newlines kept) before the
single pass, and only in the rare texts that could hold one."""
from __future__ import annotations

import re

_MAYBE = re.compile(r"(?:\A|\n[ \t]*\n)(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r"^[ \t]*(`{3,}(?=[^`]*$)|~{3,})")  # a backtick fence's info string has no backtick


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
    """Indices of lines inside indented code blocks.

    Nested lists are why this keeps a stack: the content indent of each open
    list item. A line after a blank belongs to the innermost item whose
    content indent it reaches (the items deeper than that are closed), and
    it is code when it is indented four more than that item's content."""
    code: set[int] = set()
    fence = ""  # the open fence's marker, "" outside fences
    items: list[int] = []  # content indents of the open list items, innermost last
    previous_blank = True
    in_block = False
    for i, line in enumerate(lines):
        if fence:
            fence = "" if _closes(line, fence) else fence
            continue
        if not line.strip():
            previous_blank = True
            continue
        indent = _indent(line)
        if previous_blank or in_block:
            while items and indent < items[-1]:
                items.pop()
            if indent >= (items[-1] if items else 0) + 4:
                code.add(i)
                in_block, previous_blank = True, False
                continue
        in_block, previous_blank = False, False
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            continue
        item = _LIST_ITEM.match(line)
        if item:
            while items and indent < items[-1]:
                items.pop()
            items.append(len(item.group(0).expandtabs(4)))
    return code


def _closes(line: str, fence: str) -> bool:
    """A closing fence: the opening character, at least as many, nothing else."""
    stripped = line.strip()
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)
