"""Inline links ``[text](url "title")`` and images ``![alt](url)``.

The URL may hold balanced parentheses (``/Glossary/Round_Trip_Time_(RTT)``)
or be written in angle brackets. Images are not references, but their alt
text, like any link text, is scanned for macros.
"""
from ..model import LINK
from .rule import Rule
from .text import destination, plain

# Link text: anything but brackets, or one level of nested brackets; not
# across a blank line.
TEXT = r"(?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n)|\[(?:[^\[\]\\\n]|\\.)*\])*"
_DEST = r"<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*"
_TITLE = r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"""
_INLINE = rf"(?P<link_bang>!?)\[(?P<link_text>{TEXT})\]\(\s*(?P<link_dest>{_DEST}){_TITLE}\s*\)"


def handle(match, scan) -> None:
    start, end = match.span("link_text")
    if not match.group("link_bang") and scan.wants(LINK, match.group("link_dest")):
        scan.add(LINK, destination(match.group("link_dest")), plain(match.group("link_text")), match.start())
    scan.walk(start, end)  # macros inside the link text


INLINE = Rule("link", _INLINE, handle)
