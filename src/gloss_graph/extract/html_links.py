"""HTML anchors: ``<a href="/en-US/docs/Glossary/Cookie">cookies</a>``, the
href in double, single or no quotes, among any other attributes."""
from ..model import LINK
from .entities import unescape
from .rule import Rule
from .text import plain

# Attribute runs stop at the next '<' as well as '>': a '<a' with no '>'
# after it must fail at once, not scan to the end of the text (which made
# a page of unclosed '<a href="' quadratic).
_ANCHOR = (
    r"<[aA](?:\s[^<>]*?)?\s[hH][rR][eE][fF][ \t]*=[ \t]*"
    r"""(?:"(?P<href_dq>[^"<>]*)"|'(?P<href_sq>[^'<>]*)'|(?P<href_uq>[^\s<>"']+))[^<>]*>"""
    r"(?:(?P<href_text>[\s\S]{0,2000}?)</[aA][ \t]*>)?"
)


def handle(match, scan) -> None:
    url = match.group("href_dq") or match.group("href_sq") or match.group("href_uq") or ""
    text = match.group("href_text") or ""
    if scan.wants(LINK, url):
        scan.add(LINK, unescape(url).strip(), plain(text), match.start())
    start, end = match.span("href_text")
    if start >= 0:
        scan.walk(start, end)


ANCHOR = Rule("anchor", _ANCHOR, handle)
