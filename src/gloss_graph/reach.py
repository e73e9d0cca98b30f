"""What a site page must hold to reference the glossary.

In site mode most pages (four in five on MDN) name no glossary term at all,
and reading them properly (decoding, YAML, scanning) would be most of the
build. So each page is judged from its raw bytes first: it may reference the
glossary when it holds the word "glossary" (every ``{{Glossary}}`` macro and
``/docs/Glossary/`` link does) or a link or xref macro to a slug that
``_redirects.txt`` sends into the glossary (``Web/API/DOMTimeStamp`` ->
``Glossary/Unix_time``). Only such pages are read whole; the others are
counted and nothing more.

The byte test may say yes wrongly (a page that mentions the word), never no
wrongly, except for a link to a redirected slug written relatively
(``../DOMTimeStamp``) or percent-encoded, which MDN's own pages do not do.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from .extract.macros import XREF_PATHS, XREF_SECTIONS
from .model import DISAMBIGUATION, GLOSSARY, LINK, XREF

GLOSSARY_PREFIX = "glossary/"
_MAX_HOPS = 20


@dataclass(frozen=True)
class Reach:
    """The lower-case slugs (no locale) outside the glossary that redirect
    into it, in any loaded locale's table."""

    slugs: frozenset[str] = frozenset()
    _links: re.Pattern | None = field(default=None, compare=False, repr=False)
    _xrefs: re.Pattern | None = field(default=None, compare=False, repr=False)
    _text: tuple[re.Pattern, ...] = field(default=(), compare=False, repr=False)  # the two above, for text

    @property
    def digest(self) -> str:
        """Changes exactly when the set changes: part of the cache key of pages."""
        return hashlib.blake2b("\n".join(sorted(self.slugs)).encode(), digest_size=8).hexdigest()

    def may_reference(self, data: bytes) -> bool:
        """Whether a page's bytes could hold a reference into the glossary."""
        low = data.lower()
        if b"glossary" in low:
            return True
        return bool(self._links and (self._links.search(low) or self._xrefs.search(low)))

    def through_redirect(self, low: str) -> bool:
        """Whether a page's lower-cased text may reach the glossary through a
        redirect (a link or xref macro to one of the slugs)."""
        # Two searches, each starting with a literal ("/docs/", "{{") that the
        # regex engine finds fast; one pattern of both would try every character.
        return any(pattern.search(low) for pattern in self._text)

    def may_keep(self, kind: str) -> bool:
        """Whether any reference of this kind could lead into the glossary."""
        return kind in (GLOSSARY, DISAMBIGUATION, LINK) or (kind == XREF and bool(self.slugs))

    def keeps(self, kind: str, target: str) -> bool:
        """Whether a reference found on a site page could lead into the glossary."""
        if kind in (GLOSSARY, DISAMBIGUATION):
            return True
        target = target.lower()
        if kind == XREF:
            return target.startswith(GLOSSARY_PREFIX) or target in self.slugs
        if kind == LINK:
            if "glossary" in target:
                return True
            slug = target.partition("/docs/")[2].split("#", 1)[0].split("?", 1)[0]
            slug = (unquote(slug) if "%" in slug else slug).strip("/")
            return bool(slug) and slug in self.slugs
        return False


def reach(redirects: dict[str, dict[str, str]]) -> Reach:
    """Every slug whose redirect chain (through any loaded table) ends in the
    glossary. Redirect keys are lower-case slugs; values slugs or URLs."""
    merged: dict[str, str] = {}
    for table in redirects.values():
        for key, value in table.items():
            merged.setdefault(key, value.lower())
    found = {key for key in merged if not key.startswith(GLOSSARY_PREFIX) and _ends_in_glossary(merged, key)}
    return _compiled(frozenset(found))


def _ends_in_glossary(table: dict[str, str], key: str) -> bool:
    seen = {key}
    for _ in range(_MAX_HOPS):
        key = table.get(key, "")
        if key.startswith(GLOSSARY_PREFIX):
            return True
        if not key or key in seen:
            return False
        seen.add(key)
    return False


def _compiled(slugs: frozenset[str]) -> Reach:
    if not slugs:
        return Reach(slugs)
    ordered = sorted(slugs, key=lambda s: (-len(s), s))  # longest first: no prefix shadows a longer slug
    links = r"/docs/(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w/-])"
    # An xref macro names the last part of a slug in its section
    # (domxref("DOMTimeStamp") -> Web/API/DOMTimeStamp): an argument that
    # ends in one of those names, possibly after a dot or slash, or before ().
    sections = tuple(s.lower() for s in XREF_SECTIONS)
    names = sorted({s.rsplit("/", 1)[-1] for s in slugs if s.startswith(sections)}, key=lambda s: (-len(s), s))
    xrefs = (r"\{\{\s*(?:" + "|".join(XREF_PATHS) + r")\s*\(\s*[\"'](?:[^\"'\n]*[./])?(?:"
             + "|".join(re.escape(n) for n in names) + r")(?:\(\))?[\"']") if names else r"(?!)"
    return Reach(slugs, re.compile(links.encode()), re.compile(xrefs.encode()), (re.compile(links), re.compile(xrefs)))
