"""Inline links ``[text](url "title")`` and images ``![alt](url)``.

The URL may hold balanced parentheses (``/Glossary/Round_Trip_Time_(RTT)``)
or be written in angle brackets. Images are not references, but their alt
text, like any link text, is scanned for macros.

The URL is reported as written, whatever its scheme (``javascript:`` too);
resolve.classify_url decides what is a reference. Markdown inside an HTML
block (``<div>`` then ``[x](/y)`` before a blank line) is still read as a
link, though CommonMark leaves it raw: the author meant a link, and it does
not occur in the real glossaries.
"""
from ..model import LINK
from .rule import Rule
from .text import destination, plain

# Backticks in link text: a code span of one or two backticks may hold
# brackets (``[`a[0]`](/x)``, ``[`` $` ``](/x)``), which then do not close
# the text. Each alternative excludes the others (a run of backticks is never
# split, a span is taken exactly when it closes), so a failed match cannot
# backtrack through exponentially many readings.
_BODY1 = r"(?:[^`\n]|``+(?!`))*`(?!`)"  # after one backtick: the rest of the span
_BODY2 = r"(?:[^`\n]|`(?!`)|```+(?!`))*``(?!`)"  # after two
_CODE = rf"`(?!`)(?:{_BODY1}|(?!{_BODY1}))|``(?!`)(?:{_BODY2}|(?!{_BODY2}))|`{{3,}}(?!`)"
# Link text: anything but brackets, code spans, or one level of nested
# brackets; not across a blank line.
TEXT = rf"(?:[^\[\]\\\n`]|\\.|\n(?![ \t]*\n)|{_CODE}|\[(?:[^\[\]\\\n]|\\.)*\])*"
# A destination that starts with "<" is one in angle brackets or none.
_DEST = r"<[^<>\n]*>|(?!<)(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*"
_TITLE = r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"""
_INLINE = rf"(?P<link_bang>!?)\[(?P<link_text>{TEXT})\]\(\s*(?P<link_dest>{_DEST}){_TITLE}\s*\)"


def handle(match, scan) -> None:
    start, end = match.span("link_text")
    if not match.group("link_bang") and scan.wants(LINK, match.group("link_dest")):
        scan.add(LINK, destination(match.group("link_dest")), plain(match.group("link_text")), match.start())
    scan.walk(start, end)  # macros inside the link text


INLINE = Rule("link", _INLINE, handle)
