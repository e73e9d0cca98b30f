"""Autolinks: ``<https://developer.mozilla.org/en-US/docs/Glossary/DNS>``.

Only http(s) autolinks are kept: ``<mailto:...>`` and other schemes can
never reference a page (a deliberate difference from CommonMark, which
links them all; see tests/test_extract_vs_markdown_it.py)."""
from ..model import LINK
from .rule import Rule

_AUTOLINK = r"<(?P<auto_url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>"


def handle(match, scan) -> None:
    url = match.group("auto_url")
    if url.lower().startswith(("http://", "https://")):
        scan.add(LINK, url, url, match.start())


AUTOLINK = Rule("autolink", _AUTOLINK, handle)
