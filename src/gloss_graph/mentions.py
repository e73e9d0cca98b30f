"""Unlinked mentions: places whose prose names a term without linking to it.

An orphan report says what is wrong; this says where to fix it. For each
concept, the first place in each other document of the same locale whose
running text (``Entry.prose``: no code, links, macros, headings, comments,
front matter) names it, when that document does not reference the concept.
Documents are the glossary entries, and on request the site's pages
(``build(..., page_mentions=True)``, which reads every page whole); from
pages only the high-confidence mentions and those of orphans are kept (MDN's
pages name terms without a link a hundred thousand times).

A concept's names in a locale: its title and short title there, the title
without a parenthesised qualifier ("Alpha (alpha channel)" -> "Alpha"), and
the texts documents of that locale already link to it with
(``{{Glossary("Method", "methods")}}`` teaches "methods"). A name that
belongs to two concepts names neither; a disambiguation page (a concept
whose entry lists its senses, like Block) is never named by its bare title.

Matching is on whole words (letters, digits, ``_`` and ``-`` make a word),
case-insensitive, except for a name written in capitals, which matches only
as written (``API``, not "api" in a sentence). All names of a locale are
found in one pass per document by an Aho-Corasick automaton (``Finder``).

Whole words only: a name joined to another word by ``/`` or ``.``
("TCP/IP", "Node.js"), or a placeholder in angle brackets (``<locale>``),
is not a mention of it.

Confidence comes from how the glossary itself links: a name is a good link
where writers usually link it (the "keyphraseness" of wikification: of the
documents that use the name for the concept, the share that link it). A
mention is ``high`` when

- at least ``KEYPHRASE_HIGH`` of the documents that use its name link it
  (and, for a link text, at least two: one writer's choice of words is no
  habit);
- it sits in the entry's first paragraph, where a glossary entry defines its
  term and where MDN writers link (later mentions were right far less often);
- it is running text: not in a list item (See also lists name things linked
  next to them), not in bold (a term being defined), not next to a
  capitalised word (part of a longer name, "Speculation Rules API"; not
  asked in German, which capitalises every noun), not right next to code or
  a link (``the `typeof` operator``), and not a word of the entry's own title.

Everything else is ``low``, with the first reason (``why_low``). On a
hand-labelled, held-out sample of MDN 2026 the high ones were right 59 times
in 62; docs/fixing.md has the measurements.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .model import ENTRY, PAGE, TO_CONCEPT, Corpus, Entry

HIGH, LOW = "high", "low"
TITLE, SHORT_TITLE, BARE_TITLE, LINK_TEXT = "title", "short title", "title without qualifier", "link text"
KEYPHRASE_HIGH = 0.4  # share of the documents using a name that link it, for high confidence
MAX_NAME_LENGTH = 60
# Languages that capitalise every noun: there a capitalised neighbour says
# nothing about a longer name.
NOUNS_CAPITALISED = frozenset({"de", "lb", "gsw"})
_NAME_ORDER = {TITLE: 0, SHORT_TITLE: 1, BARE_TITLE: 2, LINK_TEXT: 3}
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_WORD_BEFORE = re.compile(r"([\w-]+) $")
_WORD_AFTER = re.compile(r" ([\w-]+)")
_SENTENCE_ENDS = (".", "!", "?", ":", ";")
_PARAGRAPH_BREAK = re.compile(r"\S[ \t]*\n[ \t]*\n")  # in the prose: after text, a blank line
NEAR = 200  # characters either side of a mention looked at for bold, list markers, neighbouring words
_AFTER_BLANKED = re.compile(r" {3}\(?$")  # three spaces: something blanked (code, a link, a macro) ends here
_BEFORE_BLANKED = re.compile(r"\)? {3}")


@dataclass(frozen=True)
class Name:
    text: str  # as written where it comes from
    target: str  # concept key
    kind: str  # TITLE, SHORT_TITLE, BARE_TITLE or LINK_TEXT


@dataclass
class Mention:
    """One place to add a link: the first mention of ``target`` in a document."""

    target: str  # concept key
    source: str  # the mentioning document's key (a concept's, or a site page's)
    source_kind: str  # ENTRY or PAGE
    source_slug: str  # its slug as written
    locale: str
    root: str  # the SOURCE, as given
    file: str  # relative to it
    line: int
    column: int  # 1-based, in characters
    text: str  # the words as written there
    name: str  # the name they matched
    name_kind: str  # TITLE, SHORT_TITLE, BARE_TITLE or LINK_TEXT
    confidence: str  # HIGH or LOW
    linked_in: int  # documents of the locale that link the concept with this name
    mentioned_in: int  # documents that name it this way without a link
    why_low: str = ""  # for LOW: the first reason, for a person deciding


@dataclass
class _Hit:
    key: str
    entry: Entry
    target: str
    lower: str  # the name, lower case
    at: int  # offset in the prose


def find_mentions(corpus: Corpus, pages=()) -> list[Mention]:
    """Every unlinked mention in ``corpus``'s entries, and in ``pages`` (site
    pages with their prose: reading.read_pages_prose), sorted by place."""
    found: list[Mention] = []
    documents = _documents_by_locale(corpus, pages)
    for locale, names in names_by_locale(corpus).items():
        docs = documents.get(locale, [])
        if docs and names:
            found += _in_locale(corpus, locale, names, docs)
    return sorted(found, key=lambda m: (m.root, m.file, m.line, m.column, m.target))


def mentions_of(found, corpus: Corpus, workers: int | None = None, page_mentions: bool = False) -> list[Mention]:
    """``find_mentions`` for a build: with ``page_mentions``, the site pages
    of ``found`` (discovered SOURCEs) are read again whole, on every core."""
    pages = []
    if page_mentions:
        from .reading import read_pages_prose

        pages = read_pages_prose([(f, s.given) for s in found for f in s.files if f.kind == PAGE], workers)
    return find_mentions(corpus, pages)


def names_by_locale(corpus: Corpus) -> dict[str, dict[str, Name]]:
    """locale -> lower-case name -> the one Name it stands for (a name that
    stands for several concepts is left out)."""
    found: dict[str, dict[str, Name]] = defaultdict(dict)
    shared: dict[str, set[str]] = defaultdict(set)  # locale -> names of two concepts or more
    skip = _disambiguation_pages(corpus)

    def add(locale: str, text: str, target: str, kind: str) -> None:
        lower = text.lower()
        table = found[locale]
        have = table.get(lower)
        if have is None:
            table[lower] = Name(text, target, kind)
        elif have.target != target:
            shared[locale].add(lower)
        elif _NAME_ORDER[kind] < _NAME_ORDER[have.kind]:
            table[lower] = Name(text, target, kind)

    for key, concept in corpus.concepts.items():
        if key in skip:
            continue
        for locale, entry in concept.entries.items():
            for text, kind in _own_names(entry):
                add(locale, text, key, kind)
    for link in corpus.links:
        if link.target_kind == TO_CONCEPT and link.target not in skip:
            text = link.text.strip()
            if 2 < len(text) <= MAX_NAME_LENGTH:
                add(link.locale, text, link.target, LINK_TEXT)
    return {locale: {lower: name for lower, name in table.items() if lower not in shared[locale]}
            for locale, table in found.items()}


def _own_names(entry: Entry) -> list[tuple[str, str]]:
    found = [(entry.title, TITLE)]
    if entry.short_title:
        found.append((entry.short_title, SHORT_TITLE))
    bare = _QUALIFIER.sub("", entry.title)
    if bare and bare != entry.title:
        found.append((bare, BARE_TITLE))
    return [(text.strip(), kind) for text, kind in found if text.strip()]


def _disambiguation_pages(corpus: Corpus) -> set[str]:
    """Concepts whose entry lists senses rather than defining a term."""
    return {key for key, concept in corpus.concepts.items()
            if any(e.page_type == "glossary-disambiguation" or any(r.kind == "disambiguation" for r in e.references)
                   for e in concept.entries.values())}


def _documents_by_locale(corpus: Corpus, pages) -> dict[str, list[tuple[str, Entry]]]:
    docs: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    for key, concept in corpus.concepts.items():
        for locale, entry in concept.entries.items():
            if entry.kind == ENTRY and entry.prose:
                docs[locale].append((key, entry))
    for page in pages:
        if page.prose:
            docs[page.locale].append((page.key, page))
    return docs


def _in_locale(corpus: Corpus, locale: str, names: dict[str, Name], docs) -> list[Mention]:
    finder = Finder(names)
    referenced, anchors = _links_of(corpus, locale)
    hits: list[_Hit] = []
    for key, entry in docs:
        mine = referenced.get(key, ())
        for target, (lower, at) in finder.first_mentions(entry.prose).items():
            if target != key and target not in mine:
                hits.append(_Hit(key, entry, target, lower, at))
    # The evidence for a name is counted among documents of the mention's
    # own kind: entries link differently from reference pages.
    unlinked: dict[tuple[str, str, str], int] = defaultdict(int)  # (kind, target, name) -> documents naming it
    for hit in hits:
        unlinked[(hit.entry.kind, hit.target, hit.lower)] += 1
    found = []
    orphans = _orphans(corpus) if any(hit.entry.kind == PAGE for hit in hits) else set()
    known_lines: dict[str, _Lines] = {}  # document key -> its lines
    for hit in hits:
        kind = hit.entry.kind
        linked_in = len(anchors.get((kind, hit.target, hit.lower), ()))
        mentioned_in = unlinked[(kind, hit.target, hit.lower)]
        # Pages name terms by the hundred thousand: only the sure ones, and
        # the orphans' (a link from a page would be their first), are kept.
        if kind == PAGE and hit.target not in orphans and linked_in < KEYPHRASE_HIGH * (linked_in + mentioned_in):
            continue
        lines = known_lines.get(hit.key)
        if lines is None:
            lines = known_lines[hit.key] = _Lines(hit.entry.prose)
        mention = _mention(hit, names[hit.lower], linked_in, mentioned_in, lines)
        if kind != PAGE or mention.confidence == HIGH or hit.target in orphans:
            found.append(mention)
    return found


def _links_of(corpus: Corpus, locale: str):
    """(document key -> the concepts it references, (document kind, concept,
    lower-case link text) -> the documents that link it with that text), in
    ``locale``."""
    referenced: dict[str, set[str]] = defaultdict(set)
    anchors: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in corpus.links:
        if link.locale == locale and link.target_kind == TO_CONCEPT and link.source_kind in (ENTRY, PAGE):
            referenced[link.source_key].add(link.target)
            if link.source_key != link.target:
                anchors[(link.source_kind, link.target, link.text.strip().lower())].add(link.source_key)
    return referenced, anchors


def _orphans(corpus: Corpus) -> set[str]:
    """Concepts no other document references, in any locale."""
    referenced = {link.target for link in corpus.links
                  if link.target_kind == TO_CONCEPT and link.source_key != link.target}
    return set(corpus.concepts) - referenced


class _Lines:
    """Where a document's mentions are, line by line, counted on from the
    last one (its mentions come in order), and where its first paragraph
    ends, found once: each mention then costs the same however long the
    document (a megabyte naming a thousand terms was scanned a thousand
    times)."""

    def __init__(self, prose: str):
        self.prose = prose
        self.at = self.number = self.start = 0  # the last offset asked, its line number and line start
        self.end = -1  # that line's end, once looked for
        self._first_paragraph_end: int | None = None

    def line(self, at: int) -> tuple[int, int, int]:
        """(0-based line number, start, end) of the line holding ``at``."""
        prose = self.prose
        if at < self.at:  # out of order: count again from the start
            self.at = self.number = self.start = 0
            self.end = -1
        breaks = prose.count("\n", self.at, at)
        if breaks:
            self.number += breaks
            self.start = prose.rfind("\n", self.at, at) + 1
            self.end = -1
        self.at = at
        if self.end < at:
            found = prose.find("\n", at)
            self.end = found if found >= 0 else len(prose)
        return self.number, self.start, self.end

    @property
    def first_paragraph_end(self) -> int:
        if self._first_paragraph_end is None:
            paragraph = _PARAGRAPH_BREAK.search(self.prose)
            self._first_paragraph_end = paragraph.start() + 1 if paragraph else len(self.prose) + 1
        return self._first_paragraph_end


def _mention(hit: _Hit, name: Name, linked_in: int, mentioned_in: int, lines: _Lines) -> Mention:
    entry, at = hit.entry, hit.at
    prose = entry.prose
    number, line_start, line_end = lines.line(at)
    text = prose[at:at + len(hit.lower)]
    why_low = _why_low(entry, prose, lines, line_start, line_end, at, text, name.kind, linked_in, mentioned_in)
    return Mention(hit.target, hit.key, entry.kind, entry.slug, entry.locale, entry.source, entry.file,
                   entry.body_line + number, at - line_start + 1, text, name.text, name.kind,
                   LOW if why_low else HIGH, linked_in, mentioned_in, why_low)


def _why_low(entry: Entry, prose: str, lines: _Lines, line_start: int, line_end: int, at: int, text: str,
             name_kind: str, linked_in: int, mentioned_in: int) -> str:
    """Why a mention is not a sure link, or "" when it is. The words around
    it are looked at within ``NEAR`` characters on its line."""
    if linked_in < KEYPHRASE_HIGH * (linked_in + mentioned_in):
        return f"rarely linked: {linked_in} of {linked_in + mentioned_in} documents that use the name link it"
    if linked_in < 2 and name_kind == LINK_TEXT:
        return "one document's link text: one writer's choice of words"
    if at > lines.first_paragraph_end:
        return "after the first paragraph"
    if _LIST_ITEM.match(prose, line_start, min(at, line_start + NEAR)):
        return "in a list item"
    stop = at + len(text)
    before = prose[max(line_start, at - NEAR):at]
    after = prose[stop:min(line_end, stop + NEAR)]
    if _in_bold(before, after):
        return "in bold: a term being defined"
    if entry.locale.split("-")[0].lower() not in NOUNS_CAPITALISED and _next_to_a_name(before, after):
        return "next to a capitalised word: part of a longer name"
    if (_AFTER_BLANKED.search(before) and before.strip()) or _BEFORE_BLANKED.match(after):
        return "next to code or a link: says what kind of thing that is"
    if text.lower() in entry.title.lower():
        return "part of this entry's own title"
    return ""


def _in_bold(before: str, after: str) -> bool:
    for mark in ("**", "__"):
        if before.count(mark) % 2 == 1 and mark in after:
            return True
    return False


def _next_to_a_name(before: str, after: str) -> bool:
    """Whether the word right before (unless it starts a sentence) or right
    after the mention is capitalised."""
    previous = _WORD_BEFORE.search(before)
    if previous and previous.group(1)[:1].isupper():
        head = before[:previous.start()]
        if head.strip() and not _LIST_ITEM.fullmatch(head) and not head.rstrip().endswith(_SENTENCE_ENDS):
            return True
    following = _WORD_AFTER.match(after)
    return bool(following and following.group(1)[:1].isupper())


class Finder:
    """Every name of a locale, found in a text in one pass.

    An Aho-Corasick automaton over UTF-8 bytes (ahocorasick_rs: Rust's
    aho-corasick crate). A regular expression of a thousand alternatives took
    100 ms to compile and run on one glossary; pyahocorasick, which walks
    Python strings, twice as long as this.
    """

    def __init__(self, names: dict[str, Name]):
        import ahocorasick_rs  # imported only where mentions are looked for

        lowers = list(names)
        # What a hit needs, in one tuple: (lower-case name, length, target,
        # the name as written when it is an acronym, which must match as written).
        self.info = [(lower, len(lower), names[lower].target,
                      names[lower].text if names[lower].text.isupper() else None) for lower in lowers]
        self.automaton = ahocorasick_rs.BytesAhoCorasick(
            [lower.encode("utf-8", "surrogatepass") for lower in lowers],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA)  # the quickest to build for a thousand names

    def first_mentions(self, prose: str) -> dict[str, tuple[str, int]]:
        """target -> (lower-case name, offset in ``prose``) of its first
        whole-word mention."""
        low = prose.lower()
        if len(low) != len(prose):  # a character whose lower case is longer ("İ"): keep the offsets
            low = "".join(char.lower()[:1] for char in prose)
        data = low.encode("utf-8", "surrogatepass")
        ascii_only = len(data) == len(low)
        info = self.info
        first: dict[str, tuple[str, int]] = {}
        size = len(low)
        byte_at = char_at = 0  # the last byte offset turned into a character offset
        for index, start, _ in self.automaton.find_matches_as_indexes(data):
            lower, length, target, acronym = info[index]
            if target in first:  # most hits repeat a name already placed: cheapest test first
                continue
            if not ascii_only:  # hits come in order: decode only what lies since the last one
                char_at += len(data[byte_at:start].decode("utf-8", "surrogatepass"))
                byte_at, start = start, char_at
            end = start + length
            if start and ((c := low[start - 1]).isalnum() or c == "_" or c == "-" or c == "<"
                          or (c in "/." and start > 1 and low[start - 2].isalnum())):
                continue  # inside a word, joined to one ("TCP/IP", "Node.js"), or a placeholder ("<locale>")
            if end < size and ((c := low[end]).isalnum() or c == "_" or c == "-" or c == ">"
                               or (c in "/." and end + 1 < size and low[end + 1].isalnum())):
                continue
            if acronym is not None and prose[start:end] != acronym:
                continue  # an acronym matches only as written
            first[target] = (lower, start)
        return first
