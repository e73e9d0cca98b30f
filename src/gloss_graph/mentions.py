"""Unlinked mentions: places whose prose names a term without linking to it.

An orphan report says what is wrong; this says where to fix it. For each
concept, the first place in each other document of the same locale whose
running text (``Entry.prose``: no code, links, macros, headings, comments)
names it, when that document does not reference the concept at all.

A concept's names in a locale: its title and short title there, the title
without a parenthesised qualifier ("Alpha (alpha channel)" -> "Alpha"), and
the texts other documents of that locale already link to it with
(``{{Glossary("Method", "methods")}}`` teaches "methods"). A name that
belongs to two concepts names neither; a disambiguation page (a concept
whose entry lists its senses) is never named by its bare title.

Matching is on whole words (letters, digits, ``_`` and ``-`` make a word),
case-insensitive, except for a name written in capitals, which matches only
as written (``API``, not "api" in a sentence). All names of a locale are
found in one pass per document by an Aho-Corasick automaton (pyahocorasick:
a C implementation; a regular expression of a thousand alternatives took
100 ms to compile and run on one glossary).

Confidence: ``high`` for a concept's own title or short title that is not a
common word in this glossary; ``low`` for anything else (a title without its
qualifier, a link text, or a name found in more than one document in
twenty of the locale: "function", "object"). docs/fixing.md has the
measured precision of each.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .model import ENTRY, TO_CONCEPT, Corpus, Entry

HIGH, LOW = "high", "low"
TITLE, SHORT_TITLE, BARE_TITLE, LINK_TEXT = "title", "short title", "title without qualifier", "link text"
COMMON_SHARE = 0.05  # a name found in more documents than this share of a locale's is a common word
COMMON_AT_LEAST = 5  # ... and in at least this many
MAX_NAME_LENGTH = 60
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_WORD_MARKS = frozenset("_-")


@dataclass(frozen=True)
class Name:
    text: str  # as written
    target: str  # concept key
    kind: str  # TITLE, SHORT_TITLE, BARE_TITLE or LINK_TEXT


@dataclass
class Mention:
    """One place to add a link: the first mention of ``target`` in a document."""

    target: str  # concept key
    source: str  # the mentioning document's concept key
    locale: str
    root: str  # the SOURCE, as given
    file: str  # relative to it
    line: int
    column: int
    text: str  # as written there
    name: str  # the name it matched, and which kind of name
    name_kind: str
    confidence: str


def find_mentions(corpus: Corpus) -> list[Mention]:
    """Every unlinked mention in the glossary entries of ``corpus``, sorted."""
    found: list[Mention] = []
    documents = _documents_by_locale(corpus)
    for locale, names in names_by_locale(corpus).items():
        docs = documents.get(locale, [])
        if docs and names:
            found += _in_locale(corpus, locale, names, docs)
    return sorted(found, key=lambda m: (m.root, m.file, m.line, m.column, m.target))


def names_by_locale(corpus: Corpus) -> dict[str, dict[str, list[Name]]]:
    """locale -> lower-case name -> the one Name it stands for (names that
    stand for several concepts are left out)."""
    names: dict[str, dict[str, set[Name]]] = defaultdict(lambda: defaultdict(set))
    skip = _disambiguation_pages(corpus)
    for key, concept in corpus.concepts.items():
        if key in skip:
            continue
        for locale, entry in concept.entries.items():
            for text, kind in _own_names(entry):
                names[locale][text.lower()].add(Name(text, key, kind))
    for link in corpus.links:
        text = link.text.strip()
        if link.target_kind == TO_CONCEPT and link.target not in skip and 2 < len(text) <= MAX_NAME_LENGTH:
            names[link.locale][text.lower()].add(Name(text, link.target, LINK_TEXT))
    return {locale: _unambiguous(table) for locale, table in names.items()}


def _own_names(entry: Entry) -> list[tuple[str, str]]:
    found = [(entry.title, TITLE)]
    if entry.short_title:
        found.append((entry.short_title, SHORT_TITLE))
    bare = _QUALIFIER.sub("", entry.title)
    if bare and bare != entry.title:
        found.append((bare, BARE_TITLE))
    return [(text.strip(), kind) for text, kind in found if text.strip()]


def _unambiguous(table: dict[str, set[Name]]) -> dict[str, list[Name]]:
    """Names of exactly one concept, the concept's own kinds of name first."""
    order = {TITLE: 0, SHORT_TITLE: 1, BARE_TITLE: 2, LINK_TEXT: 3}
    kept = {}
    for lower, names in table.items():
        if len({n.target for n in names}) == 1:
            kept[lower] = sorted(names, key=lambda n: (order[n.kind], n.text))
    return kept


def _disambiguation_pages(corpus: Corpus) -> set[str]:
    """Concepts whose entry lists senses rather than defining a term."""
    return {key for key, concept in corpus.concepts.items()
            if any(e.page_type == "glossary-disambiguation" or any(r.kind == "disambiguation" for r in e.references)
                   for e in concept.entries.values())}


def _documents_by_locale(corpus: Corpus) -> dict[str, list[tuple[str, Entry]]]:
    docs: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    for key, concept in corpus.concepts.items():
        for locale, entry in concept.entries.items():
            if entry.kind == ENTRY and entry.prose:
                docs[locale].append((key, entry))
    return docs


def _in_locale(corpus: Corpus, locale: str, names: dict[str, list[Name]], docs) -> list[Mention]:
    import ahocorasick  # a C automaton: imported only where mentions are looked for

    automaton = ahocorasick.Automaton()
    for lower in names:
        automaton.add_word(lower, lower)
    automaton.make_automaton()
    referenced = _referenced(corpus, locale)
    hits: list[tuple[str, Entry, dict]] = []
    documents_with: dict[str, int] = defaultdict(int)  # lower-case name -> documents that hold it
    for key, entry in docs:
        first = _first_mentions(automaton, names, entry.prose)
        for lower in {lower for lower, _ in first.values()}:
            documents_with[lower] += 1
        hits.append((key, entry, first))
    common = max(COMMON_AT_LEAST, COMMON_SHARE * len(docs))
    found = []
    for key, entry, first in hits:
        for target, (lower, at) in first.items():
            if target == key or target in referenced.get(key, ()):
                continue
            name = names[lower][0]
            found.append(_mention(entry, key, target, name, at, documents_with[lower] > common))
    return found


def _first_mentions(automaton, names: dict[str, list[Name]], prose: str) -> dict[str, tuple[str, int]]:
    """target -> (lower-case name, offset) of its first whole-word mention."""
    low = prose.lower()
    if len(low) != len(prose):  # a character whose lower case is longer ("İ"): keep the offsets
        low = "".join(char.lower()[:1] for char in prose)
    first: dict[str, tuple[str, int]] = {}
    last = len(low) - 1
    for end, lower in automaton.iter_long(low):
        start = end - len(lower) + 1
        if (start and _in_word(low[start - 1])) or (end < last and _in_word(low[end + 1])):
            continue
        name = names[lower][0]
        if name.text.isupper() and prose[start:end + 1] != name.text:
            continue  # an acronym matches only as written
        first.setdefault(name.target, (lower, start))
    return first


def _in_word(char: str) -> bool:
    return char.isalnum() or char in _WORD_MARKS


def _referenced(corpus: Corpus, locale: str) -> dict[str, set[str]]:
    """document (concept key) -> the concepts it references, in ``locale``."""
    refs: dict[str, set[str]] = defaultdict(set)
    for link in corpus.links:
        if link.locale == locale and link.target_kind == TO_CONCEPT and link.source_kind == ENTRY:
            refs[link.source_key].add(link.target)
    return refs


def _mention(entry: Entry, key: str, target: str, name: Name, at: int, common: bool) -> Mention:
    line = entry.body_line + entry.prose.count("\n", 0, at)
    column = at - (entry.prose.rfind("\n", 0, at) + 1) + 1
    own = name.kind in (TITLE, SHORT_TITLE)
    return Mention(target, key, entry.locale, entry.source, entry.file, line, column,
                   entry.prose[at:at + len(name.text.lower())], name.text, name.kind,
                   HIGH if own and not common else LOW)
