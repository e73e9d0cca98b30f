"""Resolution, as MDN does it: join translations into concepts, then turn
each raw Reference into a Link to a concept, a missing term, an MDN page or
an external URL.

A glossary term becomes the slug ``Glossary/`` + the term with whitespace
collapsed to ``_``; slugs compare case-insensitively; a slug that has no
page follows the locale's ``_redirects.txt``, then en-US's, step by step; a
translated page whose target exists only in en-US falls back to en-US (as
MDN shows the English page), and the Link says so.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from .model import (
    DISAMBIGUATION, EXTERNAL, GLOSSARY, LINK, PAGE, SCHEME, TO_CONCEPT, TO_EXTERNAL,
    TO_MISSING, TO_PAGE, XREF, Concept, Entry, Link, Problem, Reference,
)
from .sources import bcp47

EN = "en-US"
MDN_HOSTS = {"developer.mozilla.org", "developer.mozilla.com", "developer-stage.mdn.mozit.cloud"}
# Files kept next to a page's index.md (images, media, fonts): a link to one
# is no reference, wherever it is. ".txt", ".json" and ".js" are not here
# because page slugs end so: Glossary/Robots.txt, .../manifest.json, Glossary/Node.js.
ATTACHMENT_EXTENSIONS = {
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".mp3", ".mp4", ".webm",
    ".ogg", ".ogv", ".pdf", ".zip", ".woff", ".woff2", ".ttf",
}
_SPACES = re.compile(r"\s+")
_DOCS = re.compile(r"^/(?:([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)/)?docs/(.+)$")
_MAX_HOPS = 20
# "/<locale>/docs/<slug>" with nothing to resolve: no query, fragment or escape.
_SIMPLE_DOCS = re.compile(r"/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)/docs/([^?#%\s\\]*)")
# "http(s)://host[:port]" then the path, query, fragment or the end, the host
# of plain letters, digits, dots and hyphens: what urlsplit would make of it
# is plain, so it is not asked (3,800 links a glossary).
_PLAIN_WEB = re.compile(r"https?://([A-Za-z0-9.-]+)(?::[0-9]*)?(?=[/?#]|\Z)", re.IGNORECASE)


def term_slug(term: str) -> str:
    """``{{Glossary("IP address")}}`` looks for ``Glossary/IP_address``.
    A ``#fragment`` in the term points into the entry's page (MDN's macro
    builds ``Glossary/Term#fragment``), so it is dropped like a link's.
    Empty segments are dropped too: ``{{Glossary("/Baseline/Typography")}}``
    means ``Glossary/Baseline/Typography``, as its German translation
    writes it; no MDN slug has an empty segment."""
    slug = _SPACES.sub("_", term.split("#", 1)[0].strip())
    if "/" in slug:
        slug = "/".join(part for part in slug.split("/") if part)
    return "Glossary/" + slug


@dataclass
class Documents:
    """The documents read, indexed the way resolution needs them."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)  # locale -> key -> entry
    pages: dict[str, Entry] = field(default_factory=dict)  # key -> page (en-US first)
    schemes: dict[str, Entry] = field(default_factory=dict)  # locale -> index page
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0


def index_documents(docs: list[Entry]) -> Documents:
    """Sort documents by kind. Two entries of one locale that declare the
    same slug: one is kept (see ``_keeps``), the other is an error naming
    both files, and is skipped."""
    out = Documents()
    for doc in docs:
        if doc.kind == SCHEME:
            out.schemes.setdefault(doc.locale, doc)
        elif doc.kind == PAGE:
            current = out.pages.get(doc.key)
            if current is None or (doc.locale == EN and current.locale != EN):
                out.pages[doc.key] = doc
        else:
            taken = out.entries.setdefault(doc.locale, {})
            kept, dropped = _keeps(taken[doc.key], doc) if doc.key in taken else (doc, None)
            taken[doc.key] = kept
            if dropped is not None:
                out.problems.append(Problem(
                    "error", dropped.file, 2,
                    f"slug {dropped.slug!r} is also declared by {kept.source}/{kept.file} in {doc.locale}, which is kept "
                    f"({_why_kept(kept, dropped)}); this entry is skipped", dropped.source))
                out.skipped += 1
    return out


def _keeps(first: Entry, second: Entry) -> tuple[Entry, Entry]:
    """(kept, dropped) of two entries with one slug. The one whose folder
    matches the slug wins: a copy elsewhere that claims the slug is the
    impostor, whichever folder sorts first. When both or neither match, the
    first met wins: SOURCEs in the order given, then folders in slug order."""
    if _at_home(second) and not _at_home(first):
        return second, first
    return first, second


def _at_home(entry: Entry) -> bool:
    return entry.folder_slug == entry.key


def _why_kept(kept: Entry, dropped: Entry) -> str:
    if _at_home(kept) and not _at_home(dropped):
        return "its folder matches the slug"
    return "both folders match the slug; the first SOURCE given wins" if _at_home(kept) else \
        "neither folder matches the slug; the first in folder order wins"


class Resolver:
    def __init__(self, docs: Documents, redirects: dict[str, dict[str, str]]):
        self.docs = docs
        self.redirects = redirects
        self.concept_of: dict[tuple[str, str], str] = {}
        self.concepts: dict[str, Concept] = {}
        self.children: dict[str, list[str]] = {}
        self.loaded_locales = set(docs.entries)
        self._renamed: dict[str, dict[str, list[str]]] = {}  # locale -> glossary key -> keys redirected to it

    # --- concepts -------------------------------------------------------
    def join_translations(self) -> dict[str, Concept]:
        """en-US entries first; each translation joins by slug, else by its
        legacy ``translation_of``, else through en-US redirects; one that
        finds no source becomes a concept of its own (an orphaned
        translation when en-US is loaded)."""
        english = self.docs.entries.get(EN, {})
        for key, entry in sorted(english.items()):
            self._attach(key, entry)
        for locale in sorted(self.docs.entries):
            if locale == EN:
                continue
            for key, entry in sorted(self.docs.entries[locale].items()):
                source = self._english_source(entry) if english else None
                concept_key = source if source and locale not in self.concepts[source].entries else key
                concept = self._attach(concept_key, entry)
                if source is None and english and len(concept.entries) == 1:
                    concept.orphaned_translation = True
        for key in self.concepts:
            parent = key.rsplit("/", 1)[0]
            if parent != key and parent in self.concepts:
                self.children.setdefault(parent, []).append(key)
        return dict(sorted(self.concepts.items()))

    def _attach(self, concept_key: str, entry: Entry) -> Concept:
        concept = self.concepts.get(concept_key)
        if concept is None:
            concept = self.concepts[concept_key] = Concept(key=concept_key, slug=entry.slug)
        concept.entries[entry.locale] = entry
        self.concept_of[(entry.locale, entry.key)] = concept_key
        return concept

    def _english_source(self, entry: Entry) -> str | None:
        english = self.docs.entries[EN]
        candidates = [entry.key]
        if entry.translation_of:
            candidates.append(entry.translation_of.strip("/").lower())
        for key in candidates:
            if key in english:
                return key
        for key in candidates:
            found = self._follow(key, [entry.locale, EN])
            if found in english:
                return found
        return next((key for key in self._renamed_to(entry.locale, entry.key) if key in english), None)

    def _renamed_to(self, locale: str, key: str) -> list[str]:
        """The glossary slugs that the locale's own ``_redirects.txt`` sends
        to ``key``: a translation moved to a slug of its own keeps the
        English one as its old address (de: ``Glossary/Stylesheet`` ->
        ``Glossary/Style_sheet``). Indexed on first use, glossary lines only."""
        index = self._renamed.get(locale)
        if index is None:
            index = self._renamed[locale] = {}
            table = self.redirects.get(locale, {})
            for old in [key for key in table if "glossary/" <= key < "glossary0"]:  # see replaced_terms
                if "://" not in table[old]:
                    index.setdefault(table[old].lower(), []).append(old)
            for olds in index.values():
                olds.sort()
        return index.get(key, [])

    def _follow(self, key: str, locales: list[str]) -> str:
        seen = {key}
        for _ in range(_MAX_HOPS):
            step = next((self.redirects[loc][key] for loc in locales if key in self.redirects.get(loc, {})), None)
            if step is None or "://" in step or step.lower() in seen:
                return key
            key = step.lower()
            seen.add(key)
        return key

    # --- targets --------------------------------------------------------
    def locate(self, locale: str, slug: str) -> tuple[str, str, str, bool]:
        """Where a slug leads from a page in ``locale``: (target kind,
        key or URL, display slug, fell back to en-US)."""
        if locale not in self.loaded_locales:
            locale = EN
        key, display = slug.lower(), slug
        seen = {key}
        for _ in range(_MAX_HOPS):
            if (locale, key) in self.concept_of:
                return TO_CONCEPT, self.concept_of[(locale, key)], display, False
            step = self.redirects.get(locale, {}).get(key)
            if step is None and (EN, key) in self.concept_of:
                return TO_CONCEPT, self.concept_of[(EN, key)], display, locale != EN
            if step is None:
                step = self.redirects.get(EN, {}).get(key)
            if step is None:
                break
            if "://" in step:
                return TO_EXTERNAL, step, step, False
            if step.lower() in seen:
                break
            key, display = step.lower(), step
            seen.add(key)
        if key.startswith("glossary/"):
            return TO_MISSING, key, display, False
        return TO_PAGE, key, display, False

    def resolve(self, doc: Entry, source_key: str) -> list[Link]:
        links = []
        for ref in doc.references:
            for kind, target, display, fallback, text in self._targets(doc, ref):
                links.append(Link(source_key, doc.kind, doc.locale, doc.file, ref.line, ref.column,
                                  ref.kind, text, kind, target, display, fallback))
        return links

    def _targets(self, doc: Entry, ref: Reference):
        if ref.kind == GLOSSARY:
            yield (*self.locate(doc.locale, term_slug(ref.target)), ref.text)
        elif ref.kind == DISAMBIGUATION:
            for child in self.children.get(self.concept_of.get((doc.locale, doc.key), ""), ()):
                title = self.concepts[child].entries.get(doc.locale) or next(iter(self.concepts[child].entries.values()))
                yield TO_CONCEPT, child, self.concepts[child].slug, False, title.title
        elif ref.kind == XREF:
            yield (*self.locate(doc.locale, ref.target), ref.text)
        elif ref.kind == EXTERNAL:
            yield TO_EXTERNAL, ref.target, ref.target, False, ref.text
        elif ref.kind == LINK:
            where = classify_url(ref.target, doc.locale, doc.slug)
            if where is None:
                return
            if where[0] == TO_EXTERNAL:
                yield TO_EXTERNAL, where[1], where[1], False, ref.text
            else:
                yield (*self.locate(where[0], where[1]), ref.text)


def classify_url(url: str, locale: str, doc_slug: str) -> tuple[str, str] | None:
    """A link's URL -> (locale, MDN slug) for MDN docs pages, (TO_EXTERNAL,
    URL) for the web, None for what is not a reference (fragments on the same
    page, attachments and images, mailto:, javascript: and other schemes)."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    simple = _SIMPLE_DOCS.fullmatch(url)
    if simple and "/." not in url and "//" not in url:  # most links: nothing to join, decode or normalise
        return _docs(bcp47(simple.group(1)), simple.group(2).strip("/"))
    lower = url.lower()
    if lower.startswith("//"):
        url, lower = "https:" + url, "https:" + lower
    if lower.startswith(("http://", "https://")):
        if web_host(url) not in MDN_HOSTS:
            return TO_EXTERNAL, url.split("#", 1)[0]
        path = urlsplit(url).path
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return None  # mailto:, javascript:, data:, ...
    else:
        path = urlsplit(urljoin(f"/{locale}/docs/{doc_slug}", url)).path
    match = _DOCS.match(posixpath.normpath(unquote(path)) if path else "")
    if not match:
        return (TO_EXTERNAL, "https://developer.mozilla.org" + path) if path.startswith("/") else None
    return _docs(bcp47(match.group(1)) if match.group(1) else locale, match.group(2).strip("/"))


def web_host(url: str) -> str:
    """The lower-case host of a web address, as ``urlsplit(url).hostname``
    gives it ("" for none)."""
    plain = _PLAIN_WEB.match(url)
    if plain is not None:
        return plain.group(1).lower()
    return urlsplit(url).hostname or ""


def _docs(locale: str, slug: str) -> tuple[str, str] | None:
    """(locale, slug) of a docs page; None for a file kept beside a page."""
    if "." in slug and posixpath.splitext(slug)[1].lower() in ATTACHMENT_EXTENSIONS:
        return None
    return locale, slug


def where(corpus, locale: str, slug: str) -> tuple[str, str, str, bool]:
    """Where ``slug`` leads from a page in ``locale`` of a loaded corpus:
    (target kind, key or URL, display slug, fell back to en-US)."""
    return resolver_for(corpus).locate(locale, slug)


def resolver_for(corpus) -> Resolver:
    """A Resolver over a loaded corpus, translations joined: ``locate``
    answers where a slug leads, as it did while the corpus was read."""
    entries: dict[str, dict[str, Entry]] = {}
    for concept in corpus.concepts.values():
        for loc, entry in concept.entries.items():
            entries.setdefault(loc, {})[entry.key] = entry
    resolver = Resolver(Documents(entries=entries, pages=corpus.pages, schemes=corpus.schemes), corpus.redirects)
    resolver.join_translations()
    return resolver


def resolve_all(docs: Documents, redirects: dict[str, dict[str, str]]) -> tuple[dict[str, Concept], list[Link]]:
    resolver = Resolver(docs, redirects)
    concepts = resolver.join_translations()
    links: list[Link] = []
    for concept in concepts.values():
        for entry in concept.entries.values():
            links.extend(resolver.resolve(entry, concept.key))
    for key, page in sorted(docs.pages.items()):
        links.extend(resolver.resolve(page, key))
    return concepts, links




def replaced_terms(concepts: dict[str, Concept], redirects: dict[str, dict[str, str]]) -> dict[str, tuple[str, str, str]]:
    """Glossary slugs that are no concept but lead to something that is, or
    to a page outside the glossary: old key -> (TO_CONCEPT, concept key, "")
    or (TO_PAGE, locale, display slug) or (TO_EXTERNAL, URL, "").

    Two sources: every redirect whose FROM is a glossary slug (en-US's
    table first, then each other locale's: the first to name a slug wins),
    followed as ``locate`` follows it, and every translation filed under a
    slug of its own that joined a concept of another slug. A redirect that
    ends at no entry (a missing term) replaces nothing."""
    resolver = Resolver(Documents(), redirects)
    for key, concept in concepts.items():
        for locale, entry in concept.entries.items():
            resolver.concept_of[(locale, entry.key)] = key
            resolver.loaded_locales.add(locale)
    found: dict[str, tuple[str, str, str]] = {}
    for key, concept in concepts.items():
        for entry in concept.entries.values():
            if entry.key != key and entry.key not in concepts:
                found.setdefault(entry.key, (TO_CONCEPT, key, ""))
    for locale in sorted(redirects, key=lambda loc: (loc != EN, loc)):
        # Compared, not startswith(): twice as fast over 17,000 keys a table.
        for old in [key for key in redirects[locale] if "glossary/" <= key < "glossary0"]:
            if old in concepts or old in found:
                continue
            kind, target, display, _ = resolver.locate(locale, old)
            if kind == TO_CONCEPT:
                found[old] = (TO_CONCEPT, target, "")
            elif kind == TO_PAGE:
                found[old] = (TO_PAGE, locale if locale in resolver.loaded_locales else EN, display)
            elif kind == TO_EXTERNAL:
                found[old] = (TO_EXTERNAL, target, "")
    return dict(sorted(found.items()))
