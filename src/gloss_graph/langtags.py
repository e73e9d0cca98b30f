"""Language tags: the one rule for what a locale may be, wherever one is read.

A locale comes from a folder name (``files/pt-br``), from ``--locale`` or
from a SOURCE given as ``folder=locale``, and ends up in RDF language tags,
URLs and file names. Every one of those places checks it here, with the same
rule the Turtle writer (pyoxigraph) applies: a *well-formed* tag by RFC 5646
section 2.1 (the ABNF, including the irregular and regular grandfathered
tags). So a tag this module accepts can always be written, and a tag it
refuses is refused before anything is read, with a one-line error.

Well-formed is not the same as registered: ``qq-Zzzz`` passes, as it should
for a private glossary; ``gg-site-edit`` (two scripts) and ``en_US!!`` do not.

``canonical`` writes a tag in the case RFC 5646 recommends (section 2.1.1):
language lower case, script title case, region upper case, everything after
a singleton lower case. MDN names its folders in lower case (``en-us``,
``zh-cn``) and its URLs in this form (``en-US``, ``zh-CN``).
"""
from __future__ import annotations

import functools
import re

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    rf"(?P<variants>(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*)"
    rf"(?P<extensions>(?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*)"
    rf"(?P<private>-x(?:-{_ALNUM}{{1,8}})+)?"
)
_PRIVATE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|"
    "i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|"  # irregular
    "art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"  # regular
)
_WELL_FORMED = re.compile(rf"(?:{_LANGTAG}|{_PRIVATE}|{_GRANDFATHERED})", re.ASCII)
MAX_LENGTH = 64  # no well-formed tag a glossary uses comes near this


class BadLanguageTag(ValueError):
    """Not a well-formed language tag; the message says why in a few words."""


def is_well_formed(tag: str) -> bool:
    return isinstance(tag, str) and len(tag) <= MAX_LENGTH and _WELL_FORMED.fullmatch(tag.lower()) is not None


def check(tag: str) -> str:
    """``tag`` in canonical case, or ``BadLanguageTag``."""
    if not is_well_formed(tag):
        raise BadLanguageTag(f"{tag!r} is not a language tag (RFC 5646), e.g. en-US, fr, pt-BR, zh-CN")
    return canonical(tag)


@functools.lru_cache(maxsize=4096)  # a build asks for the same few tags thousands of times
def canonical(tag: str) -> str:
    """The case RFC 5646 recommends: ``en-us`` -> ``en-US``, ``sr-latn-rs``
    -> ``sr-Latn-RS``, ``de-ch-1901-u-co-phonebk`` keeps the extension lower."""
    lower = tag.lower()
    match = _WELL_FORMED.fullmatch(lower)
    if match is None or match.group("language") is None:
        return lower  # private use and grandfathered tags: lower case
    parts = [match.group("language")]
    if match.group("script"):
        parts.append(match.group("script").title())
    if match.group("region"):
        parts.append(match.group("region").upper())
    rest = (match.group("variants") or "") + (match.group("extensions") or "") + (match.group("private") or "")
    return "-".join(parts) + rest


def folder_name(tag: str) -> str:
    """The folder MDN keeps a locale in: lower case."""
    return tag.lower()
