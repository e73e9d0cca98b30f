"""Code and comments: matched so that what is inside them is skipped.

Fenced code (backticks or tildes, indented or not, an unclosed fence runs to
the end as CommonMark says), code spans of any backtick count (not across a
blank line), and HTML comments (an unclosed one runs to the end).

Simpler than CommonMark, on purpose: an unclosed ``<!--`` hides the rest of
the text even inside a paragraph (CommonMark does so only for a comment
that starts a line), and a fence inside a block quote (``> ```js``) is not
seen as a fence. Neither occurs in the real glossaries; the comparison with
markdown-it (tests/test_extract_vs_markdown_it.py) would show it if it did.
"""
from .rule import Rule, ignore

_FENCE = (
    r"^[ \t]*(?:"
    r"(?P<fence_bt>`{3,})[^`\n]*(?:\n|\Z)(?:[\s\S]*?^[ \t]*(?P=fence_bt)`*[ \t]*$|[\s\S]*)"
    r"|(?P<fence_tl>~{3,})[^\n]*(?:\n|\Z)(?:[\s\S]*?^[ \t]*(?P=fence_tl)~*[ \t]*$|[\s\S]*)"
    r")"
)
_COMMENT = r"<!--[\s\S]*?-->|(?:(?<![^\n])|(?<=^ )|(?<=^  )|(?<=^   ))<!--[\s\S]*"
# A code span ends at the next run of as many backticks, within its
# paragraph. It is also bounded in length: an unmatched run would otherwise
# rescan its whole paragraph, which a paragraph of many unmatched runs turns
# quadratic. No real code span comes near the bound.
_INLINE = r"(?<!`)(?P<code_ticks>`+)(?!`)(?:[^`\n]|`|\n(?![ \t]*\n)){0,5000}?(?<!`)(?P=code_ticks)(?!`)"

FENCE = Rule("fence", _FENCE, ignore)
COMMENT = Rule("comment", _COMMENT, ignore)
INLINE = Rule("code", _INLINE, ignore)
