"""The single pass: combine the rules' patterns, walk the matches, dispatch."""
from __future__ import annotations

import functools
import re

from ..model import Reference
from . import autolinks, code, escapes, html_links, indented_code, links, macros, prose, reference_links

# Order matters where two rules can match at one position: code and comments
# first (they hide what is inside them), definitions before the links that
# use them, inline links before reference-style ones. An escape starts with
# a backslash, which no other rule does, so it goes last, where trying it
# costs least.
RULES = (
    code.FENCE,
    code.COMMENT,
    code.INLINE,
    macros.MACRO,
    macros.MALFORMED,
    reference_links.DEFINITION,
    links.INLINE,
    reference_links.USAGE,
    autolinks.AUTOLINK,
    html_links.ANCHOR,
    escapes.ESCAPE,
)
PATTERN = re.compile("|".join(f"(?P<{rule.name}>{rule.pattern})" for rule in RULES), re.MULTILINE)
# Where a rule can start: a backtick, "~~~", "<!" or "<" and a letter, "{{",
# "[" or "![", an escape, or the start of an indented line whose first mark
# is a backtick, "~" or "[" (fences and definitions begin at the line
# start). Every alternative opens with a fixed character, so the regex
# engine skips the prose between openers in C, at memchr-like speed, and
# the rules are tried only where an opener stands: the combined pattern
# searched with a lookahead for these characters was tried at every
# position, 45 of a glossary's 125 ms of scanning.
OPENERS = re.compile(r"`|~~~|<[!A-Za-z]|\{\{|\[|!\[|\\[!-/:-@\[-`{-~]|\n(?=[ \t]+[`~\[])")
_INDENTED = re.compile(r"[ \t]+[`~\[]")  # an indented line's opener, when a walk starts at its line start
HANDLERS = {rule.name: rule.handle for rule in RULES}


class Scan:
    """The state of one pass over one text: positions, findings, problems."""

    def __init__(self, text: str, first_line: int, keep, locale: str = "en-US"):
        self.text = text
        self.locale = locale
        self.first_line = first_line
        self.keep = keep
        self.references: list[Reference] = []
        self.problems: list[tuple[int, str]] = []
        self.definitions: dict[str, str] = {}
        self.pending: list[tuple[int, str, str]] = []  # reference-style usages: (pos, text, label)
        self.spans: list[tuple[int, int]] | None = None  # every match's span, when the prose is wanted
        self._pos = 0
        self._line = 0  # newlines before _pos
        self._line_start = 0

    def where(self, pos: int) -> tuple[int, int]:
        """1-based (line, column) of an offset. Offsets mostly come in
        increasing order, so counting on from the last one keeps it linear."""
        if pos < self._pos:
            self._pos, self._line, self._line_start = 0, 0, 0
        self._line += self.text.count("\n", self._pos, pos)
        if self._line:
            self._line_start = max(self._line_start, self.text.rfind("\n", 0, pos) + 1)
        self._pos = pos
        return self.first_line + self._line, pos - self._line_start + 1

    def wants(self, kind: str, target: str | None = None) -> bool:
        """Whether a finding would be kept (with no target: whether any of
        that kind could be). Rules ask before doing the work of rendering its
        text, which site pages mostly throw away."""
        if self.keep is None:
            return True
        return self.keep.may_keep(kind) if target is None else self.keep.keeps(kind, target)

    def add(self, kind: str, target: str, text: str, pos: int) -> None:
        if not self.wants(kind, target):
            return
        line, column = self.where(pos)
        self.references.append(Reference(kind, target, text, line, column))

    def problem(self, pos: int, reason: str) -> None:
        self.problems.append((self.where(pos)[0], reason))

    def walk(self, start: int, end: int) -> None:
        """Every rule's matches in text[start:end], leftmost first: the
        first rule (in RULES order) that matches at the first opener, and on
        from where that match ends."""
        text = self.text
        pos = start
        find, match_at = OPENERS.search, PATTERN.match
        while pos < end:
            if (pos == 0 or text[pos - 1] == "\n") and _INDENTED.match(text, pos, end):
                at = pos
            else:
                opener = find(text, pos, end)
                if opener is None:
                    return
                at = opener.start() + (text[opener.start()] == "\n")
            match = match_at(text, at, end)
            if match is None:
                pos = at + 1
                continue
            HANDLERS[match.lastgroup](match, self)
            if self.spans is not None:
                self.spans.append(match.span())
            pos = max(match.end(), at + 1)


def scan(text: str, first_line: int = 1, keep=None, locale: str = "en-US", with_prose: bool = False):
    """(references, problems), and with ``with_prose`` a function that gives
    the text's prose (see prose.py), for whenever it is wanted."""
    blanked = indented_code.blank_out(text)
    state = Scan(blanked, first_line, keep, locale)
    if with_prose:
        state.spans = []
    state.walk(0, len(blanked))
    reference_links.settle(state)
    state.references.sort(key=lambda r: (r.line, r.column))
    if with_prose:
        return state.references, state.problems, functools.partial(prose.of, blanked, state.spans)
    return state.references, state.problems
