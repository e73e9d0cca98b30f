"""Site pages: scan only the paragraphs that can hold a glossary reference.

A page of the MDN site averages 7,000 characters, of which a glossary
reference takes a few dozen, and scanning it whole (every link, macro and
code span) was most of a site build. Every reference a site page keeps holds
the word "glossary" where it stands (the ``{{Glossary}}`` macro, a
``/docs/Glossary/`` link), so the page is searched for the word, and only
the paragraphs around it are walked, by the same scanner and the same rules,
with positions counted in the whole text.

What a paragraph cannot see for itself is checked first: a fence or an HTML
comment that started before it and hides it, and, for a line indented like
code, whether it lies in an indented code block. Two things send the page to
the whole scan instead: a reference-style link definition (its usages can be
anywhere), and a link or xref macro to a slug that redirects into the
glossary (``reach.Reach``), which does not hold the word.
tests/test_extract_windows.py checks that the result equals the whole scan
on every page of the MDN site.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from . import code, indented_code, reference_links
from .scanner import Scan, scan

_FENCE = re.compile(code.FENCE.pattern, re.MULTILINE)
_COMMENT = re.compile(code.COMMENT.pattern, re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DEFINITION = re.compile(r"[ ]{0,3}\[[^\]\n]{1,999}\]:")


def scan_windows(text: str, first_line: int, keep, locale: str):
    """The references ``scan`` would find and ``keep`` would keep, found by
    walking only the paragraphs that hold the word "glossary"."""
    low = text.lower()
    if keep.through_redirect(low) or _has_definition(text):
        return scan(text, first_line, keep, locale)
    hits = _all(low, "glossary")
    if not hits:
        return [], []
    if any(_line_is_indented(text, hit) for hit in hits):
        text = indented_code.blank_out(text)  # only then can a hit lie in an indented code block
    hidden = _hidden(text)
    state = Scan(text, first_line, keep, locale)
    for start, end in _windows(text, hits, hidden):
        state.walk(start, end)
    reference_links.settle(state)
    state.references.sort(key=lambda r: (r.line, r.column))
    return state.references, state.problems


def _hidden(text: str) -> list[tuple[int, int]]:
    """The fences and HTML comments, in order, as the scanner's rules match
    them. Found by their openers (plain string search, fast in C) rather
    than by a pattern tried at every character; each opener is searched for
    again only once the walk has passed the last one found."""
    spans: list[tuple[int, int]] = []
    openers = {"```": -1, "~~~": -1, "<!--": -1}
    pos = 0
    while True:
        for word, at in openers.items():
            if at < pos:
                openers[word] = _next_opener(text, word, pos)
        at = min(openers.values())
        if at == len(text):
            return spans
        match = (_COMMENT if text.startswith("<!--", at) else _FENCE).match(text, at)
        if match is None or match.end() == at:
            pos = at + 1
            continue
        spans.append(match.span())
        pos = match.end()


def _next_opener(text: str, word: str, pos: int) -> int:
    """Where the next comment starts, or the next line that begins (after
    spaces or tabs) with a fence; len(text) if none."""
    at = text.find(word, pos)
    while at >= 0:
        if word == "<!--":
            return at
        start = text.rfind("\n", 0, at) + 1
        if start >= pos and not text[start:at].strip(" \t"):
            return start
        at = text.find(word, at + 1)
    return len(text)


def _has_definition(text: str) -> bool:
    """A reference-style link definition (``[label]: url``) anywhere."""
    at = text.find("]:")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if _DEFINITION.match(text, start):
            return True
        at = text.find("]:", at + 2)
    return False


def _all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _line_is_indented(text: str, at: int) -> bool:
    start = text.rfind("\n", 0, at) + 1
    return text.startswith("    ", start) or text.startswith("\t", start)


def _windows(text: str, hits: list[int], hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraphs holding a hit that no fence or comment hides, merged."""
    starts = [start for start, _ in hidden]
    spans: list[tuple[int, int]] = []
    for hit in hits:
        if _inside(hidden, starts, hit):
            continue
        start, end = _paragraph(text, hit)
        if _inside(hidden, starts, start):  # a fence or comment from an earlier paragraph ends in this one
            start = hidden[bisect_right(starts, start) - 1][1]
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _inside(hidden: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    """Whether ``at`` lies in one of the (sorted, disjoint) hidden spans."""
    i = bisect_right(starts, at) - 1
    return i >= 0 and at < hidden[i][1]


def _paragraph(text: str, at: int) -> tuple[int, int]:
    before = text.rfind("\n\n", 0, at)
    start = 0 if before < 0 else before + 2
    after = _BLANK_LINE.search(text, at)
    return start, (len(text) if after is None else after.start() + 1)
