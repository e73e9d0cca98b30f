"""The plain dataclasses passed between pipeline stages.

Data flows one way::

    sources.discover -> SourceFile
    entries.read_entry -> Entry (front matter, summary, raw references)
    resolve.resolve -> Link (each raw reference resolved, as MDN would)
    corpus.load -> Corpus (everything above, plus problems)
    graph.build_graph -> networkx.MultiDiGraph (see docs/architecture.md)
    exporters: turtle, html, report

Nothing here knows how it is computed; the modules named above do.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of documents a source file can hold.
ENTRY = "entry"  # a glossary entry: files/<locale>/glossary/<slug>/index.md
SCHEME = "scheme"  # the glossary's own index page: files/<locale>/glossary/index.md
PAGE = "page"  # any other MDN page (site mode)


@dataclass(frozen=True)
class SourceFile:
    """One ``index.md`` found under a SOURCE, before it is read."""

    path: str  # absolute path on disk
    rel: str  # path relative to the SOURCE it came from, '/'-separated
    locale: str  # BCP 47: en-US, fr, zh-CN
    folder_slug: str  # slug implied by the folder, lower case: "glossary/boolean/html"
    kind: str  # ENTRY, SCHEME or PAGE
    link: bool = False  # a symbolic link (checked to stay inside its SOURCE); others are opened without following one


# Kinds of raw references found in markdown.
GLOSSARY = "glossary"  # {{Glossary("term", "text")}}
LINK = "link"  # a markdown/HTML/autolink whose URL is still to be classified
DISAMBIGUATION = "disambiguation"  # {{GlossaryDisambiguation}}: references the children
XREF = "xref"  # {{domxref(...)}} and friends: target is already an MDN slug
EXTERNAL = "external"  # an absolute http(s) URL known from a macro (Interwiki, RFC)


# Reference and Link are made by the ten thousand per build: slotted, not
# frozen (a frozen dataclass's __init__ costs five times as much). Nothing
# changes them after they are made.
@dataclass(slots=True)
class Reference:
    """A reference as written in one file, before resolution.

    ``target`` is the glossary term for GLOSSARY, the URL for LINK and EXTERNAL,
    the MDN slug (no locale) for XREF, and empty for DISAMBIGUATION.
    ``line`` and ``column`` are 1-based, at the macro's ``{{`` or the link's
    ``[``, ``<`` or ``<a``.
    """

    kind: str
    target: str
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file. ``severity`` is "error" when the
    file could not be read as an entry at all, "warning" when it was read
    but something had to be recovered or ignored."""

    severity: str
    file: str  # relative to its SOURCE
    line: int | None
    reason: str
    source: str = ""  # the SOURCE root the file came from, as given


@dataclass
class Entry:
    """One markdown document, read: front matter of either generation plus
    what the body holds. Pages (site mode) use the same shape."""

    file: str  # relative to its SOURCE
    source: str  # the SOURCE root, as given by the user
    locale: str
    kind: str  # ENTRY, SCHEME or PAGE
    slug: str  # as written in front matter (or derived from the folder)
    title: str
    tags: tuple[str, ...] = ()
    summary: str = ""  # plain text of the first paragraph
    # old front-matter generation
    translation_of: str | None = None
    original_slug: str | None = None
    # current generation
    page_type: str | None = None
    short_title: str | None = None
    status: tuple[str, ...] = ()
    sidebar: str | None = None
    source_commit: str | None = None  # l10n.sourceCommit
    references: tuple[Reference, ...] = ()
    suspect_lines: tuple[tuple[int, str], ...] = ()  # (line, text) that may be mojibake: see summary.suspect_lines
    folder_slug: str = ""  # slug implied by its folder, lower case (see SourceFile)
    prose: str = ""  # glossary entries: the body's running text, the rest blanked (extract/prose.py)
    body_line: int = 1  # the file's line of the body's first line
    # kinds of finding suppressed in this file (front matter `gloss-graph: {ignore: [...]}`; suppression.py)
    ignore: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Slugs compare case-insensitively on MDN."""
        return self.slug.lower()


# What a resolved reference points at.
TO_CONCEPT = "concept"  # an existing glossary entry (in the same locale or en-US)
TO_MISSING = "missing"  # a glossary slug with no entry anywhere: broken
TO_PAGE = "page"  # an MDN page outside the glossary
TO_EXTERNAL = "external"  # an http(s) URL outside MDN


@dataclass(slots=True)
class Link:
    """One reference resolved. ``target`` is a concept key (lower-case slug
    of the concept, e.g. "glossary/api"), a lower-case MDN slug for pages
    and missing terms, or the URL for externals."""

    source_key: str  # concept key (entries) or page key (pages) of the referring document
    source_kind: str  # ENTRY, SCHEME or PAGE
    locale: str
    file: str
    line: int
    column: int
    via: str  # the Reference kind it came from
    text: str
    target_kind: str  # TO_CONCEPT, TO_MISSING, TO_PAGE, TO_EXTERNAL
    target: str
    looked_for: str  # the slug or URL where lookup ended (after redirects), in display case
    fallback: bool = False  # a translation's reference that fell back to en-US


@dataclass
class Concept:
    """A glossary term across locales: entries joined by slug."""

    key: str  # lower-case en-US slug ("glossary/api"), or the translation's own
    slug: str  # display case, en-US's where there is one
    entries: dict[str, Entry] = field(default_factory=dict)  # locale -> Entry
    orphaned_translation: bool = False  # no en-US source could be found


@dataclass
class Corpus:
    """Everything read from the SOURCEs, resolved. The input to every exporter."""

    sources: list[str]
    concepts: dict[str, Concept]  # key -> Concept, iteration sorted by key
    pages: dict[str, Entry]  # page key (lower-case slug) -> en-US (or first) page
    schemes: dict[str, Entry]  # locale -> glossary index page
    links: list[Link]
    problems: list[Problem]
    files_read: int = 0
    files_skipped: int = 0
    redirects: dict[str, dict[str, str]] = field(default_factory=dict)  # locale -> from key -> to
    other_pages: frozenset[str] = frozenset()  # keys of site pages counted but not read: they cannot reference the glossary
    notes: list[str] = field(default_factory=list)  # how options were applied, for the user

    @property
    def page_count(self) -> int:
        """Site pages, read or only counted."""
        return len(self.other_pages | self.pages.keys())

    @property
    def locales(self) -> list[str]:
        found = {loc for c in self.concepts.values() for loc in c.entries}
        return sorted(found, key=lambda loc: (loc != "en-US", loc))
