"""Autolinks: ``<https://developer.mozilla.org/en-US/docs/Glossary/DNS>``."""
from ..model import LINK
from .rule import Rule

_AUTOLINK = r"<(?P<auto_url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>"


def handle(match, scan) -> None:
    url = match.group("auto_url")
    if url.lower().startswith(("http://", "https://")):
        scan.add(LINK, url, url, match.start())


AUTOLINK = Rule("autolink", _AUTOLINK, handle)
