"""Find references in markdown: glossary macros, links of every form, xref
macros, outside code and HTML comments, each with its 1-based line and column.

One regular expression made of one alternative per rule (each rule a small
module here) walks the text once. Code spans, fenced and indented code and
HTML comments are rules too: they match first and yield nothing, which is how
everything inside them is skipped. This is a deliberate trade: markdown-it-py
parses faithfully but needs about 4 s per 1,000 pages, and the whole MDN site
must build in under two seconds. The tests check this scanner against
markdown-it-py's token stream on the real glossary, so the two stay in step.
"""
from __future__ import annotations

from .scanner import scan
from .windows import scan_windows

__all__ = ["find_references", "find_references_and_prose", "find_references_and_prose_later"]


def find_references(text: str, first_line: int = 1, keep=None, locale: str = "en-US"):
    """Returns (references, problems) where problems are (line, reason) pairs.

    ``keep``, a ``reach.Reach``, keeps only what can point into the glossary
    (used for site pages, where nothing else is needed); None keeps all."""
    if keep is not None:
        return scan_windows(text, first_line, keep, locale)
    return scan(text, first_line, keep, locale)


def find_references_and_prose(text: str, first_line: int = 1, locale: str = "en-US"):
    """(references, problems, prose): also the text's prose, the text with
    everything that is not running text blanked out (see prose.py)."""
    references, problems, prose = find_references_and_prose_later(text, first_line, locale)
    return references, problems, prose()


def find_references_and_prose_later(text: str, first_line: int = 1, locale: str = "en-US"):
    """(references, problems, a function that gives the prose): the prose
    made only when asked for."""
    return scan(text, first_line, None, locale, with_prose=True)
