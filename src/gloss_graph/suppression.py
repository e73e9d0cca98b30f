"""Findings an entry's own front matter suppresses.

An entry meant to stand alone says so where it is written::

    ---
    title: Minitel
    slug: Glossary/Minitel
    gloss-graph:
      ignore: [orphans]
    ---

``entries.make_entry`` reads the list into ``Entry.ignore`` (kinds as
``findings.KINDS`` names them, singular accepted; unknown ones are a
warning on the file). ``apply(sections, corpus)`` then drops, from the
report's sections, every item of those kinds located in that file: the
report, report.md, ``check`` and ``diff`` all leave it out, and the
report's summary counts what was suppressed. A finding is suppressed by
the file it is located in: an orphan or a missing translation by the
en-US entry (else the first locale's), a broken reference by the file
that holds it.
"""
from __future__ import annotations

from .model import Corpus

# Report section -> the kind of finding its items are.
SECTIONS = {
    "orphans": "orphans",
    "dead_ends": "dead-ends",
    "broken_references": "broken-references",
    "untranslated_targets": "untranslated",
    "orphaned_translations": "orphaned-translations",
    "encoding_flaws": "encoding",
    "warnings": "warnings",
    "stale_translations": "stale-translation",
    "unlinked_mentions": "unlinked-mention",
}


def ignored(corpus: Corpus) -> dict[tuple[str, str], frozenset]:
    """(root, file) -> the kinds that file's front matter suppresses."""
    docs = [e for c in corpus.concepts.values() for e in c.entries.values()]
    docs += list(corpus.schemes.values()) + list(corpus.pages.values())
    return {(d.source, d.file): frozenset(d.ignore) for d in docs if d.ignore}


def apply(sections: dict, corpus: Corpus) -> int:
    """Drop the suppressed items from ``sections`` (in place); how many."""
    by_file = ignored(corpus)
    if not by_file:
        return 0
    dropped = 0
    for name, kind in SECTIONS.items():
        if sections.get(name) is None:  # not looked for (mentions in check) or not determined (staleness)
            continue
        kept = [i for i in sections[name] if kind not in by_file.get((i.get("root", ""), i["file"]), ())]
        dropped += len(sections[name]) - len(kept)
        sections[name] = kept
    english = {c["slug"]: (c["root"], c["file"]) for c in sections["concepts"]}
    for loc, slugs in sections["untranslated"].items():
        kept = [s for s in slugs if "untranslated" not in by_file.get(english.get(s, ("", "")), ())]
        dropped += len(slugs) - len(kept)
        sections["untranslated"][loc] = kept
    return dropped
