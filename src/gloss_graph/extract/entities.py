"""Character references (``&lt;``, ``&#x41;``), decoded the CommonMark way:
only those closed by ";". A URL's "&reg=1" is a query parameter, not
"\u00ae=1" as ``html.unescape`` alone would read it."""
import html
import re

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text
